// Drafts: the draft a person fills (one per unit, set and year), the values file it
// becomes, and the element's methods that keep drafts in IndexedDB (storage.js): opening
// storage, recovering what a closed tab journaled (draft-sync.js), restoring the last
// draft, the draft list, a new draft and the draft's export. Autosave is autosave.js.
import { pick } from './i18n.js';
import { el } from './render.js';
import { StorageError, draftKey, openStorage, requestPersistence } from './storage.js';
import { applyEdits } from './draft-sync.js';

export function currentYear() {
  return new Date().getFullYear();
}

/** The year a set is for, as the engine says (`loadSet`'s `year`), else null. */
export function setYear(set) {
  return set && Number.isInteger(set.year) ? set.year : null;
}

/** The values document a draft's session opens on, as JSON text (`engine`: see `valuesDocument`). */
export function scoringDocument(draft, engine) {
  return JSON.stringify(valuesDocument(draft, engine));
}

export function newDraft(setInfo, year) {
  return {
    key: draftKey('', setInfo.id, year),
    unit: { id: '', name: '', level: 'commune' },
    set: setInfo,
    year,
    context: {},
    values: {},
    signatures: [],
    updated_at: null,
    exported_at: null,
  };
}

/**
 * A draft as the values file the CLI reads (`dti-score score SET FILE`, `dti-score sign`).
 * `engine` gives the format's identifier and proposes a unit id from a name.
 */
export function valuesDocument(draft, engine) {
  const doc = { format: engine.valuesFormat(), set: { id: draft.set.id, version: draft.set.version }, year: draft.year };
  // A values file's unit needs an id; the name and level come with it. A draft with a
  // name and no id (made before ids were proposed) gets the id proposed from the name.
  const id = draft.unit && (draft.unit.id || (draft.unit.name ? engine.proposeUnitId(draft.unit.name) : ''));
  if (id) {
    const unit = { id };
    for (const k of ['name', 'level', 'province']) if (draft.unit[k]) unit[k] = draft.unit[k];
    doc.unit = unit;
  }
  if (draft.context && Object.keys(draft.context).length) doc.context = draft.context;
  if (draft.context_typed && Object.keys(draft.context_typed).length) doc.context_typed = draft.context_typed;
  doc.values = draft.values;
  // Figures pre-filled from last year and not confirmed yet: the engine refuses to sign them.
  if (draft.carried && draft.carried.length) doc.carried = draft.carried;
  return doc;
}

/** The element's draft methods (mixed into <dti-self-assessment>). */
export const draftMethods = {
  storageMessage(err) {
    const code = err instanceof StorageError ? err.code : 'failed';
    return this.t(`storage.error.${code}`);
  },

  async openStorage() {
    try {
      this.storage = await openStorage();
      // Not awaited: Firefox asks the person (a prompt that may never be answered, and
      // never is in a headless browser); the page works meanwhile.
      requestPersistence().then((p) => {
        this.persistence = p;
        this.renderSaveState();
      });
    } catch (e) {
      this.storage = null;
      this.storageError = e;
      this.banner('storage', 'error', this.storageMessage(e));
    }
  },

  /**
   * Saves the edits a tab journaled but could not save before it was reloaded, closed or
   * crashed (see draft-sync.js), into the drafts they belong to.
   */
  async recoverJournals() {
    const left = this.sync.leftBehind();
    if (!left.length || !this.storage) return;
    let last = null;
    for (const j of left) {
      if (!j.meta || !j.edits.length) continue;
      const stored = await this.storage.getDraft(j.meta.key).catch(() => null);
      const d = stored || {
        ...newDraft(j.meta.set, j.meta.year), key: j.meta.key, unit: j.meta.unit || { id: '', name: '', level: 'commune' },
      };
      applyEdits(d, j.edits);
      d.updated_at = new Date(j.at || Date.now()).toISOString();
      await this.storage.putDraft(d);
      last = j.meta.key;
    }
    if (last) await this.storage.setMeta('last_draft', last);
    this.sync.recovered(left);
  },

  async restore() {
    let draft = null;
    if (this.storage) {
      try {
        await this.recoverJournals();
      } catch (e) {
        this.banner('storage', 'error', this.storageMessage(e));
      }
      try {
        const last = await this.storage.getMeta('last_draft');
        if (last) draft = await this.storage.getDraft(last);
      } catch (e) {
        this.banner('storage', 'error', this.storageMessage(e));
      }
    }
    if (draft && (await this.openDraft(draft))) return;
    await this.startDefault();
  },

  async openDraft(draft) {
    let ok;
    try {
      if (draft.set.custom_text) ok = this.useSet(draft.set.custom_text, { custom: true, name: draft.set.custom_name });
      else {
        const entry = this.setsIndex.find((s) => s.file === draft.set.file) || this.setsIndex.find((s) => s.id === draft.set.id);
        ok = entry ? await this.useShippedSet(entry.file) : false;
        if (!entry) this.banner('set', 'error', this.t('draft.set_missing', { id: draft.set.id }));
      }
    } catch (e) {
      this.banner('set', 'error', this.t('set.fetch_failed', { file: draft.set.file || draft.set.id, error: e.message }));
      ok = false;
    }
    if (!ok) return false;
    if (this.set.desc.version !== draft.set.version) {
      this.banner('version', 'warn', this.t('draft.version_changed', { old: draft.set.version, now: this.set.desc.version }));
      draft.set.version = this.set.desc.version;
    } else this.banner('version', null);
    this.draft = draft;
    this.showSet();
    return true;
  },

  async renderDraftList() {
    const E = this.els;
    let drafts = [];
    if (this.storage) {
      try {
        drafts = await this.storage.listDrafts();
      } catch (e) {
        this.banner('storage', 'error', this.storageMessage(e));
      }
    }
    const options = [];
    const current = this.draft && this.draft.key;
    if (!drafts.some((d) => d.key === current)) {
      options.push(el('option', { value: current || '', text: this.t('draft.unsaved') }));
    }
    for (const d of drafts) {
      const who = d.unit && (d.unit.name || d.unit.id) ? d.unit.name || d.unit.id : this.t('draft.no_unit');
      // The set's title, as the set picker shows it (its id only for a set no longer shipped).
      const shipped = this.setsIndex.find((x) => x.id === d.set.id);
      const title = shipped ? pick(shipped.title, this.lang)
        : this.set && this.set.desc.id === d.set.id ? pick(this.set.desc.title, this.lang) : d.set.id;
      options.push(el('option', { value: d.key, text: `${who} · ${title} · ${d.year}` }));
    }
    E.draftSelect.replaceChildren(...options);
    E.draftSelect.value = current || '';
  },

  async onPickDraft() {
    const key = this.els.draftSelect.value;
    if (!key || key === this.draft.key || !this.storage) return;
    await this.flush();
    const d = await this.storage.getDraft(key).catch(() => null);
    if (d && (await this.openDraft(d))) {
      this.storage.setMeta('last_draft', key).catch(() => {});
    }
  },

  async onNewDraft() {
    await this.flush();
    this.draft = newDraft(this.setInfo(), this.draft ? this.draft.year : currentYear());
    this.showSet();
    this.els.unitName.focus();
  },

};
