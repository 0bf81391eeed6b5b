// <dti-self-assessment set="dti-province-2025" lang="vi">: the self-assessment page as
// a custom element with its own shadow DOM, so a provincial portal can drop it into
// any page with one script tag. The page's index.html is just this element.
//
// Attributes (live: a change after start-up re-renders in that language, or opens that
// set as the set picker does): `set` (the id of a shipped set, or the URL of a set file),
// `lang` (vi|en). Events: `dti-ready` once it has started.
// No inline scripts, no eval, no innerHTML: it runs under
// `script-src 'self' 'wasm-unsafe-eval'`.
//
// This file is the element's wiring: start-up, the frame, typing and scoring, print.
// Its concerns are in their own modules, mixed in: setup.js (set, year, unit, targets),
// drafts.js (drafts in storage), autosave.js, files.js (download, read, import), with
// evidence-section.js (each indicator's citations and files; it loads the editor,
// evidence.js, when a section is opened), banners.js, offline.js (service worker, shared
// with the review page), workbook-actions.js (the Excel buttons; workbook.js loaded on
// the first press), previous-section.js (last year's figures; previous.js loaded when
// used) and sign-section.js, which loads signing.js (the signing panel, which talks to
// the element through signingContext(), signingValues(), signingUseSet() and the
// dti-sign-* events only) when the section is opened.
import { assetJson, assetUrl, bundled } from './assets.js';
import { autosaveMethods } from './autosave.js';
import { Banners } from './banners.js';
import { draftMethods, scoringDocument, valuesDocument } from './drafts.js';
import { PreviousSection } from './previous-section.js';
import { DraftSync } from './draft-sync.js';
import { loadEngine } from './engine.js';
import { evidenceMethods } from './evidence-section.js';
import { fileMethods } from './files.js';
import { LANGS, initialLang, langSwitch, loadStrings, translator } from './i18n.js';
import { registerServiceWorker } from './offline.js';
import {
  controlValue, el, fillForm, getPath, renderForm, renderPrint, renderProgress, renderSummary, sentence, setPath, setText,
  typedPath, updateReport,
} from './render.js';
import { setupMethods } from './setup.js';
import { SignSection } from './sign-section.js';
import { workbookActionMethods } from './workbook-actions.js';

