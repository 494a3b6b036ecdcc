// Applies the last theme before Blazor starts, so a reload never flashes the wrong colours.
(function () {
    try {
        const saved = JSON.parse(localStorage.getItem('chatalot.theme.last') || 'null');
        if (saved) {
            const root = document.documentElement;
            root.dataset.mode = saved.mode; root.dataset.palette = saved.palette; root.dataset.accent = saved.accent;
        }
    } catch { /* a corrupt entry just means default colours */ }
})();
