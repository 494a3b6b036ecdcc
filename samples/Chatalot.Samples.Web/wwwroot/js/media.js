// Media glue for the Blazor app: local files chosen, dropped or pasted into the composer, thumbnails drawn on a canvas,
// blob URLs built from decrypted bytes, and saving a decrypted file. Bytes reach this file only after the SDK decrypted
// them (to show or save) or before it encrypts them (the user's own local file): nothing here talks to the network.
window.chatalotMedia = (function () {
    const thumbnailMaxBytes = 16 * 1024;      // ChatalotLimits.ThumbnailMaxBytes
    const files = new Map();                  // id -> File, for thumbnails of files the composer is uploading
    const builders = new Map();               // id -> { parts, pending, size }
    let nextId = 1;

    // ---- Files into the composer: the attach button (an <input type=file>), drag and drop, paste ----

    // Hands dropped or pasted files to the composer's hidden <input type=file> (Blazor's InputFile reads them from
    // there, streaming): `input.files` accepts a DataTransfer's FileList, and a 'change' event makes InputFile look.
    function deliver(input, fileList) {
        if (!fileList || fileList.length === 0) return false;
        const transfer = new DataTransfer();
        for (const file of fileList) transfer.items.add(file);
        input.files = transfer.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
        return true;
    }

    // Drop files anywhere on `zoneSelector` (the channel), paste them into the composer.
    function watchDrops(zoneSelector, inputSelector) {
        const zone = document.querySelector(zoneSelector);
        if (!zone || zone.dataset.dropWatched) return;
        zone.dataset.dropWatched = 'true';
        const hasFiles = e => e.dataTransfer && Array.from(e.dataTransfer.types || []).includes('Files');
        zone.addEventListener('dragover', e => {
            if (!hasFiles(e)) return;
            e.preventDefault();
            e.dataTransfer.dropEffect = 'copy';
            zone.classList.add('dropping');
        });
        zone.addEventListener('dragleave', e => { if (e.target === zone) zone.classList.remove('dropping'); });
        zone.addEventListener('drop', e => {
            zone.classList.remove('dropping');
            if (!hasFiles(e)) return;
            e.preventDefault();
            const input = document.querySelector(inputSelector);
            if (input) deliver(input, e.dataTransfer.files);
        });
        zone.addEventListener('paste', e => {
            const items = e.clipboardData ? Array.from(e.clipboardData.files || []) : [];
            if (items.length === 0) return;   // plain text pastes as usual
            e.preventDefault();
            const input = document.querySelector(inputSelector);
            if (input) deliver(input, items);
        });
    }

    // Keeps the File objects of the input's current selection for thumbnails; returns their ids, in order.
    function takeFiles(inputSelector) {
        const input = document.querySelector(inputSelector);
        if (!input || !input.files) return [];
        const ids = [];
        for (const file of input.files) {
            const id = 'f' + (nextId++);
            files.set(id, file);
            ids.push(id);
        }
        return ids;
    }

    function releaseFile(id) {
        files.delete(id);
        const state = loaded.get(id);
        if (state && state.reader) state.reader.cancel().catch(() => { });
        loaded.delete(id);
    }

    // The upload reads a kept file through [JSImport] (MediaBytes.cs), a MiB at a time: loadSlice reads the next slice
    // here, copySlice copies part of it into a .NET buffer (a memory view, valid only during the call), so no .NET
    // array is allocated per slice.
    const loaded = new Map();                 // file id -> { reader, next, buffer, length } of its sequential read
    async function loadSlice(id, offset, length) {
        const file = files.get(id);
        if (!file) return -1;
        let state = loaded.get(id);
        if (!state || state.next !== offset) {
            // A new read (or a retry from another offset): a BYOB reader over the rest of the file, which fills one
            // reused buffer instead of allocating an ArrayBuffer per slice (those count in the JS heap until collected).
            if (state && state.reader) state.reader.cancel().catch(() => { });
            let reader = null;
            try { reader = file.slice(offset).stream().getReader({ mode: 'byob' }); } catch (e) { reader = null; }
            state = { reader, next: offset, buffer: new ArrayBuffer(length), length: 0 };
            loaded.set(id, state);
        }
        if (!state.reader) {
            const bytes = new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
            state.buffer = bytes.buffer; state.length = bytes.length; state.next = offset + bytes.length;
            return bytes.length;
        }
        if (state.buffer.byteLength < length) state.buffer = new ArrayBuffer(length);
        let filled = 0;
        while (filled < length) {
            const { value, done } = await state.reader.read(new Uint8Array(state.buffer, filled, length - filled));
            if (value) { state.buffer = value.buffer; filled += value.byteLength; }
            if (done) break;
        }
        state.length = filled;
        state.next = offset + filled;
        return filled;
    }

    function copySlice(id, from, view) {
        const state = loaded.get(id);
        if (!state || from >= state.length) return 0;
        const count = Math.min(view.length, state.length - from);
        view.set(new Uint8Array(state.buffer, from, count));
        return count;
    }

    // The attach button opens the hidden input's file chooser.
    function pick(selector) {
        const input = document.querySelector(selector);
        if (input) input.click();
    }

    // ---- Thumbnails: ≤ 16 KiB WebP (JPEG where WebP encoding is missing), of an image or a video frame ----

    const withTimeout = (promise, ms) => Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);

    function canvasBlob(canvas, type, quality) {
        return new Promise(resolve => canvas.toBlob(resolve, type, quality));
    }

    // Draws `source` (an ImageBitmap or a <video>) scaled to fit `edge`, encoding at decreasing quality and size until
    // it fits the limit. Returns [base64, mediaType, width, height] of the thumbnail, or null.
    async function encode(source, sourceWidth, sourceHeight) {
        let edge = 320;
        for (let attempt = 0; attempt < 6; attempt++, edge = Math.floor(edge * 0.7)) {
            const scale = Math.min(1, edge / Math.max(sourceWidth, sourceHeight));
            const width = Math.max(1, Math.round(sourceWidth * scale)), height = Math.max(1, Math.round(sourceHeight * scale));
            const canvas = document.createElement('canvas');
            canvas.width = width;
            canvas.height = height;
            canvas.getContext('2d').drawImage(source, 0, 0, width, height);
            for (const quality of [0.8, 0.6, 0.4]) {
                let blob = await canvasBlob(canvas, 'image/webp', quality);
                if (!blob || blob.type !== 'image/webp') blob = await canvasBlob(canvas, 'image/jpeg', quality);
                if (blob && blob.size <= thumbnailMaxBytes) {
                    const bytes = new Uint8Array(await blob.arrayBuffer());
                    return [toBase64(bytes), blob.type, String(width), String(height)];
                }
            }
        }
        return null;
    }

    async function imageThumbnail(blob) {
        const bitmap = await createImageBitmap(blob);
        try {
            const thumb = await encode(bitmap, bitmap.width, bitmap.height);
            return { thumb, width: bitmap.width, height: bitmap.height, duration: null };
        } finally {
            bitmap.close();
        }
    }

    async function videoThumbnail(blob) {
        const url = URL.createObjectURL(blob);
        const video = document.createElement('video');
        video.muted = true;
        video.playsInline = true;
        video.preload = 'auto';
        try {
            await new Promise((resolve, reject) => {
                video.onloadeddata = resolve;
                video.onerror = () => reject(new Error('video'));
                video.src = url;
            });
            const duration = Number.isFinite(video.duration) ? Math.round(video.duration * 1000) : null;
            // A frame a little in: the very first one is often black.
            const target = Number.isFinite(video.duration) ? Math.min(0.5, video.duration / 3) : 0;
            if (target > 0) {
                await new Promise(resolve => { video.onseeked = resolve; video.currentTime = target; });
            }
            const thumb = video.videoWidth > 0 ? await encode(video, video.videoWidth, video.videoHeight) : null;
            return { thumb, width: video.videoWidth || null, height: video.videoHeight || null, duration };
        } finally {
            video.removeAttribute('src');
            video.load();
            URL.revokeObjectURL(url);
        }
    }

    // [thumbBase64, thumbType, thumbWidth, thumbHeight, width, height, durationMs] (empty strings for what is unknown).
    function describe(result) {
        const t = result.thumb || ['', '', '', ''];
        return [t[0], t[1], t[2], t[3], result.width ? String(result.width) : '', result.height ? String(result.height) : '',
            result.duration !== null && result.duration !== undefined ? String(result.duration) : ''];
    }

    // Thumbnail and measurements of a local file the composer is uploading (never fails: empty when it cannot tell).
    async function describeFile(id) {
        const file = files.get(id);
        if (!file) return null;
        try {
            if (file.type.startsWith('image/') && file.type !== 'image/svg+xml') return describe(await withTimeout(imageThumbnail(file), 8000));
            if (file.type.startsWith('video/')) return describe(await withTimeout(videoThumbnail(file), 8000));
        } catch (e) {
            // Not decodable here (an unknown codec, a broken file): sent without a thumbnail.
        }
        return null;
    }

    // The link preview's ThumbnailMaker and a GIF's thumbnail: an image the server relayed (already PNG/JPEG/GIF/WebP).
    async function describeBytes(bytes, mediaType) {
        try {
            return describe(await withTimeout(imageThumbnail(new Blob([bytes], { type: mediaType })), 8000));
        } catch (e) {
            return null;
        }
    }

    // ---- Decrypted bytes into blob URLs (shown) or a saved file; parts are folded into a Blob every few MiB so the
    // page's heap holds at most one such batch, whatever the file size ----

    function begin() {
        const id = 'b' + (nextId++);
        builders.set(id, { parts: [], pending: 0 });
        return id;
    }

    function append(id, bytes) {
        const builder = builders.get(id);
        if (!builder) return false;
        builder.parts.push(bytes);
        builder.pending += bytes.length;
        if (builder.pending >= 4 * 1024 * 1024) {
            builder.parts = [new Blob(builder.parts)];
            builder.pending = 0;
        }
        return true;
    }

    // append through [JSImport] (MediaBytes.Append): the view is .NET memory, valid only during the call, so it is copied.
    function appendView(id, view) { return append(id, view.slice()); }

    function abort(id) { builders.delete(id); }

    function finish(id, mediaType) {
        const builder = builders.get(id);
        builders.delete(id);
        if (!builder) return null;
        return URL.createObjectURL(new Blob(builder.parts, { type: mediaType }));
    }

    function revoke(url) { if (url) URL.revokeObjectURL(url); }

    // Saves the built file under its name (the browser's download), then lets the URL go.
    function save(id, name) {
        const url = finish(id, 'application/octet-stream');
        if (!url) return false;
        const a = document.createElement('a');
        a.href = url;
        a.download = name || 'download';
        a.rel = 'noopener';
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60000);
        return true;
    }

    // ---- Lightbox focus ----
    function focus(selector) {
        const element = document.querySelector(selector);
        if (element) element.focus();
    }

    const toBase64 = bytes => {
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
        return btoa(binary);
    };

    return { watchDrops, pick, takeFiles, loadSlice, copySlice, releaseFile, describeFile, describeBytes, begin, append, appendView, abort, finish, revoke, save, focus };
})();