class DtiSelfAssessment extends HTMLElement {
  static observedAttributes = ['set', 'lang'];

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
    this.banners = new Banners();
    this.signing = new SignSection(this);
    this.addEventListener('dti-sign-notice', (e) => this.banner(e.detail.id, 'error', this.storageMessage(e.detail.error)));
    this.addEventListener('dti-sign-continue', (e) => this.importValues(e.detail.values, e.detail.fileName));
    // Saves merge this tab's edits into what storage holds, field by field (another tab
    // may be editing the same draft); a draft made from an imported file replaces it.
    this.replaces = new WeakSet();
    this.sync = new DraftSync((key, edits) => this.onRemoteEdits(key, edits));
    this.previousView = new PreviousSection(this);
  }

  connectedCallback() {
    if (this.started) {
      // Moved, or removed and put back: listen again.
      if (this.dataset.ready === 'true' && !this.listening) this.listen();
      return;
    }
    this.started = true;
    this.shadow = this.attachShadow({ mode: 'open' });
    this.start().catch((e) => this.fatal(e));
  }

  /** Every listener on window, document, the tabs' channel and the service worker goes. */
  disconnectedCallback() {
    if (this.listening) this.listening.abort();
    this.listening = null;
  }

  attributeChangedCallback(name, old, value) {
    // Before start-up has finished, start() reads the attributes itself.
    if (this.dataset.ready !== 'true' || old === value) return;
    if (name === 'lang' && LANGS.includes(value) && value !== this.shownLang) this.setLang(value);
    if (name === 'set') {
      this.applySetAttribute(value)
        .catch((e) => this.banner('set', 'error', this.t('set.fetch_failed', { file: value, error: e.message })));
    }
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
    // (Removed meanwhile: it listens once it is put back.)
    if (this.isConnected) this.listen();
    this.dataset.ready = 'true';
    this.dispatchEvent(new CustomEvent('dti-ready', { bubbles: true, composed: true }));
  }

  /** Adds the listeners outside the element, all removed by disconnectedCallback(). */
  listen() {
    this.listening = new AbortController();
    const { signal } = this.listening;
    this.sync.connect(signal);
    registerServiceWorker({
      signal,
      // (Texts as functions: the banners follow a change of language.)
      onUpdate: (apply) => this.banner('update', 'info', () => this.t('offline.update_ready'), {
        label: () => this.t('offline.reload'),
        run: async () => {
          await this.flush();
          apply();
        },
      }),
      onInstalled: () => {
        this.banner('offline', 'ok', () => this.t('offline.ready'));
        setTimeout(() => this.banner('offline', null), 8000);
      },
      onFailed: (e) => this.banner('offline', 'warn', this.t('offline.failed', { error: e.message })),
    });
    window.addEventListener('beforeunload', (e) => this.beforeUnload(e), { signal });
    window.addEventListener('beforeprint', () => this.onPrintPreview(), { signal });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') this.flush();
    }, { signal });
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
    // `lang` is also HTMLElement's, reflecting the attribute: setting it sets the attribute,
    // and attributeChangedCallback knows by `shownLang` that it is this language already.
    this.shownLang = LANGS.includes(lang) ? lang : 'vi';
    this.lang = this.shownLang;
    this.t = translator(this.strings, this.lang);
    // The engine's writing of each number, kept for this language: a keystroke redraws
    // the same few dozen numbers (totals, bars, maxima), each a call into the engine.
    const shown = new Map();
    this.ctx = {
      t: this.t,
      lang: this.lang,
      num: (d) => {
        const key = String(d);
        let s = shown.get(key);
        if (s === undefined) {
          s = this.engine.formatNumber(key, this.lang);
          if (shown.size >= 4096) shown.clear();
          shown.set(key, s);
        }
        return s;
      },
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
    E.langBtn = langSwitch(t, this.lang, (next) => this.setLang(next));
    E.banners = el('div', { class: 'banners', 'aria-live': 'polite' });
    const setup = this.buildSetup();

    // A named region (a landmark), so the set's title is not outside every landmark.
    E.setInfo = el('section', { class: 'set-info', 'aria-labelledby': 'set-title', 'data-testid': 'set-info' });
    E.previous = this.previousView.build();
    E.form = el('div', { class: 'form-host', id: 'form' });
    E.form.addEventListener('input', (e) => this.onFieldInput(e));
    E.form.addEventListener('change', (e) => this.onFieldInput(e));
    E.summary = el('aside', { class: 'summary', id: 'summary', 'aria-label': t('summary.label') });
    E.sign = el('section', { class: 'sign', id: 'sign', 'aria-labelledby': 'sign-h' });
    // Hidden on screen (display: none keeps it out of the accessibility tree too).
    E.print = el('section', { class: 'print-only', 'aria-label': t('print.title') });
    // Where the unit is: answered / missing / invalid per main indicator, each a link,
    // and signing one step away, kept in sight while scrolling.
    E.progressHost = el('div', { class: 'progress-host' });
    E.progress = el('nav', { class: 'progress', 'aria-label': t('progress.label'), 'data-testid': 'progress-nav' },
      E.progressHost,
      el('a', { href: '#sign', class: 'button to-sign', 'data-testid': 'to-sign', text: t('progress.sign') }));
    // On narrow screens the form comes first; the total stays in sight at the bottom,
    // the summary and signing one tap away.
    E.mobileTotal = el('span', { class: 'mobile-total', 'data-testid': 'mobile-total' });
    E.mobileBar = el('nav', { class: 'mobile-bar', 'aria-label': t('mobile.label') },
      E.mobileTotal,
      el('a', { href: '#summary', 'data-testid': 'to-summary', text: t('mobile.summary') }),
      el('a', { href: '#sign', text: t('mobile.sign') }));

    this.root.replaceChildren(
      el('header', { class: 'top' },
        el('h1', { text: t('app.title') }), E.saveState, E.langBtn),
      this.buildSteps(),
      E.banners,
      setup,
      E.setInfo,
      E.previous,
      E.progress,
      el('div', { class: 'layout' }, el('main', { class: 'main' }, E.form, E.sign), E.summary),
      E.print,
      E.mobileBar,
    );
    if (!this.jumping) {
      // Links inside the shadow root (#n-1.1, #sign, #summary): the document cannot
      // follow a fragment into a shadow root, so the element does.
      this.jumping = true;
      this.root.addEventListener('click', (e) => this.onJumpLink(e));
    }
    this.renderSaveState();
    this.banners.render(E.banners);
  }

  /** What to do, in three numbered steps, each a link to its place on the page. */
  buildSteps() {
    const t = this.t;
    const step = (n, href) => el('li', null,
      el('span', { class: 'n', 'aria-hidden': 'true', text: String(n) }),
      el('span', null,
        el('a', { href, 'data-testid': `step-${n}`, text: t(`steps.${n}`) }),
        el('span', { class: 'hint', text: t(`steps.${n}_hint`) })));
    return el('nav', { class: 'steps', 'aria-label': t('steps.label'), 'data-testid': 'steps' },
      el('ol', null, step(1, '#setup'), step(2, '#form'), step(3, '#sign')));
  }

  onJumpLink(e) {
    const a = e.target.closest ? e.target.closest('a[href^="#"]') : null;
    if (!a || e.defaultPrevented) return;
    e.preventDefault();
    this.jumpTo(decodeURIComponent(a.getAttribute('href').slice(1)));
  }

  /** Scrolls to a place of the page (an indicator, the summary, signing) and focuses its first field. */
  async jumpTo(id) {
    if (id === 'sign') {
      // Opened first: a closed section at the foot of the page cannot scroll to the top.
      await this.signing.open();
      this.els.sign.scrollIntoView({ block: 'start' });
      const summary = this.els.sign.querySelector('summary');
      if (summary) summary.focus({ preventScroll: true });
      return;
    }
    const target = this.shadow.getElementById(id);
    if (!target) return;
    target.scrollIntoView({ block: 'start' });
    const field = target.matches('input, select, textarea, summary') ? target : target.querySelector('input, select, textarea');
    if (field) field.focus({ preventScroll: true });
    else {
      target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
    }
  }

  /** Shows banner `id` (see banners.js); `banner(id, null)` removes it. */
  banner(id, kind, text, action) {
    this.banners.set(id, kind, text, action);
  }

  /** Draws the form for the current set and fills it from the current draft. */
  showSet() {
    const E = this.els;
    const d = this.set.desc;
    this.showSetup();
    const { root, index } = renderForm(this.ctx, d, this.set.form);
    this.index = index;
    fillForm(root, this.draft, this.lang, (path, v) => this.shownValue(path, v));
    E.form.replaceChildren(root);
    this.drawEvidence(index);
    for (const c of root.querySelectorAll('input[data-number]')) if (c.value) this.numberHint(c, this.typedLang(c));
    this.summaryParts = renderSummary(this.ctx, E.summary, d);
    this.progressParts = renderProgress(this.ctx, E.progressHost, d);
    this.rescore();
    this.renderDraftList();
    this.signing.render(E.sign);
    this.previousView.showDraft();
  }

  /** The draft as the values file's JSON text the engine scores. */
  scoringText() {
    return scoringDocument(this.draft, this.engine);
  }

  /** The unit confirms a figure pre-filled from last year as this year's. */
  confirmCarried(pointer) {
    const left = (this.draft.carried || []).filter((p) => p !== pointer);
    this.edit(['carried'], left.length ? left : undefined);
    this.previousView.markCarried();
    this.previousView.render();
    this.rescore();
    this.save();
  }

  // ---- the signing panel's interface (signing.js) ------------------------------------

  /** What the signing panel reads: the language, the unit, the set, the readiness, the key store. */
  signingContext() {
    return {
      t: this.t,
      lang: this.lang,
      num: this.ctx.num,
      unitId: this.draft ? this.draft.unit.id : '',
      set: this.set ? { desc: this.set.desc, text: this.set.text } : null,
      readiness: this.readiness,
      // The key store only, not the drafts.
      keys: this.storage && { listKeys: () => this.storage.listKeys(), putKey: (record) => this.storage.putKey(record) },
    };
  }

  /** Saves what waits to be saved; resolves with the current draft as the values file the engine signs. */
  async signingValues() {
    await this.flush();
    return valuesDocument(this.draft, this.engine);
  }

  /**
   * Makes the set `setId` the page's set (to verify a submission made with it), keeping the
   * draft list; false, with a banner, when the page does not ship it.
   */
  async signingUseSet(setId, fileName) {
    if (this.set && setId === this.set.desc.id) return true;
    const entry = this.setsIndex.find((s) => s.id === setId);
    if (!entry) {
      this.banner('import', 'error', this.t('import.set_missing', { file: fileName, id: setId }));
      return false;
    }
    await this.switchToShippedSet(entry.file);
    return true;
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
      this.typeNumber(c, path);
    } else {
      // The engine's session is told the same edit as the draft.
      const edits = [];
      this.edit(path, controlValue(c), true, edits);
      this.rescoreEdits(edits);
    }
    this.changed();
  }

  /**
   * A keystroke in a number field, one call to the engine's session: it reads the text by
   * the field's kind and the language typed in, keeps the value read and the text as
   * typed, and scores what that reaches, with the traces; the draft keeps the same two
   * fields, the hint under the field shows the reading.
   */
  typeNumber(c, path) {
    const blank = c.value.trim() === '';
    let res = null;
    if (this.sessionOpen) res = this.session.typeField(this.set.handle, c.dataset.path, c.value, this.lang, false);
    // (The session not open: the draft does not read as a values file; read the field
    // alone, and score the whole draft again, which says why.)
    const r = res ? res.field : (blank ? null : this.engine.readField(this.set.handle, path, c.value, this.lang));
    this.showHint(c, r);
    this.edit(path, r && r.ok ? r.value : undefined, false);
    this.edit(typedPath(path), blank ? undefined : { text: c.value, lang: this.lang }, true);
    if (res && res.ok) this.showScores(this.merged(res), Object.keys(res.nodes), true);
    else this.rescore();
  }

  /**
   * Sets a field of the draft and remembers the edit (merged into storage, sent to other
   * tabs); `edits`, when given, collects it for the engine's session.
   */
  edit(path, value, journal = true, edits = null) {
    // A figure pre-filled from last year, changed: it is this year's now.
    if (this.draft.carried && path[0] !== 'carried') {
      const pointer = this.previousView.carriedPointer(path);
      if (pointer) {
        const left = this.draft.carried.filter((p) => p !== pointer);
        setPath(this.draft, ['carried'], left.length ? left : undefined);
        this.sync.record(['carried'], this.draft.carried, journal);
        this.previousView.afterEdit();
      }
    }
    setPath(this.draft, path, value);
    this.sync.record(path, value, journal);
    if (edits) edits.push([path, value ?? null]);
  }

  /** A value already read, written into its field the current language's way. */
  shownValue(path, value) {
    const r = this.engine.showField(this.set.handle, path, value, this.lang);
    return r.ok ? r.shown : value;
  }

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

  /**
   * Shows under a number field what the engine read ("= 1.234 — một nghìn hai trăm ba
   * mươi bốn") or why it refused the text; returns the engine's answer (null when empty).
   */
  numberHint(input, lang = this.lang) {
    const text = input.value;
    const r = text.trim() === '' ? null : this.engine.readField(this.set.handle, JSON.parse(input.dataset.path), text, lang);
    this.showHint(input, r);
    return r;
  }

  /** Shows a number field's reading `r` (null: the field is blank) under it. */
  showHint(input, r) {
    const hint = input.parentElement.querySelector('.hint');
    if (!r) {
      if (hint) setText(hint, '');
      input.removeAttribute('aria-invalid');
      return;
    }
    if (!hint) return;
    if (r.ok) {
      const echo = r.shown === input.value.trim() && !r.words ? '' : `= ${r.shown}`;
      setText(hint, r.words ? `${echo} — ${r.words}` : echo);
      hint.classList.remove('error');
      input.removeAttribute('aria-invalid');
    } else {
      setText(hint, sentence(r[this.lang] || r.vi));
      hint.classList.add('error');
      input.setAttribute('aria-invalid', 'true');
    }
  }

  /**
   * Scores the whole draft again (a set, draft or year opened, a file imported, another
   * tab's edits): the engine's session is opened on it, with traces.
   */
  rescore() {
    if (!this.session) this.session = this.engine.session();
    const res = this.session.open(this.set.handle, scoringDocument(this.draft, this.engine));
    this.sessionOpen = res.ok;
    if (!res.ok) {
      const list = res.errors.slice(0, 10).map((f) => `${f.pointer || '/'}: ${f[this.lang] || f.vi}`);
      this.banner('values', 'error', `${this.t('values.invalid')}\n${list.join('\n')}`);
      return;
    }
    this.banner('values', null);
    this.report = res.report;
    this.showScores(res, null, true);
  }

  /**
   * An edit of a field that is not a number (a checkbox, a choice, a justification): the
   * engine's session scores what it reaches (the indicator, its parents, the totals), with
   * the traces, and the DOM shows them.
   */
  rescoreEdits(edits) {
    if (!this.sessionOpen) return this.rescore();
    const res = this.session.edit(edits, false);
    // A refused edit (the draft no longer reads as a values file): the whole draft is
    // scored again, which says why.
    if (!res.ok) return this.rescore();
    this.showScores(this.merged(res), Object.keys(res.nodes), true);
  }

  /**
   * The report with what the engine sent back for an edit written into it; the ranking,
   * readiness and counts come only when they changed (else the last ones stand).
   */
  merged(res) {
    const report = this.report;
    Object.assign(report.nodes, res.nodes);
    report.total = res.total;
    report.achieved = res.achieved;
    if (res.applicable) report.applicable = res.applicable;
    else delete report.applicable;
    const last = this.summaryNow;
    return {
      report,
      ranking: res.ranking || last.ranking,
      readiness: res.readiness || last.readiness,
      counts: res.counts || last.counts,
      progress: res.progress || last.progress,
      // What came new with this answer (the rest of the summary stands as drawn).
      fresh: { counts: !!res.counts, progress: !!res.progress },
    };
  }

  /**
   * Shows scores: the indicators `ids` (all when null), the summary and the readiness;
   * after an edit (`res.fresh`), only the parts of the summary it changed.
   */
  showScores(res, ids, withTraces) {
    const { ranking, readiness, counts, progress, fresh } = res;
    this.summaryNow = { ranking, readiness, counts, progress };
    if (readiness !== this.readiness) {
      this.readiness = readiness;
      this.signing.renderReadiness();
    }
    updateReport(this.ctx, this.index, res.report, withTraces, ids);
    renderSummary(this.ctx, this.els.summary, this.set.desc, res.report, res.ranking,
      !fresh || fresh.counts ? counts : undefined, this.summaryParts, withTraces, ids);
    if (!fresh || fresh.progress) renderProgress(this.ctx, this.els.progressHost, this.set.desc, progress, this.progressParts);
    const d = this.set.desc;
    setText(this.els.mobileTotal, `${this.t('summary.total')}: ${res.report.total === null ? '–' : this.ctx.num(res.report.total)}${d.scale ? ` / ${this.ctx.num(d.scale)}` : ''}`);
    if (withTraces) this.ranking = res.ranking;
    this.showEvidence();
    this.previousView.schedule();
  }

  // ---- print --------------------------------------------------------------------------

  /** Fills the print view (also done before every print, from the browser's menu too). */
  onPrintPreview() {
    renderPrint(this.ctx, this.els.print, this.set.desc, this.draft, this.report, this.signing.signatures(), this.signing.verdict());
    this.printEvidenceInto(this.els.print);
  }

  onPrint() {
    renderPrint(this.ctx, this.els.print, this.set.desc, this.draft, this.report, this.signing.signatures(), this.signing.verdict());
    this.printEvidenceInto(this.els.print);
    window.print();
  }
}

Object.assign(DtiSelfAssessment.prototype, setupMethods, draftMethods, autosaveMethods, fileMethods, workbookActionMethods, evidenceMethods);

if (!customElements.get('dti-self-assessment')) {
  customElements.define('dti-self-assessment', DtiSelfAssessment);
}
