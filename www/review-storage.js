// IndexedDB storage of the review page's batch, so that a reload loses nothing: the set
// chosen (a custom set's text too), the trust switches and year, the optional files
// (key registry, previous results, targets), every submission file (as the File/Blob
// the browser gave, stored by structured clone) and the appraisals signed in the page.
// One batch is kept; "start a new batch" deletes it. Every failure becomes a StorageError
// (storage.js) with a code the page explains in Vietnamese and English
// (review.storage.<code>); what the page holds in memory is never dropped because of one.
//
// Database "dti-score-review", version 1, store "batch": one record, key "current"
//   { key, set: { file, text? , name? }, trust, optional, optionalNames,
//     files: [{ name, file } | { name, bytes, type, lastModified }],
//     signed: [{ file_name, text, count }], saved_at }

import { StorageError, classify } from './storage.js';

const DB_NAME = 'dti-score-review';
const DB_VERSION = 1;
const KEY = 'current';

let opened = null;

function open() {
  if (opened) return opened;
  opened = new Promise((resolve, reject) => {
    if (typeof indexedDB === 'undefined' || indexedDB === null) {
      reject(new StorageError('unavailable', new Error('indexedDB is not available')));
      return;
    }
    let req;
    try {
      req = indexedDB.open(DB_NAME, DB_VERSION);
    } catch (e) {
      reject(classify(e));
      return;
    }
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains('batch')) req.result.createObjectStore('batch', { keyPath: 'key' });
    };
    req.onsuccess = () => {
      req.result.onversionchange = () => req.result.close();
      resolve(req.result);
    };
    req.onerror = () => reject(classify(req.error));
    req.onblocked = () => reject(new StorageError('blocked', new Error('database upgrade blocked by another tab')));
  });
  // A failed open is tried again next time (the user may free space, leave private mode).
  opened.catch(() => { opened = null; });
  return opened;
}

async function run(mode, fn) {
  const db = await open();
  return new Promise((resolve, reject) => {
    let tx;
    let result;
    try {
      tx = db.transaction('batch', mode);
      const req = fn(tx.objectStore('batch'));
      req.onsuccess = () => { result = req.result; };
    } catch (e) {
      reject(classify(e));
      return;
    }
    tx.oncomplete = () => resolve(result);
    tx.onabort = () => reject(classify(tx.error || new Error('transaction aborted')));
    tx.onerror = () => reject(classify(tx.error));
  });
}

/** The batch kept from an earlier visit, or null. Throws StorageError. */
export async function loadBatch() {
  const rec = await run('readonly', (s) => s.get(KEY));
  if (!rec) return null;
  // Files kept as bytes (see saveBatch) become Files again.
  rec.files = (rec.files || []).map((f) => (f.bytes
    ? { name: f.name, file: new File([f.bytes], f.name.split('/').pop(), { type: f.type || '', lastModified: f.lastModified || 0 }) }
    : f));
  return rec;
}

/**
 * Keeps the batch (replacing the one kept). Throws StorageError (quota…). Where the browser
 * cannot keep a File in IndexedDB (WebKit in a private window: "Error preparing Blob/File
 * data to be stored in object store"), the files' bytes are kept instead.
 */
export async function saveBatch(batch) {
  const put = (b) => run('readwrite', (s) => s.put({ ...b, key: KEY, saved_at: new Date().toISOString() }));
  try {
    return await put(batch);
  } catch (e) {
    if (e.code === 'quota' || !batch.files.length) throw e;
    const files = await Promise.all(batch.files.map(async ({ name, file }) => ({
      name, bytes: await file.arrayBuffer(), type: file.type, lastModified: file.lastModified,
    })));
    return put({ ...batch, files });
  }
}

/** Forgets the batch kept. Throws StorageError. */
export function clearBatch() {
  return run('readwrite', (s) => s.delete(KEY));
}
