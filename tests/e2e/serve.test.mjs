// `dti-score serve` as the browser sees it (issue 12): the page's first load comes
// precompressed (brotli) with the headers the page relies on, and a file above the
// engine's size limit is refused before it is read, with the engine's message.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { browser, ready, serve } from './lib.mjs';

let server;
before(async () => { server = await serve(); });
after(async () => { await server.stop(); });

/** One GET with the given headers: { status, headers, bytes }. */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let bytes = 0;
      res.on('data', (d) => { bytes += d.length; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes }));
    }).on('error', reject).end();
  });
}

test('the engine comes brotli- or gzip-compressed by Accept-Encoding, with its MIME type and the CSP', async () => {
  const wasm = `${server.url}pkg/dti_score_bg.wasm`;
  const plain = await get(wasm);
  const br = await get(wasm, { 'accept-encoding': 'gzip, deflate, br' });
  const gz = await get(wasm, { 'accept-encoding': 'gzip' });
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  for (const r of [plain, br, gz]) {
    assert.equal(r.status, 200);
    assert.equal(r.headers['content-type'], 'application/wasm');
    assert.equal(r.headers.vary, 'Accept-Encoding');
    assert.equal(r.headers['cache-control'], 'no-cache');
    assert.match(r.headers['content-security-policy'], /script-src 'self' 'wasm-unsafe-eval';.* frame-ancestors 'self'$/);
  }
  assert.ok(br.bytes < gz.bytes && gz.bytes < plain.bytes / 2, `${plain.bytes} ${gz.bytes} ${br.bytes}`);
});

test('the first load in Chromium is transferred compressed and works', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    const sizes = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const all = [nav, ...performance.getEntriesByType('resource')].filter((e) => e.name.startsWith(location.origin));
      return {
        encoded: all.reduce((n, e) => n + e.encodedBodySize, 0),
        decoded: all.reduce((n, e) => n + e.decodedBodySize, 0),
        wasm: all.filter((e) => e.name.endsWith('dti_score_bg.wasm')).map((e) => [e.encodedBodySize, e.decodedBodySize]),
      };
    });
    console.log(`first load: ${sizes.decoded} bytes decoded, ${sizes.encoded} bytes transferred; wasm ${sizes.wasm.join(' ')}`);
    // Fetched once in every engine: first-load.js starts the engine's fetch and the
    // engine takes that response (a <link rel="preload" as="fetch">, which the page used
    // before, was not reused by WebKit, which fetched the wasm twice: README, "Browsers").
    assert.equal(sizes.wasm.length, 1);
    assert.ok(sizes.wasm[0][0] < sizes.wasm[0][1] / 2, `wasm ${sizes.wasm[0]}`);
    assert.ok(sizes.encoded < sizes.decoded / 2, `${sizes.encoded} of ${sizes.decoded}`);
  } finally {
    await b.close();
  }
});

test('a set file above the limit is refused before it is read, with the engine\'s message', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    await page.setInputFiles('#set-file', { name: 'big-set.json', mimeType: 'application/json', buffer: Buffer.alloc(6000000, 32) });
    const banner = page.locator('[data-banner="set"]');
    await banner.waitFor();
    assert.equal((await banner.textContent()).trim(), 'big-set.json: Tệp bộ chỉ số có 6000000 byte; giới hạn đọc là 5242880 byte (5 MiB)');
    // The set shown is still the default one.
    assert.equal(await page.inputValue('select[name="set"]'), 'dti-province-2025.json');
  } finally {
    await b.close();
  }
});
