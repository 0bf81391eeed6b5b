// Service worker: after one visit the page, the engine and the indicator sets load
// from the cache, so the page works with the network off. scripts/build-web.sh stamps
// BUILD with a hash of the files; a new build installs beside the old one, the page
// announces it, and it takes over when the user reloads (drafts live in IndexedDB and
// are not touched).
const BUILD = '__BUILD_ID__';
const CACHE = `dti-score-${BUILD}`;
// Every file of dist/ (written by scripts/build-web.sh), "./" for the page itself...
const FILES = ['./', ...JSON.parse('__FILES__')];
// ...but the province's review page and its engine, cached once that page is used
// (it asks with a 'precache-review' message), and kept by later builds from then on.
const REVIEW_FILES = JSON.parse('__REVIEW_FILES__');

async function precache(files) {
  const cache = await caches.open(CACHE);
  await cache.addAll(files.map((p) => new Request(p, { cache: 'reload' })));
}

/** Whether an earlier build's cache holds the review page (it has been used here). */
async function reviewUsed() {
  for (const name of await caches.keys()) {
    if (!name.startsWith('dti-score-')) continue;
    const cache = await caches.open(name);
    if (await cache.match('review.html', { ignoreSearch: true })) return true;
  }
  return false;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const review = await reviewUsed();
    await precache(review ? [...FILES, ...REVIEW_FILES] : FILES);
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith('dti-score-') && name !== CACHE) await caches.delete(name);
    }
    // Claimed once activated, not inside activation: WebKit (WebKitGTK 2.50) never finishes
    // activating a worker whose activate handler waits on clients.claim(), nor one that
    // calls it while activating (the page then never sees `navigator.serviceWorker.ready`
    // settle into an activated worker). Chromium and Firefox take over the same way.
    setTimeout(() => self.clients.claim(), 0);
  })());
});

self.addEventListener('message', (event) => {
  if (event.data && event.data.type === 'skip-waiting') self.skipWaiting();
  if (event.data && event.data.type === 'precache-review') event.waitUntil(precache(REVIEW_FILES));
});

// Cache first for this folder's files; anything else goes to the network untouched.
self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET' || !req.url.startsWith(self.registration.scope)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(req, { ignoreSearch: true });
    if (hit) return hit;
    const res = await fetch(req);
    if (res.ok && res.type === 'basic') cache.put(req, res.clone());
    return res;
  })());
});
