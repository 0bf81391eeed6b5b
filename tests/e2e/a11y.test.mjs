// Accessibility and language: inputs reachable by their labels and by keyboard alone;
// the English switch; usable at 360 px (no horizontal scrolling).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browser, ready, serve } from './lib.mjs';

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });

test('every field has a label; keyboard alone fills and scores; English switch', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    // Every form control inside the element is named by a <label for> or a <legend>.
    const unlabelled = await page.$$eval('dti-self-assessment', ([host]) => [...host.shadowRoot.querySelectorAll('input, select, textarea')]
      .filter((c) => c.type !== 'file' && c.type !== 'radio' && c.type !== 'checkbox'
        ? !(c.id && host.shadowRoot.querySelector(`label[for="${c.id}"]`))
        : !(c.id && host.shadowRoot.querySelector(`label[for="${c.id}"]`)))
      .map((c) => c.name || c.id));
    assert.deepEqual(unlabelled, []);

    // The accessible name is the source letter and its label.
    await page.getByLabel('a = Số lượng hộ gia đình có truy cập Internet').fill('402115');
    await page.getByLabel('b = Tổng số hộ gia đình của Tỉnh, thành phố').focus();
    await page.keyboard.type('471900');
    assert.equal(await page.getAttribute('[data-testid="points-1.3"]', 'data-value'), '17.04');
    // Tab goes from one field to the next; typing there scores too.
    await page.getByLabel('a = Số lượng nền tảng số đã triển khai/sử dụng tại tỉnh/TP').focus();
    await page.keyboard.type('3');
    // Past 1.5's evidence section ("Minh chứng", closed: one stop) and 1.6's source.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    assert.equal(await page.isChecked('[name="1.6.items.1"]'), true);
    assert.equal(await page.getAttribute('[data-testid="total"]', 'data-value'), '77.04');

    await page.click('button.lang');
    assert.equal(await page.textContent('h1'), 'Digital Transformation Index (DTI) self-assessment');
    assert.equal(await page.textContent('[data-testid="total"]'), '77.04');
    assert.ok((await page.textContent('#n-1\\.3 .trace')).startsWith('Ratio = a/b'), await page.textContent('#n-1\\.3 .trace'));
    await page.click('button.lang');
    assert.equal(await page.textContent('[data-testid="total"]'), '77,04');
  } finally {
    await b.close();
  }
});

test('at 360 px nothing scrolls sideways', async () => {
  const b = await browser({ viewport: { width: 360, height: 780 } });
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(width <= 360, `page is ${width} px wide`);
  } finally {
    await b.close();
  }
});
