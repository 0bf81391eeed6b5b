// No data loss: every change is autosaved to IndexedDB and restored on reload; drafts
// per unit × set × year; export of a draft as a values file the CLI scores the same.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { FIXTURES, ROOT, SETS, artifact, browser, cli, displayedPoints, fillValues, ready, serve } from './lib.mjs';

const doc = JSON.parse(readFileSync(join(FIXTURES, 'province-2025-values.json'), 'utf8'));

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });

async function savedState(page) {
  await page.waitForSelector('[data-testid="save-state"][data-state="saved"]');
}

test('every value typed is restored after a reload, with the same scores', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    await page.fill('[name="unit.name"]', doc.unit.name);
    await page.fill('[name="unit.id"]', doc.unit.id);
    await page.press('[name="unit.id"]', 'Tab');
    await fillValues(page, doc);
    await savedState(page);
    const before = await displayedPoints(page);
    const total = await page.getAttribute('[data-testid="total"]', 'data-value');
    assert.equal(total, '643.71');

    await page.reload();
    await ready(page);
    assert.equal(await page.inputValue('[name="unit.id"]'), doc.unit.id);
    assert.equal(await page.inputValue('[name="unit.name"]'), doc.unit.name);
    for (const [id, entry] of Object.entries(doc.values)) {
      for (const [field, v] of Object.entries(entry)) {
        if (field === 'items') {
          for (const [item, on] of Object.entries(v)) {
            assert.equal(await page.isChecked(`[name="${id}.items.${item}"]`), on, `${id}.items.${item}`);
          }
        } else {
          assert.equal(await page.inputValue(`[name="${id}.${field}"]`), v, `${id}.${field}`);
        }
      }
    }
    assert.deepEqual(await displayedPoints(page), before);
    assert.equal(await page.getAttribute('[data-testid="total"]', 'data-value'), '643.71');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test('the exported draft is a values file that the CLI scores to the page total', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    await page.fill('[name="year"]', '2025');
    await page.fill('[name="unit.name"]', doc.unit.name);
    await page.fill('[name="unit.id"]', doc.unit.id);
    await page.press('[name="unit.id"]', 'Tab');
    await fillValues(page, doc);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-draft"]')]);
    assert.equal(download.suggestedFilename(), 'ban-nhap-tinh-mau-dti-province-2025-2025.json');
    const path = artifact('exported-draft.json');
    await download.saveAs(path);
    const exported = JSON.parse(readFileSync(path, 'utf8'));
    assert.equal(exported.format, 'dti-score/values/v1');
    assert.deepEqual(exported.set, { id: 'dti-province-2025', version: doc.set.version });
    assert.equal(exported.year, 2025);
    assert.deepEqual(exported.unit, { id: doc.unit.id, name: doc.unit.name, level: 'commune' });
    // Boxes left unticked are not written (they were never touched); the figures, typed
    // the Vietnamese way ("1.021.300", "61,5"), are written canonically ("1021300", "61.5").
    // (canonical decimals carry no trailing zeros: "70.515,0" is "70515")
    const canonical = (v) => (typeof v === 'string' && /^[0-9.]+(,[0-9]+)?$/.test(v)
      ? v.replace(/\./g, '').replace(',', '.').replace(/(\.[0-9]*?)0+$/, '$1').replace(/\.$/, '') : v);
    const typed = JSON.parse(JSON.stringify(doc.values), (k, v) => (v === false ? undefined : canonical(v)));
    assert.deepEqual(exported.values, typed);
    const report = JSON.parse(cli('score', join(SETS, 'dti-province-2025.json'), path, '--json'));
    assert.equal(report.total, await page.getAttribute('[data-testid="total"]', 'data-value'));
  } finally {
    await b.close();
  }
});

