// Last year beside this year (issue 16, item 4): the unit opens last year's signed
// submission on the page and sees last year's points and the change beside each
// indicator and the total (the same figures as `dti-score score --previous`), and last
// year's answers beside the fields; "Bắt đầu từ số liệu năm trước" pre-fills the draft,
// each field marked until confirmed or changed, and a draft with unconfirmed figures is
// refused by `dti-score sign`; a submission altered after signing is refused by name.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { ARTIFACTS, BIN, ROOT, SETS, artifact, artifactIfSupported, browser, cli, ready, serve, shadow } from './lib.mjs';

const VL = join(SETS, 'vinh-long-2025.json');
const WORK = join(ARTIFACTS, 'previous');

let server;
let signedPath;
before(async () => {
  server = await serve();
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
  const pass = join(WORK, 'pass.txt');
  writeFileSync(pass, 'mật khẩu của xã năm trước\n');
  const key = join(WORK, 'xa-a.key');
  cli('keygen', '--unit', 'xa-a', '--name', 'Nguyễn Văn An', '--role', 'preparer', '--out', key, '--passphrase-file', pass);
  // Last year: 40 of 50 households (3.1: 80% of 30 = 24 points) and 2.1 done (10).
  const last = join(WORK, 'last-2024.json');
  writeFileSync(last, JSON.stringify({
    format: 'dti-score/values/v1', year: 2024, unit: { id: 'xa-a', name: 'Xã A', level: 'commune' },
    values: { 3.1: { a: '40', b: '50' }, 2.1: { done: true } },
  }));
  signedPath = join(WORK, 'submission-2024.json');
  cli('sign', last, '--set', VL, '--key', key, '--passphrase-file', pass, '--allow-missing', '--out', signedPath);
});
after(async () => { await server.stop(); });

const text = (page, testid) => shadow(page, (root, id) => {
  const e = root.querySelector(`[data-testid="${id}"]`);
  return e ? e.textContent : null;
}, testid);

/** A fresh page on Vĩnh Long's set for 2025, its unit named `unit` (null: not named). */
async function vinhLong(page, unit = 'Xã A') {
  await page.goto(server.url);
  await ready(page);
  await page.selectOption('select[name="set"]', 'vinh-long-2025.json');
  await page.waitForSelector('[name="3.1.a"]');
  await page.fill('[name="year"]', '2025');
  await page.press('[name="year"]', 'Tab');
  if (unit === null) return;
  await page.fill('#unit-name', unit);
  await page.press('#unit-name', 'Tab');
}

