// The "Số liệu năm trước" (last year's figures) section as the first load draws it: its
// title, its hint and the button that opens last year's file. What it does (reading the
// file, last year's points beside this year's, the pre-fill, the marks on carried
// figures) is previous.js, imported only when the unit opens a file or the draft has
// last year's file or carried figures; the element calls this module only.
import { el } from './render.js';

export class PreviousSection {
  /** @param app the <dti-self-assessment> element. */
  constructor(app) {
    this.app = app;
    this.view = null;
    this.loading = null;
  }

  /** previous.js's view, loaded once (null, with the reason shown, when it cannot be). */
  async load() {
    if (!this.loading) {
      this.loading = import('./previous.js').then((m) => {
        this.view = new m.PreviousView(this.app, this.els);
        return this.view;
      });
      this.loading.catch(() => { this.loading = null; });
    }
    try {
      return await this.loading;
    } catch (e) {
      this.els.status.replaceChildren(el('p', { class: 'banner error', 'data-testid': 'previous-error', text: this.app.t('previous.load_failed', { error: e.message }) }));
      return null;
    }
  }

  /** Whether the current draft needs the view: last year's file, or figures still carried. */
  needed() {
    const d = this.app.draft;
    return Boolean(d && (d.previous_text || (d.carried && d.carried.length)));
  }

  /** The section (built with every shell, in the shell's language). */
  build() {
    const t = this.app.t;
    const file = el('input', { type: 'file', id: 'previous-file', accept: '.json,application/json', class: 'visually-hidden', 'data-testid': 'previous-file' });
    file.addEventListener('change', async () => {
      const f = file.files[0];
      file.value = '';
      if (!f) return;
      const view = await this.load();
      if (view) await view.onOpen(f);
    });
    const status = el('div', { class: 'previous-status', 'data-testid': 'previous-status', 'aria-live': 'polite' });
    const prefillBtn = el('button', { type: 'button', 'data-testid': 'previous-prefill', text: t('previous.prefill'), hidden: true });
    prefillBtn.addEventListener('click', () => this.view && this.view.onPrefill());
    const clearBtn = el('button', { type: 'button', 'data-testid': 'previous-clear', text: t('previous.clear'), hidden: true });
    clearBtn.addEventListener('click', () => this.view && this.view.onClear());
    const section = el('section', { class: 'previous', 'aria-labelledby': 'previous-h', 'data-testid': 'previous' },
      el('h2', { id: 'previous-h', text: t('previous.title') }),
      el('p', { class: 'hint', text: t('previous.hint') }),
      el('div', { class: 'actions' },
        el('label', { for: 'previous-file', class: 'button' }, t('previous.open'), file),
        prefillBtn, clearBtn),
      status);
    this.els = { section, file, status, prefillBtn, clearBtn };
    if (this.view) {
      this.view.attach(this.els);
      this.view.render();
    }
    return section;
  }

  /** The draft shown changed (opened, imported, another language): its last year, if any. */
  async showDraft() {
    if (!this.view && !this.needed()) return;
    const view = await this.load();
    if (view) await view.showDraft();
  }

  /** The marks on carried figures, drawn again (the view is loaded whenever there are any). */
  markCarried() {
    if (this.view) this.view.markCarried();
    else if (this.needed()) this.showDraft();
  }

  render() {
    if (this.view) this.view.render();
  }

  /** The pointer the draft's `carried` lists the field at `path` by, or null (previous.js). */
  carriedPointer(path) {
    return this.view ? this.view.carriedPointer(path) : null;
  }

  /** A carried figure was changed. */
  afterEdit() {
    if (this.view) this.view.afterEdit();
  }

  /** The draft was scored again: compared again once the typing pauses. */
  schedule() {
    if (this.view) this.view.schedule();
  }
}
