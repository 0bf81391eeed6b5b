// Evidence (issue 16, item 3): a citation and a file added on the page, the file hashed by
// the engine in the browser (the hash shown is `sha256sum`'s), the warning for an indicator
// whose set text names evidence, the signed submission carrying the citation, the CLI's
// `verify --evidence` matching the file, and the review page saying a tampered file is altered.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, FIXTURES, ROOT, SETS, artifact, artifactIfSupported, browser, fillValues, makeKey, printedText, ready, serve, shadow } from './lib.mjs';

const SET = join(SETS, 'dti-province-2025.json');
const doc = JSON.parse(readFileSync(join(FIXTURES, 'province-2025-values.json'), 'utf8'));

let server;
let work;
before(async () => {
  server = await serve();
  work = mkdtempSync(join(tmpdir(), 'dti-e2e-evidence-'));
});
after(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

const text = (page, selector) => shadow(page, (root, sel) => {
  const e = root.querySelector(sel);
  return e ? e.textContent : null;
}, selector);

/**
 * Opens indicator `id`'s evidence and adds a citation, by keyboard (the sticky progress
 * bar may cover a scrolled-to summary for a click).
 */
async function addCitation(page, id) {
  await page.focus(`[data-testid="evidence-${id}"] > summary`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[data-testid="evidence-add-${id}"]`);
  await page.focus(`[data-testid="evidence-add-${id}"]`);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`[name="evidence.${id}.0.document"]`);
}

const visible = (page, selector) => shadow(page, (root, sel) => {
  const e = root.querySelector(sel);
  return !!e && !e.hidden && e.getClientRects().length > 0;
}, selector);

test('evidence on the page: the warning, a citation and a file hashed in the browser, signed, verified by the CLI, altered in the review page', async () => {
  const plan = join(work, 'ke-hoach-05.pdf');
  writeFileSync(plan, '%PDF-1.4\nKế hoạch số 05/KH-UBND: chuyển đổi số năm 2025\n');
  const expected = execFileSync('sha256sum', [plan], { encoding: 'utf8' }).split(' ')[0];
  const size = String(readFileSync(plan).length);

  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    await page.fill('[name="year"]', '2025');
    await page.fill('[name="unit.name"]', 'Xã Tân Hòa');
    await page.fill('[name="unit.id"]', 'xa-tan-hoa');
    await page.press('[name="unit.id"]', 'Tab');
    await fillValues(page, doc);

    // 1.4's set text names the evidence expected (its `evidence` field) and none is given.
    await page.waitForFunction(() => {
      const e = document.querySelector('dti-self-assessment').shadowRoot.querySelector('[data-testid="evidence-warning-1.4"]');
      return e && !e.hidden && e.textContent.length > 0;
    });
    assert.equal(await text(page, '[data-testid="evidence-warning-1.4"]'),
      'Chỉ số 1.4: bộ chỉ số yêu cầu minh chứng nhưng đơn vị chưa nêu minh chứng nào');
    // An indicator whose text names none: no warning.
    assert.equal(await visible(page, '[data-testid="evidence-warning-1.1"]'), false);

    // A citation with a date that is not a date: the engine's error under the field.
    await addCitation(page, '1.4');
    await page.fill('[name="evidence.1.4.0.document"]', 'Kế hoạch số 05/KH-UBND');
    await page.fill('[name="evidence.1.4.0.date"]', '31/2/2025');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[name="evidence.1.4.0.date"]').getAttribute('aria-invalid') === 'true');
    assert.equal(await text(page, '[data-testid="citation-1.4-0"] .ev-date .hint'),
      'Ngày “31/2/2025” không phải ngày hợp lệ: viết theo dạng NNNN-TT-NN (2025-05-09) hoặc N/T/NNNN (9/5/2025)');
    await page.fill('[name="evidence.1.4.0.date"]', '1/3/2025');
    await page.fill('[name="evidence.1.4.0.issuer"]', 'UBND xã Tân Hòa');
    await page.fill('[name="evidence.1.4.0.title"]', 'Kế hoạch chuyển đổi số năm 2025');
    await page.waitForFunction(() => !document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[name="evidence.1.4.0.date"]').hasAttribute('aria-invalid'));
    // The warning is gone once a citation is given.
    assert.equal(await visible(page, '[data-testid="evidence-warning-1.4"]'), false);

    // The file: hashed by the engine in the browser, the hash shown is sha256sum's; kept in
    // this browser (IndexedDB) because the box is ticked.
    await page.check('[name="evidence.1.4.0.keep"]');
    await page.setInputFiles('[name="evidence.1.4.0.file"]', plan);
    await page.waitForSelector('[data-testid="evidence-sha256-1.4-0"]', { timeout: 60000 });
    assert.equal(await text(page, '[data-testid="evidence-sha256-1.4-0"]'), expected);
    assert.equal(await text(page, '[data-testid="evidence-file-1.4-0"]'), `ke-hoach-05.pdf (${size} byte) — SHA-256 ${expected}`);

    await page.waitForSelector('[data-testid="evidence-file-1.4-0"][data-kept="true"]');
    const kept = await page.evaluate(async () => {
      const db = await new Promise((res, rej) => {
        const r = indexedDB.open('dti-score');
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const all = await new Promise((res, rej) => {
        const r = db.transaction('files', 'readonly').objectStore('files').getAll();
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const out = all.map((f) => [f.indicator, f.name, f.size, f.sha256, f.bytes.byteLength]);
      db.close();
      return out;
    });
    assert.deepEqual(kept, [['1.4', 'ke-hoach-05.pdf', size, expected, Number(size)]]);

    // Screenshots of the evidence section, desktop and 360 px wide.
    const card = page.locator('#n-1\\.4');
    await artifactIfSupported(card.screenshot({ path: artifact('evidence-desktop.png') }));
    await page.setViewportSize({ width: 360, height: 800 });
    await artifactIfSupported(card.screenshot({ path: artifact('evidence-360.png') }));
    await page.setViewportSize({ width: 1366, height: 900 });

    // The print view lists the citation.
    const printed = await printedText(page, 'evidence-print.pdf');
    assert.match(printed.replace(/\s+/g, ' '), /Kế hoạch số 05\/KH-UBND, 1\/3\/2025, UBND xã Tân Hòa: Kế hoạch chuyển đổi số năm 2025/);

    // Signed: the submission carries the citation and the file's hash.
    await page.click('[data-testid="sign-open"]');
    await page.click('details.new-key > summary');
    await makeKey(page, 'Nguyễn Văn An', 'preparer', 'mật khẩu người lập');
    await page.selectOption('[name="sign.preparer"]', { index: 1 });
    await page.fill('[name="sign.preparer.passphrase"]', 'mật khẩu người lập');
    await page.click('[data-testid="unlock-preparer"]');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="unlocked-preparer"]').textContent.includes('Nguyễn Văn An'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="sign"]')]);
    const subs = join(work, 'subs');
    mkdirSync(subs, { recursive: true });
    const file = join(subs, 'submission-xa-tan-hoa-2025.json');
    await download.saveAs(file);
    const submission = JSON.parse(readFileSync(file, 'utf8'));
    assert.deepEqual(submission.values.values['1.4'].evidence, [{
      document: 'Kế hoạch số 05/KH-UBND', date: '1/3/2025', issuer: 'UBND xã Tân Hòa',
      title: 'Kế hoạch chuyển đổi số năm 2025', file: { name: 'ke-hoach-05.pdf', sha256: expected, size },
    }]);

    // The CLI matches the file to the signed hash.
    const files = join(work, 'files');
    mkdirSync(files, { recursive: true });
    writeFileSync(join(files, 'ke-hoach-05.pdf'), readFileSync(plan));
    const ok = spawnSync(BIN, ['verify', '--set', SET, '--evidence', files, '--en', file], { encoding: 'utf8' });
    assert.equal(ok.status, 3, ok.stdout + ok.stderr); // signers not proven without keys.json: 3
    assert.ok(ok.stdout.endsWith(`Evidence of ${file}\n  MATCHING indicator 1.4: evidence “ke-hoach-05.pdf” present and matching (ke-hoach-05.pdf)\n1/1 evidence files match\n`), ok.stdout);

    // The review page: the submission and a tampered file of the same name: altered.
    writeFileSync(join(subs, 'ke-hoach-05.pdf'), '%PDF-1.4\nKế hoạch số 05/KH-UBND: đã sửa\n');
    await page.goto(`${server.url}review.html`);
    await page.waitForSelector('#review[data-ready="true"]', { timeout: 60000 });
    await page.setInputFiles('#set-file', SET);
    await page.waitForSelector('#review[data-set="dti-province-2025"]');
    await page.setInputFiles('#folder', subs);
    await page.waitForSelector('#review[data-state="done"]', { timeout: 120000 });
    await page.waitForSelector('[data-testid="evidence"] tbody tr');
    const rows = await page.$$eval('[data-testid="evidence"] tbody tr', (trs) => trs.map((r) => [r.dataset.indicator, r.dataset.status, ...[...r.cells].map((c) => c.textContent)]));
    assert.deepEqual(rows, [[
      '1.4', 'altered', 'subs/submission-xa-tan-hoa-2025.json', '1.4', 'ke-hoach-05.pdf', 'Bị thay đổi',
      'chỉ số 1.4: tệp minh chứng “ke-hoach-05.pdf” đã bị thay đổi (mã SHA-256 khác với mã đã ký)',
    ]]);
    await artifactIfSupported(page.locator('#evidence-section').screenshot({ path: artifact('evidence-review.png') }));
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test('a full disk when keeping an evidence file: the storage-full message, the citation and its hash kept in the draft', async () => {
  const plan = join(work, 'bien-ban.pdf');
  writeFileSync(plan, '%PDF-1.4\nBiên bản kiểm tra\n');
  const expected = execFileSync('sha256sum', [plan], { encoding: 'utf8' }).split(' ')[0];
  const size = String(readFileSync(plan).length);
  const vi = JSON.parse(readFileSync(join(ROOT, 'www/i18n/vi.json'), 'utf8'));
  const b = await browser();
  try {
    const { page } = b;
    // The files' store is full; the drafts' is not.
    await page.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      IDBObjectStore.prototype.put = function patched(...args) {
        if (this.name === 'files') throw new DOMException('quota', 'QuotaExceededError');
        return put.apply(this, args);
      };
    });
    await page.goto(server.url);
    await ready(page);
    await addCitation(page, '1.4');
    await page.fill('[name="evidence.1.4.0.document"]', 'Biên bản số 12/BB-UBND');
    await page.check('[name="evidence.1.4.0.keep"]');
    await page.setInputFiles('[name="evidence.1.4.0.file"]', plan);
    await page.waitForSelector('[data-testid="evidence-sha256-1.4-0"]', { timeout: 60000 });
    await page.waitForSelector('[data-banner="evidence-storage"]');
    assert.equal(await text(page, '[data-banner="evidence-storage"] p'), vi['storage.error.quota']);
    assert.equal(await text(page, '[data-testid="evidence-sha256-1.4-0"]'), expected);
    // The draft keeps the citation and the file's hash and name: a reload shows them.
    await page.waitForSelector('[data-testid="save-state"][data-state="saved"]');
    await page.reload();
    await ready(page);
    const draft = await page.evaluate(() => document.querySelector('dti-self-assessment').draft.values['1.4'].evidence);
    assert.deepEqual(draft, [{ document: 'Biên bản số 12/BB-UBND', file: { name: 'bien-ban.pdf', sha256: expected, size } }]);
  } finally {
    await b.close();
  }
});
