// Registers the service worker that makes the app installable (and, when published, start offline).
if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register('service-worker.js', { updateViaCache: 'none' })
        .then(() => document.documentElement.dataset.sw = 'registered')
        .catch(() => document.documentElement.dataset.sw = 'failed');
}
