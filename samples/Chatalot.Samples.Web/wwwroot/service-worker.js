// Development service worker: it exists so the app is installable while developing, but it never caches,
// so a rebuilt app is picked up at once. The published build uses service-worker.published.js instead.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', event => event.waitUntil(self.clients.claim()));
self.addEventListener('fetch', () => { });
