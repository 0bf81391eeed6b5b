// The "sign and export" section as the page first draws it: a closed <details>. Opening
// it, or importing a submission, loads the signing panel (signing.js, not part of the
// first load), which then draws into it; the element calls this module only.
import { el } from './render.js';

export class SignSection {
  /** @param app the <dti-self-assessment> element (its signing interface, see signing.js). */
  constructor(app) {
    this.app = app;
    this.panel = null;
    this.wasOpen = false;
  }

  /** The signing panel, loaded once. */
  load() {
    if (!this.loading) {
      this.loading = import('./signing.js').then((m) => {
        this.panel = new m.SigningPanel(this.app);
        return this.panel;
      });
      this.loading.catch(() => { this.loading = null; });
    }
    return this.loading;
  }

  /** Draws the section into `host`, closed unless it was open. */
  render(host) {
    const t = this.app.signingContext().t;
    this.host = host;
    this.body = el('div', { class: 'sign-body' });
    this.details = el('details', { class: 'sign-details', open: this.wasOpen },
      el('summary', { 'data-testid': 'sign-open' }, el('h2', { id: 'sign-h', text: t('sign.title') })),
      this.body);
    const details = this.details;
    details.addEventListener('toggle', () => {
      this.wasOpen = details.open;
      if (details.open) this.open();
    });
    host.replaceChildren(details);
    if (this.panel) this.panel.attach(host, details, this.body);
    if (details.open) this.open();
  }

  /** The panel, attached to the section as drawn now. */
  async attached() {
    if (!this.panel) this.body.replaceChildren(el('p', { class: 'meta', text: this.app.signingContext().t('sign.loading') }));
    const panel = await this.load();
    if (panel.details !== this.details) panel.attach(this.host, this.details, this.body);
    return panel;
  }

  /** Opens the section; resolves when drawn. */
  async open() {
    if (!this.details.open) this.details.open = true;
    let panel;
    try {
      panel = await this.attached();
    } catch (e) {
      this.body.replaceChildren(el('p', { class: 'banner error', text: this.app.signingContext().t('sign.load_failed', { error: e.message }) }));
      return;
    }
    await panel.open();
  }

  renderReadiness() {
    if (this.panel) this.panel.renderReadiness();
  }

  renderKeys() {
    if (this.panel) this.panel.renderKeys();
  }

  /** Signers of the last signed or imported submission, for the print view. */
  signatures() {
    return this.panel ? this.panel.signatures() : [];
  }

  /** The verdict on the last submission verified, for the print view (null when none). */
  verdict() {
    return this.panel ? this.panel.verdict() : null;
  }

  /** Shows an imported submission with the engine's verdict, in the opened section. */
  async importSubmission(doc, fileName) {
    const panel = await this.attached();
    await panel.importSubmission(doc, fileName);
  }
}
