// Issue 11: marking an indicator not applicable. On the self-assessment page a Thanh Hóa
// set (whose source allows exclusion) offers a reason field per indicator; the engine
// scores it 0 of 0, and the page shows the maxima and the total on the applicable
// maximum as the CLI reports them. Sets that do not allow exclusion offer no field. The
// review page lists every exclusion with its reason and offers accept / reject.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { BIN, DIST, ROOT, SETS, browser, cli, displayedPoints, fillValues, ready, serve } from './lib.mjs';

const SET = join(SETS, 'thanh-hoa-department-2021.json');
const VALUES = join(ROOT, 'tests/fixtures/thanh-hoa-department-2021--exclusion/values.json');
const doc = JSON.parse(readFileSync(VALUES, 'utf8'));
const R1 = doc.values['4.6.2'].excluded;
const R2 = doc.values['4.7.2'].excluded;

/** How many elements match in the page's shadow root. */
const count = (page, sel) => page.evaluate((s) => document.querySelector('dti-self-assessment').shadowRoot.querySelectorAll(s).length, sel);
/** The text of the first match in the page's shadow root. */
const textOf = (page, sel) => page.evaluate((s) => document.querySelector('dti-self-assessment').shadowRoot.querySelector(s).textContent, sel);

let server;
const WORK = mkdtempSync(join(tmpdir(), 'dti-exclusion-'));
before(async () => { server = await serve(); });
after(async () => {
  await server.stop();
  rmSync(WORK, { recursive: true, force: true });
});

test('a Thanh Hóa indicator marked not applicable scores 0 of 0 on the page, as the CLI reports', async () => {
  const expected = JSON.parse(cli('score', SET, VALUES, '--json'));
  assert.equal(expected.applicable.total, '7.47');
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    // The default set (not excludable) has no exclusion field.
    assert.equal(await count(page, 'input[name$=".excluded"]'), 0);
    await page.selectOption('select[name="set"]', 'thanh-hoa-department-2021.json');
    await page.waitForSelector('[name="4.6.2.excluded"]');
    const leaves = await count(page, 'article.ind');
    assert.ok(leaves > 50, `${leaves} leaves`);
    assert.equal(await count(page, 'input[name$=".excluded"]'), leaves);
    await page.fill('[name="year"]', String(doc.year));
    await page.press('[name="year"]', 'Tab');
    await fillValues(page, doc);
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="applicable-total"]').dataset.value === '7.47');

    const shown = await displayedPoints(page);
    const want = Object.fromEntries(Object.entries(expected.nodes).map(([id, n]) => [id, n.points]));
    assert.deepEqual(shown, want);
    const text = (sel) => textOf(page, sel);
    assert.equal(await text('[data-testid="max-4.6.2"]'), ' / 0 điểm');
    assert.equal(await text('[data-testid="max-4.6"]'), ' / 5 điểm');
    assert.equal(await text('[data-testid="max-4"]'), ' / 45 điểm');
    assert.equal(await text('#n-4\\.6\\.2 .status'), 'không áp dụng');
    assert.equal(await text('#n-4\\.6\\.2 .trace'), expected.nodes['4.6.2'].trace.vi);
    assert.equal(await text('[data-testid="applicable-total"]'),
      `Trên điểm tối đa áp dụng: 7,47 / 160 (tối đa áp dụng 150). ${expected.applicable.trace.vi}`);

    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => document.querySelector('dti-self-assessment').onPrintPreview());
    assert.ok((await text('.print-only')).includes(expected.applicable.trace.vi));
    await page.emulateMedia({ media: 'screen' });
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

/** The example that signs a folder of values files. */
function signBatch(valuesDir, outDir, keysOut) {
  const candidates = ['debug', 'release'].map((p) => join(ROOT, `target/${p}/examples/sign_batch`)).filter(existsSync);
  if (!candidates.length) execFileSync('cargo', ['build', '--quiet', '--example', 'sign_batch'], { cwd: ROOT, stdio: 'inherit' });
  const exe = candidates.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0] || join(ROOT, 'target/debug/examples/sign_batch');
  const out = execFileSync(exe, [SET, valuesDir, outDir, keysOut], { encoding: 'utf8' });
  // The registry is signed by the example's test province key (its key file beside it).
  return out.match(/^province key: (\S+)$/m)[1];
}

