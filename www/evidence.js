// Evidence ("Minh chứng") on each indicator of the self-assessment page: the unit's
// citations (document number, date, issuing body, title or summary, URL) and, for each,
// optionally a file. The file is hashed by the engine (SHA-256, in the signing build,
// loaded on use); its name, size and hash go into the draft, the file itself only into
// this browser's storage, and only when the unit ticks "keep the file in this browser".
//
// The citations' checks (a date that is not a date, a document number of another shape,
// evidence the set asks for and none given) are the engine's; this file only draws them
// beside the fields they name. The first-load engine's draft session gives the "none
// given" warnings on every edit; the signing build (loaded once the unit turns to
// evidence: opens a section, or the draft has citations) gives every finding.
//
// The element talks to it through `attachEvidence(index, draft)` after the form is drawn,
// `showEvidenceFindings(findings)` after each scoring, and the `change(id, list)`,
// `hash(file)`, `keep(record)` and `problem(error)` hooks it gives.
import { valuesDocument } from './drafts.js';
import { loadSigningEngine } from './engine.js';
import { el, sentence, setText } from './render.js';

/** The text fields of a citation, in the order they are drawn. */
const FIELDS = ['document', 'date', 'issuer', 'title', 'url'];

/**
 * Draws each leaf's evidence editor into its card (index: the form's node id → entry,
 * whose `card` is the leaf's). `hooks`: { t, change(id, list), hash(file) → Promise of
 * { name, sha256, size }, keep(id, file, meta) → Promise of whether it was kept, wake() }.
 */
export function attachEvidence(index, draft, hooks) {
  const editors = new Map();
  for (const [id, entry] of index) {
    if (!entry.card) continue;
    const list = (draft.values[id] && draft.values[id].evidence) || [];
    const editor = new EvidenceEditor(id, entry.node, list, hooks);
    // Before the messages and trace: with the indicator's own fields.
    const fields = entry.card.querySelector('.fields');
    if (fields) fields.after(editor.root);
    else entry.card.append(editor.root);
    editors.set(id, editor);
  }
  return editors;
}

/** Shows the engine's evidence findings on each editor (none: every editor cleared). */
export function showEvidenceFindings(editors, findings, lang) {
  const byId = new Map();
  for (const f of findings || []) {
    if (!byId.has(f.indicator)) byId.set(f.indicator, []);
    byId.get(f.indicator).push(f);
  }
  for (const [id, editor] of editors) editor.showFindings(byId.get(id) || [], lang);
}

