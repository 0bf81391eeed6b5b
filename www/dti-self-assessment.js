// <dti-self-assessment set="dti-province-2025" lang="vi">: the self-assessment page as
// a custom element with its own shadow DOM, so a provincial portal can drop it into
// any page with one script tag. The page's index.html is just this element.
//
// Attributes: `set` (the id of a shipped set, or the URL of a set file), `lang` (vi|en).
// No inline scripts, no eval, no innerHTML: it runs under
// `script-src 'self' 'wasm-unsafe-eval'`.
import { assetJson, assetText, assetUrl, bundled } from './assets.js';
import { loadEngine } from './engine.js';
import { LANGS, initialLang, loadStrings, pick, rememberLang, translator } from './i18n.js';
import {
  controlValue, download, el, fillForm, getPath, readFile, renderForm, renderPrint, renderSummary, setPath, setText,
  typedPath, updateReport,
} from './render.js';
import { SigningPanel } from './signing.js';
import { StorageError, draftKey, openStorage, requestPersistence } from './storage.js';
import { DraftSync, applyEdits } from './draft-sync.js';

const VALUES_FORMAT = 'dti-score/values/v1';

function currentYear() {
  return new Date().getFullYear();
}

/** The year a set is for, as the engine says (`loadSet`'s `year`), else null. */
function setYear(set) {
  return set && Number.isInteger(set.year) ? set.year : null;
}

/**
 * The values document the page scores on each keystroke, as JSON text: the draft's, without the typed
 * texts of fields that have a value (the engine reads a typed text only where no value is
 * given, so the result is the same; the document the engine parses stays as small as the
 * figures).
 */
function scoringDocument(draft) {
  const doc = valuesDocument(draft);
  return JSON.stringify(doc, function prune(k, v) {
    if (k !== 'typed' && k !== 'context_typed') return v;
    const values = k === 'typed' ? this : this.context || {};
    const kept = Object.fromEntries(Object.entries(v).filter(([name]) => values[name] === undefined));
    return Object.keys(kept).length ? kept : undefined;
  });
}

