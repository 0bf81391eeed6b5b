// The page's banners: one message per id (a failed save, an invalid set, an update
// ready…), each an error, a warning, an info or an ok, with at most one action button.
import { el } from './render.js';

export class Banners {
  constructor() {
    this.list = new Map();
    this.host = null;
  }

  /**
   * Shows banner `id` (kind null, or no text: removes it), in the host once there is one.
   * `text` (and an action's `label`) may be a function of nothing, called at each render,
   * so that a banner follows a change of language.
   */
  set(id, kind, text, action) {
    if (kind === null || text === null || text === undefined) this.list.delete(id);
    else this.list.set(id, { kind, text, action });
    this.render();
  }

  has(id) {
    return this.list.has(id);
  }

  /** Draws the banners into `host` (kept for the next changes). */
  render(host = this.host) {
    this.host = host;
    if (!host) return;
    const nodes = [];
    for (const [id, b] of this.list) {
      const p = el('div', { class: `banner ${b.kind}`, role: b.kind === 'error' ? 'alert' : 'status', 'data-banner': id },
        el('p', { text: typeof b.text === 'function' ? b.text() : b.text }));
      if (b.action) {
        const btn = el('button', { type: 'button', text: typeof b.action.label === 'function' ? b.action.label() : b.action.label });
        btn.addEventListener('click', b.action.run);
        p.append(btn);
      }
      nodes.push(p);
    }
    host.replaceChildren(...nodes);
  }
}
