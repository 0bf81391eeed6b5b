// Evidence ("Minh chứng") as the first load draws it, on each leaf indicator: a closed
// section with the number of citations, and above it the engine's warning when the set
// asks for evidence and none is given (the first-load engine's draft session gives it on
// every edit). Opening a section loads the citations' editor (evidence.js) and the
// signing build (every evidence finding, and the file hash); the print view's list of
// citations is drawn from here. Mixed into <dti-self-assessment>.
import { valuesDocument } from './drafts.js';
import { loadSigningEngine } from './engine.js';
import { el, sentence, setText } from './render.js';

/** One leaf's evidence section, closed: `{ root, details, body, countEl, warnEl }`. */
function evidenceHost(t, id, list, onOpen) {
  const countEl = el('span', { class: 'count', text: list.length ? `(${list.length})` : '' });
  const warnEl = el('p', { class: 'warn evidence-warning', role: 'note', 'data-testid': `evidence-warning-${id}`, hidden: true });
  const body = el('div', { class: 'evidence-body' });
  const details = el('details', { class: 'evidence', 'data-testid': `evidence-${id}` },
    el('summary', null, t('evidence.heading'), ' ', countEl), body);
  details.addEventListener('toggle', () => { if (details.open) onOpen(); });
  // The warning stays in sight with the section closed.
  const root = el('div', { class: 'evidence-host' }, warnEl, details);
  return { root, details, body, countEl, warnEl };
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

let editorModule = null;

export const evidenceMethods = {
  /** Draws the closed sections into the form just drawn (`index`: renderForm's); editors already open are drawn again. */
  drawEvidence(index) {
    this.evidenceHosts = new Map();
    this.evidenceEditors = new Map();
    for (const [id, entry] of index) {
      if (!entry.card) continue;
      const host = evidenceHost(this.t, id, this.evidenceList(id), () => this.openEvidence(id));
      // Before the messages and trace: with the indicator's own fields.
      const fields = entry.card.querySelector('.fields');
      if (fields) fields.after(host.root);
      else entry.card.append(host.root);
      this.evidenceHosts.set(id, host);
    }
  },

  /** Indicator `id`'s citations in the draft. */
  evidenceList(id) {
    return (this.draft.values[id] && this.draft.values[id].evidence) || [];
  },

  /** A section opened: its editor (evidence.js, loaded once) and the signing build for every finding. */
  async openEvidence(id) {
    this.loadEvidenceEngine();
    if (this.evidenceEditors.has(id)) return;
    const hosts = this.evidenceHosts;
    if (!editorModule) {
      editorModule = import('./evidence.js');
      editorModule.catch(() => { editorModule = null; });
    }
    let m;
    try {
      m = await editorModule;
    } catch (e) {
      this.banner('evidence', 'error', () => this.t('evidence.load_failed', { error: e.message }));
      return;
    }
    // (The form drawn again meanwhile: its own sections open theirs.)
    const host = hosts.get(id);
    if (hosts !== this.evidenceHosts || !host || this.evidenceEditors.has(id)) return;
    this.banner('evidence', null);
    this.evidenceEditors.set(id, new m.EvidenceEditor(id, this.evidenceList(id), m.editorHooks(this), host));
    this.showEvidence();
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
    if (!this.evidenceHosts) return;
    for (const [id, host] of this.evidenceHosts) {
      const list = this.evidenceList(id);
      const editor = this.evidenceEditors.get(id);
      if (!editor) setText(host.countEl, list.length ? `(${list.length})` : '');
      else if (!(focused && editor.root.contains(focused)) && JSON.stringify(list) !== JSON.stringify(editor.value())) editor.reset(list);
    }
  },

  /**
   * The engine's evidence findings (after every scoring): the "none given" warning on
   * every section, every other finding in the open editors.
   */
  showEvidence() {
    if (!this.evidenceHosts) return;
    let findings = [];
    if (this.sessionOpen && this.fullEvidence) {
      const full = this.fullEvidence;
      findings = full.evidenceFindings(full.setHandle(this.set.text), JSON.stringify(valuesDocument(this.draft, this.engine)));
    } else if (this.sessionOpen) findings = this.session.evidenceFindings();
    const byId = new Map();
    for (const f of findings || []) {
      if (!byId.has(f.indicator)) byId.set(f.indicator, []);
      byId.get(f.indicator).push(f);
    }
    for (const [id, host] of this.evidenceHosts) {
      const mine = byId.get(id) || [];
      const notGiven = mine.find((f) => f.index === undefined);
      setText(host.warnEl, notGiven ? sentence(notGiven[this.lang] || notGiven.vi) : '');
      host.warnEl.hidden = !notGiven;
      const editor = this.evidenceEditors.get(id);
      if (editor) editor.showFindings(mine, this.lang);
    }
  },

  /** The print view's evidence list, after the rest of the print view. */
  printEvidenceInto(host) {
    host.append(...printEvidence(this.ctx, this.set.desc, this.draft));
  },
};
