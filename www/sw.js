// Service worker: after one visit the page, the engine and the indicator sets load
// from the cache, so the page works with the network off. scripts/build-web.sh stamps
// BUILD with a hash of the files; a new build installs beside the old one, the page
// announces it, and it takes over when the user reloads (drafts live in IndexedDB and
// are not touched).
const BUILD = '__BUILD_ID__';
const CACHE = `dti-score-${BUILD}`;
// What a first visit has just downloaded (the page, its modules and style sheets, the
// scoring engine, the strings, the set picker's list and the default set:
// scripts/web/first-load.mjs), "./" for the page itself...
const FIRST = JSON.parse('__FIRST_FILES__');
// ...and every other file of dist/ (written by scripts/build-web.sh: the signing engine,
// the other sets, the targets files…)...
const REST = JSON.parse('__FILES__').filter((f) => !FIRST.includes(f));
// ...but the province's review page and its engine, cached once that page is used
// (it asks with a 'precache-review' message), and kept by later builds from then on.
const REVIEW_FILES = JSON.parse('__REVIEW_FILES__');
// ...and the values workbook's engine (the page's Excel buttons), cached once a button
// has been used (the page asks with a 'precache-workbook' message, and the worker keeps
// what it serves), and kept by later builds from then on.
const WORKBOOK_FILES = JSON.parse('__WORKBOOK_FILES__');

/**
 * Caches `files` from the network, each revalidated (`no-cache`): a file the page has just
 * downloaded comes back from the browser's HTTP cache once the server answers 304 (its
 * ETag), so it is not downloaded twice; a file of another build is downloaded afresh.
 */
async function precache(files) {
  const cache = await caches.open(CACHE);
  await cache.addAll(files.map((p) => new Request(p, { cache: 'no-cache' })));
}

/** Whether an earlier build's cache holds `file` (its group has been used here). */
async function used(file) {
  for (const name of await caches.keys()) {
    if (!name.startsWith('dti-score-')) continue;
    const cache = await caches.open(name);
    if (await cache.match(file, { ignoreSearch: true })) return true;
  }
  return false;
}

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const review = await used('review.html');
    const workbook = WORKBOOK_FILES.length > 0 && await used(WORKBOOK_FILES[0]);
    // The first visit's files first: the page works offline once they are in, and the
    // others (offline signing, another set) follow in the same install. The page
    // registers this worker only once it is ready and the browser is idle, so none of
    // this competes with the first load.
    await precache(FIRST);
    await precache([...REST, ...(review ? REVIEW_FILES : []), ...(workbook ? WORKBOOK_FILES : [])]);
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
  if (event.data && event.data.type === 'precache-workbook') event.waitUntil(precache(WORKBOOK_FILES));
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
