// Published service worker: caches the app shell (the assets listed by the build in service-worker-assets.js,
// checked against their integrity hashes) so the installed app starts offline. It never caches the API, the
// gateway or health probes: those carry ciphertext and tokens and must always come from the server.
self.importScripts('./service-worker-assets.js');
self.addEventListener('install', event => event.waitUntil(onInstall()));
self.addEventListener('activate', event => event.waitUntil(onActivate()));
self.addEventListener('fetch', event => event.respondWith(onFetch(event)));

const cacheNamePrefix = 'chatalot-offline-';
const cacheName = `${cacheNamePrefix}${self.assetsManifest.version}`;
const offlineAssetsInclude = [/\.dll$/, /\.pdb$/, /\.wasm/, /\.html/, /\.js$/, /\.json$/, /\.css$/, /\.woff$/, /\.png$/, /\.jpe?g$/, /\.gif$/, /\.ico$/, /\.svg$/, /\.blat$/, /\.dat$/, /\.webmanifest$/];
const offlineAssetsExclude = [/^service-worker\.js$/];
const neverCache = [/^\/api\//, /^\/ws$/, /^\/health\//, /^\/openapi\//];

async function onInstall() {
    const requests = self.assetsManifest.assets
        .filter(asset => offlineAssetsInclude.some(pattern => pattern.test(asset.url)))
        .filter(asset => !offlineAssetsExclude.some(pattern => pattern.test(asset.url)))
        .map(asset => new Request(asset.url, { integrity: asset.hash, cache: 'no-cache' }));
    await caches.open(cacheName).then(cache => cache.addAll(requests));
    self.skipWaiting();
}

async function onActivate() {
    const keys = await caches.keys();
    await Promise.all(keys.filter(key => key.startsWith(cacheNamePrefix) && key !== cacheName).map(key => caches.delete(key)));
    await self.clients.claim();
}

async function onFetch(event) {
    const url = new URL(event.request.url);
    if (event.request.method !== 'GET' || url.origin !== self.location.origin || neverCache.some(p => p.test(url.pathname))) {
        return fetch(event.request);
    }

    // Client-side routes all load index.html (the SPA fallback).
    const request = event.request.mode === 'navigate' ? 'index.html' : event.request;
    const cache = await caches.open(cacheName);
    return (await cache.match(request)) || fetch(event.request);
}
