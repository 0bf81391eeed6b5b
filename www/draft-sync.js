// Nothing typed is lost, in one tab or several:
//
// - every edit of a draft's field is written at once, synchronously, to a journal in
//   localStorage, so a reload, a tab close or a tab crash right after a keystroke keeps
//   it; the journal entry goes once IndexedDB has the edit, and a page that starts finds
//   any journal left behind and saves what it holds;
// - a save merges this tab's edits field by field into the draft IndexedDB holds (see
//   storage.js mergeDraft), so another tab's edits to other fields stay;
// - after a save, the edits are sent (BroadcastChannel) to the other tabs showing the same
//   draft, which apply them to their form.
//
// The journal and the messages carry edits as { key, path, value } (value undefined:
// removed), the draft's key and a JSON path into it, exactly as the form binds them.
import { setPath } from './render.js';

const JOURNAL_PREFIX = 'dti-score:journal:';
const CHANNEL = 'dti-score-drafts';

function storageOrNull() {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Applies journaled or broadcast edits to a draft. */
export function applyEdits(draft, edits) {
  for (const e of edits) setPath(draft, e.path, e.remove ? undefined : e.value);
}

export class DraftSync {
  /** `onRemote(key, edits)`: another tab saved these edits of draft `key`. */
  constructor(onRemote) {
    this.tab = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    this.pending = [];
    this.meta = null;
    this.local = storageOrNull();
    this.onRemote = onRemote;
    this.channel = null;
  }

  /** Opens the channel to the other tabs, closed when `signal` aborts. */
  connect(signal) {
    if (typeof BroadcastChannel !== 'function' || signal.aborted) return;
    const channel = new BroadcastChannel(CHANNEL);
    channel.addEventListener('message', (e) => {
      const m = e.data;
      if (m && m.tab !== this.tab && Array.isArray(m.edits)) this.onRemote(m.key, m.edits);
    }, { signal });
    signal.addEventListener('abort', () => {
      channel.close();
      if (this.channel === channel) this.channel = null;
    }, { once: true });
    this.channel = channel;
  }

  /** The draft the next edits belong to: its key and what recreates it (set, year, unit). */
  use(draft) {
    this.meta = { key: draft.key, set: draft.set, year: draft.year, unit: draft.unit };
  }

  /**
   * Records one edit of the current draft, in the journal before anything else (`write`
   * false: the caller writes the journal once after several edits).
   */
  record(path, value, write = true) {
    if (!this.meta) return;
    const key = this.meta.key;
    const id = JSON.stringify(path);
    // One entry per field: the journal stays as small as the fields touched since the
    // last save, however fast the typing.
    const i = this.pending.findIndex((e) => e.key === key && e.id === id);
    if (i >= 0) this.pending.splice(i, 1);
    this.pending.push(value === undefined ? { key, id, path, remove: true } : { key, id, path, value });
    if (write) this.writeJournal();
  }

  writeJournal() {
    if (!this.local) return;
    const id = JOURNAL_PREFIX + this.tab;
    try {
      if (this.pending.length === 0) this.local.removeItem(id);
      else this.local.setItem(id, JSON.stringify({ at: Date.now(), meta: this.meta, edits: this.pending }));
    } catch {
      // Full or refused storage: IndexedDB still gets the edits on the next save.
    }
  }

  /** The edits not saved yet, for a save; they stay journaled until `saved`. */
  take() {
    const edits = this.pending;
    this.pending = [];
    this.taken = edits;
    return edits;
  }

  /** The edits taken for a save are in IndexedDB: out of the journal, and sent to other tabs. */
  saved(key) {
    const edits = this.taken || [];
    this.taken = null;
    this.writeJournal();
    if (this.channel && edits.length) {
      this.channel.postMessage({ tab: this.tab, key, edits: edits.filter((e) => e.key === key) });
    }
  }

  /** A save failed: its edits are pending again (and still journaled). */
  failed() {
    if (this.taken) this.pending = [...this.taken, ...this.pending];
    this.taken = null;
    this.writeJournal();
  }

  /**
   * Journals left by tabs that closed, crashed or reloaded before their save: every entry
   * with its draft's meta and edits, oldest first; they are removed from localStorage
   * once `recovered()` is called.
   */
  leftBehind() {
    if (!this.local) return [];
    const out = [];
    for (let i = 0; i < this.local.length; i += 1) {
      const id = this.local.key(i);
      if (!id || !id.startsWith(JOURNAL_PREFIX) || id === JOURNAL_PREFIX + this.tab) continue;
      try {
        const j = JSON.parse(this.local.getItem(id));
        if (j && j.meta && Array.isArray(j.edits)) out.push({ id, ...j });
      } catch {
        out.push({ id, edits: [] });
      }
    }
    return out.sort((a, b) => (a.at || 0) - (b.at || 0));
  }

  recovered(entries) {
    if (!this.local) return;
    for (const e of entries) {
      try {
        this.local.removeItem(e.id);
      } catch {
        // nothing to do
      }
    }
  }
}
