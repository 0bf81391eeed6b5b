// The province's review page (review.html): a folder of signed submissions (made with
// the library through examples/sign_batch.rs, one test key per unit) is loaded into the
// page, and what the page shows and downloads is checked against `dti-score aggregate`:
// the ranking cell by cell, every file's verdict, the CSV byte for byte, the XLSX's
// sheets; an appraisal signed in the page is accepted by the CLI; the page works offline;
// 3,500 files are handled in a Web Worker while the main thread keeps ticking.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, DIST, ROOT, artifact, browser, cli, serve } from './lib.mjs';
import { axeCheck } from './axe.mjs';
import { stepIfSupported } from './skip-unsupported.mjs';

/** Two main indicators; 1.2 relative (min–max over the batch), 2.2 yes/no. */
const SET = {
  format: 'dti-score/indicator-set/v1',
  id: 'review-test',
  version: '1.0.0',
  title: { vi: 'Bộ chỉ số thử trang tổng hợp', en: 'Review page test set' },
  scale: '100',
  indicators: [
    { code: '1', title: { vi: 'Hạ tầng số' }, max: '60', children: [
      { code: '1.1', title: { vi: 'Tỷ lệ hộ có cáp quang' }, max: '30',
        inputs: [{ id: 'a', label: { vi: 'Số hộ có cáp quang' }, kind: 'count' }, { id: 'b', label: { vi: 'Tổng số hộ' }, kind: 'count' }],
        rule: { kind: 'linear', ratio: 'a/b' } },
      { code: '1.2', title: { vi: 'Tỷ lệ người có định danh điện tử' }, max: '30',
        inputs: [{ id: 'a', label: { vi: 'Số người có định danh' }, kind: 'count' }, { id: 'b', label: { vi: 'Dân số' }, kind: 'count' }],
        rule: { kind: 'relative', ratio: 'a/b', method: 'min_max' } }] },
    { code: '2', title: { vi: 'Kinh tế số' }, max: '40', children: [
      { code: '2.1', title: { vi: 'Có cổng dịch vụ công' }, max: '20', rule: { kind: 'yes_no' } },
      { code: '2.2', title: { vi: 'Có sàn thương mại điện tử' }, max: '20', rule: { kind: 'yes_no' } }] },
  ],
};

const unitId = (i) => `xa-${String(i).padStart(4, '0')}`;

/** Commune i's values: 1.1 = 3·(i mod 11) points, 1.2 relative, 2.1 and 2.2 yes/no. */
function values(i) {
  return {
    format: 'dti-score/values/v1',
    set: { id: SET.id, version: SET.version },
    year: 2025,
    unit: { id: unitId(i), name: `Xã số ${i}`, level: 'commune' },
    values: {
      1.1: { a: String(i % 11), b: '10' },
      1.2: { a: String(10 + (i % 7)), b: '40' },
      2.1: { done: i % 2 === 0 },
      2.2: { done: i % 3 !== 0 },
    },
  };
}

/** The example that signs a folder of values files (built by `cargo test`/`cargo build --examples`). */
function signBatch(valuesDir, outDir, keysOut) {
  const candidates = ['debug', 'release'].map((p) => join(ROOT, `target/${p}/examples/sign_batch`)).filter(existsSync);
  if (!candidates.length) execFileSync('cargo', ['build', '--quiet', '--example', 'sign_batch'], { cwd: ROOT, stdio: 'inherit' });
  const exe = candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0] || join(ROOT, 'target/debug/examples/sign_batch');
  const out = execFileSync(exe, [SET_PATH, valuesDir, outDir, keysOut], { encoding: 'utf8' });
  // The registry is signed by the example's test province key (its key file beside it).
  return out.match(/^province key: (\S+)$/m)[1];
}

/** The page's configuration with the province key pinned, as a province deploys it. */
const CONFIG = join(DIST, 'review-config.json');
const ORIGINAL_CONFIG = readFileSync(CONFIG, 'utf8');
function pinProvinceKey(fingerprint) {
  writeFileSync(CONFIG, JSON.stringify({ province_key: fingerprint }, null, 2));
}

