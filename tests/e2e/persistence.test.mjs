// Where the browser has not promised to keep the page's data (WebKitGTK has no
// navigator.storage at all; Firefox asks the person, and a headless one never answers;
// Chromium decides by the site's use), the page says so once there is unexported work, with
// the export as its action, and the export clears the message. Runs in every engine: what
// the engine offers is read from the page, and the page's answer asserted for it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, artifact, browser, ready, serve } from './lib.mjs';

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });

const vi = JSON.parse(readFileSync(join(ROOT, 'www/i18n/vi.json'), 'utf8'));

test('storage the browser may clear: an unexported edit is told to export, and the export clears the message', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    const offered = await page.evaluate(() => Boolean(navigator.storage && navigator.storage.persist));
    await page.fill('[name="1.5.a"]', '3');
    await page.waitForSelector('[data-testid="save-state"][data-state="saved"]');
    const persistence = await page.evaluate(() => document.querySelector('dti-self-assessment').persistence);
    if (!offered) assert.equal(persistence, 'unsupported');
    if (persistence === 'granted') {
      assert.equal(await page.$('[data-banner="persist"]'), null);
      return;
    }
    await page.waitForSelector('[data-banner="persist"]');
    assert.equal(await page.textContent('[data-banner="persist"] p'), vi['storage.not_persistent']);
    assert.equal(await page.textContent('[data-banner="persist"] button'), vi['draft.export']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-banner="persist"] button')]);
    await download.saveAs(artifact('persistence-export.json'));
    assert.equal(JSON.parse(readFileSync(artifact('persistence-export.json'), 'utf8')).values['1.5'].a, '3');
    await page.waitForSelector('[data-banner="persist"]', { state: 'detached' });
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
