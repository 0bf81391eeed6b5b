// Last year beside this year: the unit opens last year's signed submission or values
// file (any version of the set); every indicator, main indicator and the total show last
// year's points and the change, every field last year's answer; "Bắt đầu từ số liệu năm
// trước" pre-fills an empty draft from it, each pre-filled field marked until the unit
// confirms or changes it (signing refuses it before: the engine's `carried`).
//
// The engine does all of it (src/previous.rs, in the signing build, loaded on use: a
// submission's signatures are checked): reading the file, matching indicators by id, the
// points and the change, the notes, the figures as written, the pre-filled draft. This
// module draws what it returns. Last year's file is kept in the draft
// (`previous_text`), so a reload keeps the comparison.
import { loadSigningEngine } from './engine.js';
import { el, setText } from './render.js';

/** A field's path as the values file's `carried` lists it (a JSON pointer, RFC 6901). */
export function pointerOf(path) {
  return path.map((k) => `/${String(k).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** The form control's name for a path (render.js: `1.1.a`, `context.dan_so`). */
function nameOf(path) {
  return path[0] === 'context' ? path.join('.') : path.slice(1).join('.');
}

export class PreviousView {
  constructor(app) {
    this.app = app;
    this.handle = null;
    this.info = null;
    this.error = null;
    this.compared = null;
    this.pending = 0;
    this.loadedText = null;
  }

  get t() { return this.app.t; }

  /** The section (built once per shell). */
  build() {
    const t = this.t;
    this.file = el('input', { type: 'file', id: 'previous-file', accept: '.json,application/json', class: 'visually-hidden', 'data-testid': 'previous-file' });
    this.file.addEventListener('change', () => this.onOpen());
    this.status = el('div', { class: 'previous-status', 'data-testid': 'previous-status', 'aria-live': 'polite' });
    this.prefillBtn = el('button', { type: 'button', 'data-testid': 'previous-prefill', text: t('previous.prefill'), hidden: true });
    this.prefillBtn.addEventListener('click', () => this.onPrefill());
    this.clearBtn = el('button', { type: 'button', 'data-testid': 'previous-clear', text: t('previous.clear'), hidden: true });
    this.clearBtn.addEventListener('click', () => this.onClear());
    this.section = el('section', { class: 'previous', 'aria-labelledby': 'previous-h', 'data-testid': 'previous' },
      el('h2', { id: 'previous-h', text: t('previous.title') }),
      el('p', { class: 'hint', text: t('previous.hint') }),
      el('div', { class: 'actions' },
        el('label', { for: 'previous-file', class: 'button' }, t('previous.open'), this.file),
        this.prefillBtn, this.clearBtn),
      this.status);
    return this.section;
  }

  /** The draft shown changed (opened, imported, another language): its last year again. */
  async showDraft() {
    const text = this.app.draft && this.app.draft.previous_text;
    if (!text) {
      this.handle = null;
      this.info = null;
      this.compared = null;
      this.loadedText = null;
      this.drawBeside();
      this.render();
      this.markCarried();
      return;
    }
    if (text !== this.loadedText) await this.read(text);
    this.render();
    this.markCarried();
    this.schedule();
  }

  async read(text) {
    this.error = null;
    let full;
    try {
      full = await loadSigningEngine();
    } catch (e) {
      this.error = { vi: this.app.t('previous.engine_failed', { error: e.message }), en: this.app.t('previous.engine_failed', { error: e.message }) };
      return false;
    }
    const r = full.readPrevious(text);
    if (!r.ok) {
      this.error = r;
      this.handle = null;
      this.info = null;
      return false;
    }
    this.full = full;
    this.handle = r.previous;
    this.info = r.info;
    this.loadedText = text;
    return true;
  }

  async onOpen() {
    const f = this.file.files[0];
    this.file.value = '';
    if (!f) return;
    const size = this.app.engine.checkFileSize('submission', f.size);
    if (!size.ok) {
      this.error = size;
      this.render();
      return;
    }
    const text = await f.text();
    if (!(await this.read(text))) {
      this.render();
      return;
    }
    this.fileName = f.name;
    this.app.edit(['previous_text'], text);
    this.app.save();
    this.render();
    this.schedule();
  }

  onClear() {
    this.app.edit(['previous_text'], undefined);
    this.app.save();
    this.showDraft();
  }

  /** Pre-fills the current draft, when it has no answers yet (nothing is overwritten). */
  onPrefill() {
    const d = this.app.draft;
    if (!this.handle) return;
    const empty = Object.keys(d.values || {}).length === 0 && Object.keys(d.context || {}).length === 0;
    if (!empty) {
      this.note = { kind: 'error', text: this.t('previous.prefill_not_empty') };
      this.render();
      return;
    }
    const p = JSON.parse(this.handle.prefillJson(this.full.setHandle(this.app.set.text), d.year));
    const v = p.values;
    for (const [id, entry] of Object.entries(v.values || {})) this.app.edit(['values', id], entry);
    for (const [id, entry] of Object.entries(v.context || {})) this.app.edit(['context', id], entry);
    this.app.edit(['carried'], v.carried && v.carried.length ? v.carried : undefined);
    this.note = { kind: 'ok', text: this.t('previous.prefilled', { n: this.app.ctx.num(String((v.carried || []).length)) }), notes: p.notes };
    this.app.showSet();
    this.app.save();
  }

  /** A pre-filled field was changed: its mark goes (after the keystroke's own drawing). */
  afterEdit() {
    queueMicrotask(() => { this.markCarried(); this.render(); });
  }

  /** Compares again once the typing pauses (the engine scores the whole draft). */
  schedule() {
    if (!this.handle) return;
    const ticket = ++this.pending;
    setTimeout(() => { if (ticket === this.pending) this.compare(); }, 120);
  }

  compare() {
    if (!this.handle || !this.app.set) return;
    const r = JSON.parse(this.handle.compareJson(this.full.setHandle(this.app.set.text), this.app.scoringText()));
    if (!r.ok) return;
    this.compared = r;
    this.drawBeside();
    this.render();
  }

  /** Last year's points and the change beside every indicator and the total; last year's answers beside the fields. */
  drawBeside() {
    const app = this.app;
    const root = app.els.form;
    const t = this.t;
    const num = app.ctx.num;
    const lang = app.lang;
    for (const old of app.shadow.querySelectorAll('.last-year, .last-figure')) old.remove();
    const r = this.compared;
    if (!r) return;
    const changed = (d) => (d === null || d === undefined ? '–' : `${Number(d) > 0 ? '+' : ''}${num(d)}`);
    for (const n of r.nodes) {
      const score = root.querySelector(`[data-testid="points-${CSS.escape(n.id)}"]`);
      if (!score) continue;
      const line = el('p', { class: 'last-year', 'data-testid': `last-${n.id}` },
        n.points.last === null || n.points.last === undefined
          ? t('previous.node_none')
          : t('previous.node', { points: num(n.points.last), change: changed(n.points.change) }));
      for (const note of n.notes || []) line.append(el('span', { class: 'note', text: ` — ${note[lang]}` }));
      score.closest('header').append(line);
    }
    for (const f of r.figures) {
      const control = root.querySelector(`[name="${CSS.escape(nameOf(f.path))}"]`);
      const host = control && (control.closest('.field, fieldset, .item, label') || control.parentElement);
      if (!host) continue;
      host.append(el('span', { class: 'last-figure', 'data-testid': `last-figure-${nameOf(f.path)}`, text: t('previous.figure', { value: f.text[lang] }) }));
    }
    const total = app.shadow.querySelector('[data-testid="total"]');
    if (total) {
      total.parentElement.append(el('span', { class: 'last-year', 'data-testid': 'last-total',
        text: ` ${t('previous.total', { points: r.total.last === null ? '–' : num(r.total.last), change: changed(r.total.change) })}` }));
    }
    this.markCarried();
  }

  /** Marks every field pre-filled from last year and not confirmed yet, with its "Xác nhận" button. */
  markCarried() {
    const app = this.app;
    const root = app.els.form;
    if (!root) return;
    const carried = new Set((app.draft && app.draft.carried) || []);
    // Marks of fields no longer carried go; the others stay as they are (a button is
    // never replaced under the pointer).
    for (const btn of root.querySelectorAll('.carried-mark')) {
      if (carried.has(btn.dataset.pointer)) continue;
      const host = btn.parentElement;
      btn.remove();
      if (host) host.classList.remove('carried');
    }
    for (const pointer of carried) {
      const path = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
      const control = root.querySelector(`[name="${CSS.escape(nameOf(path))}"]`);
      const host = control && (control.closest('.field, fieldset, .item, label') || control.parentElement);
      if (!host || [...host.children].some((c) => c.dataset && c.dataset.pointer === pointer)) continue;
      host.classList.add('carried');
      const btn = el('button', { type: 'button', class: 'carried-mark', 'data-testid': `confirm-${nameOf(path)}`, text: this.t('previous.confirm') });
      btn.dataset.pointer = pointer;
      btn.addEventListener('click', () => app.confirmCarried(path));
      host.append(btn);
    }
  }

  render() {
    if (!this.section) return;
    const t = this.t;
    const lang = this.app.lang;
    const parts = [];
    if (this.error) parts.push(el('p', { class: 'banner error', 'data-testid': 'previous-error', text: this.error[lang] || this.error.vi }));
    if (this.info) {
      const src = this.info.source;
      const from = src.kind === 'submission' ? t('previous.from_submission', { key: src.prepared_by }) : t('previous.from_values');
      const set = this.info.set ? ` · ${t('previous.set', { id: this.info.set[0], version: this.info.set[1] || '–' })}` : '';
      parts.push(el('p', { class: 'previous-info', 'data-testid': 'previous-info', text: `${t('previous.year', { year: this.info.year ?? '–' })} · ${from}${set}` }));
    }
    if (this.compared) {
      const list = (this.compared.notes || []).map((n) => el('li', { 'data-code': n.code, text: n[lang] }));
      if (list.length) parts.push(el('ul', { class: 'previous-notes', 'data-testid': 'previous-notes' }, ...list));
    }
    if (this.note) {
      parts.push(el('p', { class: `banner ${this.note.kind}`, 'data-testid': 'previous-note', text: this.note.text }));
      const list = (this.note.notes || []).map((n) => el('li', { 'data-code': n.code, text: n[lang] }));
      if (list.length) parts.push(el('ul', { class: 'previous-notes', 'data-testid': 'prefill-notes' }, ...list));
    }
    const carried = (this.app.draft && this.app.draft.carried) || [];
    if (carried.length) parts.push(el('p', { class: 'banner warn', 'data-testid': 'carried-count', text: t('previous.carried_left', { n: this.app.ctx.num(String(carried.length)) }) }));
    this.status.replaceChildren(...parts);
    this.prefillBtn.hidden = !this.handle;
    this.clearBtn.hidden = !this.handle;
    setText(this.prefillBtn, t('previous.prefill'));
  }
}
