// Where the page's files come from: next to this module when served (dist/ on a web
// server, or a portal's copy of it), or from the JSON block that `dti-score bundle`
// writes into a single HTML file (which then works from file:// with no network).

const BUNDLE_ID = 'dti-bundle-assets';

function readBundle() {
  const el = typeof document !== 'undefined' ? document.getElementById(BUNDLE_ID) : null;
  return el ? JSON.parse(el.textContent) : null;
}

/** The assets inlined by `dti-score bundle`, or null when the page is served. */
export const bundled = readBundle();

/** Base URL of the page's own files (the folder holding this module). */
export const assetBase = new URL('.', import.meta.url);

/** Absolute URL of an asset given by its path inside dist/ ("i18n/vi.json"). */
export function assetUrl(path) {
  return new URL(path, assetBase).href;
}

/**
 * The response to the fetch of `path` that first-load.js started with the page (taken
 * once: a later ask fetches again), or null when it started none.
 */
export function firstLoad(path) {
  const started = globalThis[Symbol.for('dti-score.first-load')];
  const url = assetUrl(path);
  if (!started || !started.has(url)) return null;
  const res = started.get(url);
  started.delete(url);
  return res;
}

/** An asset as text (bundled copy first). Throws with the path on a network or HTTP error. */
export async function assetText(path) {
  if (bundled && Object.prototype.hasOwnProperty.call(bundled.text, path)) return bundled.text[path];
  const res = await (firstLoad(path) || fetch(assetUrl(path)));
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
  return res.text();
}

/** An asset parsed as JSON. */
export async function assetJson(path) {
  return JSON.parse(await assetText(path));
}

/** The wasm engine's bytes when bundled (base64 in the bundle), else null. */
export function bundledBinary(path) {
  if (!bundled || !bundled.binary || !bundled.binary[path]) return null;
  const raw = atob(bundled.binary[path]);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