test('importing a draft file fills the form; drafts of two units are kept apart', async () => {
  const b = await browser();
  try {
    const { page } = b;
    const file = artifact('import-draft.json');
    writeFileSync(file, JSON.stringify({ ...doc, unit: { id: 'xa-a', name: 'Xã A', level: 'commune' } }));
    await page.goto(server.url);
    await ready(page);
    await page.setInputFiles('#import-file', file);
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="total"]').dataset.value === '643.71');
    await savedState(page);
    assert.equal(await page.inputValue('[name="unit.id"]'), 'xa-a');
    assert.equal(await page.inputValue('[name="year"]'), '2025');

    // A second unit: a new draft, empty. (Typed once it is shown: the page first saves
    // what waits to be saved of the draft it leaves.)
    await page.click('text=Bản nháp mới');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[name="unit.name"]').value === '');
    await page.fill('[name="unit.name"]', 'Xã B');
    await page.fill('[name="unit.id"]', 'xa-b');
    await page.press('[name="unit.id"]', 'Tab');
    await page.fill('[name="1.5.a"]', '3');
    await savedState(page);
    assert.equal(await page.getAttribute('[data-testid="total"]', 'data-value'), '40');

    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelectorAll('select[name="draft"] option').length === 2);
    const options = await page.$$eval('select[name="draft"] option', (os) => os.map((o) => o.textContent));
    // Issue 15: the list names the set by its title, not its id.
    assert.ok(options.includes('Xã A · Bộ chỉ số đánh giá chuyển đổi số (DTI) cấp tỉnh · 2025'), options.join('|'));
    assert.ok(options.some((o) => o.startsWith('Xã B · Bộ chỉ số đánh giá chuyển đổi số (DTI) cấp tỉnh ·')), options.join('|'));

    // Back to Xã A: its values and total.
    const keyA = await page.$eval('select[name="draft"]', (s) => [...s.options].find((o) => o.textContent.startsWith('Xã A')).value);
    await page.selectOption('select[name="draft"]', keyA);
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="total"]').dataset.value === '643.71');
    assert.equal(await page.inputValue('[name="1.5.a"]'), '4');
    // The draft opened last is the one restored.
    await page.reload();
    await ready(page);
    assert.equal(await page.inputValue('[name="unit.id"]'), 'xa-a');
  } finally {
    await b.close();
  }
});

test('a browser that refuses storage (private mode) is told, in Vietnamese, how not to lose work', async () => {
  const b = await browser();
  try {
    const { page } = b;
    const vi = JSON.parse(readFileSync(join(ROOT, 'www/i18n/vi.json'), 'utf8'));
    await page.addInitScript(() => {
      Object.defineProperty(window, 'indexedDB', { get() { return null; } });
    });
    await page.goto(server.url);
    await ready(page);
    assert.equal(await page.textContent('[data-banner="storage"] p'), vi['storage.error.unavailable']);
    await page.fill('[name="1.5.a"]', '3');
    assert.equal(await page.getAttribute('[data-testid="save-state"]', 'data-state'), 'unavailable');
    assert.equal(await page.textContent('[data-testid="save-state"]'), vi['save.unavailable']);
    // The page still scores.
    assert.equal(await page.getAttribute('[data-testid="total"]', 'data-value'), '40');
  } finally {
    await b.close();
  }
});

test('a full disk (quota exceeded) is reported, not swallowed, and the next save clears it', async () => {
  const b = await browser();
  try {
    const { page } = b;
    const vi = JSON.parse(readFileSync(join(ROOT, 'www/i18n/vi.json'), 'utf8'));
    await page.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function patched(...args) {
        if (window.__quotaFull && this.name === 'drafts') throw new DOMException('quota', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await page.goto(server.url);
    await ready(page);
    await page.evaluate(() => { window.__quotaFull = true; });
    await page.fill('[name="1.5.a"]', '3');
    await page.waitForSelector('[data-banner="save"]');
    assert.equal(await page.textContent('[data-banner="save"] p'), vi['storage.error.quota']);
    assert.equal(await page.getAttribute('[data-testid="save-state"]', 'data-state'), 'error');
    await page.evaluate(() => { window.__quotaFull = false; });
    await page.fill('[name="1.5.a"]', '4');
    await page.waitForSelector('[data-testid="save-state"][data-state="saved"]');
    assert.equal(await page.$('[data-banner="save"]'), null);
  } finally {
    await b.close();
  }
});
