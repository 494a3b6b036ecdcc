// Browser glue for the Blazor app: IndexedDB (the encrypted key vault), theme attributes, keyboard shortcuts,
// scroll helpers. Everything secret that reaches this file is already ciphertext.
window.chatalot = (function () {
    // One database: 'vault' (the passphrase-sealed vault), 'records' (this device's key store, one sealed record
    // per key), 'messages' (the sealed local message archive, keyed channel/time/id with an index by message id).
    const dbName = 'chatalot', vaultStore = 'vault', recordStore = 'records', messageStore = 'messages';
    let dbPromise = null;

    function openDb() {
        if (dbPromise) return dbPromise;
        dbPromise = new Promise((resolve, reject) => {
            const request = indexedDB.open(dbName, 2);
            request.onupgradeneeded = () => {
                const db = request.result;
                if (!db.objectStoreNames.contains(vaultStore)) db.createObjectStore(vaultStore);
                if (!db.objectStoreNames.contains(recordStore)) db.createObjectStore(recordStore);
                if (!db.objectStoreNames.contains(messageStore)) db.createObjectStore(messageStore).createIndex('byId', 'id');
            };
            request.onsuccess = () => {
                const db = request.result;
                // Another tab upgrading the schema: let it, and reopen on the next call.
                db.onversionchange = () => { db.close(); dbPromise = null; };
                resolve(db);
            };
            request.onerror = () => { dbPromise = null; reject(request.error); };
        });
        return dbPromise;
    }

    // Runs one transaction; resolves once it is committed (durable), with what `action` returned.
    async function run(storeName, mode, action) {
        const db = await openDb();
        return await new Promise((resolve, reject) => {
            const tx = db.transaction(storeName, mode);
            let result;
            Promise.resolve(action(tx.objectStore(storeName))).then(r => { result = r; }, reject);
            tx.oncomplete = () => resolve(result && typeof result === 'object' && 'readyState' in result ? result.result : result);
            tx.onerror = () => reject(tx.error);
            tx.onabort = () => reject(tx.error);
        });
    }

    const toBase64 = bytes => {
        let binary = '';
        for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
        return btoa(binary);
    };
    const prefixRange = prefix => IDBKeyRange.bound(prefix, prefix + '\uffff', false, false);

    // Collects {key, value} of a range, in key order (or reversed), up to `limit` entries.
    function collect(source, range, direction, limit, map) {
        return new Promise((resolve, reject) => {
            const out = [];
            const request = source.openCursor(range, direction);
            request.onsuccess = () => {
                const cursor = request.result;
                if (!cursor || out.length >= limit) { resolve(out); return; }
                out.push(map(cursor));
                cursor.continue();
            };
            request.onerror = () => reject(request.error);
        });
    }

    let editHandler = null, autocompleteHandler = null;
    // Composer keys: Enter sends (Shift+Enter is a new line); Ctrl+B / Ctrl+I / Ctrl+E (or Ctrl+`) wrap the selection in
    // Markdown bold / italic / code. Handled here so the browser's default (new line, bookmarks) never runs.
    function wrap(el, marker) {
        const start = el.selectionStart, end = el.selectionEnd, value = el.value;
        el.value = value.slice(0, start) + marker + value.slice(start, end) + marker + value.slice(end);
        el.setSelectionRange(start + marker.length, end + marker.length);
        el.dispatchEvent(new Event('input', { bubbles: true }));
        return el.value;
    }
    document.addEventListener('keydown', event => {
        const el = event.target;
        if (!(el instanceof HTMLTextAreaElement) || (el.id !== 'composer' && el.id !== 'edit-box' && el.id !== 'thread-composer')) return;
        const ctrl = event.ctrlKey || event.metaKey;
        if (el.id === 'composer' && autocompleteHandler && !event.shiftKey && !event.isComposing && !ctrl
            && ['ArrowUp', 'ArrowDown', 'Enter', 'Tab', 'Escape'].includes(event.key)) {
            // The mention / emoji / command popup is open: these keys choose in it instead of sending or leaving.
            event.preventDefault();
            event.stopImmediatePropagation();
            autocompleteHandler.invokeMethodAsync('OnAutocompleteKey', event.key);
        } else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            el.form && el.form.requestSubmit();
        } else if (ctrl && ['b', 'i', 'e', '`'].includes(event.key.toLowerCase())) {
            event.preventDefault();
            wrap(el, { b: '**', i: '*', e: '`', '`': '`' }[event.key.toLowerCase()]);
        } else if (event.key === 'ArrowUp' && el.id === 'composer' && el.value === '' && editHandler) {
            // Up in an empty composer edits this user's last message, as in most chat apps.
            event.preventDefault();
            editHandler.invokeMethodAsync('EditLast');
        } else if (event.key === 'Escape' && el.id === 'composer' && editHandler) {
            editHandler.invokeMethodAsync('CancelReply');
        }
    });

    // One tab per device: two clients on one device store would both advance the same ratchets and corrupt them.
    // The Web Locks API holds the lock until it is released or the tab goes away (reload, close, crash).
    let releaseDeviceLock = null;
    function acquireDeviceLock() {
        if (releaseDeviceLock) return Promise.resolve(true);
        if (!navigator.locks) return Promise.resolve(true);
        return new Promise(resolve => {
            navigator.locks.request('chatalot-device', { ifAvailable: true }, lock => {
                if (!lock) { resolve(false); return undefined; }
                resolve(true);
                return new Promise(release => { releaseDeviceLock = release; });
            });
        });
    }

    // Spoilers (||x||) are hidden until clicked or activated with Enter / Space (message HTML carries no script).
    function revealSpoiler(event) {
        const spoiler = event.target instanceof Element ? event.target.closest('.spoiler') : null;
        if (!spoiler || spoiler.classList.contains('revealed')) return;
        if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') return;
        event.preventDefault();
        spoiler.classList.add('revealed');
        spoiler.setAttribute('aria-expanded', 'true');
    }
    document.addEventListener('click', revealSpoiler);
    document.addEventListener('keydown', revealSpoiler);

    // Ctrl+F searches everywhere, Ctrl+Shift+F this channel (the app's own search, over the decrypted history).
    let searchHandler = null;
    document.addEventListener('keydown', event => {
        if (!searchHandler || !(event.ctrlKey || event.metaKey) || event.altKey || event.key.toLowerCase() !== 'f') return;
        event.preventDefault();
        searchHandler.invokeMethodAsync('OnSearchShortcut', event.shiftKey);
    });

    let shortcutHandler = null;
    document.addEventListener('keydown', event => {
        if (!shortcutHandler) return;
        const ctrl = event.ctrlKey || event.metaKey;
        if (ctrl && event.key.toLowerCase() === 'k') {
            event.preventDefault();
            shortcutHandler.invokeMethodAsync('OnShortcut', 'quick-switcher');
        } else if (event.key === 'Escape') {
            shortcutHandler.invokeMethodAsync('OnShortcut', 'escape');
        } else if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
            event.preventDefault();
            shortcutHandler.invokeMethodAsync('OnShortcut', event.key === 'ArrowUp' ? 'previous-channel' : 'next-channel');
        }
    });

    return {
        idbGet: key => run(vaultStore, 'readonly', store => store.get(key)).then(v => v ?? null),
        idbPut: (key, value) => run(vaultStore, 'readwrite', store => store.put(value, key)).then(() => true),
        idbDelete: key => run(vaultStore, 'readwrite', store => store.delete(key)).then(() => true),
        // Device key store: values are sealed bytes (Uint8Array), written one record per transaction.
        recordGet: key => run(recordStore, 'readonly', store => store.get(key)).then(v => v ?? null),
        recordPut: (key, value) => run(recordStore, 'readwrite', store => store.put(value, key)).then(() => true),
        recordDelete: key => run(recordStore, 'readwrite', store => new Promise((resolve, reject) => {
            const found = store.getKey(key);
            found.onsuccess = () => { if (found.result === undefined) { resolve(false); return; } store.delete(key); resolve(true); };
            found.onerror = () => reject(found.error);
        })),
        recordList: prefix => run(recordStore, 'readonly', store => collect(store, prefixRange(prefix), 'next', Infinity, c => [c.key, toBase64(c.value)]).then(pairs => pairs.flat())),
        recordClear: prefix => run(recordStore, 'readwrite', store => store.delete(prefixRange(prefix))).then(() => true),
        // Message archive: one sealed record per message; pages are read newest first below an exclusive upper key.
        messagePut: (key, id, value) => run(messageStore, 'readwrite', store => store.put({ id, data: value }, key)).then(() => true),
        messageDelete: id => run(messageStore, 'readwrite', store => new Promise((resolve, reject) => {
            const found = store.index('byId').getKey(id);
            found.onsuccess = () => { if (found.result !== undefined) store.delete(found.result); resolve(found.result !== undefined); };
            found.onerror = () => reject(found.error);
        })),
        messagePage: (prefix, before, limit) => run(messageStore, 'readonly', store =>
            collect(store, IDBKeyRange.bound(prefix, before ?? prefix + '\uffff', false, true), 'prev', limit, c => [c.key, toBase64(c.value.data)]).then(pairs => pairs.flat())),
        messageClear: prefix => run(messageStore, 'readwrite', store => store.delete(prefixRange(prefix))).then(() => true),
        storageGet: key => localStorage.getItem(key),
        storageSet: (key, value) => localStorage.setItem(key, value),
        applyTheme: (mode, palette, accent) => {
            const root = document.documentElement;
            root.dataset.mode = mode; root.dataset.palette = palette; root.dataset.accent = accent;
            localStorage.setItem('chatalot.theme.last', JSON.stringify({ mode, palette, accent }));
        },
        acquireDeviceLock,
        releaseDeviceLock: () => { if (releaseDeviceLock) { releaseDeviceLock(); releaseDeviceLock = null; } },
        setShortcutHandler: handler => { shortcutHandler = handler; },
        // Scroll position reports for the message list, computed here so that .NET never re-renders (and re-scrolls)
        // in the middle of a scroll: OnScrolled(nearTop, nearBottom) when either changes, and at the top every time.
        watchScroll: (selector, handler) => {
            const el = document.querySelector(selector);
            if (!el) return;
            if (el._chatalotScroll) el.removeEventListener('scroll', el._chatalotScroll);
            let last = '';
            el._chatalotScroll = () => {
                const nearTop = el.scrollTop < 48, nearBottom = el.scrollHeight - el.scrollTop - el.clientHeight < 80;
                const state = nearTop + '/' + nearBottom;
                if (state === last && !nearTop) return;
                last = state;
                handler.invokeMethodAsync('OnScrolled', nearTop, nearBottom);
            };
            el.addEventListener('scroll', el._chatalotScroll, { passive: true });
        },
        setEditHandler: handler => { editHandler = handler; },
        focus: selector => { const el = document.querySelector(selector); if (el) el.focus(); },
        scrollToBottom: selector => { const el = document.querySelector(selector); if (el) el.scrollTop = el.scrollHeight; },
        isNearTop: selector => { const el = document.querySelector(selector); return !!el && el.scrollTop < 48; },
        // Keeps the reader's place when earlier messages are inserted above: returns the distance from the bottom.
        distanceFromBottom: selector => { const el = document.querySelector(selector); return el ? el.scrollHeight - el.scrollTop : 0; },
        restoreDistanceFromBottom: (selector, distance) => { const el = document.querySelector(selector); if (el) el.scrollTop = el.scrollHeight - distance; },
        isNearBottom: selector => { const el = document.querySelector(selector); return !el || el.scrollHeight - el.scrollTop - el.clientHeight < 80; },
        // Wraps the composer's selection in a Markdown marker (Ctrl+B/I/E) and returns the new text.
        wrapSelection: (selector, marker) => {
            const el = document.querySelector(selector);
            return el ? wrap(el, marker) : null;
        },
        copy: text => navigator.clipboard ? navigator.clipboard.writeText(text) : Promise.resolve(),
        // Composer extras (web-composer): the caret, replacing the completed word, and the popup's key handler.
        caret: selector => { const el = document.querySelector(selector); return el ? el.selectionStart : 0; },
        replaceRange: (selector, start, end, text) => {
            const el = document.querySelector(selector);
            if (!el) return null;
            el.value = el.value.slice(0, start) + text + el.value.slice(end);
            el.setSelectionRange(start + text.length, start + text.length);
            el.dispatchEvent(new Event('input', { bubbles: true }));
            return el.value;
        },
        setAutocompleteHandler: handler => { autocompleteHandler = handler; },
        // Archive lookups for jumping and the search index, and bulk writes (test seeding).
        messageKeyOf: id => run(messageStore, 'readonly', store => store.index('byId').getKey(id)).then(k => k ?? null),
        messageScan: (prefix, after, limit) => run(messageStore, 'readonly', store =>
            collect(store, IDBKeyRange.bound(after ?? prefix, prefix + '\uffff', after !== null && after !== undefined, false), 'next', limit, c => [c.key, toBase64(c.value.data)]).then(pairs => pairs.flat())),
        messagePutMany: flat => run(messageStore, 'readwrite', store => {
            for (let i = 0; i < flat.length; i += 3) {
                const binary = atob(flat[i + 2]), bytes = new Uint8Array(binary.length);
                for (let j = 0; j < binary.length; j++) bytes[j] = binary.charCodeAt(j);
                store.put({ id: flat[i + 1], data: bytes }, flat[i]);
            }
        }).then(() => true),
        // The message list renders a window of the history; these keep the reader's place when it moves.
        captureAnchor: selector => {
            const el = document.querySelector(selector);
            if (!el) return null;
            const top = el.getBoundingClientRect().top;
            for (const m of el.querySelectorAll('[data-testid=message]')) {
                const r = m.getBoundingClientRect();
                if (r.bottom > top) return [m.dataset.id, String(r.top - top)];
            }
            return null;
        },
        restoreAnchor: (selector, id, offset) => {
            const el = document.querySelector(selector), m = el && el.querySelector(`[data-id="${CSS.escape(id)}"]`);
            if (m) el.scrollTop += (m.getBoundingClientRect().top - el.getBoundingClientRect().top) - Number(offset);
        },
        showMessage: (selector, id) => {
            const el = document.querySelector(selector), m = el && el.querySelector(`[data-id="${CSS.escape(id)}"]`);
            if (!m) return false;
            m.scrollIntoView({ block: 'center' });
            m.classList.remove('flash');
            void m.offsetWidth; // restart the animation when the same message is shown twice
            m.classList.add('flash');
            m.focus({ preventScroll: true });
            setTimeout(() => m.classList.remove('flash'), 2100);
            return true;
        },
        setSearchShortcutHandler: handler => { searchHandler = handler; },
        // Debug builds of the app register test-only hooks here (ArchiveTestHooks); release builds never call it.
        setTestHooks: handler => { window.chatalotTestHooks = handler; },
    };
})();
