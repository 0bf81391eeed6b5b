// IndexedDB storage of drafts and unit key files. Nothing typed may be lost, so every
// failure is turned into a StorageError with a code the page explains in Vietnamese
// and English (i18n keys storage.error.<code>), never swallowed.
//
// Database "dti-score", version 1:
//   drafts: one record per unit × set × year, key "<unit id>|<set id>|<year>"
//           { key, unit, set: {id, version, file, custom_text?}, year, context, values,
//             signatures, updated_at, exported_at }
//   keys:   unit key files (secret keys encrypted under a passphrase by the engine),
//           key = the key's fingerprint
//   meta:   small settings, e.g. { key: "last_draft", value: "<draft key>" }
// version 2 adds
//   files:  evidence files the unit chose to keep in this browser (evidence.js),
//           key "<draft key>|<indicator id>|<sha256>", { key, draft, indicator, name,
//           size, sha256, type, bytes (an ArrayBuffer) }

import { applyEdits } from './draft-sync.js';

/** The parts of a draft that hold figures, merged field by field between tabs. */
const FIGURES = ['values', 'context', 'context_typed'];

const DB_NAME = 'dti-score';
const DB_VERSION = 2;

/** A storage failure; `code` is one of: unavailable, quota, blocked, failed. */
export class StorageError extends Error {
  constructor(code, cause) {
    super(`storage ${code}: ${cause && cause.message ? cause.message : cause}`);
    this.name = 'StorageError';
    this.code = code;
    this.cause = cause;
  }
}

/** A browser error as a StorageError (quota, unavailable in private mode, …). */
export function classify(err) {
  if (err instanceof StorageError) return err;
  const name = err && err.name;
  if (name === 'QuotaExceededError' || (err && err.code === 22)) return new StorageError('quota', err);
  if (name === 'InvalidStateError' || name === 'SecurityError' || name === 'UnknownError') {
    // Firefox private windows (before 115) and some embedded browsers refuse IndexedDB.
    return new StorageError('unavailable', err);
  }
  return new StorageError('failed', err);
}

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(classify(request.error));
  });
}

/** The key of the draft for a unit, a set and a year. */
export function draftKey(unitId, setId, year) {
  return `${unitId || ''}|${setId}|${year}`;
}

/** Opens the database. Throws StorageError('unavailable') where the browser refuses it. */
export async function openStorage() {
  if (typeof indexedDB === 'undefined' || indexedDB === null) {
    throw new StorageError('unavailable', new Error('indexedDB is not available'));
  }
  let db;
  try {
    db = await new Promise((resolve, reject) => {
      const req = indexedDB.open(DB_NAME, DB_VERSION);
      req.onupgradeneeded = () => {
        const d = req.result;
        if (!d.objectStoreNames.contains('drafts')) d.createObjectStore('drafts', { keyPath: 'key' });
        if (!d.objectStoreNames.contains('keys')) d.createObjectStore('keys', { keyPath: 'fingerprint' });
        if (!d.objectStoreNames.contains('meta')) d.createObjectStore('meta', { keyPath: 'key' });
        if (!d.objectStoreNames.contains('files')) d.createObjectStore('files', { keyPath: 'key' });
      };
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(classify(req.error));
      req.onblocked = () => reject(new StorageError('blocked', new Error('database upgrade blocked by another tab')));
    });
  } catch (e) {
    throw classify(e);
  }
  return new Storage(db);
}

class Storage {
  constructor(db) {
    this.db = db;
    // A newer page version in another tab wants to upgrade: let it.
    db.onversionchange = () => db.close();
  }

  /** A transaction and a promise of its end (rejected with a StorageError). */
  #begin(store, mode) {
    let tx;
    try {
      tx = this.db.transaction(store, mode);
    } catch (e) {
      throw classify(e);
    }
    const done = new Promise((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(classify(tx.error || new Error('transaction aborted')));
      tx.onerror = () => reject(classify(tx.error));
    });
    return { tx, done };
  }

  async #run(store, mode, fn) {
    const { tx, done } = this.#begin(store, mode);
    let request;
    try {
      request = fn(tx.objectStore(store));
    } catch (e) {
      // put() itself may throw (DataCloneError, or QuotaExceededError in some browsers).
      done.catch(() => {});
      throw classify(e);
    }
    const result = await promised(request);
    await done;
    return result;
  }

  /** Every draft, newest first. */
  async listDrafts() {
    const all = await this.#run('drafts', 'readonly', (s) => s.getAll());
    return all.sort((a, b) => String(b.updated_at).localeCompare(String(a.updated_at)));
  }

  getDraft(key) {
    return this.#run('drafts', 'readonly', (s) => s.get(key));
  }

  /** Saves a draft; resolves once the write is durable in the transaction's sense. */
  putDraft(draft) {
    return this.#run('drafts', 'readwrite', (s) => s.put(draft));
  }

  /**
   * Saves a draft, merging: where storage already holds this draft (another tab may have
   * saved it meanwhile) and `replace` is false, its figures are kept and this tab's
   * `edits` are applied on top, field by field; the rest (unit, year, set, timestamps)
   * is this tab's. The same transaction records it as the last draft opened, so a
   * reload right after the save (the journal already cleared) opens this draft, not a
   * new one. Resolves to the draft as stored.
   */
  async mergeDraft(draft, edits, replace) {
    const { tx, done } = this.#begin(['drafts', 'meta'], 'readwrite');
    const store = tx.objectStore('drafts');
    const stored = await promised(store.get(draft.key)).catch((e) => {
      done.catch(() => {});
      throw e;
    });
    let result = draft;
    if (stored && !replace) {
      result = { ...draft };
      for (const k of FIGURES) {
        if (stored[k] === undefined) delete result[k];
        else result[k] = JSON.parse(JSON.stringify(stored[k]));
      }
      if (!result.values) result.values = {};
      applyEdits(result, edits.filter((e) => e.key === draft.key));
    }
    try {
      store.put(result);
      tx.objectStore('meta').put({ key: 'last_draft', value: draft.key });
    } catch (e) {
      tx.abort();
      done.catch(() => {});
      throw classify(e);
    }
    await done;
    return result;
  }

  deleteDraft(key) {
    return this.#run('drafts', 'readwrite', (s) => s.delete(key));
  }

  listKeys() {
    return this.#run('keys', 'readonly', (s) => s.getAll());
  }

  putKey(record) {
    return this.#run('keys', 'readwrite', (s) => s.put(record));
  }

  /** Keeps an evidence file (its bytes as an ArrayBuffer) in this browser. */
  putFile(record) {
    return this.#run('files', 'readwrite', (s) => s.put(record));
  }

  getFile(key) {
    return this.#run('files', 'readonly', (s) => s.get(key));
  }

  async getMeta(key) {
    const rec = await this.#run('meta', 'readonly', (s) => s.get(key));
    return rec ? rec.value : undefined;
  }

  setMeta(key, value) {
    return this.#run('meta', 'readwrite', (s) => s.put({ key, value }));
  }
}

/**
 * Asks the browser to keep this site's storage when space runs low
 * (navigator.storage.persist). Resolves to "granted", "denied" or "unsupported".
 */
export async function requestPersistence() {
  if (!navigator.storage || !navigator.storage.persist) return 'unsupported';
  try {
    if (navigator.storage.persisted && (await navigator.storage.persisted())) return 'granted';
    return (await navigator.storage.persist()) ? 'granted' : 'denied';
  } catch {
    return 'denied';
  }
}
