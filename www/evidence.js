// Evidence ("Minh chứng") on each indicator of the self-assessment page: the unit's
// citations (document number, date, issuing body, title or summary, URL) and, for each,
// optionally a file. The file is hashed by the engine (SHA-256, in the signing build,
// loaded on use); its name, size and hash go into the draft, the file itself only into
// this browser's storage, and only when the unit ticks "keep the file in this browser".
//
// The citations' checks (a date that is not a date, a document number of another shape,
// evidence the set asks for and none given) are the engine's; this file only draws them
// beside the fields they name.
//
// This module is the editor of one indicator's citations, loaded when the unit first
// opens an indicator's "Minh chứng" (evidence-section.js draws the closed sections, their
// count and the "none given" warning on the first load, and gives the editor its hooks:
// `t`, `change(id, list)`, `hash(file)`, `keep(id, file, meta)`).
import { loadSigningEngine } from './engine.js';
import { el, sentence, setText } from './render.js';

/** The text fields of a citation, in the order they are drawn. */
const FIELDS = ['document', 'date', 'issuer', 'title', 'url'];

export class EvidenceEditor {
  /**
   * Fills an evidence host (evidence-section.js: `{ root, details, body, countEl, warnEl }`)
   * with the editor of indicator `id`'s citations `list`.
   */
  constructor(id, list, hooks, host) {
    this.id = id;
    this.hooks = hooks;
    this.host = host;
    this.list = list.map((c) => ({ ...c }));
    const t = hooks.t;
    this.countEl = host.countEl;
    this.itemsEl = el('ol', { class: 'citations' });
    this.addBtn = el('button', { type: 'button', 'data-testid': `evidence-add-${id}`, text: t('evidence.add') });
    this.addBtn.addEventListener('click', () => {
      this.list.push({});
      this.draw();
      this.changed();
      const first = this.itemsEl.lastElementChild && this.itemsEl.lastElementChild.querySelector('input');
      if (first) first.focus();
    });
    host.body.replaceChildren(el('p', { class: 'hint', text: t('evidence.hint') }), this.itemsEl, this.addBtn);
    this.root = host.root;
    this.draw();
  }

  /** Shows another list (the draft's, changed elsewhere). */
  reset(list) {
    this.list = list.map((c) => ({ ...c }));
    this.draw();
  }

  /** The citations as the draft keeps them: blank fields left out. */
  value() {
    return this.list.map((c) => {
      const out = {};
      for (const k of FIELDS) if (typeof c[k] === 'string' && c[k].trim() !== '') out[k] = c[k];
      if (c.sha256) out.sha256 = c.sha256;
      if (c.file) out.file = c.file;
      return out;
    });
  }

  changed() {
    const v = this.value();
    this.hooks.change(this.id, v.length ? v : undefined);
  }

  draw() {
    const t = this.hooks.t;
    setText(this.countEl, this.list.length ? `(${this.list.length})` : '');
    this.fieldEls = [];
    this.itemsEl.replaceChildren(...this.list.map((c, i) => this.drawCitation(c, i, t)));
  }