class EvidenceEditor {
  constructor(id, node, list, hooks) {
    this.id = id;
    this.hooks = hooks;
    this.list = list.map((c) => ({ ...c }));
    const t = hooks.t;
    this.countEl = el('span', { class: 'count' });
    this.warnEl = el('p', { class: 'warn evidence-warning', role: 'note', 'data-testid': `evidence-warning-${id}` });
    this.itemsEl = el('ol', { class: 'citations' });
    this.addBtn = el('button', { type: 'button', 'data-testid': `evidence-add-${id}`, text: t('evidence.add') });
    this.addBtn.addEventListener('click', () => {
      this.list.push({});
      this.draw();
      this.changed();
      const first = this.itemsEl.lastElementChild && this.itemsEl.lastElementChild.querySelector('input');
      if (first) first.focus();
    });
    this.root = el('details', { class: 'evidence', 'data-testid': `evidence-${id}` },
      el('summary', null, t('evidence.heading'), ' ', this.countEl),
      el('p', { class: 'hint', text: t('evidence.hint') }),
      this.itemsEl, this.addBtn);
    this.root.addEventListener('toggle', () => { if (this.root.open) hooks.wake(); });
    // The warning stays in sight with the section closed.
    this.outer = el('div', { class: 'evidence-host' }, this.warnEl, this.root);
    this.root = this.outer;
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

  /** The engine's findings for this indicator, each under the field it names. */
  showFindings(findings, lang) {
    const pick = (f) => sentence(f[lang] || f.vi);
    const notGiven = findings.find((f) => f.index === undefined);
    setText(this.warnEl, notGiven ? pick(notGiven) : '');
    this.warnEl.hidden = !notGiven;
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

/** The citations of every indicator, for the print view: a heading and one list per indicator. */
export function printEvidence(ctx, set, draft) {
  const t = ctx.t;
  const items = [];
  for (const n of set.nodes) {
    const list = draft.values[n.id] && draft.values[n.id].evidence;
    if (!list || !list.length) continue;
    items.push(el('li', { 'data-testid': `print-evidence-${n.id}` },
      el('span', { class: 'code', text: `${n.code}: ` }),
      el('ul', null, ...list.map((c) => el('li', { text: citationText(t, c) })))));
  }
  if (!items.length) return [];
  return [el('h2', { text: t('evidence.heading') }), el('ul', { class: 'evidence-print', 'data-testid': 'print-evidence' }, ...items)];
}

/** One citation as a line: "05/KH-UBND, 2025-03-01, UBND xã …: title — file (SHA-256 …)". */
function citationText(t, c) {
  const head = [c.document, c.date, c.issuer].filter(Boolean).join(', ');
  const parts = [head, c.title].filter(Boolean).join(': ');
  const sha = c.file ? c.file.sha256 : c.sha256;
  const file = c.file ? `${c.file.name} ` : '';
  return [parts || t('evidence.untitled'), c.url, sha ? `${file}(SHA-256 ${sha})` : ''].filter(Boolean).join(' — ');
}

/**
 * The element's evidence methods (mixed into <dti-self-assessment>): the editors drawn
 * with the form, the engine's findings after each scoring, the print view's list.
 */
export const evidenceMethods = {
  /** Draws the editors into the form just drawn (`index`: renderForm's). */
  drawEvidence(index) {
    this.evidenceEditors = attachEvidence(index, this.draft, {
      t: this.t,
      wake: () => this.loadEvidenceEngine(),
      change: (id, list) => {
        this.loadEvidenceEngine();
        const edits = [];
        this.edit(['values', id, 'evidence'], list, true, edits);
        this.rescoreEdits(edits);
        this.changed();
      },
      hash: async (file) => {
        const [engine, bytes] = await Promise.all([loadSigningEngine(), file.arrayBuffer()]);
        return { name: file.name, sha256: engine.sha256Hex(new Uint8Array(bytes)), size: String(file.size) };
      },
      keep: async (id, file, meta) => {
        // Its own banner: the drafts' storage banner says something else.
        if (!this.storage) {
          this.banner('evidence-storage', 'error', this.storageMessage(this.storageError));
          return false;
        }
        try {
          await this.storage.putFile({
            key: `${this.draft.key}|${id}|${meta.sha256}`, draft: this.draft.key, indicator: id,
            // The bytes, not the File: WebKit refuses to store a File (a Blob) in IndexedDB.
            name: meta.name, size: meta.size, sha256: meta.sha256, type: file.type, bytes: await file.arrayBuffer(),
          });
          return true;
        } catch (e) {
          // A full disk: the page's own storage-full message (storage.error.quota).
          this.banner('evidence-storage', 'error', this.storageMessage(e));
          return false;
        }
      },
    });
    if (Object.values(this.draft.values).some((v) => v && v.evidence && v.evidence.length)) this.loadEvidenceEngine();
  },

  /** The signing build, for every evidence finding (once; the findings are shown again when it is there). */
  loadEvidenceEngine() {
    if (this.evidenceEngine) return;
    this.evidenceEngine = loadSigningEngine().then((full) => {
      this.fullEvidence = full;
      this.showEvidence();
    }, (e) => {
      this.evidenceEngine = null;
      console.error(e);
    });
  },

  /** The draft's citations drawn again where they changed (another tab's edits), but in the editor being typed in. */
  refillEvidence(focused) {
    if (!this.evidenceEditors) return;
    for (const [id, editor] of this.evidenceEditors) {
      if (focused && editor.root.contains(focused)) continue;
      const list = (this.draft.values[id] && this.draft.values[id].evidence) || [];
      if (JSON.stringify(list) !== JSON.stringify(editor.value())) editor.reset(list);
    }
  },

  /** The engine's evidence findings on the editors (after every scoring). */
  showEvidence() {
    if (!this.evidenceEditors) return;
    let findings = [];
    if (this.sessionOpen && this.fullEvidence) {
      const full = this.fullEvidence;
      findings = full.evidenceFindings(full.setHandle(this.set.text), JSON.stringify(valuesDocument(this.draft, this.engine)));
    } else if (this.sessionOpen) findings = this.session.evidenceFindings();
    showEvidenceFindings(this.evidenceEditors, findings, this.lang);
  },

  /** The print view's evidence list, after the rest of the print view. */
  printEvidenceInto(host) {
    host.append(...printEvidence(this.ctx, this.set.desc, this.draft));
  },
};
