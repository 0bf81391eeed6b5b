// Typed figures are read right or refused, never misread, and nothing typed is lost
// (issue "typed figures"): each case a new user met on the Vĩnh Long set, in the page,
// against the CLI's score of the same figures written canonically.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SETS, artifact, browser, cli, displayedPoints, ready, serve } from './lib.mjs';

const VL = join(SETS, 'vinh-long-2025.json');

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });

const shadow = (page, selector) => page.evaluate((s) => {
  const e = document.querySelector('dti-self-assessment').shadowRoot.querySelector(s);
  return e ? e.textContent : null;
}, selector);
const hint = (page, name) => shadow(page, `[name="${name}"] + .hint`);

async function vinhLong(page) {
  await page.goto(server.url);
  await ready(page);
  await page.selectOption('select[name="set"]', 'vinh-long-2025.json');
  await page.waitForSelector('[name="7.1.a"]');
  await page.fill('[name="year"]', '2025');
  await page.press('[name="year"]', 'Tab');
}

test('Vietnamese figures are read as the official means them, refused when ambiguous, and score as the CLI scores them written canonically', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await vinhLong(page);

    // 7.1, amounts in tỷ đồng: "1.234" is one thousand two hundred thirty-four, read back in words.
    await page.fill('[name="7.1.a"]', '1.234');
    assert.equal(await hint(page, '7.1.a'), '= 1.234 — một nghìn hai trăm ba mươi bốn');
    // "45%" in an amount field is refused, not read as 0,45; the indicator is invalid, 0 points.
    await page.fill('[name="7.1.b"]', '45%');
    assert.equal(await hint(page, '7.1.b'), 'b (Giá trị GRDP của địa bàn): “45%”: trường này là số tiền (tỷ đồng), không nhận %');
    assert.equal(await page.getAttribute('[name="7.1.b"]', 'aria-invalid'), 'true');
    assert.equal(await page.getAttribute('[data-testid="points-7.1"]', 'data-value'), '0');
    // A dot that cannot group thousands is refused with both readings, never guessed.
    await page.fill('[name="7.1.b"]', '1.5');
    assert.equal(await hint(page, '7.1.b'), 'b (Giá trị GRDP của địa bàn): “1.5”: dấu chấm chỉ dùng phân cách hàng nghìn (1.234); dùng dấu phẩy cho phần thập phân: 1,5 — hoặc 15?');
    await page.fill('[name="7.1.b"]', '6.170');

    // "Thông tin chung": counts grouped with dots are whole numbers, shown in words.
    await page.fill('[name="context.population"]', '12.345');
    assert.equal(await hint(page, 'context.population'), '= 12.345 — mười hai nghìn ba trăm bốn mươi lăm');
    await page.fill('[name="context.households"]', '3.210');
    assert.equal(await hint(page, 'context.households'), '= 3.210 — ba nghìn hai trăm mười');

    // Count fields take "2.856", "10.560", "2.450" as the thousands they are.
    await page.fill('[name="3.1.a"]', '2.450');
    await page.fill('[name="3.1.b"]', '2.856');
    await page.fill('[name="4.4.a"]', '45%');
    assert.equal(await hint(page, '4.4.a'), 'a (Số lượng công chức, viên chức được bồi dưỡng, tập huấn về chuyển đổi số): “45%”: trường này là số đếm, không nhận %');
    await page.fill('[name="4.4.a"]', '2.856');
    await page.fill('[name="4.4.b"]', '10.560');
    assert.equal(await hint(page, '4.4.b'), '= 10.560 — mười nghìn năm trăm sáu mươi');

    // The same figures written canonically, scored by the CLI: every indicator equal.
    const values = {
      format: 'dti-score/values/v1', year: 2025,
      context: { population: '12345', households: '3210' },
      values: { 7.1: { a: '1234', b: '6170' }, 3.1: { a: '2450', b: '2856' }, 4.4: { a: '2856', b: '10560' } },
    };
    const file = artifact('typed-canonical-values.json');
    writeFileSync(file, JSON.stringify(values));
    const expected = JSON.parse(cli('score', VL, file, '--json'));
    const want = Object.fromEntries(Object.entries(expected.nodes).map(([id, n]) => [id, n.points]));
    assert.deepEqual(await displayedPoints(page), want);
    assert.equal(want['7.1'], '50');
    assert.equal(await page.getAttribute('[data-testid="total"]', 'data-value'), expected.total);

    // A text refused in Vietnamese stays refused after a switch to English (it is not
    // re-read as English "1.5").
    await page.fill('[name="context.households"]', '1.5');
    await page.click('button.lang');
    await page.waitForSelector('[name="context.households"]');
    assert.equal(await page.inputValue('[name="context.households"]'), '1.5');
    assert.equal(await hint(page, 'context.households'), 'Number of households: “1.5”: in Vietnamese figures, the point only separates thousands (1.234); use a comma for decimals: 1,5 — or 15?');
    await page.fill('[name="context.households"]', '3,210');
    await page.click('button.lang');
    await page.waitForSelector('[name="context.households"]');
    assert.equal(await page.inputValue('[name="context.households"]'), '3.210');

    // Switching to English never changes a value already read: the fields show it the
    // English way, and English typing follows English rules.
    await page.click('button.lang');
    await page.waitForSelector('[name="7.1.a"]');
    assert.equal(await page.inputValue('[name="7.1.a"]'), '1,234');
    assert.equal(await page.getAttribute('[data-testid="total"]', 'data-value'), expected.total);
    await page.fill('[name="7.1.a"]', '1,234.5');
    assert.equal(await hint(page, '7.1.a'), '= 1,234.5 — một nghìn hai trăm ba mươi bốn phẩy năm');
    await page.fill('[name="7.1.a"]', '1,5');
    assert.equal(await hint(page, '7.1.a'), 'a (Value added of the digital economy): “1,5”: the comma only separates thousands (1,234); use a point for decimals: 1.5 — or 15?');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});