/** `dti-score aggregate` (exit 1 when a file is rejected is expected here). */
function aggregate(...args) {
  const r = spawnSync(BIN, ['aggregate', ...args], { cwd: ROOT, encoding: 'utf8' });
  assert.ok(r.status === 0 || r.status === 1, `aggregate exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** Sheet names and the ranking sheet's XML of an XLSX file (read with unzip). */
function workbook(file) {
  const xml = execFileSync('unzip', ['-p', file, 'xl/workbook.xml'], { encoding: 'utf8' });
  const sheets = [...xml.matchAll(/<sheet name="([^"]+)"/g)].map((m) => m[1]);
  return { sheets, ranking: execFileSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' }) };
}

function csvRows(text) {
  assert.equal(text.charCodeAt(0), 0xfeff, 'CSV starts with a BOM');
  // The test data has no quoted fields (no commas, quotes or line breaks in names).
  return text.slice(1).split('\r\n').filter((l) => l.length).map((l) => l.split(','));
}

const WORK = mkdtempSync(join(tmpdir(), 'dti-review-'));
const SET_PATH = join(WORK, 'set.json');
writeFileSync(SET_PATH, JSON.stringify(SET, null, 2));

let server;
before(async () => { server = await serve(); });
after(async () => {
  writeFileSync(CONFIG, ORIGINAL_CONFIG);
  await server.stop();
  rmSync(WORK, { recursive: true, force: true });
});

async function openReview(page) {
  await page.goto(`${server.url}review.html`);
  await page.waitForSelector('#review[data-ready="true"]', { timeout: 60000 });
  await page.setInputFiles('#set-file', SET_PATH);
  await page.waitForSelector('#review[data-set="review-test"]');
}

async function done(page, timeout = 120000) {
  await page.waitForSelector('#review[data-state="done"]', { timeout });
}

async function shownRanking(page) {
  return page.$$eval('[data-testid="ranking"] tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.dataset.value)));
}

async function shownFiles(page) {
  return page.$$eval('[data-testid="files"] tbody tr', (rows) => rows.map((r) => [r.dataset.file.split('/').pop(), r.dataset.verdict, r.dataset.code]));
}

async function save(download, name) {
  const file = artifact(name);
  await download.saveAs(file);
  return file;
}

test('a folder of submissions: verdicts, ranking, CSV and XLSX as the CLI; an appraisal signed in the page; offline', async (t) => {
  // 12 signed communes, plus: a tampered copy, an exact duplicate, an unsigned values
  // file, a values file for another set, and a file that is not JSON.
  const valuesDir = join(WORK, 'values');
  const subs = join(WORK, 'nop');
  mkdirSync(valuesDir, { recursive: true });
  for (let i = 1; i <= 12; i += 1) writeFileSync(join(valuesDir, `${unitId(i)}.json`), JSON.stringify(values(i)));
  const keysPath = join(WORK, 'keys.json');
  const provinceKey = signBatch(valuesDir, subs, keysPath);
  pinProvinceKey(provinceKey);
  const tampered = JSON.parse(readFileSync(join(subs, `${unitId(5)}.json`), 'utf8'));
  tampered.values.values['1.1'].a = '10';
  tampered.unit.id = unitId(13);
  writeFileSync(join(subs, 'xa-0013-sua.json'), JSON.stringify(tampered, null, 2));
  copyFileSync(join(subs, `${unitId(7)}.json`), join(subs, 'xa-0007-ban-sao.json'));
  writeFileSync(join(subs, 'xa-0020-chua-ky.json'), JSON.stringify(values(20)));
  writeFileSync(join(subs, 'xa-0021-bo-khac.json'), JSON.stringify({ ...values(21), set: { id: 'bo-khac' } }));
  writeFileSync(join(subs, 'ghi-chu.txt'), 'không phải hồ sơ');

  // The reviewer's key (and a preparer's key, to be refused), with the CLI.
  const pass = join(WORK, 'pass.txt');
  writeFileSync(pass, 'mật khẩu hội đồng thẩm định\n');
  const reviewerKey = join(WORK, 'reviewer.key');
  const preparerKey = join(WORK, 'preparer.key');
  const made = cli('keygen', '--unit', 'hoi-dong', '--name', 'Lê Thị Cúc', '--role', 'reviewer', '--out', reviewerKey, '--passphrase-file', pass);
  cli('keygen', '--unit', unitId(1), '--name', 'Nguyễn Văn An', '--role', 'preparer', '--out', preparerKey, '--passphrase-file', pass);
  // The reviewer's key is registered from the entry keygen printed, and the registry
  // signed again with the province key.
  const entry = join(WORK, 'reviewer-entry.json');
  writeFileSync(entry, made.slice(made.indexOf('{')));
  cli('registry', 'add', keysPath, '--entry', entry, '--unit-name', 'Hội đồng thẩm định', '--valid-from', '2025-01-01');
  const provincePass = join(WORK, 'province-pass.txt');
  writeFileSync(provincePass, 'example province passphrase\n');
  cli('registry', 'sign', keysPath, '--key', `${keysPath}.province.key`, '--passphrase-file', provincePass);

  const cliCsv = join(WORK, 'cli.csv');
  const cliXlsx = join(WORK, 'cli.xlsx');
  const trusted = ['--keys', keysPath, '--province-key', provinceKey, '--allow-unsigned'];
  const cliJson = JSON.parse(aggregate(subs, '--set', SET_PATH, ...trusted, '--csv', cliCsv, '--xlsx', cliXlsx, '--json'));
  // The same in English (`--en`: headers, sheet names and words).
  const cliCsvEn = join(WORK, 'cli-en.csv');
  const cliXlsxEn = join(WORK, 'cli-en.xlsx');
  aggregate(subs, '--set', SET_PATH, ...trusted, '--en', '--csv', cliCsvEn, '--xlsx', cliXlsxEn);
  const expectedFiles = cliJson.files.map((f) => [f.file.split('/').pop(), f.rejection ? 'rejected' : 'accepted', f.rejection ? f.rejection.code : '']);
  assert.deepEqual(expectedFiles.filter((f) => f[1] === 'rejected').map((f) => [f[0], f[2]]).sort(), [
    ['ghi-chu.txt', 'not_json'],
    ['xa-0007.json', 'duplicate'],
    ['xa-0013-sua.json', 'verification'],
    ['xa-0021-bo-khac.json', 'wrong_set'],
  ]);

  const b = await browser();
  try {
    const { page } = b;
    // The self-assessment page's first load does not fetch the review engine.
    const fetched = [];
    page.on('request', (r) => fetched.push(r.url()));
    await page.goto(server.url);
    await page.waitForSelector('dti-self-assessment[data-ready="true"]', { timeout: 30000 });
    assert.deepEqual(fetched.filter((u) => u.includes('review')), []);
    // Nor does its service worker: the review files are cached once the review page is used.
    const reviewFiles = ['review.html', 'review.js', 'review-worker.js', 'review.css', 'pkg/dti_score_review.js', 'pkg/dti_score_review_bg.wasm'];
    const cachedReview = () => page.evaluate(async (names) => {
      const out = [];
      for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        for (const n of names) if (await cache.match(n)) out.push(n);
      }
      return out.sort();
    }, reviewFiles);
    await page.waitForFunction(async () => {
      const reg = await navigator.serviceWorker.ready;
      return reg.active && reg.active.state === 'activated';
    }, null, { timeout: 30000 });
    assert.ok(await page.evaluate(async () => (await caches.keys()).length > 0));
    assert.deepEqual(await cachedReview(), []);

    await openReview(page);
    // axe on the empty page: nothing serious or critical.
    await axeCheck(page, 'review, empty');
    assert.equal(await page.textContent('[data-testid="province-key"]'), `Danh sách khóa được kiểm tra bằng khóa của tỉnh ${provinceKey} (ghim trong review-config.json).`);
    // Issue 12, cases 1 and 3 in the page: no registry, no switch: the verdicts but no
    // ranking, and the unsigned file refused.
    await page.setInputFiles('#folder', subs);
    await done(page);
    assert.match(await page.textContent('[data-testid="refused"]'), /^Chưa xếp hạng: chưa xác nhận được người ký/);
    assert.equal((await shownRanking(page)).length, 0);
    assert.deepEqual((await shownFiles(page)).find((f) => f[0] === 'xa-0020-chua-ky.json'), ['xa-0020-chua-ky.json', 'rejected', 'unsigned']);
    // The signed registry (checked against the pinned key): 12 signed units, ranked.
    await page.setInputFiles('#keys-file', keysPath);
    // The run the registry starts: wait for its ranking (the previous run's "done" state
    // may still be showing when the file is handed over).
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="ranking"] tbody tr').length > 0, null, { timeout: 120000 });
    await done(page);
    assert.equal(await page.isVisible('[data-testid="refused"]'), false);
    assert.equal((await shownRanking(page)).length, 12);
    assert.equal(await page.getAttribute('[data-testid="round"]', 'data-year'), '2025');
    // The marked switch takes the unsigned file too, as the CLI's --allow-unsigned.
    await page.check('#allow-unsigned');
    await done(page);
    await page.waitForSelector('[data-testid="unsigned-on"]');

    // Every file, with the CLI's verdict and reason code (names relative to the folder).
    assert.deepEqual(await shownFiles(page), expectedFiles);
    const tamperedRow = page.locator('[data-testid="files"] tr[data-code="verification"] td').last();
    assert.match(await tamperedRow.textContent(), /chữ ký/);
    assert.equal(await page.getAttribute('[data-testid="summary"]', 'data-rejected'), '4');

    // The ranking, cell by cell, as the CLI's CSV.
    const expected = csvRows(readFileSync(cliCsv, 'utf8'));
    // Vietnamese headers and words by default; the main indicators headed by code and title.
    assert.deepEqual(expected[0], ['Mã đơn vị', 'Tên đơn vị', 'Năm', 'Tổng điểm tự đánh giá', 'Hạng', '1. Hạ tầng số', '2. Kinh tế số', 'Số liệu']);
    assert.deepEqual(expected.slice(1).filter((r) => r[7] !== 'đã ký').map((r) => [r[0], r[7]]), [[unitId(20), 'CHƯA KÝ']]);
    assert.deepEqual(await page.$$eval('[data-testid="ranking"] thead th', (h) => h.map((x) => x.textContent)), expected[0]);
    assert.deepEqual(await page.$$eval('[data-testid="ranking"] thead th', (h) => h.map((x) => x.dataset.key)),
      ['unit_id', 'unit_name', 'year', 'total', 'rank', '1', '2', 'data']);
    assert.deepEqual(await shownRanking(page), expected.slice(1));
    assert.equal(expected.length - 1, 13);
    // Displayed the Vietnamese way (the engine's formatNumber).
    const row = expected.slice(1).find((r) => r[3].includes('.'));
    if (row) assert.equal(await page.textContent(`[data-testid="ranking"] tr[data-unit="${row[0]}"] td:nth-child(4)`), row[3].replace('.', ','));

    // Charts: one SVG per main indicator, titled, with every unit counted.
    const charts = await page.$$eval('[data-testid="charts"] svg[role="img"]', (s) => s.map((x) => [x.dataset.indicator, x.querySelector('title').textContent,
      [...x.querySelectorAll('text.count')].reduce((n, t) => n + Number(t.textContent), 0)]));
    assert.deepEqual(charts, [['1', '1. Hạ tầng số', 13], ['2', '2. Kinh tế số', 13]]);

    // At risk: one collapsible group per unit (closed), as many rows in all as the CLI's
    // at-risk list, the codes in words.
    const cliRisk = cliJson.aggregate.at_risk;
    const cliUnits = [...new Set(cliRisk.map((a) => a.unit_id))].sort();
    assert.ok(cliRisk.length > 0);
    assert.deepEqual(await page.$$eval('[data-testid="at-risk-units"] details', (d) => d.map((x) => x.dataset.unit)), cliUnits);
    assert.equal(await page.$$eval('[data-testid="at-risk-units"] details[open]', (d) => d.length), 0);
    const risks = await page.$$eval('[data-testid="at-risk"] tbody tr', (rows) => rows.map((r) => [r.dataset.unit, r.children[0].textContent, r.children[5].textContent, r.children[6].textContent]));
    assert.equal(risks.length, cliRisk.length);
    const words = { zero_points: '0 điểm', below_target: 'dưới chỉ tiêu phấn đấu' };
    const statuses = { ok: 'đủ số liệu', missing: 'thiếu số liệu', invalid: 'số liệu sai', provisional: 'tạm tính' };
    for (const a of cliRisk) {
      assert.ok(risks.some(([u, code, risk, status]) => u === a.unit_id && code === a.code && risk === words[a.risk] && status === statuses[a.status]), JSON.stringify(a));
    }
    const firstGroup = `[data-testid="at-risk-units"] details[data-unit="${cliUnits[0]}"]`;
    assert.equal(await page.isVisible(`${firstGroup} table`), false);
    await page.click(`${firstGroup} summary`);
    assert.equal(await page.isVisible(`${firstGroup} table`), true);
    // Every scroll box is reachable from the keyboard and named.
    const boxes = await page.$$eval('.scroll', (b) => b.map((x) => [x.getAttribute('tabindex'), x.getAttribute('role'), Boolean(x.getAttribute('aria-label'))]));
    assert.ok(boxes.length >= 4);
    for (const box of boxes) assert.deepEqual(box, ['0', 'region', true]);
    // axe with the results shown (one at-risk group open).
    await axeCheck(page, 'review, with results');
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.locator('#ranking-section').screenshot({ path: artifact('review-ranking-1366.png') });
    await page.locator('#at-risk-section').screenshot({ path: artifact('review-at-risk-1366.png') });
    // At 360 px the page itself never scrolls sideways (the tables scroll in their boxes).
    await stepIfSupported(t, 'at 360 px', async () => {
      await page.setViewportSize({ width: 360, height: 740 });
      // (WebKitGTK loads the page again in a 360 px frame: the batch comes back from IndexedDB.)
      await done(page);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth), true);
      await page.locator('#at-risk-section').screenshot({ path: artifact('review-at-risk-360.png') });
      await page.locator('#ranking-section').screenshot({ path: artifact('review-ranking-360.png') });
    });
    await page.setViewportSize({ width: 1366, height: 900 });
    await done(page);

    // CSV byte for byte; XLSX with the CLI's sheets and the same ranking sheet.
    let [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-csv"]')]);
    assert.deepEqual(readFileSync(await save(download, 'review.csv')), readFileSync(cliCsv));
    [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-xlsx"]')]);
    const xlsx = await save(download, 'review.xlsx');
    assert.ok(statSync(xlsx).size > 1000);
    const pageBook = workbook(xlsx);
    const cliBook = workbook(cliXlsx);
    assert.deepEqual(pageBook.sheets, ['Xếp hạng', 'Phân bố điểm', 'Nguy cơ mất điểm', 'Tệp', 'Số liệu mâu thuẫn']);
    assert.deepEqual(pageBook.sheets, cliBook.sheets);
    assert.equal(pageBook.ranking, cliBook.ranking);
    await page.screenshot({ path: artifact('review-results.png'), fullPage: false });

    // Appraisal of xa-0001 (2.2 done: 20 points) down to 5,5 points.
    await page.selectOption('select[name="appraisal.unit"]', unitId(1));
    await page.waitForSelector('[name="appraisal.2.2.points"]');
    const before = await page.getAttribute('[data-testid="unit-total"]', 'data-total');
    await page.fill('[name="appraisal.2.2.points"]', '25');
    await page.fill('[name="appraisal.2.2.reason"]', 'Sàn chưa có giao dịch trong năm');
    // A preparer's key is refused.
    await page.setInputFiles('#reviewer-key', preparerKey);
    await page.fill('[name="reviewer.passphrase"]', 'mật khẩu hội đồng thẩm định');
    await page.click('[data-testid="unlock"]');
    await page.waitForSelector('[data-testid="appraisal-status"].error');
    assert.equal(await page.textContent('[data-testid="appraisal-status"]'), 'khóa không phải của thành viên hội đồng thẩm định: vai trò “preparer”');
    // A wrong passphrase is refused.
    await page.setInputFiles('#reviewer-key', reviewerKey);
    await page.fill('[name="reviewer.passphrase"]', 'sai mật khẩu');
    await page.click('[data-testid="unlock"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="appraisal-status"]').textContent !== 'Đang mở khóa…'
      && document.querySelector('[data-testid="appraisal-status"]').classList.contains('error'), null, { timeout: 60000 });
    assert.equal(await page.textContent('[data-testid="reviewer"]'), '');
    await page.fill('[name="reviewer.passphrase"]', 'mật khẩu hội đồng thẩm định');
    await page.click('[data-testid="unlock"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="reviewer"]').textContent.includes('Lê Thị Cúc'), null, { timeout: 60000 });
    // Points above the maximum: refused, nothing lost.
    await page.click('[data-testid="sign-appraisal"]');
    await page.waitForSelector('[data-testid="appraisal-status"].error');
    assert.equal(await page.textContent('[data-testid="appraisal-status"]'), '2.2: điểm thẩm định “25” ngoài khoảng 0 đến 20');
    assert.equal(await page.inputValue('[name="appraisal.2.2.reason"]'), 'Sàn chưa có giao dịch trong năm');
    await page.fill('[name="appraisal.2.2.points"]', '5,5');
    [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="sign-appraisal"]')]);
    assert.match(download.suggestedFilename(), /^appraisal-xa-0001-\d{14}\.json$/);
    const appraisalFile = await save(download, download.suggestedFilename());
    const appraisalName = download.suggestedFilename();
    await done(page);
    await page.waitForSelector('[data-testid="appraisal-status"].ok');
    assert.equal(await page.getAttribute('[data-testid="summary"]', 'data-appraisals'), '1');
    // Choosing the folder again keeps the appraisal signed in the page.
    await page.setInputFiles('#folder', subs);
    await page.waitForSelector('[data-testid="stored-note"][data-signed="1"]');
    await done(page);
    assert.equal(await page.getAttribute('[data-testid="summary"]', 'data-appraisals'), '1');
    assert.match(await page.textContent('[data-testid="summary"]'), /1 bản thẩm định/);
    const afterRechoose = await shownRanking(page);
    // A reload loses nothing: the set, the switches, the registry, the files and the
    // appraisal come back from IndexedDB and the batch runs again.
    await page.reload();
    await page.waitForSelector('#review[data-ready="true"]', { timeout: 60000 });
    await done(page);
    assert.equal(await page.getAttribute('#review', 'data-set'), 'review-test');
    assert.equal(await page.isChecked('#allow-unsigned'), true);
    assert.equal(await page.getAttribute('[data-testid="stored-note"]', 'data-files'), String(expectedFiles.length));
    assert.equal(await page.getAttribute('[data-testid="summary"]', 'data-appraisals'), '1');
    assert.deepEqual(await shownRanking(page), afterRechoose);
    const record = JSON.parse(readFileSync(appraisalFile, 'utf8'));
    assert.equal(record.format, 'dti-score/appraisal/v1');
    assert.deepEqual(record.appraisals, { 2.2: { points: '5.5', reason: 'Sàn chưa có giao dịch trong năm' } });
    assert.equal(record.reviewer.name, 'Lê Thị Cúc');

    // The CLI accepts the page's appraisal; 2.2's achieved points are the council's.
    copyFileSync(appraisalFile, join(subs, download.suggestedFilename()));
    const cliCsv2 = join(WORK, 'cli2.csv');
    const withAppraisal = JSON.parse(aggregate(subs, '--set', SET_PATH, ...trusted, '--csv', cliCsv2, '--json'));
    const verdict = withAppraisal.files.find((f) => f.file.endsWith(download.suggestedFilename()));
    assert.equal(verdict.kind, 'appraisal');
    assert.equal(verdict.rejection, undefined);
    const unit = withAppraisal.aggregate.units.find((u) => u.unit.id === unitId(1));
    assert.equal(unit.total, before);
    assert.equal(unit.report.nodes['2.2'].points, '20');
    assert.equal(unit.report.nodes['2.2'].achieved, '5.5');
    assert.notEqual(unit.achieved, unit.total);
    // (The form was closed by choosing the folder again: open the unit's form again.)
    await page.selectOption('select[name="appraisal.unit"]', unitId(1));
    await page.waitForSelector('[data-testid="unit-total"]');
    assert.equal(await page.getAttribute('[data-testid="unit-total"]', 'data-achieved'), unit.achieved);
    // The page's ranking and CSV now carry the achieved column, as the CLI's.
    const expected2 = csvRows(readFileSync(cliCsv2, 'utf8'));
    assert.ok(expected2[0].includes('Điểm đạt được'));
    assert.deepEqual(afterRechoose, expected2.slice(1));
    assert.deepEqual(await shownRanking(page), expected2.slice(1));
    [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-csv"]')]);
    assert.deepEqual(readFileSync(await save(download, 'review-appraised.csv')), readFileSync(cliCsv2));

    // English: the headers, words and chart titles in English; the CSV and XLSX as the
    // CLI's with --en.
    await page.click('button.lang');
    await page.waitForSelector('h1:has-text("DTI review")');
    await done(page);
    const cliCsvEn2 = join(WORK, 'cli2-en.csv');
    aggregate(subs, '--set', SET_PATH, ...trusted, '--en', '--csv', cliCsvEn2);
    const expectedEn = csvRows(readFileSync(cliCsvEn2, 'utf8'));
    assert.deepEqual(expectedEn[0], ['Unit ID', 'Unit name', 'Year', 'Self-assessed total', 'Rank', '1. Hạ tầng số', '2. Kinh tế số', 'Achieved', 'Data']);
    assert.deepEqual(await page.$$eval('[data-testid="ranking"] thead th', (h) => h.map((x) => x.textContent)), expectedEn[0]);
    assert.deepEqual(await shownRanking(page), expectedEn.slice(1));
    [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-csv"]')]);
    assert.deepEqual(readFileSync(await save(download, 'review-en.csv')), readFileSync(cliCsvEn2));
    [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="download-xlsx"]')]);
    const pageBookEn = workbook(await save(download, 'review-en.xlsx'));
    assert.deepEqual(pageBookEn.sheets, ['Ranking', 'Distribution', 'At risk', 'Files', 'Conflicts']);
    assert.deepEqual(workbook(cliXlsxEn).sheets, pageBookEn.sheets);
    // The SET has English titles for neither main indicator: the Vietnamese title stays.
    assert.deepEqual(await page.$$eval('[data-testid="charts"] svg[role="img"] > title', (t) => t.map((x) => x.textContent)), ['1. Hạ tầng số', '2. Kinh tế số']);
    await axeCheck(page, 'review, English');
    await page.screenshot({ path: artifact('review-en.png'), fullPage: false });
    await page.click('button.lang');
    await done(page);

    // Drag and drop: two files dropped on the box make a new set of files.
    const dropped = [1, 2].map((i) => [`${unitId(i)}.json`, readFileSync(join(subs, `${unitId(i)}.json`), 'utf8')]);
    await page.evaluate((files) => {
      const dt = new DataTransfer();
      for (const [name, text] of files) dt.items.add(new File([text], name, { type: 'application/json' }));
      document.querySelector('[data-testid="drop"]').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, dropped);
    // (The appraisal signed in the page stays in the batch.)
    await page.waitForSelector('[data-testid="summary"][data-files="3"]');
    await done(page);
    assert.deepEqual(await shownFiles(page), [[appraisalName, 'accepted', ''], [`${unitId(1)}.json`, 'accepted', ''], [`${unitId(2)}.json`, 'accepted', '']]);
    assert.equal((await shownRanking(page)).length, 2);

    // "Start a new batch": the files, optional files and appraisals are forgotten, here
    // and on reload.
    await page.click('[data-testid="new-batch"]');
    await page.waitForSelector('#review[data-state="empty"]');
    assert.equal(await page.isVisible('[data-testid="summary"]'), false);
    assert.equal(await page.isChecked('#allow-unsigned'), false);
    await page.reload();
    await page.waitForSelector('#review[data-ready="true"]', { timeout: 60000 });
    assert.equal(await page.getAttribute('#review', 'data-state'), 'empty');
    assert.equal(await page.isVisible('[data-testid="stored-note"]'), false);
    assert.notEqual(await page.getAttribute('#review', 'data-set'), 'review-test');

    // Offline: once the service worker controls the page and has cached the review
    // files (the page asked it to), it reloads and works with the server gone.
    await page.waitForFunction(async () => {
      const reg = await navigator.serviceWorker.ready;
      return reg.active && reg.active.state === 'activated';
    }, null, { timeout: 30000 });
    await page.waitForFunction(async (names) => {
      for (const key of await caches.keys()) {
        const cache = await caches.open(key);
        let all = true;
        for (const n of names) if (!(await cache.match(n))) all = false;
        if (all) return true;
      }
      return false;
    }, reviewFiles, { timeout: 60000 });
    await page.reload();
    await page.waitForSelector('#review[data-ready="true"]', { timeout: 60000 });
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await server.stop();
    await page.reload();
    await page.waitForSelector('#review[data-ready="true"]', { timeout: 60000 });
    await page.setInputFiles('#set-file', SET_PATH);
    await page.waitForSelector('#review[data-set="review-test"]');
    await page.check('#allow-unsigned');
    await page.setInputFiles('#keys-file', keysPath);
    await page.setInputFiles('#folder', subs);
    await done(page);
    assert.deepEqual(await shownRanking(page), expected2.slice(1));
    assert.deepEqual(b.errors.filter((e) => !/ERR_CONNECTION_REFUSED|Failed to fetch|net::/.test(e)), []);
  } finally {
    await b.close();
    server = await serve();
  }
});

test('storage refused (a private window) or full: the batch is worked on, the page says it is not kept', async () => {
  // Two unsigned values files, taken with both marked switches on.
  const dir = join(WORK, 'unsigned-two');
  mkdirSync(dir, { recursive: true });
  const files = [1, 2].map((i) => {
    const f = join(dir, `${unitId(i)}.json`);
    writeFileSync(f, JSON.stringify(values(i)));
    return f;
  });
  const cases = [
    // A private window of some browsers: no IndexedDB at all.
    ['unavailable', () => { Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true }); }, /chế độ ẩn danh/],
    // Storage full: every write refused as the browser refuses it.
    ['quota', () => {
      IDBObjectStore.prototype.put = function put() { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
    }, /Bộ nhớ của trình duyệt đã đầy/],
  ];
  for (const [code, stub, words] of cases) {
    const b = await browser();
    try {
      const { page } = b;
      await b.context.addInitScript(stub);
      await openReview(page);
      await page.check('#allow-unsigned');
      await page.check('#unregistered-keys');
      await page.setInputFiles('#files', files);
      await page.waitForSelector(`[data-testid="store-error"][data-code="${code}"]`);
      await done(page);
      assert.match(await page.textContent('[data-testid="store-error"]'), words);
      // Nothing held in memory is lost: the batch is ranked as usual.
      assert.equal((await shownRanking(page)).length, 2, code);
      assert.equal(await page.isVisible('[data-testid="stored-note"]'), false);
      // English.
      await page.click('button.lang');
      await done(page);
      assert.match(await page.textContent('[data-testid="store-error"]'), code === 'quota' ? /storage is full/ : /private window/);
      assert.equal((await shownRanking(page)).length, 2, code);
    } finally {
      await b.close();
    }
  }
});

test('3,500 signed submissions in the worker: every file accounted for, the main thread keeps ticking', async () => {
  const N = 3500;
  const valuesDir = join(WORK, 'values-3500');
  const subs = join(WORK, 'nop-3500');
  mkdirSync(valuesDir, { recursive: true });
  for (let i = 1; i <= N; i += 1) writeFileSync(join(valuesDir, `${unitId(i)}.json`), JSON.stringify(values(i)));
  const t0 = Date.now();
  const provinceKey = signBatch(valuesDir, subs, join(WORK, 'keys-3500.json'));
  pinProvinceKey(provinceKey);
  console.log(`# signed ${N} submissions in ${Date.now() - t0} ms`);
  assert.equal(readdirSync(subs).length, N);

  const b = await browser();
  try {
    const { page } = b;
    await openReview(page);
    await page.setInputFiles('#keys-file', join(WORK, 'keys-3500.json'));
    await page.waitForSelector('.optional .chosen:has-text("keys-3500.json")');
    // A heartbeat on the main thread: timer and animation-frame ticks.
    await page.evaluate(() => {
      window.ticks = 0;
      window.frames = 0;
      setInterval(() => { window.ticks += 1; }, 20);
      const frame = () => { window.frames += 1; requestAnimationFrame(frame); };
      requestAnimationFrame(frame);
    });
    const started = Date.now();
    await page.setInputFiles('#folder', subs);
    // While the worker runs, the page answers and its heartbeat advances.
    const samples = [];
    for (;;) {
      const s = await page.evaluate(() => {
        const bar = document.querySelector('[data-testid="progress"] progress');
        return { state: document.getElementById('review').dataset.state, ticks: window.ticks, frames: window.frames,
          phase: document.querySelector('[data-testid="progress"]')?.dataset.phase, value: bar && bar.hasAttribute('value') ? bar.value : null,
          max: bar ? bar.max : null, text: document.getElementById('progress-text')?.textContent };
      });
      if (s.state === 'done') break;
      samples.push(s);
      await new Promise((r) => setTimeout(r, 250));
      assert.ok(Date.now() - started < 300000, 'the batch finishes');
    }
    const wall = Date.now() - started;
    const busy = samples.filter((s) => s.state === 'busy');
    assert.ok(busy.length >= 2, `sampled ${busy.length} times while busy`);
    assert.ok(busy[busy.length - 1].ticks > busy[0].ticks, 'timer ticks while the worker runs');
    assert.ok(busy[busy.length - 1].frames > busy[0].frames, 'animation frames while the worker runs');
    // Progress file by file, not an indeterminate bar: reading, then verifying, each
    // "n / N tệp" with the bar's value and maximum.
    const counted = busy.filter((x) => (x.phase === 'read' || x.phase === 'verify') && x.value !== null);
    assert.ok(counted.length >= 1, JSON.stringify(busy.slice(0, 5)));
    for (const x of counted) {
      assert.equal(x.max, N);
      assert.match(x.text, x.phase === 'read' ? /^Đang đọc tệp: [\d.]+ \/ 3\.500 tệp$/ : /^Đang kiểm tra chữ ký: [\d.]+ \/ 3\.500 tệp$/);
    }
    console.log(`# progress samples: ${counted.map((x) => `${x.phase} ${x.value}`).join(', ')}`);
    const ms = await page.getAttribute('[data-testid="run-time"]', 'data-ms');
    console.log(`# review page, ${N} signed files: worker run (intake + aggregate) ${ms} ms; from setInputFiles to the rendered tables ${wall} ms`);

    assert.equal(await page.getAttribute('[data-testid="summary"]', 'data-files'), String(N));
    assert.equal(await page.getAttribute('[data-testid="summary"]', 'data-rejected'), '0');
    assert.equal(await page.$$eval('[data-testid="files"] tbody tr[data-verdict="accepted"]', (r) => r.length), N);
    // So many files: the accepted ones are listed but hidden at first.
    assert.equal(await page.isChecked('#only-rejected'), true);
    assert.equal(await page.isVisible('[data-testid="files"] tbody tr[data-verdict="accepted"]'), false);
    assert.equal(await page.$$eval('[data-testid="ranking"] tbody tr', (r) => r.length), N);
    await page.screenshot({ path: artifact('review-3500.png') });
  } finally {
    await b.close();
  }
});
