// The custom element's lifecycle: its `lang` and `set` attributes are live (a change after
// start-up re-renders in that language, or opens that set as the set picker does, the
// draft kept), and every listener it adds outside itself (window, document, the tabs'
// BroadcastChannel, the service worker container) is removed when it is removed from the
// page, and added again when it is put back.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { browser, ready, serve } from './lib.mjs';

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });

/**
 * Before the page's scripts run: counts the listeners added (and not yet removed, by
 * removeEventListener or by their AbortSignal) on window, document, any BroadcastChannel
 * and navigator.serviceWorker by the page's own scripts (not the test driver's), by target
 * and event type.
 */
function countListeners() {
  const added = [];
  const kind = (target) => {
    if (target === window) return 'window';
    if (target === document) return 'document';
    if (typeof BroadcastChannel === 'function' && target instanceof BroadcastChannel) return 'channel';
    if ('serviceWorker' in navigator && target === navigator.serviceWorker) return 'serviceWorker';
    return null;
  };
  const { addEventListener, removeEventListener } = EventTarget.prototype;
  EventTarget.prototype.addEventListener = function add(type, listener, options) {
    const k = kind(this);
    // (The WebDriver runner's in-page recorder, installed later in WebKitGTK, says so.)
    const byPage = new Error().stack.includes(`${location.origin}/`) && !window.__dtiE2eInstalling;
    if (k && byPage) added.push({ k, type, listener, target: this, signal: options && options.signal, removed: false });
    return addEventListener.call(this, type, listener, options);
  };
  EventTarget.prototype.removeEventListener = function remove(type, listener, options) {
    for (const a of added) if (a.target === this && a.type === type && a.listener === listener) a.removed = true;
    return removeEventListener.call(this, type, listener, options);
  };
  window.activeListeners = () => {
    const out = {};
    for (const a of added) {
      if (a.removed || (a.signal && a.signal.aborted)) continue;
      out[a.k] = out[a.k] || {};
      out[a.k][a.type] = (out[a.k][a.type] || 0) + 1;
    }
    return out;
  };
}

const LISTENING = {
  window: { beforeunload: 1, beforeprint: 1 },
  document: { visibilitychange: 1 },
  channel: { message: 1 },
  serviceWorker: { controllerchange: 1 },
};

const text = (page, selector) => page.$eval('dti-self-assessment', (e, s) => e.shadowRoot.querySelector(s).textContent, selector);

test('lang and set attributes are live; the listeners outside the element go with it', async () => {
  const b = await browser();
  try {
    const { page, errors } = b;
    await page.addInitScript(countListeners);
    await page.goto(server.url);
    await ready(page);
    // The service worker's listener comes once it is registered.
    await page.waitForFunction(() => (window.activeListeners().serviceWorker || {}).controllerchange === 1);
    assert.deepEqual(await page.evaluate(() => window.activeListeners()), LISTENING);
    assert.equal(await text(page, 'h1'), 'Tự đánh giá Chỉ số chuyển đổi số (DTI)');

    // lang: the page re-renders in English.
    await page.$eval('dti-self-assessment', (e) => e.setAttribute('lang', 'en'));
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot.querySelector('h1').textContent
      === 'Digital Transformation Index (DTI) self-assessment');
    assert.equal(await text(page, '#set-title'), 'Provincial Digital Transformation Index (DTI)');
    assert.equal(await text(page, 'button.lang'), 'Tiếng Việt');

    // A unit's draft, saved.
    await page.fill('[name="unit.name"]', 'Xã Tân Hòa');
    await page.press('[name="unit.name"]', 'Tab');
    await page.waitForSelector('[data-testid="save-state"][data-state="saved"]');
    const year = await page.inputValue('[name="year"]');

    // set: that set opens as the set picker opens it, for the same unit and year; the
    // draft of the previous set stays in the draft list.
    await page.$eval('dti-self-assessment', (e) => e.setAttribute('set', 'vinh-long-2025'));
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot.querySelector('#set-title').textContent
      .endsWith('Vĩnh Long province'));
    assert.equal(await text(page, '#set-title'), 'Provincial Digital Transformation Index (DTI) – Vĩnh Long province');
    assert.equal(await page.inputValue('[name="set"]'), 'vinh-long-2025.json');
    assert.equal(await page.inputValue('[name="unit.name"]'), 'Xã Tân Hòa');
    assert.equal(await page.inputValue('[name="unit.id"]'), 'xa-tan-hoa');
    assert.equal(await page.inputValue('[name="year"]'), year);
    const drafts = await page.$$eval('[name="draft"] option', (os) => os.map((o) => o.textContent));
    assert.ok(drafts.includes(`Xã Tân Hòa · Provincial Digital Transformation Index (DTI) · ${year}`), JSON.stringify(drafts));

    // set: the URL of a set file (not a shipped set's id or file) opens as a set file does.
    await page.$eval('dti-self-assessment', (e) => e.setAttribute('set', 'indicator-sets/thanh-hoa-district-2021.json'));
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot.querySelector('#set-title').textContent
      .startsWith('Digital transformation index for districts'));
    assert.equal(await text(page, '#set-title'),
      "Digital transformation index for districts (district, town and city People's Committees) – Thanh Hóa province");
    assert.equal(await page.inputValue('[name="set"]'), '__custom');
    assert.equal(await page.inputValue('[name="unit.name"]'), 'Xã Tân Hòa');
    assert.equal(await page.inputValue('[name="year"]'), year);

    // Back to the first set by attribute: its draft, as saved.
    await page.$eval('dti-self-assessment', (e) => e.setAttribute('set', 'dti-province-2025'));
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot.querySelector('#set-title').textContent
      === 'Provincial Digital Transformation Index (DTI)');
    assert.equal(await page.inputValue('[name="set"]'), 'dti-province-2025.json');
    assert.equal(await page.inputValue('[name="unit.name"]'), 'Xã Tân Hòa');
    assert.deepEqual(await page.evaluate(() => window.activeListeners()), LISTENING);

    // Removed: nothing of it listens any more. Put back: it listens again.
    await page.evaluate(() => {
      window.removedElement = document.querySelector('dti-self-assessment');
      window.removedElement.remove();
    });
    assert.deepEqual(await page.evaluate(() => window.activeListeners()), {});
    await page.evaluate(() => document.body.append(window.removedElement));
    await page.waitForFunction(() => (window.activeListeners().serviceWorker || {}).controllerchange === 1);
    assert.deepEqual(await page.evaluate(() => window.activeListeners()), LISTENING);
    assert.equal(await text(page, 'h1'), 'Digital Transformation Index (DTI) self-assessment');
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
});
