// Offline use, for both pages: registers the service worker (sw.js) when the page's files
// come over http(s) from this page's origin, and reports what it does: a new build
// waiting (`onUpdate(apply)`: `apply()` activates it and the page reloads once it is in
// control), the first install (`onInstalled()`), a failure (`onFailed(error)`). The review
// page asks it to cache the review page's files too (`precacheReview`). Every listener
// goes with `signal`.
import { assetUrl, bundled } from './assets.js';

/** Registers sw.js; returns false when this page cannot have one (bundled, file://, another origin). */
export function registerServiceWorker({ signal, onUpdate, onInstalled, onFailed, precacheReview = false } = {}) {
  if (bundled || !('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return false;
  const url = assetUrl('sw.js');
  // Only when the page's files are on this page's origin (a service worker cannot be
  // registered for another origin's files).
  if (new URL(url).origin !== location.origin) return false;
  const sw = navigator.serviceWorker;
  let updateRequested = false;
  let reloading = false;
  // Registered once the browser is idle: installing downloads the rest of the page's
  // files (the signing engine, the other sets), which must not compete with the first
  // load (WebKit has no requestIdleCallback: a second later there).
  const idle = (fn) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 2000 }) : setTimeout(fn, 1000));
  const registered = new Promise((resolve) => { idle(resolve); })
    .then(() => (signal && signal.aborted ? new Promise(() => {}) : sw.register(url)));
  registered.then((reg) => {
    if (signal && signal.aborted) return;
    if (precacheReview) {
      // The service worker caches the review page's files only when asked (a commune's
      // visit to the self-assessment page does not download them).
      sw.ready.then((r) => { if (r.active) r.active.postMessage({ type: 'precache-review' }); });
    }
    const announce = (worker) => {
      if (onUpdate) {
        onUpdate(() => {
          updateRequested = true;
          worker.postMessage({ type: 'skip-waiting' });
        });
      }
    };
    if (reg.waiting && sw.controller) announce(reg.waiting);
    reg.addEventListener('updatefound', () => {
      const worker = reg.installing;
      if (!worker) return;
      worker.addEventListener('statechange', () => {
        if (worker.state === 'installed') {
          if (sw.controller) announce(worker);
          else if (onInstalled) onInstalled();
        }
      }, { signal });
    }, { signal });
    sw.addEventListener('controllerchange', () => {
      if (reloading || !updateRequested) return;
      reloading = true;
      location.reload();
    }, { signal });
  }).catch((e) => {
    if (onFailed) onFailed(e);
  });
  return true;
}

/**
 * Asks the service worker, once it is active, to cache a group of files the page has
 * just used ("workbook": the values workbook's engine), so that they work offline from
 * then on. Nothing where the page has no service worker (bundled, file://).
 */
export function cacheForOffline(group) {
  if (bundled || !('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
  navigator.serviceWorker.getRegistration().then((reg) => {
    if (reg && reg.active) reg.active.postMessage({ type: `precache-${group}` });
  }).catch(() => {});
}