test('last year\'s signed submission shows its points and the change as the CLI computes them, and pre-fills a draft that signs only once every figure is confirmed', async () => {
  // What the CLI says for an empty draft of this year beside last year.
  const empty = join(WORK, 'empty-2025.json');
  writeFileSync(empty, JSON.stringify({ year: 2025, values: {} }));
  const yoy = JSON.parse(cli('score', VL, empty, '--previous', signedPath, '--json')).year_over_year;
  const node = (id) => yoy.nodes.find((n) => n.id === id);
  assert.deepEqual(node('3.1').points, { this: '0', last: '24', change: '-24' });
  assert.deepEqual(node('2.1').points, { this: '0', last: '10', change: '-10' });
  const keyLine = JSON.parse(readFileSync(signedPath, 'utf8')).signers.prepared_by.fingerprint;

  const b = await browser();
  try {
    const { page } = b;
    await vinhLong(page);
    await page.setInputFiles('#previous-file', signedPath);
    await page.waitForSelector('[data-testid="last-3.1"]', { timeout: 30000 });
    assert.equal(await text(page, 'previous-info'), `Năm 2024 · bản nộp đã ký (khóa ${keyLine}), điểm theo bản đã ký · bộ chỉ số vinh-long-2025 phiên bản ${yoy.previous.set[1]}`);
    assert.equal(await text(page, 'last-3.1'), 'Năm trước: 24 điểm · thay đổi -24');
    assert.equal(await text(page, 'last-2.1'), 'Năm trước: 10 điểm · thay đổi -10');
    assert.equal(await text(page, 'last-figure-3.1.a'), 'Năm trước: 40');
    assert.equal(await text(page, 'last-figure-3.1.b'), 'Năm trước: 50');
    // The total, as the CLI's.
    assert.equal(await text(page, 'last-total'), ` (năm trước ${yoy.total.last}, thay đổi ${yoy.total.change})`);

    // Typing this year's figure: the change follows.
    await page.fill('[name="3.1.a"]', '45');
    await page.fill('[name="3.1.b"]', '50');
    await page.waitForFunction(() => {
      const e = document.querySelector('dti-self-assessment').shadowRoot.querySelector('[data-testid="last-3.1"]');
      return e && e.textContent === 'Năm trước: 24 điểm · thay đổi +3';
    });

    // A reload keeps last year's file with the draft.
    await page.reload();
    await ready(page);
    await page.waitForSelector('[data-testid="last-3.1"]', { timeout: 30000 });
    assert.equal(await text(page, 'last-3.1'), 'Năm trước: 24 điểm · thay đổi +3');

    // The unit's results carry last year's points and the change (three more columns).
    const [results] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="results-csv"]')]);
    const resultsPath = join(WORK, 'results.csv');
    await results.saveAs(resultsPath);
    const csv = readFileSync(resultsPath, 'utf8').split('\r\n');
    assert.match(csv[0], /,Điểm năm trước,Thay đổi so với năm trước,Ghi chú so với năm trước$/);
    assert.match(csv.find((l) => l.startsWith('3.1,')), /,24,3,$/);

    // Pre-filling refuses a draft that has figures (nothing is overwritten)…
    await page.click('[data-testid="previous-prefill"]');
    assert.match(await text(page, 'previous-note'), /^Bản nháp này đã có số liệu/);
    assert.equal(await page.inputValue('[name="3.1.a"]'), '45');
    // …and fills an empty one: each field marked until confirmed or changed.
    await page.click('text=Bản nháp mới');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot.querySelector('[name="3.1.a"]').value === '');
    await page.setInputFiles('#previous-file', signedPath);
    await page.waitForSelector('[data-testid="last-3.1"]', { timeout: 30000 });
    await page.click('[data-testid="previous-prefill"]');
    await page.waitForSelector('[data-testid="carried-count"]');
    // (This year's draft of last year's unit exists: the new draft's unit stays unnamed.)
    assert.equal(await text(page, 'previous-note'), 'Đã điền 3 số liệu từ năm trước. Mỗi số liệu được đánh dấu cho đến khi bạn xác nhận hoặc sửa; còn số liệu chưa xác nhận thì chưa ký được. Đơn vị “Xã A” đã có bản nháp cho năm này, nên bản nháp này chưa đặt tên đơn vị: hãy nhập tên đơn vị, hoặc mở bản nháp kia trong danh sách “Bản nháp”.');
    assert.equal(await page.inputValue('#unit-name'), '');
    assert.equal(await text(page, 'carried-count'), 'Còn 3 số liệu lấy từ năm trước chưa xác nhận: chưa ký được cho đến khi bạn xác nhận hoặc sửa từng số liệu.');
    assert.equal(await page.inputValue('[name="3.1.a"]'), '40');
    assert.equal(await page.inputValue('[name="3.1.b"]'), '50');
    assert.equal(await page.isChecked('[name="2.1.done"][value="true"]'), true);
    await artifactIfSupported(page.screenshot({ path: artifact('previous-prefilled.png') }));

    // The draft as a values file lists them; `dti-score sign` refuses it.
    const exported = join(WORK, 'prefilled.json');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-draft"]')]);
    await download.saveAs(exported);
    const doc = JSON.parse(readFileSync(exported, 'utf8'));
    assert.deepEqual(doc.carried, ['/values/2.1/done', '/values/3.1/a', '/values/3.1/b']);
    const pass = join(WORK, 'pass.txt');
    let refusal = '';
    try {
      execFileSync(BIN, ['sign', exported, '--set', VL, '--key', join(WORK, 'xa-a.key'), '--passphrase-file', pass, '--allow-missing', '--out', join(WORK, 'refused.json')], { cwd: ROOT, encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      refusal = e.stderr;
    }
    assert.match(refusal, /chưa ký được: 3 số liệu lấy từ năm trước chưa được xác nhận \(\/values\/2\.1\/done, \/values\/3\.1\/a, \/values\/3\.1\/b\)/);

    // Changing one, confirming the others: nothing left to confirm.
    await page.fill('[name="3.1.a"]', '42');
    await page.click('[data-testid="confirm-3.1.b"]');
    await page.click('[data-testid="confirm-2.1.done"]');
    await page.waitForFunction(() => !document.querySelector('dti-self-assessment').shadowRoot.querySelector('[data-testid="carried-count"]'));
    const [again] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-draft"]')]);
    const confirmed = join(WORK, 'confirmed.json');
    await again.saveAs(confirmed);
    const doc2 = JSON.parse(readFileSync(confirmed, 'utf8'));
    assert.equal(doc2.carried, undefined);
    assert.deepEqual(doc2.values['3.1'], { a: '42', b: '50' });
    cli('sign', confirmed, '--set', VL, '--key', join(WORK, 'xa-a.key'), '--passphrase-file', pass, '--allow-missing', '--out', join(WORK, 'signed-2025.json'));
  } finally {
    await b.close();
  }
});

