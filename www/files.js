// Files in and out of the page: a download offered to the person, a chosen file read,
// and the element's import of a values file or a signed submission.
import { newDraft, valuesDocument } from './drafts.js';
import { el } from './render.js';
import { draftKey } from './storage.js';

/** The media type of an XLSX workbook (the Excel buttons' files). */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Offers a file for download: `content` a Blob, or text saved with `type`. */
export function download(filename, content, type = 'application/json') {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename, rel: 'noopener', hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/** A chosen file's text. */
export function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result));
    r.onerror = () => reject(r.error);
    r.readAsText(file);
  });
}

/** The element's import methods (mixed into <dti-self-assessment>). */
export const fileMethods = {
  onExportDraft() {
    const d = this.draft;
    const name = `ban-nhap-${this.engine.proposeUnitId(d.unit.id || d.unit.name) || 'don-vi'}-${d.set.id}-${d.year}.json`;
    // The file keeps canonical values (and the texts that could not be read, so nothing
    // typed is lost); it always names the unit.
    const doc = this.engine.settle(this.set.handle, valuesDocument(d, this.engine));
    download(name, `${JSON.stringify(doc, null, 2)}\n`);
    d.exported_at = new Date().toISOString();
    this.save();
  },

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
    let text = null;
    try {
      text = await readFile(f);
    } catch (e) {
      // Unreadable: as not JSON.
    }
    // Which file it is, the engine says (by its `format`).
    const kind = text === null ? 'not_json' : this.engine.classifyFile(text);
    if (kind === 'not_json') {
      this.banner('import', 'error', this.t('import.not_json', { file: f.name }));
    } else if (kind === 'values') {
      await this.importValues(JSON.parse(text), f.name);
    } else if (kind === 'submission') {
      await this.importSubmission(JSON.parse(text), f.name);
    } else {
      this.banner('import', 'error', this.t('import.unknown', { file: f.name }));
    }
  },

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
  },

  async importSubmission(doc, fileName) {
    // Signed submissions: viewed, verified and continued in the signing section.
    await this.signing.importSubmission(doc, fileName);
  },
};
