// The typed-figures cases in Firefox ESR, driven through geckodriver (W3C WebDriver; see
// webdriver.mjs): typed Vietnamese figures read and scored as the CLI scores them written
// canonically, a keystroke kept across an immediate reload, and two tabs on one draft.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SETS, artifact, cli, serve } from './lib.mjs';
import { firefox } from './webdriver.mjs';

const VL = join(SETS, 'vinh-long-2025.json');

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });

const ready = (wd) => wd.until(() => {
  const e = document.querySelector('dti-self-assessment');
  return e && e.dataset.ready === 'true' && e.shadowRoot.querySelector('[data-testid="total"]') !== null;
});
const text = (wd, selector) => wd.run((s) => {
  const e = document.querySelector('dti-self-assessment').shadowRoot.querySelector(s);
  return e ? e.textContent : null;
}, selector);
const value = (wd, name) => wd.run((n) => document.querySelector('dti-self-assessment').shadowRoot
  .querySelector(`[name="${n}"]`).value, name);
const saved = (wd) => wd.until(() => document.querySelector('dti-self-assessment').shadowRoot
  .querySelector('[data-testid="save-state"]').dataset.state === 'saved');

test('Firefox: typed Vietnamese figures are read as meant, refused when ambiguous, and score as the CLI scores them', async () => {
  const wd = await firefox();
  try {
    await wd.goto(server.url);
    await ready(wd);
    await wd.run(() => {
      const sel = document.querySelector('dti-self-assessment').shadowRoot.querySelector('select[name="set"]');
      sel.value = 'vinh-long-2025.json';
      sel.dispatchEvent(new Event('change', { bubbles: true }));
    });
    await wd.shadowElement('[name="7.1.a"]');
    await wd.type('[name="year"]', '2025');
    await wd.run(() => document.querySelector('dti-self-assessment').shadowRoot.querySelector('[name="year"]')
      .dispatchEvent(new Event('change', { bubbles: true })));
    await wd.type('[name="7.1.a"]', '1.234');
    assert.equal(await text(wd, '[name="7.1.a"] + .hint'), '= 1.234 — một nghìn hai trăm ba mươi bốn');
    await wd.type('[name="7.1.b"]', '45%');
    assert.equal(await text(wd, '[name="7.1.b"] + .hint'), 'b (Giá trị GRDP của địa bàn): “45%”: trường này là số tiền (tỷ đồng), không nhận %');
    await wd.type('[name="7.1.b"]', '1.5');
    assert.match(await text(wd, '[name="7.1.b"] + .hint'), /1,5 — hoặc 15\?$/);
    await wd.type('[name="7.1.b"]', '6.170');
    await wd.type('[name="context.population"]', '12.345');
    assert.equal(await text(wd, '[name="context.population"] + .hint'), '= 12.345 — mười hai nghìn ba trăm bốn mươi lăm');
    await wd.type('[name="3.1.a"]', '2.450');
    await wd.type('[name="3.1.b"]', '2.856');
    await wd.type('[name="4.4.a"]', '2.856');
    await wd.type('[name="4.4.b"]', '10.560');

    const values = {
      format: 'dti-score/values/v1', year: 2025,
      context: { population: '12345' },
      values: { 7.1: { a: '1234', b: '6170' }, 3.1: { a: '2450', b: '2856' }, 4.4: { a: '2856', b: '10560' } },
    };
    const file = artifact('firefox-canonical-values.json');
    writeFileSync(file, JSON.stringify(values));
    const expected = JSON.parse(cli('score', VL, file, '--json'));
    const shown = await wd.run(() => Object.fromEntries([...document.querySelector('dti-self-assessment').shadowRoot
      .querySelectorAll('[data-testid^="points-"]')].map((e) => [e.dataset.testid.slice('points-'.length), e.dataset.value])));
    assert.deepEqual(shown, Object.fromEntries(Object.entries(expected.nodes).map(([id, n]) => [id, n.points])));
    assert.equal(expected.nodes['7.1'].points, '50');
  } finally {
    await wd.close();
  }
});

test('Firefox: a keystroke followed at once by a reload is kept, fifty times over', async () => {
  const wd = await firefox();
  try {
    await wd.goto(server.url);
    await ready(wd);
    for (let i = 1; i <= 50; i += 1) {
      await wd.type('[name="1.5.a"]', String(i));
      await wd.refresh();
      await ready(wd);
      assert.equal(await value(wd, '1.5.a'), String(i), `reload ${i}`);
    }
  } finally {
    await wd.close();
  }
});

test('Firefox: two tabs on one draft; edits made in both are all present in a third', async () => {
  const wd = await firefox();
  try {
    await wd.goto(server.url);
    await ready(wd);
    const tabA = await wd.window();
    const tabB = await wd.newWindow();
    await wd.switchTo(tabB);
    await wd.goto(server.url);
    await ready(wd);
    await wd.switchTo(tabA);
    await wd.type('[name="1.3.a"]', '45');
    await saved(wd);
    await wd.switchTo(tabB);
    await wd.until(() => document.querySelector('dti-self-assessment').shadowRoot.querySelector('[name="1.3.a"]').value === '45');
    await wd.type('[name="1.3.b"]', '60');
    await saved(wd);
    const third = await wd.newWindow();
    await wd.switchTo(third);
    await wd.goto(server.url);
    await ready(wd);
    assert.deepEqual([await value(wd, '1.3.a'), await value(wd, '1.3.b')], ['45', '60']);
  } finally {
    await wd.close();
  }
});
