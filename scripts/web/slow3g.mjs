// Issue 14, item 2 (figures, not tests; run by `bash scripts/measure.sh slow3g`): the
// self-assessment page from `dti-score serve dist/` (127.0.0.1) in headless Chromium with
// CDP network emulation (400 ms latency, 50 KB/s down, 50 KB/s up) and 4× CPU
// throttling (`Emulation.setCPUThrottlingRate`), cold cache (a fresh profile each run):
// from navigation to the total showing the value typed into one field, and the waterfall
// of the page's requests (start, end, bytes on the wire, encoding) from `Network` events;
// then the first-load bytes (the files fetched until then), gzip -9 and brotli -q 11.
// Run twice: as Chromium asks (Accept-Encoding: gzip, deflate, br, zstd) and with
// `Accept-Encoding: gzip` only.
// The emulation applies to the page's requests; the service worker's own fetches (its
// precache) run in another target the page's CDP session does not throttle: they are
// listed apart (count and bytes), not in the timed waterfall.
// Usage: node scripts/web/slow3g.mjs  (dist/ built, the CLI built)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { DIST, browser, ready, serve } from '../../tests/e2e/lib.mjs';

const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const LATENCY_MS = 400;
const THROUGHPUT = 50 * 1024; // bytes per second, each way
const CPU_SLOWDOWN = 4;

const server = await serve();
try {
  console.log(`Slow 3G (${LATENCY_MS} ms latency, ${THROUGHPUT / 1024} KB/s down and up) with ${CPU_SLOWDOWN}× CPU slowdown, cold cache; ${load()}`);

  // Unthrottled first: the field to type in (the first number field whose value changes
  // the total) and the total it gives.
  const probe = await browser();
  let field;
  let expected;
  try {
    const { page } = probe;
    await page.goto(server.url);
    await ready(page);
    const names = await page.$$eval('dti-self-assessment', (els) => [...els[0].shadowRoot.querySelectorAll('input[data-number]')].map((i) => i.name));
    const before = await page.getAttribute('[data-testid="total"]', 'data-value');
    for (const name of names) {
      await page.fill(`input[name="${name}"]`, '100');
      const after = await page.getAttribute('[data-testid="total"]', 'data-value');
      if (after !== before) { field = name; expected = after; break; }
      await page.fill(`input[name="${name}"]`, '');
    }
    if (!field) throw new Error('no number field changes the total');
    console.log(`  typed: 100 into ${field} (default set); the total becomes ${expected} (was ${before})`);
  } finally {
    await probe.close();
  }

  for (const encoding of [null, 'gzip']) {
    const b = await browser();
    try {
      const { page, context } = b;
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false, latency: LATENCY_MS, downloadThroughput: THROUGHPUT, uploadThroughput: THROUGHPUT,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      if (encoding) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': encoding } });
      const reqs = new Map();
      cdp.on('Network.requestWillBeSent', (e) => {
        if (!reqs.has(e.requestId)) reqs.set(e.requestId, { url: e.request.url, start: e.timestamp, type: e.type });
      });
      cdp.on('Network.responseReceived', (e) => {
        const r = reqs.get(e.requestId);
        if (!r) return;
        const h = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
        r.status = e.response.status;
        r.encoding = h['content-encoding'] || 'none';
        r.fromSW = e.response.fromServiceWorker;
        r.fromCache = e.response.fromDiskCache;
      });
      cdp.on('Network.loadingFinished', (e) => { const r = reqs.get(e.requestId); if (r) { r.end = e.timestamp; r.bytes = e.encodedDataLength; } });
      cdp.on('Network.loadingFailed', (e) => { const r = reqs.get(e.requestId); if (r) { r.end = e.timestamp; r.failed = e.errorText; } });
      const sw = [];
      context.on('requestfinished', async (req) => {
        if (!req.serviceWorker()) return;
        const sizes = await req.sizes().catch(() => null);
        sw.push({ url: req.url(), bytes: sizes ? sizes.responseBodySize + sizes.responseHeadersSize : 0 });
      });

      const t0 = Date.now();
      await page.goto(server.url, { waitUntil: 'commit', timeout: 120000 });
      const input = `input[name="${field}"]`;
      await page.waitForSelector(input, { timeout: 120000 });
      const shown = Date.now() - t0;
      await page.fill(input, '100', { timeout: 120000 });
      const typed = Date.now() - t0;
      await page.waitForFunction(({ want }) => {
        const el = document.querySelector('dti-self-assessment')?.shadowRoot?.querySelector('[data-testid="total"]');
        return el && el.dataset.value === want;
      }, { want: expected }, { timeout: 120000, polling: 20 });
      const done = Date.now() - t0;
      const snapshot = [...reqs.values()].filter((r) => r.url.startsWith(server.url));
      const first = Math.min(...snapshot.map((r) => r.start));
      console.log(`\n  Accept-Encoding: ${encoding || "Chromium's own"}`);
      console.log(`    the field shown at ${(shown / 1000).toFixed(2)} s, typed into at ${(typed / 1000).toFixed(2)} s; the total shows the typed value at ${(done / 1000).toFixed(2)} s after navigation`);
      console.log('    waterfall (s from the first request; bytes on the wire, headers included):');
      let wire = 0;
      const files = [];
      for (const r of snapshot.sort((x, y) => x.start - y.start)) {
        const path = new URL(r.url).pathname;
        const end = r.end ? `${(r.end - first).toFixed(2).padStart(6)}` : ' (open)';
        wire += r.bytes || 0;
        console.log(`      ${(r.start - first).toFixed(2).padStart(6)} → ${end}  ${String(r.bytes ?? '-').padStart(8)} B  ${(r.encoding || '?').padEnd(4)}  ${path}${r.failed ? ` (${r.failed})` : ''}${r.fromSW ? ' (from the service worker)' : ''}`);
        if (r.end && r.end - first <= done / 1000) files.push(path === '/' ? 'index.html' : decodeURIComponent(path.slice(1)));
      }
      const encodings = [...new Set(snapshot.map((r) => r.encoding))].join(', ');
      console.log(`    ${snapshot.length} requests, ${kb(wire)} on the wire; serve sent: ${encodings}`);
      const swBytes = sw.reduce((s, r) => s + r.bytes, 0);
      console.log(`    service worker fetches (not throttled, outside the waterfall): ${sw.length} requests, ${kb(swBytes)} until now`);
      if (!encoding) {
        let gz = 0; let br = 0; let raw = 0;
        for (const f of new Set(files)) {
          const p = join(DIST, f);
          if (!existsSync(p) || !statSync(p).isFile()) continue;
          const bytes = readFileSync(p);
          raw += bytes.length;
          gz += gzipSync(bytes, { level: 9 }).length;
          br += brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
        }
        console.log(`    first load (${new Set(files).size} files finished before the typed total showed): ${kb(raw)} raw, ${kb(gz)} gzip -9, ${kb(br)} brotli -q 11`);
      }
    } finally {
      await b.close();
    }
  }
  console.log(`  ${load()}`);
} finally {
  await server.stop();
}
