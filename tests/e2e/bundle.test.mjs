// `dti-score bundle`: one HTML file that opens from file:// and works with no network.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { FIXTURES, SETS, artifact, browser, cli, displayedPoints, fillValues, ready } from './lib.mjs';
import { stepIfSupported } from './skip-unsupported.mjs';

test('the single-file bundle opens from file:// with the network cut and scores like the CLI', async (t) => {
  const out = artifact('tu-danh-gia.html');
  const set = join(SETS, 'dti-province-2025.json');
  cli('bundle', '--set', set, '--out', out);
  const html = readFileSync(out, 'utf8');
  // No file but itself: no src= or href= pointing anywhere.
  assert.equal(/\s(src|href)=/.test(html), false);

  const values = join(FIXTURES, 'province-2025-values.json');
  const doc = JSON.parse(readFileSync(values, 'utf8'));
  const expected = JSON.parse(cli('score', set, values, '--json'));

  const b = await browser();
  try {
    const { page, context } = b;
    const requests = [];
    const cut = await stepIfSupported(t, 'the network cut (request interception)', () => context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    }));
    // Where requests cannot be intercepted (WebKitGTK), every request the page makes is
    // still seen (its Resource Timing entries), and none may leave the file.
    if (!cut) page.on('request', (r) => { if (!/^(file|data|blob):/.test(r.url())) requests.push(r.url()); });
    await page.goto(pathToFileURL(out).href);
    await ready(page);
    assert.equal(await page.textContent('.set-info h2'), 'Bộ chỉ số đánh giá chuyển đổi số (DTI) cấp tỉnh');
    await fillValues(page, doc);
    assert.equal(await page.getAttribute('[data-testid="total"]', 'data-value'), expected.total);
    const want = Object.fromEntries(Object.entries(expected.nodes).map(([id, n]) => [id, n.points]));
    assert.deepEqual(await displayedPoints(page), want);
    // The signing engine is in the file too.
    await page.click('[data-testid="sign-open"]');
    await page.waitForSelector('[data-testid="keys"]');
    // And the values workbook's: the template, pre-filled, scores like the CLI.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="workbook-template"]')]);
    const template = artifact('tu-danh-gia-mau.xlsx');
    await download.saveAs(template);
    assert.equal(JSON.parse(cli('score', set, template, '--json')).total, expected.total);
    assert.deepEqual(requests, []);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
