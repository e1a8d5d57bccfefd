// Salesdeck's service worker: after one visit the app opens and works with the network
// off, at the root or under a sub-path (everything is relative to the registration's
// scope). `scripts/post-build.mjs` fills in BUILD (a hash of the build's files) and FILES
// (the app shell) for each build, so a new deployment is a new worker with its own cache.
//
// A new version installs beside the running one and waits: the page shows "A new
// version is ready" and only its Reload button ("skip-waiting") switches, so the app
// never changes under the user's hands.
const BUILD = '__SALESDECK_BUILD__';
const FILES = ['__SALESDECK_FILES__'];

const SCOPE = self.registration.scope;
const PREFIX = `salesdeck ${SCOPE} `;
const CACHE = PREFIX + BUILD;
const SHELL = new URL('index.html', SCOPE).href;

self.addEventListener('install', (event) => {
  // `no-cache` revalidates with the server, so the cache holds exactly this build.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(new URL(f, SCOPE), { cache: 'no-cache' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith(PREFIX) && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
  // The page loaded a file this worker did not see (ECharts fetched before the worker
  // took control on the first visit): keep it, so it is there offline too.
  const keep = event.data && typeof event.data.keep === 'string' ? new URL(event.data.keep, SCOPE).href : null;
  if (keep && keep.startsWith(SCOPE)) {
    event.waitUntil(caches.open(CACHE).then((cache) => cache.match(keep).then((hit) => hit || cache.add(keep))));
  }
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  if (request.mode === 'navigate') {
    // Every address in the scope is the app (deep links route in the page).
    event.respondWith(
      caches
        .open(CACHE)
        .then((cache) => cache.match(SHELL))
        .then((shell) => shell || fetch(request)),
    );
    return;
  }
  // This build's files from the cache; anything else (ECharts, loaded by the first
  // chart) from the network once, then kept in this build's cache.
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((response) => {
            if (response.ok && response.type === 'basic') cache.put(request, response.clone());
            return response;
          }),
      ),
    ),
  );
});