function newDraft(setInfo, year) {
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

/** A draft as the values file the CLI reads (`dti-score score SET FILE`, `dti-score sign`). */
export function valuesDocument(draft, proposeId = null) {
  const doc = { format: VALUES_FORMAT, set: { id: draft.set.id, version: draft.set.version }, year: draft.year };
  // A values file's unit needs an id; the name and level come with it. A draft with a
  // name and no id (made before ids were proposed) gets the id proposed from the name.
  const id = draft.unit && (draft.unit.id || (draft.unit.name && proposeId ? proposeId(draft.unit.name) : ''));
  if (id) {
    const unit = { id };
    for (const k of ['name', 'level', 'province']) if (draft.unit[k]) unit[k] = draft.unit[k];
    doc.unit = unit;
  }
  if (draft.context && Object.keys(draft.context).length) doc.context = draft.context;
  if (draft.context_typed && Object.keys(draft.context_typed).length) doc.context_typed = draft.context_typed;
  doc.values = draft.values;
  return doc;
}

class DtiSelfAssessment extends HTMLElement {
  constructor() {
    super();
    this.started = false;
    this.storage = null;
    this.storageError = null;
    this.persistence = 'unsupported';
    this.draft = null;
    this.set = null;
    this.report = null;
    this.saveChain = Promise.resolve();
    this.saveState = 'idle';
    this.lastSaveError = null;
    this.signing = new SigningPanel(this);
    // Saves merge this tab's edits into what storage holds, field by field (another tab
    // may be editing the same draft); a draft made from an imported file replaces it.
    this.replaces = new WeakSet();
    this.sync = new DraftSync((key, edits) => this.onRemoteEdits(key, edits));
  }

  connectedCallback() {
    if (this.started) return;
    this.started = true;
    this.shadow = this.attachShadow({ mode: 'open' });
    this.start().catch((e) => this.fatal(e));
  }

  // ---- start-up -------------------------------------------------------------------

  async start() {
    this.shadow.append(this.styleElement());
    this.root = el('div', { class: 'app', lang: 'vi' }, el('p', { class: 'loading', text: 'Đang tải… / Loading…' }));
    this.shadow.append(this.root);
    const [strings, engine, setsIndex] = await Promise.all([
      loadStrings(), loadEngine(), assetJson('indicator-sets/index.json'),
    ]);
    this.strings = strings;
    this.engine = engine;
    this.setsIndex = setsIndex.sets;
    this.targetsIndex = setsIndex.targets || [];
    this.setLang(initialLang(this.getAttribute('lang')), false);
    this.buildShell();
    await this.openStorage();
    this.renderSaveState();
    await this.restore();
    this.registerServiceWorker();
    window.addEventListener('beforeunload', (e) => this.beforeUnload(e));
    window.addEventListener('beforeprint', () => this.onPrintPreview());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flush();
    });
    this.dataset.ready = 'true';
    this.dispatchEvent(new CustomEvent('dti-ready', { bubbles: true, composed: true }));
  }

  styleElement() {
    if (bundled && bundled.text['style.css'] !== undefined) {
      return el('style', { text: bundled.text['style.css'] });
    }
    return el('link', { rel: 'stylesheet', href: assetUrl('style.css') });
  }

  fatal(e) {
    console.error(e);
    const msg = e && e.message ? e.message : String(e);
    this.root.replaceChildren(el('div', { class: 'banner error', role: 'alert' },
      el('p', { text: 'Không tải được trang tự đánh giá. / The self-assessment page could not load.' }),
      el('pre', { text: msg })));
  }

  setLang(lang, rerender = true) {
    this.lang = LANGS.includes(lang) ? lang : 'vi';
    this.t = translator(this.strings, this.lang);
    this.ctx = {
      t: this.t,
      lang: this.lang,
      num: (d) => this.engine.formatNumber(String(d), this.lang),
      fraction: (d) => this.engine.formatPercent(String(d), this.lang),
    };
    if (this.root) this.root.lang = this.lang;
    if (rerender && this.set) {
      this.buildShell();
      this.showSet();
      this.renderDraftList();
    }
  }

  // ---- the page's frame -----------------------------------------------------------

  buildShell() {
    const t = this.t;
    this.els = {};
    const E = this.els;
    E.saveState = el('span', { class: 'save-state', role: 'status', 'data-testid': 'save-state' });
    E.langBtn = el('button', {
      type: 'button', class: 'lang', lang: this.lang === 'vi' ? 'en' : 'vi',
      text: t('app.switch_lang'), 'aria-label': t('app.switch_lang_label'),
    });
    E.langBtn.addEventListener('click', () => {
      const next = this.lang === 'vi' ? 'en' : 'vi';
      rememberLang(next);
      this.setLang(next);
    });
    E.banners = el('div', { class: 'banners', 'aria-live': 'polite' });

    // Set, year, unit.
    E.setSelect = el('select', { id: 'set-select', name: 'set' });
    for (const s of this.setsIndex) {
      E.setSelect.append(el('option', {
        value: s.file,
        text: `${pick(s.title, this.lang)}${s.status && s.status !== 'official' ? ` — ${t(`set.status.${s.status}`)}` : ''}${s.draft ? ` (${t('set.draft_mark')})` : ''}`,
      }));
    }
    E.setSelect.append(el('option', { value: '__custom', text: t('set.custom_option'), hidden: true }));
    E.setSelect.addEventListener('change', () => this.onPickSet());
    E.setFile = el('input', { type: 'file', id: 'set-file', accept: '.json,application/json', class: 'visually-hidden' });
    E.setFile.addEventListener('change', () => this.onOpenSetFile());
    E.year = el('input', { id: 'year', name: 'year', type: 'number', min: '2000', max: '2100', step: '1', inputmode: 'numeric' });
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

    const setup = el('section', { class: 'setup', 'aria-label': t('setup.label') },
      el('div', { class: 'field' }, el('label', { for: 'set-select', text: t('set.label') }), E.setSelect),
      el('div', { class: 'field' }, el('label', { for: 'set-file', class: 'button' }, t('set.open_file'), E.setFile)),
      el('div', { class: 'field small' }, el('label', { for: 'year', text: t('setup.year') }), E.year, E.yearHint),
      E.targetsField,
      el('div', { class: 'field' }, el('label', { for: 'unit-name', text: t('unit.name') }), E.unitName),
      el('div', { class: 'field small' }, el('label', { for: 'unit-id', text: t('unit.id') }), E.unitId,
        el('span', { class: 'hint', id: 'unit-id-hint', text: t('unit.id_hint') })),
      el('div', { class: 'field small' }, el('label', { for: 'unit-level', text: t('unit.level') }), E.unitLevel),
      el('div', { class: 'field' }, el('label', { for: 'draft-select', text: t('draft.label') }), E.draftSelect),
      el('div', { class: 'actions' }, newBtn, exportBtn,
        el('label', { for: 'import-file', class: 'button' }, t('draft.import'), E.importFile), printBtn));

    // A named region (a landmark), so the set's title is not outside every landmark.
    E.setInfo = el('section', { class: 'set-info', 'aria-labelledby': 'set-title', 'data-testid': 'set-info' });
    E.form = el('div', { class: 'form-host' });
    E.form.addEventListener('input', (e) => this.onFieldInput(e));
    E.form.addEventListener('change', (e) => this.onFieldInput(e));
    E.summary = el('aside', { class: 'summary', 'aria-label': t('summary.label') });
    E.sign = el('section', { class: 'sign', 'aria-labelledby': 'sign-h' });
    E.print = el('section', { class: 'print-only', 'aria-hidden': 'true' });
    // On narrow screens the summary is above the form: keep the total in sight.
    E.mobileTotal = el('div', { class: 'mobile-total', 'aria-hidden': 'true', 'data-testid': 'mobile-total' });

    this.root.replaceChildren(
      el('header', { class: 'top' },
        el('h1', { text: t('app.title') }), E.saveState, E.langBtn),
      E.banners,
      setup,
      E.setInfo,
      el('div', { class: 'layout' }, el('main', { class: 'main' }, E.form, E.sign), E.summary),
      E.print,
      E.mobileTotal,
    );
    this.renderSaveState();
    this.refreshBanners();
  }

  // ---- banners ----------------------------------------------------------------------

  banner(id, kind, text, action) {
    this.bannerList = this.bannerList || new Map();
    // banner(id, null) removes it.
    if (kind === null || text === null || text === undefined) this.bannerList.delete(id);
    else this.bannerList.set(id, { kind, text, action });
    this.refreshBanners();
  }

  refreshBanners() {
    if (!this.els) return;
    const nodes = [];
    for (const [id, b] of this.bannerList || []) {
      const p = el('div', { class: `banner ${b.kind}`, role: b.kind === 'error' ? 'alert' : 'status', 'data-banner': id },
        el('p', { text: b.text }));
      if (b.action) {
        const btn = el('button', { type: 'button', text: b.action.label });
        btn.addEventListener('click', b.action.run);
        p.append(btn);
      }
      nodes.push(p);
    }
    this.els.banners.replaceChildren(...nodes);
  }

  storageMessage(err) {
    const code = err instanceof StorageError ? err.code : 'failed';
    return this.t(`storage.error.${code}`);
  }

  // ---- storage, drafts ------------------------------------------------------------

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
  }

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
  }

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
  }

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
  }

  async useShippedSet(file) {
    const text = await assetText(`indicator-sets/${file}`);
    return this.useSet(text, { file });
  }

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
    this.set = { handle: res.set, desc: res.description, year: res.year, origin, text };
    return true;
  }

  setInfo() {
    const info = { id: this.set.desc.id, version: this.set.desc.version };
    if (this.set.origin.file) info.file = this.set.origin.file;
    if (this.set.origin.custom) {
      info.custom_text = this.set.text;
      info.custom_name = this.set.origin.name;
    }
    return info;
  }

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
  }

  /** Draws the form for the current set and fills it from the current draft. */
  showSet() {
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
    const info = [el('h2', { id: 'set-title', text: pick(d.title, this.lang) })];
    const line = [];
    if (d.issuer) line.push(pick(d.issuer, this.lang));
    if (d.legal_basis) line.push([d.legal_basis.document, d.legal_basis.date].filter(Boolean).join(', '));
    line.push(`${t('set.version')} ${d.version}`);
    info.push(el('p', { class: 'meta', text: line.join(' · ') }));
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

    const { root, index } = renderForm(this.ctx, d);
    this.index = index;
    fillForm(root, this.draft, this.lang, (path, v) => this.shownValue(path, v));
    E.form.replaceChildren(root);
    for (const c of root.querySelectorAll('input[data-number]')) if (c.value) this.numberHint(c, this.typedLang(c));
    this.summaryParts = renderSummary(this.ctx, E.summary, d);
    this.rescore();
    this.renderDraftList();
    this.signing.render(E.sign);
  }

  /** The current draft as the values file the engine signs. */
  valuesForSigning() {
    return valuesDocument(this.draft, (name) => this.engine.proposeUnitId(name));
  }

  /** Switches to a shipped set (to verify a submission made with it), keeping the draft list. */
  async switchToShippedSet(file) {
    await this.flush();
    if (!(await this.useShippedSet(file))) return false;
    const info = this.setInfo();
    this.draft = newDraft(info, this.draft ? this.draft.year : currentYear());
    this.showSet();
    return true;
  }

  /** "Continue" an imported submission: its values become a draft. */
  async openSubmissionValues(doc, fileName) {
    const embedded = doc.values || {};
    await this.importValues({
      format: VALUES_FORMAT,
      set: { id: doc.set.id, version: doc.set.version },
      year: Number.parseInt(doc.year, 10),
      unit: doc.unit,
      context: embedded.context || {},
      values: embedded.values || {},
    }, fileName);
  }

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
  }

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
  }

  /** Says why the year is what it is when it is the set's own year. */
  showYearHint() {
    const y = setYear(this.set);
    setText(this.els.yearHint, y !== null && this.draft && this.draft.year === y ? this.t('setup.year_of_set') : '');
  }

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
  }

  // ---- typing and scoring -----------------------------------------------------------

  onFieldInput(e) {
    const c = e.target;
    if (!c.dataset || !c.dataset.path) return;
    // Text fields act on `input`; checkboxes, radios and selects on `change`.
    const isText = c.tagName === 'TEXTAREA' || (c.tagName === 'INPUT' && c.type !== 'checkbox' && c.type !== 'radio');
    if ((e.type === 'input') !== isText) return;
    const path = JSON.parse(c.dataset.path);
    if (c.dataset.number) {
      // The engine reads the text by the field's kind and the language typed in; the draft
      // keeps the value read (canonical) and the text as typed.
      const r = this.numberHint(c);
      this.edit(path, r && r.ok ? r.value : undefined, false);
      this.edit(typedPath(path), c.value.trim() === '' ? undefined : { text: c.value, lang: this.lang });
    } else {
      this.edit(path, controlValue(c));
    }
    this.rescore(true);
    this.changed();
  }

  /** Sets a field of the draft and remembers the edit (merged into storage, sent to other tabs). */
  edit(path, value, journal = true) {
    setPath(this.draft, path, value);
    this.sync.record(path, value, journal);
  }

  /** A value already read, written into its field the current language's way. */
  shownValue(path, value) {
    const r = this.engine.showField(this.set.handle, path, value, this.lang);
    return r.ok ? r.shown : value;
  }

  /**
   * Shows under a number field what the engine read ("= 1.234 — một nghìn hai trăm ba
   * mươi bốn") or why it refused the text; returns the engine's answer (null when empty).
   */
  /**
   * The language a filled field's text is read in: a text that was refused (typed text, no
   * value) keeps the language it was typed in, so switching the language never turns a
   * refusal into a reading; anything else is shown, and read, in the UI language.
   */
  typedLang(input) {
    const path = JSON.parse(input.dataset.path);
    const typed = getPath(this.draft, typedPath(path));
    return typed && getPath(this.draft, path) === undefined && typed.lang ? typed.lang : this.lang;
  }

  numberHint(input, lang = this.lang) {
    const hint = input.parentElement.querySelector('.hint');
    const text = input.value;
    if (text.trim() === '') {
      if (hint) setText(hint, '');
      input.removeAttribute('aria-invalid');
      return null;
    }
    const r = this.engine.readField(this.set.handle, JSON.parse(input.dataset.path), text, lang);
    if (!hint) return r;
    if (r.ok) {
      const echo = r.shown === text.trim() && !r.words ? '' : `= ${r.shown}`;
      setText(hint, r.words ? `${echo} — ${r.words}` : echo);
      hint.classList.remove('error');
      input.removeAttribute('aria-invalid');
    } else {
      setText(hint, r[this.lang] || r.vi);
      hint.classList.add('error');
      input.setAttribute('aria-invalid', 'true');
    }
    return r;
  }

  /**
   * Re-scores the draft. On a keystroke (`fast`) the engine computes the numbers
   * first and the DOM shows the new points and totals at once; traces and "what it
   * takes" follow right after, in a second pass that coalesces fast typing.
   */
  rescore(fast = false) {
    const res = this.engine.score(this.set.handle, scoringDocument(this.draft), fast);
    if (!res.ok) {
      const list = res.errors.slice(0, 10).map((f) => `${f.pointer || '/'}: ${f[this.lang] || f.vi}`);
      this.banner('values', 'error', `${this.t('values.invalid')}\n${list.join('\n')}`);
      return;
    }
    this.banner('values', null);
    this.readiness = res.readiness;
    this.signing.renderReadiness();
    updateReport(this.ctx, this.index, res.report, !fast);
    renderSummary(this.ctx, this.els.summary, this.set.desc, res.report, res.ranking, this.summaryParts, !fast);
    const d = this.set.desc;
    setText(this.els.mobileTotal, `${this.t('summary.total')}: ${res.report.total === null ? '–' : this.ctx.num(res.report.total)}${d.scale ? ` / ${this.ctx.num(d.scale)}` : ''}`);
    if (fast) {
      if (!this.tracesScheduled) {
        this.tracesScheduled = true;
        setTimeout(() => this.traces(), 0);
      }
    } else {
      this.tracesScheduled = false;
      this.report = res.report;
      this.ranking = res.ranking;
    }
  }

  /** The second pass after keystrokes: the full report with traces. */
  traces() {
    if (this.tracesScheduled) this.rescore(false);
  }

  // ---- autosave -----------------------------------------------------------------------

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
  }

  /** Saves a change still waiting for its turn now; resolves when stored. */
  flush() {
    if (this.saveScheduled) {
      this.saveScheduled = false;
      return this.save();
    }
    return this.saveChain;
  }

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
          await this.storage.setMeta('last_draft', snapshot.key);
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
  }

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
  }

  /** Another tab saved edits of a draft: if it is this one, apply them and show them. */
  onRemoteEdits(key, edits) {
    if (!this.draft || key !== this.draft.key || !this.set) return;
    applyEdits(this.draft, edits);
    applyEdits(this.draft, this.sync.pending);
    this.refill();
  }

  /** Writes the draft's figures into the form again (not into the field being typed in) and re-scores. */
  refill() {
    const root = this.els && this.els.form.firstElementChild;
    if (!root) return;
    const focused = this.shadow.activeElement;
    fillForm(root, this.draft, this.lang, (path, v) => this.shownValue(path, v), focused);
    for (const c of root.querySelectorAll('input[data-number]')) if (c !== focused) this.numberHint(c, this.typedLang(c));
    this.rescore();
  }

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
    } else if (this.bannerList && this.bannerList.has('persist')) this.banner('persist', null);
  }

  hasUnsavedWork() {
    if (!this.draft || !this.draft.updated_at) return false;
    const unexported = !this.draft.exported_at || this.draft.exported_at < this.draft.updated_at;
    return unexported && (!this.storage || this.saveState === 'error' || this.saveState === 'saving');
  }

  beforeUnload(e) {
    if (this.hasUnsavedWork()) {
      e.preventDefault();
      e.returnValue = '';
    }
  }

  // ---- toolbar actions --------------------------------------------------------------

  async onPickSet() {
    const file = this.els.setSelect.value;
    if (file === '__custom') return;
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
  }

  async onOpenSetFile() {
    const f = this.els.setFile.files[0];
    this.els.setFile.value = '';
    if (!f) return;
    const size = this.engine.checkFileSize('set', f.size);
    if (!size.ok) {
      this.banner('set', 'error', `${f.name}: ${size[this.lang] || size.vi}`);
      return;
    }
    const text = await readFile(f);
    await this.flush();
    const unit = this.draft ? { ...this.draft.unit } : { id: '', name: '', level: 'commune' };
    const year = this.draft ? this.draft.year : currentYear();
    if (!this.useSet(text, { custom: true, name: f.name })) {
      // Keep showing the previous set.
      if (this.draft) await this.openDraft(this.draft);
      return;
    }
    this.draft = newDraft(this.setInfo(), year);
    this.draft.unit = unit;
    this.draft.key = draftKey(unit.id, this.set.desc.id, year);
    this.showSet();
  }

  async onIdentityChange() {
    const E = this.els;
    const year = Number.parseInt(E.year.value, 10);
    if (!Number.isInteger(year) || year < 2000 || year > 2100) {
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
  }

  async onPickDraft() {
    const key = this.els.draftSelect.value;
    if (!key || key === this.draft.key || !this.storage) return;
    await this.flush();
    const d = await this.storage.getDraft(key).catch(() => null);
    if (d && (await this.openDraft(d))) {
      this.storage.setMeta('last_draft', key).catch(() => {});
    }
  }

  async onNewDraft() {
    await this.flush();
    this.draft = newDraft(this.setInfo(), this.draft ? this.draft.year : currentYear());
    this.showSet();
    this.els.unitName.focus();
  }

  onExportDraft() {
    const d = this.draft;
    const name = `ban-nhap-${this.engine.proposeUnitId(d.unit.id || d.unit.name) || 'don-vi'}-${d.set.id}-${d.year}.json`;
    // The file keeps canonical values (and the texts that could not be read, so nothing
    // typed is lost); it always names the unit.
    const doc = this.engine.settle(this.set.handle, valuesDocument(d, (n) => this.engine.proposeUnitId(n)));
    download(name, `${JSON.stringify(doc, null, 2)}\n`);
    d.exported_at = new Date().toISOString();
    this.save();
  }

  async onImport() {
    const f = this.els.importFile.files[0];
    this.els.importFile.value = '';
    if (!f) return;
    // A values file or a submission: the larger limit here; the engine checks the
    // values file's own when it reads it.
    const size = this.engine.checkFileSize('submission', f.size);
    if (!size.ok) {
      this.banner('import', 'error', `${f.name}: ${size[this.lang] || size.vi}`);
      return;
    }
    let doc;
    try {
      doc = JSON.parse(await readFile(f));
    } catch (e) {
      this.banner('import', 'error', this.t('import.not_json', { file: f.name }));
      return;
    }
    if (doc && doc.format === VALUES_FORMAT) {
      await this.importValues(doc, f.name);
    } else if (doc && typeof doc.format === 'string' && doc.format.startsWith('dti-score/submission/')) {
      await this.importSubmission(doc, f.name);
    } else {
      this.banner('import', 'error', this.t('import.unknown', { file: f.name }));
    }
  }

  async importValues(doc, fileName) {
    const setId = doc.set && doc.set.id;
    await this.flush();
    if (setId && setId !== this.set.desc.id) {
      const entry = this.setsIndex.find((s) => s.id === setId);
      if (!entry) {
        this.banner('import', 'error', this.t('import.set_missing', { file: fileName, id: setId }));
        return;
      }
      if (!(await this.useShippedSet(entry.file))) return;
    }
    const year = Number.isInteger(doc.year) ? doc.year : this.draft.year;
    const unit = { id: '', name: '', level: 'commune', ...(doc.unit || {}) };
    const draft = newDraft(this.setInfo(), year);
    draft.unit = unit;
    draft.key = draftKey(unit.id, draft.set.id, year);
    draft.context = doc.context || {};
    if (doc.context_typed) draft.context_typed = doc.context_typed;
    draft.values = doc.values || {};
    draft.updated_at = new Date().toISOString();
    this.draft = draft;
    this.replaces.add(draft);
    this.banner('import', 'ok', this.t('import.done', { file: fileName }));
    this.showSet();
    this.save();
  }

  async importSubmission(doc, fileName) {
    // Signed submissions: viewed, verified and continued in the signing section.
    await this.signing.importSubmission(doc, fileName);
  }

  /** Fills the print view (also done before every print, from the browser's menu too). */
  onPrintPreview() {
    this.traces();
    renderPrint(this.ctx, this.els.print, this.set.desc, this.draft, this.report, this.signing.signatures());
  }

  onPrint() {
    renderPrint(this.ctx, this.els.print, this.set.desc, this.draft, this.report, this.signing.signatures());
    window.print();
  }

  // ---- offline ------------------------------------------------------------------------

  registerServiceWorker() {
    if (bundled || !('serviceWorker' in navigator) || !/^https?:$/.test(location.protocol)) return;
    const url = assetUrl('sw.js');
    // Only when the page's files are on this page's origin (a service worker cannot be
    // registered for another origin's files).
    if (new URL(url).origin !== location.origin) return;
    navigator.serviceWorker.register(url).then((reg) => {
      const announce = (worker) => {
        this.banner('update', 'info', this.t('offline.update_ready'), {
          label: this.t('offline.reload'),
          run: async () => {
            await this.flush();
            this.updateRequested = true;
            worker.postMessage({ type: 'skip-waiting' });
          },
        });
      };
      if (reg.waiting && navigator.serviceWorker.controller) announce(reg.waiting);
      reg.addEventListener('updatefound', () => {
        const worker = reg.installing;
        if (!worker) return;
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed') {
            if (navigator.serviceWorker.controller) announce(worker);
            else {
              this.banner('offline', 'ok', this.t('offline.ready'));
              setTimeout(() => this.banner('offline', null), 8000);
            }
          }
        });
      });
      let reloading = false;
      navigator.serviceWorker.addEventListener('controllerchange', () => {
        if (reloading || !this.updateRequested) return;
        reloading = true;
        location.reload();
      });
    }).catch((e) => {
      this.banner('offline', 'warn', this.t('offline.failed', { error: e.message }));
    });
  }
}

if (!customElements.get('dti-self-assessment')) {
  customElements.define('dti-self-assessment', DtiSelfAssessment);
}
