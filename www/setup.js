// Setup: the set picker (a shipped set, a set file, a set named by the `set` attribute),
// the year, the unit and the province's targets. Mixed into <dti-self-assessment>.
import { assetText } from './assets.js';
import { currentYear, newDraft, setYear } from './drafts.js';
import { readFile } from './files.js';
import { pick } from './i18n.js';
import { el, setText, tx } from './render.js';
import { draftKey } from './storage.js';

export const setupMethods = {
  /** The setup section: set, set file, year, targets, unit, drafts and the toolbar (into `this.els`). */
  buildSetup() {
    const t = this.t;
    const E = this.els;
    E.setSelect = el('select', { id: 'set-select', name: 'set' });
    const option = (s) => el('option', {
      value: s.file,
      text: `${pick(s.title, this.lang)}${s.status && s.status !== 'official' ? ` — ${t(`set.status.${s.status}`)}` : ''}${s.draft ? ` (${t('set.draft_mark')})` : ''}`,
    });
    // Templates for a province to adapt (indicator-sets/templates/) are listed apart from
    // the sets that encode a document.
    const templates = this.setsIndex.filter((s) => s.status === 'template');
    const documents = this.setsIndex.filter((s) => s.status !== 'template');
    if (templates.length === 0) E.setSelect.append(...documents.map(option));
    else {
      E.setSelect.append(
        el('optgroup', { label: t('set.group.documents'), 'data-group': 'documents' }, ...documents.map(option)),
        el('optgroup', { label: t('set.group.templates'), 'data-group': 'templates' }, ...templates.map(option)),
      );
    }
    E.setSelect.append(el('option', { value: '__custom', text: t('set.custom_option'), hidden: true }));
    E.setSelect.addEventListener('change', () => this.onPickSet());
    E.setFile = el('input', { type: 'file', id: 'set-file', accept: '.json,application/json', class: 'visually-hidden' });
    E.setFile.addEventListener('change', () => this.onOpenSetFile());
    E.year = el('input', { id: 'year', name: 'year', type: 'number', min: String(this.engine.firstYear()), max: String(this.engine.lastYear()), step: '1', inputmode: 'numeric' });
    E.year.addEventListener('change', () => this.onIdentityChange());
    E.yearHint = el('span', { id: 'year-hint', class: 'hint', 'data-testid': 'year-hint' });
    E.year.setAttribute('aria-describedby', 'year-hint');
    E.targets = el('select', { id: 'targets-select', name: 'targets' });
    E.targets.addEventListener('change', () => this.onPickTargets());
    E.targetsField = el('div', { class: 'field' }, el('label', { for: 'targets-select', text: t('targets.label') }), E.targets);
    E.unitId = el('input', {
      id: 'unit-id', name: 'unit.id', type: 'text', autocomplete: 'off', spellcheck: 'false', 'aria-describedby': 'unit-id-hint',
    });
    E.unitName = el('input', { id: 'unit-name', name: 'unit.name', type: 'text', autocomplete: 'organization' });
    E.unitLevel = el('select', { id: 'unit-level', name: 'unit.level' });
    for (const l of ['commune', 'district', 'department', 'province']) E.unitLevel.append(el('option', { value: l, text: t(`unit.level.${l}`) }));
    for (const c of [E.unitId, E.unitName, E.unitLevel]) c.addEventListener('change', () => this.onIdentityChange());
    // The unit id is proposed from the name ("Xã Tân Hòa" → "xa-tan-hoa") until the
    // person writes one of their own.
    E.unitName.addEventListener('input', () => {
      if (!this.idEdited) E.unitId.value = this.engine.proposeUnitId(E.unitName.value);
    });
    E.unitId.addEventListener('input', () => {
      this.idEdited = E.unitId.value.trim() !== '' && E.unitId.value.trim() !== this.engine.proposeUnitId(E.unitName.value);
    });

    // Drafts.
    E.draftSelect = el('select', { id: 'draft-select', name: 'draft' });
    E.draftSelect.addEventListener('change', () => this.onPickDraft());
    const newBtn = el('button', { type: 'button', text: t('draft.new') });
    newBtn.addEventListener('click', () => this.onNewDraft());
    const exportBtn = el('button', { type: 'button', text: t('draft.export'), 'data-testid': 'export-draft' });
    exportBtn.addEventListener('click', () => this.onExportDraft());
    E.importFile = el('input', { type: 'file', id: 'import-file', accept: '.json,application/json', class: 'visually-hidden' });
    E.importFile.addEventListener('change', () => this.onImport());
    const printBtn = el('button', { type: 'button', text: t('app.print') });
    printBtn.addEventListener('click', () => this.onPrint());

    return el('section', { class: 'setup', id: 'setup', 'aria-label': t('setup.label') },
      el('div', { class: 'field set' }, el('label', { for: 'set-select', text: t('set.label') }), E.setSelect),
      el('div', { class: 'field file' }, el('label', { for: 'set-file', class: 'button' }, t('set.open_file'), E.setFile)),
      el('div', { class: 'field small' }, el('label', { for: 'year', text: t('setup.year') }), E.year, E.yearHint),
      E.targetsField,
      el('div', { class: 'field' }, el('label', { for: 'unit-name', text: t('unit.name') }), E.unitName),
      el('div', { class: 'field unit-id' }, el('label', { for: 'unit-id', text: t('unit.id') }), E.unitId,
        el('span', { class: 'hint', id: 'unit-id-hint', text: t('unit.id_hint') })),
      el('div', { class: 'field small' }, el('label', { for: 'unit-level', text: t('unit.level') }), E.unitLevel),
      el('div', { class: 'field' }, el('label', { for: 'draft-select', text: t('draft.label') }), E.draftSelect),
      el('div', { class: 'actions' }, newBtn, exportBtn,
        el('label', { for: 'import-file', class: 'button' }, t('draft.import'), E.importFile), printBtn),
      this.buildWorkbookActions());
  },

  /** Shows the current set and draft in the setup section and the set's title block. */
  showSetup() {
    const E = this.els;
    const d = this.set.desc;
    const t = this.t;
    if (this.set.origin.file) E.setSelect.value = this.set.origin.file;
    else {
      const custom = E.setSelect.querySelector('option[value="__custom"]');
      custom.hidden = false;
      custom.textContent = `${pick(d.title, this.lang)} (${t('set.custom_mark')})`;
      E.setSelect.value = '__custom';
    }
    const info = [el('h2', { id: 'set-title' }, tx(this.ctx, d.title))];
    // Who issued it, the decision (Vietnamese in every language), the version.
    const line = [];
    if (d.issuer) line.push(tx(this.ctx, d.issuer), ' · ');
    if (d.legal_basis) line.push(tx(this.ctx, [d.legal_basis.document, d.legal_basis.date].filter(Boolean).join(', ')), ' · ');
    line.push(`${t('set.version')} ${d.version}`);
    info.push(el('p', { class: 'meta' }, ...line));
    info.push(el('p', {
      class: `set-status ${d.status === 'official' ? 'ok' : 'banner warn'}`,
      'data-testid': 'set-status',
      'data-status': d.status,
      text: `${t('set.status.label')}: ${t(`set.status.${d.status}`)}${d.status === 'official' ? '' : ` — ${t(`set.status.${d.status}_note`)}`}`,
    }));
    if (d.draft) info.push(el('p', { class: 'banner warn', text: t('set.draft_warning') }));
    E.setInfo.replaceChildren(...info);

    this.sync.use(this.draft);
    const unitName = this.draft.unit.name || '';
    this.idEdited = Boolean(this.draft.unit.id) && this.draft.unit.id !== this.engine.proposeUnitId(unitName);
    E.year.value = String(this.draft.year);
    this.showYearHint();
    E.unitId.value = this.draft.unit.id || '';
    E.unitName.value = this.draft.unit.name || '';
    E.unitLevel.value = this.draft.unit.level || 'commune';

    const targets = this.targetsIndex.filter((x) => x.set === d.id);
    E.targets.replaceChildren(el('option', { value: '', text: t('targets.none') }),
      ...targets.map((x) => el('option', { value: x.file, text: x.province ? x.province.name || x.province.id : x.file })));
    E.targetsField.hidden = targets.length === 0;
    E.targets.value = targets.some((x) => x.file === this.draft.targets_file) ? this.draft.targets_file : '';
    this.applyTargets(this.draft.targets_text || '');
  },

  async startDefault() {
    const attr = this.getAttribute('set');
    let entry = this.setsIndex.find((s) => s.id === attr || s.file === attr);
    if (attr && !entry) {
      // A URL of a province's own set file.
      try {
        const res = await fetch(new URL(attr, document.baseURI));
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        const text = await res.text();
        if (this.useSet(text, { custom: true, name: attr })) {
          this.draft = newDraft(this.setInfo(), setYear(this.set) || currentYear());
          this.showSet();
          return;
        }
      } catch (e) {
        this.banner('set', 'error', this.t('set.fetch_failed', { file: attr, error: e.message }));
      }
    }
    entry = entry || this.setsIndex.find((s) => s.default) || this.setsIndex[0];
    if (!entry) throw new Error('no indicator set is shipped (indicator-sets/index.json is empty)');
    await this.useShippedSet(entry.file);
    // A set for a year starts on that year (the hint beside the field says so).
    this.draft = newDraft(this.setInfo(), setYear(this.set) || currentYear());
    this.showSet();
  },

  async useShippedSet(file) {
    const text = await assetText(`indicator-sets/${file}`);
    return this.useSet(text, { file });
  },

  /** Loads a set's text into the engine; reports validation errors and returns false. */
  useSet(text, origin) {
    const res = this.engine.loadSet(text);
    if (!res.ok) {
      const list = res.errors.filter((f) => f.severity === 'error').slice(0, 20)
        .map((f) => `${f.pointer || '/'}: ${f[this.lang] || f.vi}`);
      this.banner('set', 'error', `${this.t('set.invalid', { name: origin.file || origin.name || '' })}\n${list.join('\n')}`);
      return false;
    }
    this.banner('set', null);
    if (this.set && this.set.handle && this.set.handle.free) this.set.handle.free();
    this.set = { handle: res.set, desc: res.description, year: res.year, form: res.form, origin, text };
    return true;
  },

  setInfo() {
    const info = { id: this.set.desc.id, version: this.set.desc.version };
    if (this.set.origin.file) info.file = this.set.origin.file;
    if (this.set.origin.custom) {
      info.custom_text = this.set.text;
      info.custom_name = this.set.origin.name;
    }
    return info;
  },

  /** Switches to a shipped set (to verify a submission made with it), keeping the draft list. */
  async switchToShippedSet(file) {
    await this.flush();
    if (!(await this.useShippedSet(file))) return false;
    const info = this.setInfo();
    this.draft = newDraft(info, this.draft ? this.draft.year : currentYear());
    this.showSet();
    return true;
  },

  /** Loads a targets file's text into the engine (empty: none); reports a bad file. */
  applyTargets(text) {
    const r = this.engine.setTargets(this.set.handle, text);
    if (!r.ok) {
      const list = r.errors.slice(0, 10).map((f) => `${f.pointer || '/'}: ${f[this.lang] || f.vi}`);
      this.banner('targets', 'error', `${this.t('targets.invalid')}\n${list.join('\n')}`);
      return false;
    }
    this.banner('targets', null);
    return true;
  },

  async onPickTargets() {
    const file = this.els.targets.value;
    let text = '';
    if (file) {
      try {
        text = await assetText(`indicator-sets/${file}`);
      } catch (e) {
        this.banner('targets', 'error', this.t('set.fetch_failed', { file, error: e.message }));
        return;
      }
    }
    if (!this.applyTargets(text)) return;
    this.draft.targets_file = file || undefined;
    this.draft.targets_text = text || undefined;
    this.rescore();
    this.changed();
  },

  /** Says why the year is what it is when it is the set's own year. */
  showYearHint() {
    const y = setYear(this.set);
    setText(this.els.yearHint, y !== null && this.draft && this.draft.year === y ? this.t('setup.year_of_set') : '');
  },

  async onPickSet() {
    const file = this.els.setSelect.value;
    if (file === '__custom') return;
    await this.pickShippedSet(file);
  },

  /**
   * Makes the shipped set `file` the page's set, for the same unit and year: the draft
   * being edited is saved first, and the unit's stored draft for that set and year opens
   * (else a new one).
   */
  async pickShippedSet(file) {
    await this.flush();
    const year = this.draft ? this.draft.year : currentYear();
    const unit = this.draft ? { ...this.draft.unit } : { id: '', name: '', level: 'commune' };
    if (!(await this.useShippedSet(file))) return;
    const info = this.setInfo();
    const key = draftKey(unit.id, info.id, year);
    let draft = null;
    if (this.storage) draft = await this.storage.getDraft(key).catch(() => null);
    if (!draft) {
      draft = newDraft(info, year);
      draft.unit = unit;
      draft.key = key;
    }
    this.draft = draft;
    this.showSet();
    if (this.storage) this.storage.setMeta('last_draft', key).catch((e) => this.banner('storage', 'error', this.storageMessage(e)));
  },

  async onOpenSetFile() {
    const f = this.els.setFile.files[0];
    this.els.setFile.value = '';
    if (!f) return;
    const size = this.engine.checkFileSize('set', f.size);
    if (!size.ok) {
      this.banner('set', 'error', `${f.name}: ${size[this.lang] || size.vi}`);
      return;
    }
    await this.openCustomSet(await readFile(f), f.name);
  },

  /** Makes a set file's text the page's set, for the same unit and year (a new draft). */
  async openCustomSet(text, name) {
    await this.flush();
    const unit = this.draft ? { ...this.draft.unit } : { id: '', name: '', level: 'commune' };
    const year = this.draft ? this.draft.year : currentYear();
    if (!this.useSet(text, { custom: true, name })) {
      // Keep showing the previous set.
      if (this.draft) await this.openDraft(this.draft);
      return;
    }
    this.draft = newDraft(this.setInfo(), year);
    this.draft.unit = unit;
    this.draft.key = draftKey(unit.id, this.set.desc.id, year);
    this.showSet();
  },

  /**
   * The `set` attribute changed after start-up: a shipped set's id or file is picked as in
   * the set picker; anything else is the URL of a set file, opened as a set file is.
   */
  async applySetAttribute(attr) {
    if (!attr) return;
    const entry = this.setsIndex.find((s) => s.id === attr || s.file === attr);
    if (entry) {
      this.els.setSelect.value = entry.file;
      await this.pickShippedSet(entry.file);
      return;
    }
    let text;
    try {
      const res = await fetch(new URL(attr, document.baseURI));
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      text = await res.text();
    } catch (e) {
      this.banner('set', 'error', this.t('set.fetch_failed', { file: attr, error: e.message }));
      return;
    }
    await this.openCustomSet(text, attr);
  },

  async onIdentityChange() {
    const E = this.els;
    const year = Number.parseInt(E.year.value, 10);
    // The years a values file may be for are the engine's.
    if (!Number.isInteger(year) || year < this.engine.firstYear() || year > this.engine.lastYear()) {
      E.year.value = String(this.draft.year);
      return;
    }
    const unit = { ...this.draft.unit, id: E.unitId.value.trim(), name: E.unitName.value.trim(), level: E.unitLevel.value };
    const key = draftKey(unit.id, this.draft.set.id, year);
    const oldKey = this.draft.key;
    if (key !== oldKey && this.storage) {
      const existing = await this.storage.getDraft(key).catch(() => null);
      if (existing) {
        this.banner('identity', 'warn', this.t('draft.exists', { unit: unit.name || unit.id, year }));
        E.unitId.value = this.draft.unit.id || '';
        E.year.value = String(this.draft.year);
        return;
      }
    }
    this.banner('identity', null);
    const yearChanged = year !== this.draft.year;
    this.draft.unit = unit;
    this.draft.year = year;
    this.showYearHint();
    this.draft.key = key;
    this.sync.use(this.draft);
    if (yearChanged) this.rescore();
    this.changed();
    this.signing.renderKeys();
    if (key !== oldKey && this.storage) {
      await this.flush();
      await this.storage.deleteDraft(oldKey).catch((e) => this.banner('storage', 'error', this.storageMessage(e)));
      this.renderDraftList();
    }
  },
};
