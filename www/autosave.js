// Autosave: every change is saved to IndexedDB right after the keystroke's DOM update,
// writes coalesce, another tab's saved edits come in (draft-sync.js), the save state is
// shown, and leaving with unsaved, unexported work is questioned. Mixed into
// <dti-self-assessment>.
import { applyEdits } from './draft-sync.js';
import { fillForm, setText } from './render.js';

export const autosaveMethods = {
  changed() {
    this.draft.updated_at = new Date().toISOString();
    // Saved right after the keystroke's DOM update, not inside it: typing stays fast,
    // and writes coalesce (see save()).
    if (!this.saveScheduled) {
      this.saveScheduled = true;
      this.saveState = 'saving';
      this.renderSaveState();
      setTimeout(() => {
        if (!this.saveScheduled) return; // flushed meanwhile
        this.saveScheduled = false;
        this.save();
      }, 0);
    }
  },

  /** Saves a change still waiting for its turn now; resolves when stored. */
  flush() {
    if (this.saveScheduled) {
      this.saveScheduled = false;
      return this.save();
    }
    return this.saveChain;
  },

  /**
   * Saves the current draft to IndexedDB. Writes do not queue up: while one is in
   * flight, later changes are saved once it completes (the latest state wins).
   * Resolves when the draft as it is now is stored (or the failure is reported).
   */
  save() {
    if (!this.storage) {
      this.saveState = 'unavailable';
      this.renderSaveState();
      return Promise.resolve();
    }
    this.saveState = 'saving';
    this.renderSaveState();
    if (this.saving) {
      this.saveAgain = true;
      return this.saveChain;
    }
    this.saving = true;
    const write = async () => {
      do {
        this.saveAgain = false;
        const snapshot = JSON.parse(JSON.stringify(this.draft));
        const draft = this.draft;
        const edits = this.sync.take();
        try {
          const stored = await this.storage.mergeDraft(snapshot, edits, this.replaces.has(draft));
          this.replaces.delete(draft);
          this.sync.saved(snapshot.key);
          if (draft === this.draft) this.adopt(stored);
          this.lastSaveError = null;
          this.banner('save', null);
          this.savedAt = new Date();
          if (!this.saveAgain) this.saveState = 'saved';
          if (!this.knownKeys || !this.knownKeys.has(snapshot.key)) {
            await this.renderDraftList();
            this.knownKeys = new Set([...this.els.draftSelect.options].map((o) => o.value));
          }
        } catch (e) {
          this.sync.failed();
          this.lastSaveError = e;
          this.saveState = 'error';
          this.banner('save', 'error', this.storageMessage(e));
        }
        this.renderSaveState();
      } while (this.saveAgain);
      this.saving = false;
    };
    this.saveChain = write();
    return this.saveChain;
  },

  /**
   * Takes what storage holds after a merge: another tab's edits to other fields come in
   * (this tab's edits not saved yet stay on top), and the form shows them.
   */
  adopt(stored) {
    if (!stored || stored.key !== this.draft.key) return;
    const figures = (d) => JSON.stringify([d.values || {}, d.context || {}, d.context_typed || {}]);
    const before = figures(this.draft);
    for (const k of ['values', 'context', 'context_typed']) {
      if (stored[k] === undefined) delete this.draft[k];
      else this.draft[k] = JSON.parse(JSON.stringify(stored[k]));
    }
    if (!this.draft.values) this.draft.values = {};
    applyEdits(this.draft, this.sync.pending);
    if (figures(this.draft) !== before) this.refill();
  },

  /** Another tab saved edits of a draft: if it is this one, apply them and show them. */
  onRemoteEdits(key, edits) {
    if (!this.draft || key !== this.draft.key || !this.set) return;
    applyEdits(this.draft, edits);
    applyEdits(this.draft, this.sync.pending);
    this.refill();
  },

  /** Writes the draft's figures into the form again (not into the field being typed in) and re-scores. */
  refill() {
    const root = this.els && this.els.form.firstElementChild;
    if (!root) return;
    const focused = this.shadow.activeElement;
    fillForm(root, this.draft, this.lang, (path, v) => this.shownValue(path, v), focused);
    for (const c of root.querySelectorAll('input[data-number]')) if (c !== focused) this.numberHint(c, this.typedLang(c));
    this.refillEvidence(focused);
    this.rescore();
  },

  renderSaveState() {
    if (!this.els) return;
    const t = this.t;
    const s = this.els.saveState;
    let text;
    switch (this.saveState) {
      case 'saving': text = t('save.saving'); break;
      case 'saved': text = t('save.saved', { time: this.savedAt.toLocaleTimeString(this.lang === 'vi' ? 'vi-VN' : 'en-GB') }); break;
      case 'error': text = t('save.error'); break;
      case 'unavailable': text = t('save.unavailable'); break;
      default: text = this.storage ? t('save.idle') : t('save.unavailable');
    }
    s.dataset.state = this.storage ? this.saveState : 'unavailable';
    setText(s, text);
    // Unexported work in storage the browser may clear: say so, and how to keep it.
    const unexported = this.draft && this.draft.updated_at && (!this.draft.exported_at || this.draft.exported_at < this.draft.updated_at);
    if (unexported && this.storage && this.persistence !== 'granted') {
      this.banner('persist', 'warn', t('storage.not_persistent'), { label: t('draft.export'), run: () => this.onExportDraft() });
    } else if (this.banners.has('persist')) this.banner('persist', null);
  },

  hasUnsavedWork() {
    if (!this.draft || !this.draft.updated_at) return false;
    const unexported = !this.draft.exported_at || this.draft.exported_at < this.draft.updated_at;
    return unexported && (!this.storage || this.saveState === 'error' || this.saveState === 'saving');
  },

  beforeUnload(e) {
    if (this.hasUnsavedWork()) {
      e.preventDefault();
      e.returnValue = '';
    }
  },
};
