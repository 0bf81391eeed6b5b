// The Excel buttons of the setup section (issue 16, items 1 and 2): "Tải mẫu Excel",
// "Nhập từ Excel" and the unit's results as XLSX or CSV. What they do is workbook.js,
// imported on the first press (with the workbook engine it loads), not on the page's
// first load. Mixed into <dti-self-assessment>.
import { XLSX } from './files.js';
import { el } from './render.js';

let loading = null;

export const workbookActionMethods = {
  /** The Excel buttons, for the setup section's toolbar (into `this.els`). */
  buildWorkbookActions() {
    const t = this.t;
    const E = this.els;
    const button = (key, testid, ...run) => {
      const b = el('button', { type: 'button', text: t(key), 'data-testid': testid });
      b.addEventListener('click', () => this.runWorkbook(...run));
      return b;
    };
    E.workbookFile = el('input', {
      type: 'file', id: 'workbook-file', class: 'visually-hidden', 'data-testid': 'workbook-file',
      accept: `.xlsx,${XLSX}`,
    });
    E.workbookFile.addEventListener('change', () => this.runWorkbook('onImportWorkbook'));
    return el('div', { class: 'actions workbook', role: 'group', 'aria-label': t('workbook.group') },
      button('workbook.template', 'workbook-template', 'onWorkbookTemplate'),
      el('label', { for: 'workbook-file', class: 'button' }, t('workbook.import'), E.workbookFile),
      button('workbook.results_xlsx', 'results-xlsx', 'onUnitResults', 'xlsx'),
      button('workbook.results_csv', 'results-csv', 'onUnitResults', 'csv'));
  },

  /** Runs one of workbook.js's methods on this element, importing it once; a failed import is a banner. */
  async runWorkbook(method, ...args) {
    if (!loading) {
      loading = import('./workbook.js');
      loading.catch(() => { loading = null; });
    }
    let m;
    try {
      m = await loading;
    } catch (e) {
      this.banner('workbook', 'error', () => this.t('workbook.load_failed', { error: e.message }));
      return undefined;
    }
    // (Its methods call each other on the element: mixed in once loaded.)
    if (!this.onWorkbookTemplate) Object.assign(Object.getPrototypeOf(this), m.workbookMethods);
    return this[method](...args);
  },
};
