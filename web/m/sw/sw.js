/* The patrol app's service worker (scope /m/). Written by hand; the build (web/m/vite.config.ts)
 * replaces the two placeholders with the list of built files and a version derived from it.
 *
 * - install: every file of this build goes into one cache (the app shell: index.html, JS, CSS,
 *   manifest, icons), so the app opens and reloads with no signal. The page registers the worker only
 *   once its first view is in (src/main.tsx), and the files are asked for through the HTTP cache: the
 *   ones the page has already downloaded are copied from there (named by their content and served
 *   immutable, they are taken as they are; index.html, the manifest and the icons are revalidated, a
 *   304 when unchanged), so a first visit downloads each file once.
 * - navigation under /m/: the cached shell (the app is a single page); the network only when the
 *   shell is not cached yet.
 * - other files under /m/: cache first, then the network.
 * - /api/… and other origins (basemap tiles): not touched, i.e. network only. Reports made offline
 *   wait in the app's IndexedDB queue, not here.
 */
const PRECACHE = self.__PRECACHE__;
const VERSION = self.__VERSION__;
const CACHE = `wwj-patrol-${VERSION}`;
const SHELL = '/m/index.html';

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // through the HTTP cache, never around it: the server's headers keep it true to this build
      // (hashed names for the immutable files, `no-cache` for the others)
      await cache.addAll(PRECACHE.map((url) => new Request(url, { cache: 'default' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key.startsWith('wwj-patrol-') && key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || !(url.pathname === '/m' || url.pathname.startsWith('/m/'))) return;
  if (req.mode === 'navigate') {
    event.respondWith(
      (async () => {
        const cache = await caches.open(CACHE);
        return (await cache.match(SHELL)) ?? fetch(req);
      })(),
    );
    return;
  }
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      return (await cache.match(req, { ignoreSearch: true })) ?? fetch(req);
    })(),
  );
});
