// What the Excel buttons do (issue 16, items 1 and 2; the buttons are workbook-actions.js):
// the values workbook pre-filled with the draft, a filled workbook read back into the
// draft, and the unit's results as XLSX or CSV. This module, and the engine build that
// writes and reads workbooks (pkg/dti_score_workbook, engine.js loadWorkbookEngine), are
// fetched on the first press only; everything about the files (layout, reading,
// scoring, number formats) is the engine's. Its methods run on <dti-self-assessment>.
import { valuesDocument } from './drafts.js';
import { loadWorkbookEngine } from './engine.js';
import { XLSX, download } from './files.js';
import { cacheForOffline } from './offline.js';

/** A chosen file's bytes. */
function readBytes(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(new Uint8Array(r.result));
    r.onerror = () => reject(r.error);
    r.readAsArrayBuffer(file);
  });
}

export const workbookMethods = {
  /** The workbook engine, or null with a banner when it cannot be loaded (offline, first use). */
  async workbookEngine() {
    try {
      const engine = await loadWorkbookEngine();
      this.banner('workbook', null);
      cacheForOffline('workbook');
      return engine;
    } catch (e) {
      this.banner('workbook', 'error', () => this.t('workbook.load_failed', { error: e.message }));
      return null;
    }
  },

  /** The draft as a values document, as the draft's export writes it. */
  workbookValues() {
    return this.engine.settle(this.set.handle, valuesDocument(this.draft, this.engine));
  },

  /** A file name for this draft: `PREFIX-<set>-<year>.EXT`. */
  workbookFileName(prefix, ext) {
    return `${prefix}-${this.draft.set.id}-${this.draft.year}.${ext}`;
  },

  async onWorkbookTemplate() {
    await this.flush();
    const wb = await this.workbookEngine();
    if (!wb) return;
    // The year and the unit come with the values document (a unit only with its id: a
    // name alone would not read back).
    const r = wb.template(this.set.text, this.workbookValues(), this.draft.year, this.lang);
    if (!r.ok) {
      this.banner('workbook', 'error', () => `${this.t('values.invalid')}\n${r.errors.map((f) => `${f.pointer}: ${f[this.lang] || f.vi}`).join('\n')}`);
      return;
    }
    download(this.workbookFileName(this.t('workbook.template_file'), 'xlsx'), new Blob([r.bytes], { type: XLSX }));
  },

  async onImportWorkbook() {
    const f = this.els.workbookFile.files[0];
    this.els.workbookFile.value = '';
    if (!f) return;
    // A workbook is a values file in another form: the values file's size limit.
    const size = this.engine.checkFileSize('values', f.size);
    if (!size.ok) {
      this.banner('import', 'error', () => `${f.name}: ${size[this.lang] || size.vi}`);
      return;
    }
    const wb = await this.workbookEngine();
    if (!wb) return;
    let bytes;
    try {
      bytes = await readBytes(f);
    } catch (e) {
      this.banner('import', 'error', () => this.t('workbook.unreadable', { file: f.name, error: e.message }));
      return;
    }
    const r = wb.read(this.set.text, bytes, this.lang);
    if (!r.ok) {
      // Refused: the draft is not touched; every problem at its cell, in the page's language.
      this.banner('import', 'error', () => [this.t('workbook.refused', { file: f.name }),
        ...r.problems.map((p) => p[this.lang] || p.vi)].join('\n'));
      return;
    }
    // Read: into the draft the way a values file is imported.
    await this.importValues(r.values, f.name);
  },

  async onUnitResults(format) {
    await this.flush();
    const wb = await this.workbookEngine();
    if (!wb) return;
    const r = wb.results(this.set.text, this.draft.targets_text || '', this.workbookValues(), this.lang, format, this.draft.previous_text);
    if (!r.ok) {
      this.banner('workbook', 'error', () => `${this.t('values.invalid')}\n${r.errors.map((f) => `${f.pointer}: ${f[this.lang] || f.vi}`).join('\n')}`);
      return;
    }
    const type = format === 'csv' ? 'text/csv;charset=utf-8' : XLSX;
    download(this.workbookFileName(this.t('workbook.results_file'), format), new Blob([r.bytes], { type }));
  },
};