/** The review page's configuration with the province key pinned, as a province deploys it. */
const CONFIG = join(DIST, 'review-config.json');

test('the review page lists every exclusion with its reason and offers accept or reject', async () => {
  const valuesDir = join(WORK, 'values');
  const subs = join(WORK, 'subs');
  mkdirSync(valuesDir, { recursive: true });
  mkdirSync(subs, { recursive: true });
  const unit = (id, name, values) => ({ ...doc, unit: { id, name, level: 'department', province: 'thanh-hoa' }, values });
  writeFileSync(join(valuesDir, 'so-a.json'), JSON.stringify(unit('so-a', 'Sở A', doc.values)));
  writeFileSync(join(valuesDir, 'so-b.json'), JSON.stringify(unit('so-b', 'Sở B', { '4.1.1': { a: '1', b: '2' } })));
  const keys = join(WORK, 'keys.json');
  const provinceKey = signBatch(valuesDir, subs, keys);
  // The appraisal council's key, registered.
  const pass = join(WORK, 'pass.txt');
  writeFileSync(pass, 'mật khẩu hội đồng thẩm định\n');
  const reviewerKey = join(WORK, 'reviewer.key');
  // Registered from the entry keygen printed, and the registry signed again with the
  // province key (the trust chain: only a registry the pinned province key signed counts).
  const made = cli('keygen', '--unit', 'hoi-dong', '--name', 'Lê Thị Cúc', '--role', 'reviewer', '--out', reviewerKey, '--passphrase-file', pass);
  const entry = join(WORK, 'reviewer-entry.json');
  writeFileSync(entry, made.slice(made.indexOf('{')));
  cli('registry', 'add', keys, '--entry', entry, '--unit-name', 'Hội đồng thẩm định', '--valid-from', '2020-01-01');
  const provincePass = join(WORK, 'province-pass.txt');
  writeFileSync(provincePass, 'example province passphrase\n');
  cli('registry', 'sign', keys, '--key', `${keys}.province.key`, '--passphrase-file', provincePass);
  const trusted = ['--keys', keys, '--province-key', provinceKey];
  const r = spawnSync(BIN, ['aggregate', '--set', SET, ...trusted, subs], { cwd: ROOT, encoding: 'utf8' });
  const excludedLines = r.stdout.split('\n').filter((l) => l.startsWith('EXCLUDED'));
  assert.deepEqual(excludedLines, [`EXCLUDED so-a 4.6.2 (max 5): ${R1}`, `EXCLUDED so-a 4.7.2 (max 5): ${R2}`]);

  const original = readFileSync(CONFIG, 'utf8');
  writeFileSync(CONFIG, JSON.stringify({ province_key: provinceKey }, null, 2));
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(`${server.url}review.html`);
    await page.waitForSelector('#review[data-ready="true"]', { timeout: 60000 });
    await page.setInputFiles('#set-file', SET);
    await page.waitForSelector('#review[data-set="thanh-hoa-department-2021"]');
    await page.setInputFiles('#keys-file', keys);
    await page.setInputFiles('#folder', subs);
    await page.waitForSelector('#review[data-state="done"]', { timeout: 120000 });
    const rows = await page.$$eval('[data-testid="exclusions"] tbody tr', (trs) => trs.map((tr) => [...tr.cells].map((c) => c.dataset.value)));
    assert.deepEqual(rows, [
      ['so-a', 'Sở A', '4.6.2', '5', R1, ''],
      ['so-a', 'Sở A', '4.7.2', '5', R2, ''],
    ]);
    await page.selectOption('select[name="appraisal.unit"]', 'so-a');
    await page.waitForSelector('[data-testid="exclusion-4.6.2"]');
    assert.equal(await page.textContent('[data-testid="exclusion-4.6.2"] p'), `Đơn vị đánh dấu không áp dụng: ${R1}`);
    const options = await page.$$eval('[name="appraisal.4.6.2.exclusion"] option', (os) => os.map((o) => [o.value, o.textContent]));
    assert.deepEqual(options, [['', '— chưa quyết định —'], ['accepted', 'chấp nhận'], ['rejected', 'không chấp nhận']]);
    // An indicator not marked offers no such choice.
    assert.equal(await page.$('[name="appraisal.4.1.1.exclusion"]'), null);

    // The council accepts 4.6.2 and rejects 4.7.2 (no points typed: the verdict is enough).
    await page.selectOption('[name="appraisal.4.6.2.exclusion"]', 'accepted');
    await page.fill('[name="appraisal.4.6.2.reason"]', 'Đúng: không có TTHC mức độ 4');
    await page.selectOption('[name="appraisal.4.7.2.exclusion"]', 'rejected');
    await page.fill('[name="appraisal.4.7.2.reason"]', 'Có 2 TTHC mức độ 4 đã công bố');
    await page.setInputFiles('#reviewer-key', reviewerKey);
    await page.fill('[name="reviewer.passphrase"]', 'mật khẩu hội đồng thẩm định');
    // The batch running again (a trust switch on and off) while the key is chosen and the
    // passphrase typed redraws the page: the key, the passphrase and the verdicts are kept.
    await page.check('#unregistered-keys');
    await page.waitForSelector('#review[data-state="done"]', { timeout: 120000 });
    await page.uncheck('#unregistered-keys');
    await page.waitForSelector('#review[data-state="done"]', { timeout: 120000 });
    assert.equal(await page.inputValue('[name="reviewer.passphrase"]'), 'mật khẩu hội đồng thẩm định');
    assert.equal(await page.textContent('.key .chosen'), 'reviewer.key');
    await page.click('[data-testid="unlock"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="reviewer"]').textContent.includes('Lê Thị Cúc'), null, { timeout: 60000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="sign-appraisal"]')]);
    const appraisalFile = join(subs, download.suggestedFilename());
    await download.saveAs(appraisalFile);
    const record = JSON.parse(readFileSync(appraisalFile, 'utf8'));
    assert.deepEqual(record.appraisals, {
      '4.6.2': { points: '0', reason: 'Đúng: không có TTHC mức độ 4', exclusion: 'accepted' },
      '4.7.2': { points: '0', reason: 'Có 2 TTHC mức độ 4 đã công bố', exclusion: 'rejected' },
    });
    await page.waitForSelector('#review[data-state="done"]', { timeout: 120000 });
    const verdicts = await page.$$eval('[data-testid="exclusions"] tbody tr', (trs) => trs.map((tr) => tr.cells[5].dataset.value));
    // (The appraisal's verdict in words, as the XLSX's exclusions sheet has it.)
    assert.deepEqual(verdicts, ['chấp nhận', 'không chấp nhận']);
    // The CLI verifies the page's appraisal and applies it: 4.7.2 counts its maximum again.
    const after = spawnSync(BIN, ['aggregate', '--set', SET, ...trusted, subs, '--json'], { cwd: ROOT, encoding: 'utf8' });
    const agg = JSON.parse(after.stdout).aggregate;
    assert.deepEqual(agg.exclusions.map((e) => [e.unit_id, e.code, e.verdict]), [['so-a', '4.6.2', 'accepted'], ['so-a', '4.7.2', 'rejected']]);
    const a = agg.units.find((u) => u.unit.id === 'so-a').report;
    assert.deepEqual([a.nodes['4.7.2'].achieved, a.nodes['4.7.2'].achieved_max], ['0', '5']);
    // Achieved 7 of 160 − 5 = 155: 7 × 160 / 155 = 7.2258… → 7.23.
    assert.deepEqual([a.applicable.achieved_max, a.applicable.achieved], ['155', '7.23']);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
    writeFileSync(CONFIG, original);
  }
});

test('a manual indicator of the 2022 set (no maxima) asks for the attainment, and the engine scores it', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    await page.selectOption('select[name="set"]', 'dti-province-2022.json');
    await page.waitForSelector('[name="6.4.attainment"]');
    assert.equal(await count(page, 'input[name="6.4.points"]'), 0);
    await page.fill('[name="6.4.attainment"]', '60%');
    await page.fill('[name="6.4.justification"]', 'Ứng dụng di động đã triển khai');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('#n-6\\.4 .trace').textContent.startsWith('Mức đạt tự đánh giá 60%'));
    assert.equal(await textOf(page, '#n-6\\.4 .trace'),
      'Mức đạt tự đánh giá 60% — căn cứ: Ứng dụng di động đã triển khai → 60% điểm tối đa (bộ chỉ số không có điểm tối đa)');
    assert.equal(await textOf(page, '#n-6\\.4 .status'), 'đủ số liệu');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
