// Last year beside this year: the unit opens last year's signed submission or values
// file (any version of the set); every indicator, main indicator and the total show last
// year's points and the change, every field last year's answer; "Bắt đầu từ số liệu năm
// trước" pre-fills an empty draft from it, each pre-filled field marked until the unit
// confirms or changes it (signing refuses it before: the engine's `carried`).
//
// The engine does all of it (src/previous.rs, in the signing build, loaded on use: a
// submission's signatures are checked): reading the file, matching indicators by id, the
// points and the change, the notes, the figures as written, the pre-filled draft. This
// module draws what it returns; it is loaded on use too (previous-section.js draws the
// section's buttons on the first load). Last year's file is kept in the draft
// (`previous_text`), so a reload keeps the comparison.
import { loadSigningEngine } from './engine.js';
import { el, setText } from './render.js';

/** The form control's name for a path (render.js: `1.1.a`, `context.dan_so`). */
function nameOf(path) {
  return path[0] === 'context' ? path.join('.') : path.slice(1).join('.');
}

export class PreviousView {
  constructor(app, els) {
    this.app = app;
    this.attach(els);
    this.handle = null;
    this.info = null;
    this.error = null;
    this.compared = null;
    this.pending = 0;
    this.loadedText = null;
  }

  get t() { return this.app.t; }

  /**
   * Takes the section's elements (previous-section.js builds them with the shell):
   * { section, file, status, prefillBtn, clearBtn }; the file input and the buttons act
   * through the section, which calls onOpen, onPrefill and onClear.
   */
  attach(els) {
    Object.assign(this, els);
  }

  /** The draft shown changed (opened, imported, another language): its last year again. */
  async showDraft() {
    const text = this.app.draft && this.app.draft.previous_text;
    if (!text) {
      this.handle = null;
      this.info = null;
      this.compared = null;
      this.loadedText = null;
      if (this.app.draft && this.app.draft.carried && this.app.draft.carried.length) await this.engine();
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

  /** The signing build (reading last year's file checks its signatures; carried fields' paths), or null with the error kept. */
  async engine() {
    if (this.full) return this.full;
    try {
      this.full = await loadSigningEngine();
      return this.full;
    } catch (e) {
      this.error = { vi: this.app.t('previous.engine_failed', { error: e.message }), en: this.app.t('previous.engine_failed', { error: e.message }) };
      return null;
    }
  }

  async read(text) {
    this.error = null;
    const full = await this.engine();
    if (!full) return false;
    const r = full.readPrevious(text);
    if (!r.ok) {
      this.error = r;
      this.handle = null;
      this.info = null;
      return false;
    }
    this.handle = r.previous;
    this.info = r.info;
    this.loadedText = text;
    return true;
  }

  /** Reads the chosen file (taken from the file input by the section). */
  async onOpen(f) {
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

  /**
   * Pre-fills the current draft, when it has no answers yet (nothing is overwritten);
   * a draft whose unit is not named yet takes last year's unit.
   */
  async onPrefill() {
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
    // A draft whose unit is not named yet takes last year's unit, unless this year's
    // draft of that unit exists already (the identity stays; the figures still come).
    let unitNote = '';
    const unit = d.unit || {};
    if (v.unit && (v.unit.id || v.unit.name) && !unit.id && !unit.name) {
      const E = this.app.els;
      E.unitId.value = v.unit.id || '';
      E.unitName.value = v.unit.name || '';
      if (v.unit.level) E.unitLevel.value = v.unit.level;
      this.app.idEdited = Boolean(v.unit.id);
      await this.app.onIdentityChange();
      if ((this.app.draft.unit.id || '') !== (v.unit.id || '')) {
        E.unitName.value = unit.name || '';
        unitNote = ` ${this.t('previous.prefill_unit_exists', { unit: v.unit.name || v.unit.id })}`;
      }
    }
    for (const [id, entry] of Object.entries(v.values || {})) this.app.edit(['values', id], entry);
    for (const [id, entry] of Object.entries(v.context || {})) this.app.edit(['context', id], entry);
    this.app.edit(['carried'], v.carried && v.carried.length ? v.carried : undefined);
    this.note = { kind: unitNote ? 'warn' : 'ok', text: `${this.t('previous.prefilled', { n: this.app.ctx.num(String((v.carried || []).length)) })}${unitNote}`, notes: p.notes };
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
    // (The change as the engine writes it, signed: "+2,5".)
    const changed = (shown) => (shown ? shown[lang] : '–');
    for (const n of r.nodes) {
      const score = root.querySelector(`[data-testid="points-${CSS.escape(n.id)}"]`);
      if (!score) continue;
      const line = el('p', { class: 'last-year', 'data-testid': `last-${n.id}` },
        n.points.last === null || n.points.last === undefined
          ? t('previous.node_none')
          : t('previous.node', { points: num(n.points.last), change: changed(r.changes[n.id]) }));
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
        text: ` ${t('previous.total', { points: r.total.last === null ? '–' : num(r.total.last), change: changed(r.total_change) })}` }));
    }
    this.markCarried();
  }

  /**
   * The pointer by which the draft's `carried` lists the field at `path` (as the form
   * binds it), or null: not carried, or the engine that reads the pointers not loaded yet.
   */
  carriedPointer(path) {
    const carried = this.app.draft && this.app.draft.carried;
    if (!carried || !this.full) return null;
    if (this.carriedFrom !== carried) {
      this.carriedFrom = carried;
      this.carriedByPath = new Map(carried.map((p) => [JSON.stringify(this.full.pathOf(p)), p]));
    }
    return this.carriedByPath.get(JSON.stringify(path)) || null;
  }

  /** Marks every field pre-filled from last year and not confirmed yet, with its "Xác nhận" button. */
  markCarried() {
    const app = this.app;
    const root = app.els.form;
    if (!root || !this.full) return;
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
      const path = this.full.pathOf(pointer);
      const control = root.querySelector(`[name="${CSS.escape(nameOf(path))}"]`);
      const host = control && (control.closest('.field, fieldset, .item, label') || control.parentElement);
      if (!host || [...host.children].some((c) => c.dataset && c.dataset.pointer === pointer)) continue;
      host.classList.add('carried');
      const btn = el('button', { type: 'button', class: 'carried-mark', 'data-testid': `confirm-${nameOf(path)}`, text: this.t('previous.confirm') });
      btn.dataset.pointer = pointer;
      btn.addEventListener('click', () => app.confirmCarried(pointer));
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
