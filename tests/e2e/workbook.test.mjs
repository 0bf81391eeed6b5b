// The page's Excel buttons (issue 16, items 1 and 2): the values workbook pre-filled with
// the draft (read back by the CLI), a filled workbook imported into the draft, a refused
// one leaving the draft as it was with every problem at its cell, the unit's results as
// XLSX and CSV (the CLI's files), and the workbook engine fetched on first use only and
// working offline after it.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ENGINE, FIXTURES, SETS, artifact, browser, cli, controlled, fillValues, ready, serve } from './lib.mjs';

const SET = join(SETS, 'dti-province-2025.json');
const VALUES = join(FIXTURES, 'province-2025-values.json');
const TARGETS = join(SETS, 'targets/an-giang-2026.json');
const doc = JSON.parse(readFileSync(VALUES, 'utf8'));

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });

const total = (page) => page.getAttribute('[data-testid="total"]', 'data-value');
const waitTotal = (page, value) => page.waitForFunction((v) => document.querySelector('dti-self-assessment').shadowRoot
  .querySelector('[data-testid="total"]').dataset.value === v, value, { timeout: 60000 });
const bannerText = (page) => page.textContent('[data-banner="import"]');

async function press(page, testid) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-testid="${testid}"]`)]);
  return download;
}

/** The XML parts of an XLSX file but its properties (their creation time differs). */
function xlsxParts(path) {
  const names = execFileSync('unzip', ['-Z1', path], { encoding: 'utf8' }).trim().split('\n')
    .filter((n) => !n.startsWith('docProps/')).sort();
  // (unzip takes a name as a pattern: its brackets escaped.)
  return Object.fromEntries(names.map((n) => [n, execFileSync('unzip', ['-p', path, n.replace(/[[\]]/g, '\\$&')], { encoding: 'utf8' })]));
}

test('the template is pre-filled with the draft, the CLI scores it to the page total; the first load does not fetch the workbook engine', async () => {
  const b = await browser();
  try {
    const { page } = b;
    const requests = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(server.url);
    await ready(page);
    assert.deepEqual(requests.filter((u) => u.includes('dti_score_workbook')), []);
    await page.fill('[name="year"]', '2025');
    await page.fill('[name="unit.name"]', doc.unit.name);
    await page.fill('[name="unit.id"]', doc.unit.id);
    await page.press('[name="unit.id"]', 'Tab');
    await fillValues(page, doc);
    await waitTotal(page, '643.71');
    // The buttons, in Vietnamese.
    assert.equal(await page.textContent('[data-testid="workbook-template"]'), 'Tải mẫu Excel');
    assert.equal(await page.textContent('label[for="workbook-file"]'), 'Nhập từ Excel…');
    assert.equal(await page.textContent('[data-testid="results-xlsx"]'), 'Tải kết quả (Excel)');
    assert.equal(await page.textContent('[data-testid="results-csv"]'), 'Tải kết quả (CSV)');

    const download = await press(page, 'workbook-template');
    assert.equal(download.suggestedFilename(), 'mau-nhap-lieu-dti-province-2025-2025.xlsx');
    const path = artifact(`template-${ENGINE}.xlsx`);
    await download.saveAs(path);
    const report = JSON.parse(cli('score', SET, path, '--json'));
    assert.equal(report.total, '643.71');
    assert.equal(report.year, 2025);
    assert.match(cli('score', SET, path), /Tổng điểm: 643,71 \/ 1\.000/);
    // Now, and only now, the workbook engine was fetched.
    assert.ok(requests.some((u) => u.endsWith('/pkg/dti_score_workbook_bg.wasm')), requests.join('\n'));
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test('a workbook the CLI wrote is imported into the draft; a workbook with a bad cell is refused at its cell, the draft unchanged (vi, en)', async () => {
  const good = artifact(`filled-${ENGINE}.xlsx`);
  cli('template', SET, '--values', VALUES, '-o', good);
  // The same with 1.5's count written in words: refused at Số liệu!F10.
  const badValues = artifact(`bad-values-${ENGINE}.json`);
  writeFileSync(badValues, JSON.stringify({ ...doc, values: { ...doc.values, '1.5': { a: 'bốn' } } }));
  const bad = artifact(`bad-${ENGINE}.xlsx`);
  cli('template', SET, '--values', badValues, '-o', bad);
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    await page.fill('[name="1.5.a"]', '3');
    await waitTotal(page, '40');
    await page.waitForSelector('[data-testid="save-state"][data-state="saved"]');

    await page.setInputFiles('#workbook-file', bad);
    await page.waitForSelector('[data-banner="import"]', { timeout: 60000 });
    assert.equal(await bannerText(page), `Không nhập được bad-${ENGINE}.xlsx; bản nháp giữ nguyên. Hãy sửa các ô sau rồi nhập lại:\n`
      + 'Số liệu!F10: “bốn” không phải là số; hãy viết bằng chữ số, ví dụ 1.234,5');
    assert.equal(await page.inputValue('[name="1.5.a"]'), '3');
    assert.equal(await total(page), '40');
    await page.locator('[data-banner="import"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact(`workbook-refused-${ENGINE}.png`) });
    // In English, the same problem at the same cell.
    await page.click('button.lang');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="workbook-template"]').textContent === 'Download Excel template');
    assert.equal(await bannerText(page), `bad-${ENGINE}.xlsx was not imported; the draft is unchanged. Correct these cells and import it again:\n`
      + 'Số liệu!F10: “bốn” is not a number; write it in digits, e.g. 1,234.5');
    assert.equal(await page.inputValue('[name="1.5.a"]'), '3');
    await page.click('button.lang');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="workbook-template"]').textContent === 'Tải mẫu Excel');

    // The good one: the draft becomes the workbook's values.
    await page.setInputFiles('#workbook-file', good);
    await waitTotal(page, '643.71');
    assert.equal(await page.textContent('[data-banner="import"]'), `Đã nhập filled-${ENGINE}.xlsx.`);
    assert.equal(await page.inputValue('[name="unit.id"]'), 'tinh-mau');
    assert.equal(await page.inputValue('[name="year"]'), '2025');
    assert.equal(await page.inputValue('[name="1.5.a"]'), '4');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test("the unit's results as XLSX and CSV are the CLI's files, with the province's targets", async () => {
  const cliCsv = artifact(`cli-results-${ENGINE}.csv`);
  const cliXlsx = artifact(`cli-results-${ENGINE}.xlsx`);
  cli('score', SET, VALUES, '--targets', TARGETS, '--csv', cliCsv, '--xlsx', cliXlsx);
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    await page.setInputFiles('#import-file', VALUES);
    await waitTotal(page, '643.71');
    await page.selectOption('select[name="targets"]', 'targets/an-giang-2026.json');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="target-total"]').textContent !== '');

    const csv = await press(page, 'results-csv');
    assert.equal(csv.suggestedFilename(), 'ket-qua-dti-province-2025-2025.csv');
    const csvPath = artifact(`page-results-${ENGINE}.csv`);
    await csv.saveAs(csvPath);
    const bytes = readFileSync(csvPath);
    assert.deepEqual(bytes, readFileSync(cliCsv));
    const text = bytes.toString('utf8');
    assert.ok(text.startsWith('\ufeffMã,Chỉ tiêu,Cấp,Điểm tối đa,Điểm,Trạng thái,Cách tính,Để đạt điểm tối đa,Điểm chỉ tiêu giao,Còn thiếu so với chỉ tiêu giao\r\n'));
    // 1.6: 30 points of 40, target 35, 5 short; the total: 643.71 of 1000, target 800.
    assert.match(text, /\r\n1\.6,[^\r]*,chỉ số thành phần,40,30,đủ số liệu,[^\r]*,35,5\r\n/);
    assert.ok(text.endsWith('\r\n,Tổng điểm,tổng,1000,643.71,,,,800,156.29\r\n'), text.slice(-80));

    const xlsx = await press(page, 'results-xlsx');
    assert.equal(xlsx.suggestedFilename(), 'ket-qua-dti-province-2025-2025.xlsx');
    const xlsxPath = artifact(`page-results-${ENGINE}.xlsx`);
    await xlsx.saveAs(xlsxPath);
    assert.deepEqual(xlsxParts(xlsxPath), xlsxParts(cliXlsx));

    // In English: the CLI's --en file.
    const cliEn = artifact(`cli-results-en-${ENGINE}.csv`);
    cli('score', SET, VALUES, '--targets', TARGETS, '--en', '--csv', cliEn);
    await page.click('button.lang');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="results-csv"]').textContent === 'Download results (CSV)');
    const en = await press(page, 'results-csv');
    assert.equal(en.suggestedFilename(), 'results-dti-province-2025-2025.csv');
    const enPath = artifact(`page-results-en-${ENGINE}.csv`);
    await en.saveAs(enPath);
    assert.deepEqual(readFileSync(enPath), readFileSync(cliEn));
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test('the buttons at 360 px and on a desktop', async () => {
  for (const [width, height] of [[360, 800], [1366, 900]]) {
    const b = await browser({ viewport: { width, height } });
    try {
      const { page } = b;
      await page.goto(server.url);
      await ready(page);
      const box = await page.$eval('[data-testid="results-csv"]', (e) => {
        const r = e.getBoundingClientRect();
        return { right: r.right, width: document.documentElement.clientWidth };
      });
      // Nothing runs off the screen.
      assert.ok(box.right <= box.width, `${width}: ${JSON.stringify(box)}`);
      await page.locator('.actions.workbook').scrollIntoViewIfNeeded();
      await page.screenshot({ path: artifact(`workbook-buttons-${width}-${ENGINE}.png`) });
    } finally {
      await b.close();
    }
  }
});

const cachedWorkbook = (page) => page.evaluate(async () => {
  const out = [];
  for (const key of await caches.keys()) {
    const cache = await caches.open(key);
    for (const n of ['pkg/dti_score_workbook.js', 'pkg/dti_score_workbook_bg.wasm']) if (await cache.match(n)) out.push(n);
  }
  return out.sort();
});

test('the service worker does not precache the workbook engine; after one use it works offline', async () => {
  const own = await serve();
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(own.url);
    await ready(page);
    await page.reload();
    await ready(page);
    await controlled(page);
    // Installed, with the first load's files and the rest, but not the workbook engine.
    assert.deepEqual(await cachedWorkbook(page), []);
    await page.fill('[name="1.5.a"]', '3');
    await waitTotal(page, '40');
    await press(page, 'workbook-template');
    // (Both files of the engine: a cache's entries may show one by one in Firefox.)
    await page.waitForFunction(async () => {
      const hits = new Set();
      for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        for (const n of ['pkg/dti_score_workbook.js', 'pkg/dti_score_workbook_bg.wasm']) if (await cache.match(n)) hits.add(n);
      }
      return hits.size === 2;
    }, null, { timeout: 60000 });
    assert.deepEqual(await cachedWorkbook(page), ['pkg/dti_score_workbook.js', 'pkg/dti_score_workbook_bg.wasm']);
    await page.waitForSelector('[data-testid="save-state"][data-state="saved"]');
    await own.stop();

    await page.reload();
    await ready(page);
    assert.equal(await total(page), '40');
    const download = await press(page, 'workbook-template');
    const path = artifact(`offline-template-${ENGINE}.xlsx`);
    await download.saveAs(path);
    assert.match(cli('score', SET, path), /Tổng điểm: 40 \/ 1\.000/);
  } finally {
    await b.close();
    await own.stop();
  }
});