test("a draft whose unit is not named yet takes last year's unit with the figures", async () => {
  const b = await browser();
  try {
    const { page } = b;
    await vinhLong(page, null);
    await page.setInputFiles('#previous-file', signedPath);
    await page.waitForSelector('[data-testid="last-3.1"]', { timeout: 30000 });
    await page.click('[data-testid="previous-prefill"]');
    await page.waitForSelector('[data-testid="carried-count"]');
    assert.equal(await text(page, 'previous-note'), 'Đã điền 3 số liệu từ năm trước. Mỗi số liệu được đánh dấu cho đến khi bạn xác nhận hoặc sửa; còn số liệu chưa xác nhận thì chưa ký được.');
    assert.deepEqual(
      [await page.inputValue('#unit-name'), await page.inputValue('#unit-id'), await page.inputValue('[name="3.1.a"]')],
      ['Xã A', 'xa-a', '40'],
    );
    // Kept: a reload opens the draft of that unit.
    await page.waitForSelector('[data-testid="save-state"][data-state="saved"]');
    await page.reload();
    await ready(page);
    assert.deepEqual([await page.inputValue('#unit-name'), await page.inputValue('[name="3.1.a"]')], ['Xã A', '40']);
  } finally {
    await b.close();
  }
});

test('a submission altered after it was signed is refused by name, in Vietnamese and English', async () => {
  const tampered = join(WORK, 'tampered-2024.json');
  writeFileSync(tampered, readFileSync(signedPath, 'utf8').replace('"40"', '"49"'));
  const b = await browser();
  try {
    const { page } = b;
    await vinhLong(page);
    await page.setInputFiles('#previous-file', tampered);
    await page.waitForSelector('[data-testid="previous-error"]', { timeout: 30000 });
    assert.match(await text(page, 'previous-error'), /^chữ ký prepared_by của bản nộp năm trước không khớp với khóa [0-9A-F-]+: tệp đã bị sửa sau khi ký$/);
    assert.equal(await text(page, 'last-3.1'), null);
    // In English.
    await page.click('text=English');
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot.querySelector('#previous-h').textContent === "Last year's figures");
    assert.match(await text(page, 'previous-error'), /^the prepared_by signature of last year's submission does not verify against the key [0-9A-F-]+: the file was altered after it was signed$/);
  } finally {
    await b.close();
  }
});