test('signing lists invalid figures and is blocked until they are fixed; missing ones need a confirmation naming how many score 0', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await vinhLong(page);
    await page.fill('[name="unit.name"]', 'Xã Tân Hòa');
    await page.press('[name="unit.name"]', 'Tab');
    await page.fill('[name="3.1.a"]', '12,5');
    await page.click('[data-testid="sign-open"]');
    await page.waitForSelector('[data-testid="readiness-invalid"]');
    const invalid = await page.$$eval('[data-testid="readiness-invalid"] li', (l) => l.map((x) => x.textContent));
    assert.deepEqual(invalid, ['3.1 Tỷ lệ thôn, bản được phủ sóng di động băng rộng']);
    assert.equal(await page.isDisabled('[data-testid="sign"]'), true);
    // Fixed: no invalid figures; 46 of the 47 indicators have no figures.
    await page.fill('[name="3.1.a"]', '12');
    await page.fill('[name="3.1.b"]', '15');
    await page.waitForSelector('[data-testid="readiness-invalid"]', { state: 'detached' });
    assert.equal(await shadow(page, '[data-testid="readiness"] .banner.warn'),
      'Theo quy định, chỉ tiêu không có số liệu được tính 0 điểm: 46 chỉ tiêu chưa có số liệu.');
    assert.equal(await page.$$eval('[data-testid="readiness-missing"] li', (l) => l.length), 46);
    assert.equal(await page.isDisabled('[data-testid="sign"]'), true);
    await page.check('[name="sign.confirm_missing"]');
    assert.equal(await page.isDisabled('[data-testid="sign"]'), false);
  } finally {
    await b.close();
  }
});

test('the unit is named first and its id proposed from the name; an exported draft always names the unit', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await vinhLong(page);
    await page.fill('[name="unit.name"]', 'Xã Tân Hòa');
    assert.equal(await page.inputValue('[name="unit.id"]'), 'xa-tan-hoa');
    await page.press('[name="unit.name"]', 'Tab');
    await page.fill('[name="unit.id"]', '');
    await page.press('[name="unit.id"]', 'Tab');
    await page.fill('[name="3.1.a"]', '12');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-draft"]')]);
    const path = artifact('typed-export.json');
    await download.saveAs(path);
    const exported = JSON.parse(readFileSync(path, 'utf8'));
    assert.deepEqual(exported.unit, { id: 'xa-tan-hoa', name: 'Xã Tân Hòa', level: 'commune' });
    // The file carries canonical values only.
    assert.deepEqual(exported.values, { 3.1: { a: '12' } });
  } finally {
    await b.close();
  }
});

test('two tabs on one draft: edits made in both are all present in a third page', async () => {
  const b = await browser();
  try {
    const { context, page: a } = b;
    await a.goto(server.url);
    await ready(a);
    const tabB = await context.newPage();
    await tabB.goto(server.url);
    await ready(tabB);
    await a.fill('[name="1.3.a"]', '45');
    await a.waitForSelector('[data-testid="save-state"][data-state="saved"]');
    // Tab B shows A's edit as soon as A saved it.
    await tabB.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[name="1.3.a"]').value === '45');
    await tabB.fill('[name="1.3.b"]', '60');
    await tabB.waitForSelector('[data-testid="save-state"][data-state="saved"]');
    const third = await context.newPage();
    await third.goto(server.url);
    await ready(third);
    assert.equal(await third.inputValue('[name="1.3.a"]'), '45');
    assert.equal(await third.inputValue('[name="1.3.b"]'), '60');
    // Without the message between tabs (a tab that missed it), the save merges field by field.
    await a.evaluate(() => { document.querySelector('dti-self-assessment').sync.channel.onmessage = null; });
    await tabB.fill('[name="1.5.a"]', '3');
    await tabB.waitForSelector('[data-testid="save-state"][data-state="saved"]');
    await a.fill('[name="1.3.a"]', '50');
    await a.waitForSelector('[data-testid="save-state"][data-state="saved"]');
    const fourth = await context.newPage();
    await fourth.goto(server.url);
    await ready(fourth);
    assert.deepEqual(
      [await fourth.inputValue('[name="1.3.a"]'), await fourth.inputValue('[name="1.3.b"]'), await fourth.inputValue('[name="1.5.a"]')],
      ['50', '60', '3'],
    );
  } finally {
    await b.close();
  }
});

test('a keystroke followed at once by a reload is kept, fifty times over', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    for (let i = 1; i <= 50; i += 1) {
      await page.fill('[name="1.5.a"]', String(i));
      await page.reload();
      await ready(page);
      assert.equal(await page.inputValue('[name="1.5.a"]'), String(i), `reload ${i}`);
    }
  } finally {
    await b.close();
  }
});
