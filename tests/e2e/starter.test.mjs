// Issue 17 item 3: the commune starter set (indicator-sets/templates/commune-starter.json), a
// template for a province to adapt. The set picker lists it apart from the sets that encode a
// document, in a group of its own, in Vietnamese and English; choosing it shows the template
// banner (not an official set), the form, and scores a commune's figures as the CLI does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, SETS, browser, cli, displayedPoints, fillValues, ready, serve } from './lib.mjs';

const SET = join(SETS, 'templates/commune-starter.json');
const VALUES = join(ROOT, 'tests/fixtures/commune-starter--plausible-commune/values.json');
const doc = JSON.parse(readFileSync(VALUES, 'utf8'));
const FILE = 'templates/commune-starter.json';

const NOTE = {
  vi: 'không phải bộ chỉ số chính thức: bộ mẫu soạn từ nhiệm vụ văn bản của tỉnh giao cho cấp xã, điểm tối đa do mẫu đề xuất; tỉnh điều chỉnh và ban hành thành bộ chỉ số của mình trước khi dùng để chấm điểm.',
  en: 'not an official set: a template drawn from the duties provincial documents assign to communes, with maxima the template proposes; a province adapts it and issues it as its own set before using it to score.',
};

/** The picker's groups: [label, [[value, text]…]]. */
const groups = (page) => page.$$eval('select[name="set"] optgroup', (gs) => gs.map((g) => [g.label,
  [...g.querySelectorAll('option')].map((o) => [o.value, o.textContent])]));

const statusText = (page) => page.evaluate(() => document.querySelector('dti-self-assessment').shadowRoot
  .querySelector('[data-testid="set-status"]').textContent);

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });

test('the picker lists the commune template in its own group; choosing it shows the template banner and scores', async () => {
  const expected = JSON.parse(cli('score', SET, VALUES, '--json'));
  assert.equal(expected.total, '76.76');
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);

    // Two groups: the sets of documents, then the templates.
    const vi = await groups(page);
    assert.deepEqual(vi.map(([label]) => label), ['Bộ chỉ số theo văn bản', 'Mẫu để tỉnh điều chỉnh']);
    assert.deepEqual(vi[0][1].map(([v]) => v).sort(), [
      'dti-province-2022.json', 'dti-province-2025.json', 'thanh-hoa-department-2021.json',
      'thanh-hoa-district-2021.json', 'vinh-long-2025.json',
    ]);
    assert.deepEqual(vi[1][1], [[FILE, 'Bộ chỉ số mẫu đánh giá chuyển đổi số cấp xã — mẫu để tỉnh điều chỉnh']]);
    // The default set is still the provincial one.
    assert.equal(await page.inputValue('select[name="set"]'), 'dti-province-2025.json');

    await page.selectOption('select[name="set"]', FILE);
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="set-status"]')?.dataset.status === 'template');
    assert.equal(await page.textContent('#set-title'), 'Bộ chỉ số mẫu đánh giá chuyển đổi số cấp xã');
    assert.equal(await statusText(page), `Hiệu lực: mẫu để tỉnh điều chỉnh — ${NOTE.vi}`);
    assert.equal(await page.getAttribute('[data-testid="set-status"]', 'class'), 'set-status banner warn');

    // The form: every component of the template, nothing scored yet.
    const empty = await displayedPoints(page);
    assert.equal(Object.keys(empty).length, 24);
    assert.equal(await page.getAttribute('[data-testid="total"]', 'data-value'), '0');

    // A commune's figures score as the CLI scores them (the golden case).
    await page.fill('[name="year"]', String(doc.year));
    await page.press('[name="year"]', 'Tab');
    await page.fill('[name="unit.name"]', doc.unit.name);
    await page.press('[name="unit.name"]', 'Tab');
    // Typed as a commune official types in Vietnamese: a decimal comma ("0.3" would be
    // refused as ambiguous, "0,3 — hoặc 3?").
    const typed = structuredClone(doc);
    typed.values['1.12'] = { a: '0,3', b: '0,15', c: '52' };
    await fillValues(page, typed);
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="total"]').dataset.value === '76.76');
    assert.equal(await page.textContent('[data-testid="total"]'), '76,76');
    assert.deepEqual(await displayedPoints(page),
      Object.fromEntries(Object.entries(expected.nodes).map(([id, n]) => [id, n.points])));

    // Print says it is a template, with the note.
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => document.querySelector('dti-self-assessment').onPrintPreview());
    assert.equal(await page.textContent('[data-testid="print-status"]'), `Hiệu lực: mẫu để tỉnh điều chỉnh — ${NOTE.vi}`);
    await page.emulateMedia({ media: 'screen' });

    // In English: the group, the option and the banner.
    await page.$eval('dti-self-assessment', (e) => e.setAttribute('lang', 'en'));
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('[data-testid="set-status"]')?.textContent.startsWith('Status: '));
    const en = await groups(page);
    assert.deepEqual(en.map(([label]) => label), ['Sets from documents', 'Templates for a province to adapt']);
    assert.deepEqual(en[1][1], [[FILE, 'Commune digital transformation starter set — template for a province to adapt']]);
    assert.equal(await page.inputValue('select[name="set"]'), FILE);
    assert.equal(await statusText(page), `Status: template for a province to adapt — ${NOTE.en}`);
    assert.equal(await page.textContent('#set-title'), 'Commune digital transformation starter set');
    // The figures stay, and so does the score.
    assert.equal(await page.getAttribute('[data-testid="total"]', 'data-value'), '76.76');
    assert.equal(await page.textContent('[data-testid="total"]'), '76.76');
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