  drawCitation(c, i, t) {
    const base = `ev-${this.id}-${i}`;
    const fields = {};
    const row = el('li', { class: 'citation', 'data-testid': `citation-${this.id}-${i}` });
    for (const k of FIELDS) {
      const inputId = `${base}-${k}`;
      const input = el('input', {
        id: inputId, type: k === 'url' ? 'url' : 'text', name: `evidence.${this.id}.${i}.${k}`,
        value: c[k] || '', placeholder: t(`evidence.${k}_placeholder`), autocomplete: 'off',
      });
      const msg = el('span', { class: 'hint', id: `${inputId}-msg` });
      input.setAttribute('aria-describedby', msg.id);
      input.addEventListener('input', () => {
        c[k] = input.value;
        this.changed();
      });
      fields[k] = { input, msg };
      row.append(el('div', { class: `field ev-${k}` }, el('label', { for: inputId, text: t(`evidence.${k}`) }), input, msg));
    }
    // The file: chosen here, hashed by the engine, never uploaded.
    const fileId = `${base}-file`;
    const chooser = el('input', { id: fileId, type: 'file', name: `evidence.${this.id}.${i}.file` });
    const keep = el('input', { id: `${fileId}-keep`, type: 'checkbox', name: `evidence.${this.id}.${i}.keep` });
    const fileInfo = el('p', { class: 'file-info', 'data-testid': `evidence-file-${this.id}-${i}` });
    const hashMsg = el('span', { class: 'hint', id: `${fileId}-msg` });
    const showFile = () => {
      const f = c.file;
      const sha = f ? f.sha256 : c.sha256;
      fileInfo.replaceChildren(...(sha ? [
        f ? `${f.name}${f.size ? ` (${t('evidence.bytes', { n: f.size })})` : ''} — ` : '',
        `SHA-256 `, el('code', { class: 'sha256', 'data-testid': `evidence-sha256-${this.id}-${i}`, text: sha }),
      ] : [t('evidence.no_file')]));
    };
    chooser.addEventListener('change', async () => {
      const file = chooser.files && chooser.files[0];
      if (!file) return;
      setText(hashMsg, t('evidence.hashing'));
      hashMsg.classList.remove('error');
      try {
        const meta = await this.hooks.hash(file);
        c.file = meta;
        delete c.sha256;
        setText(hashMsg, '');
        showFile();
        this.changed();
        if (keep.checked && await this.hooks.keep(this.id, file, meta)) fileInfo.dataset.kept = 'true';
      } catch (e) {
        setText(hashMsg, sentence(e.message || String(e)));
        hashMsg.classList.add('error');
      }
    });
    keep.addEventListener('change', async () => {
      const file = chooser.files && chooser.files[0];
      if (keep.checked && file && c.file && await this.hooks.keep(this.id, file, c.file)) fileInfo.dataset.kept = 'true';
    });
    const remove = el('button', { type: 'button', class: 'link', 'data-testid': `evidence-remove-${this.id}-${i}`, text: t('evidence.remove') });
    remove.addEventListener('click', () => {
      this.list.splice(i, 1);
      this.draw();
      this.changed();
    });
    fields.sha256 = { msg: hashMsg };
    fields['file.sha256'] = { msg: hashMsg };
    fields['file.name'] = { msg: hashMsg };
    fields['file.size'] = { msg: hashMsg };
    row.append(
      el('div', { class: 'field wide ev-file' },
        el('label', { for: fileId, text: t('evidence.file') }), chooser,
        el('label', { class: 'keep' }, keep, ' ', t('evidence.keep')),
        fileInfo, hashMsg),
      remove);
    showFile();
    this.fieldEls[i] = fields;
    return row;
  }

  /** The engine's findings for this indicator, each under the field it names (the "none given" warning is the host's). */
  showFindings(findings, lang) {
    const pick = (f) => sentence(f[lang] || f.vi);
    for (const fields of this.fieldEls) {
      if (!fields) continue;
      for (const [k, f] of Object.entries(fields)) {
        if (k === 'sha256' || k.startsWith('file.')) continue;
        setText(f.msg, '');
        f.msg.classList.remove('error', 'warn');
        if (f.input) f.input.removeAttribute('aria-invalid');
      }
    }
    for (const f of findings) {
      if (f.index === undefined) continue;
      const fields = this.fieldEls[f.index];
      const place = fields && fields[f.field];
      if (!place) continue;
      setText(place.msg, pick(f));
      place.msg.classList.add(f.severity === 'error' ? 'error' : 'warn');
      if (place.input && f.severity === 'error') place.input.setAttribute('aria-invalid', 'true');
    }
  }
}

/**
 * What an editor calls on the element `app`: the strings, a changed list, a file's hash
 * (the signing build), keeping a file in this browser.
 */
export function editorHooks(app) {
  return {
    t: app.t,
    change: (id, list) => {
      const edits = [];
      app.edit(['values', id, 'evidence'], list, true, edits);
      app.rescoreEdits(edits);
      app.changed();
    },
    hash: async (file) => {
      const [engine, bytes] = await Promise.all([loadSigningEngine(), file.arrayBuffer()]);
      return { name: file.name, sha256: engine.sha256Hex(new Uint8Array(bytes)), size: String(file.size) };
    },
    keep: async (id, file, meta) => {
      // Its own banner: the drafts' storage banner says something else.
      if (!app.storage) {
        app.banner('evidence-storage', 'error', app.storageMessage(app.storageError));
        return false;
      }
      try {
        await app.storage.putFile({
          key: `${app.draft.key}|${id}|${meta.sha256}`, draft: app.draft.key, indicator: id,
          // The bytes, not the File: WebKit refuses to store a File (a Blob) in IndexedDB.
          name: meta.name, size: meta.size, sha256: meta.sha256, type: file.type, bytes: await file.arrayBuffer(),
        });
        return true;
      } catch (e) {
        // A full disk: the page's own storage-full message (storage.error.quota).
        app.banner('evidence-storage', 'error', app.storageMessage(e));
        return false;
      }
    },
  };
}
