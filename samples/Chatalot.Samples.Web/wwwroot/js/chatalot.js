// Browser glue for the Blazor app: IndexedDB (the encrypted key vault), theme attributes, keyboard shortcuts,
// scroll helpers. Everything secret that reaches this file is already ciphertext.
window.chatalot = (function () {
    const dbName = 'chatalot', storeName = 'vault';

    function openDb() {
        return new Promise((resolve, reject) => {
            const request = indexedDB.open(dbName, 1);
            request.onupgradeneeded = () => request.result.createObjectStore(storeName);
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
    }

    async function run(mode, action) {
        const db = await openDb();
        try {
            return await new Promise((resolve, reject) => {
                const tx = db.transaction(storeName, mode);
                const request = action(tx.objectStore(storeName));
                tx.oncomplete = () => resolve(request.result);
                tx.onerror = () => reject(tx.error);
            });
        } finally {
            db.close();
        }
    }

    // Composer keys: Enter sends (Shift+Enter is a new line); Ctrl+B / Ctrl+I / Ctrl+E wrap the selection in
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
        if (!(el instanceof HTMLTextAreaElement) || el.id !== 'composer') return;
        const ctrl = event.ctrlKey || event.metaKey;
        if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
            event.preventDefault();
            el.form && el.form.requestSubmit();
        } else if (ctrl && ['b', 'i', 'e'].includes(event.key.toLowerCase())) {
            event.preventDefault();
            wrap(el, { b: '**', i: '*', e: '`' }[event.key.toLowerCase()]);
        }
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
        idbGet: key => run('readonly', store => store.get(key)).then(v => v ?? null),
        idbPut: (key, value) => run('readwrite', store => store.put(value, key)).then(() => true),
        idbDelete: key => run('readwrite', store => store.delete(key)).then(() => true),
        storageGet: key => localStorage.getItem(key),
        storageSet: (key, value) => localStorage.setItem(key, value),
        applyTheme: (mode, palette, accent) => {
            const root = document.documentElement;
            root.dataset.mode = mode; root.dataset.palette = palette; root.dataset.accent = accent;
            localStorage.setItem('chatalot.theme.last', JSON.stringify({ mode, palette, accent }));
        },
        setShortcutHandler: handler => { shortcutHandler = handler; },
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
    };
})();
