// Measures the page's budgets (run by scripts/measure-web.sh; figures, not tests):
//  1. the gzipped bytes of every file the browser fetches to show the page with the
//     default (provincial 2025) set, split by kind, and the wasm alone;
//  2. the re-score latency: from the input event to the updated DOM (points, statuses,
//     totals), for the 47-indicator Vĩnh Long set with every field filled, in headless
//     Chromium; and the traces pass that follows it.
// Usage: node scripts/web/measure.mjs  (dist/ built, target/*/dti-score built)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST, browser, ready, serve } from '../../tests/e2e/lib.mjs';

const gz = (path) => gzipSync(readFileSync(path), { level: 9 }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

const server = await serve();
const b = await browser();
try {
  const { page } = b;
  const fetched = [];
  page.on('response', (r) => { if (r.url().startsWith(server.url)) fetched.push(new URL(r.url()).pathname); });
  await page.goto(server.url);
  await ready(page);
  const files = [...new Set(fetched)].map((p) => (p === '/' ? 'index.html' : p.slice(1)));
  const rows = files.map((f) => ({ f, raw: readFileSync(join(DIST, f)).length, gz: gz(join(DIST, f)) }));
  const total = rows.reduce((s, r) => s + r.gz, 0);
  const wasm = rows.filter((r) => r.f.endsWith('.wasm')).reduce((s, r) => s + r.gz, 0);
  console.log('First load (files fetched until the page is ready), gzip -9:');
  for (const r of rows.sort((x, y) => y.gz - x.gz)) console.log(`  ${r.f.padEnd(44)} ${kb(r.raw).padStart(10)} raw ${kb(r.gz).padStart(10)} gz`);
  console.log(`  TOTAL ${kb(total)} gzipped (budget 250 KB); wasm ${kb(wasm)} (budget 150 KB)`);
  console.log(`Loaded only when signing: pkg/dti_score_full_bg.wasm ${kb(gz(join(DIST, 'pkg/dti_score_full_bg.wasm')))} gz, pkg/dti_score_full.js ${kb(gz(join(DIST, 'pkg/dti_score_full.js')))} gz`);

  // Re-score latency with the 47-indicator set, every input filled.
  await page.selectOption('select[name="set"]', 'vinh-long-2025.json');
  await page.waitForSelector('[data-testid="points-7.5"]');
  const result = await page.evaluate(async () => {
    const root = document.querySelector('dti-self-assessment').shadowRoot;
    const leaves = root.querySelectorAll('article.ind').length;
    const fields = [...root.querySelectorAll('input[data-number]')];
    for (const f of fields) {
      f.value = f.name.startsWith('context.') ? '125000' : (f.name.endsWith('.b') ? '1200' : '900');
      f.dispatchEvent(new Event('input', { bubbles: true }));
    }
    for (const c of root.querySelectorAll('input[type="checkbox"]')) { c.checked = true; c.dispatchEvent(new Event('change', { bubbles: true })); }
    const target = root.querySelector('input[name$=".a"]');
    const total = root.querySelector('[data-testid="total"]');
    const times = [];
    const N = 400;
    for (let i = 0; i < N; i += 1) {
      target.value = i % 2 ? '900' : '901';
      const t0 = performance.now();
      target.dispatchEvent(new Event('input', { bubbles: true }));
      // The handler is synchronous: the DOM (points, total) is updated when it returns.
      times.push(performance.now() - t0);
    }
    // Batches of 50 in a row: the best batch is the figure least disturbed by other
    // work on the machine (garbage collection, other processes).
    const batches = [];
    for (let k = 0; k < 12; k += 1) {
      const b0 = performance.now();
      for (let i = 0; i < 50; i += 1) {
        target.value = i % 2 ? '900' : '901';
        target.dispatchEvent(new Event('input', { bubbles: true }));
      }
      batches.push((performance.now() - b0) / 50);
      await new Promise((r) => setTimeout(r, 50));
    }
    batches.sort((a, b) => a - b);
    const mean = batches[0];
    const meanMedian = batches[6];
    // The second pass (traces, "what it takes", the list of losses), run right after.
    const app = document.querySelector('dti-self-assessment');
    const full = [];
    for (let k = 0; k < 12; k += 1) {
      const f0 = performance.now();
      for (let i = 0; i < 20; i += 1) app.rescore(false);
      full.push((performance.now() - f0) / 20);
      await new Promise((r) => setTimeout(r, 50));
    }
    full.sort((a, b) => a - b);
    times.sort((a, b) => a - b);
    const statuses = {};
    for (const s of root.querySelectorAll('article.ind .status')) statuses[s.className] = (statuses[s.className] || 0) + 1;
    return { leaves, fields: fields.length, total: total.dataset.value, median: times[N / 2], p95: times[Math.floor(N * 0.95)], max: times[N - 1], mean, meanMedian, fullBest: full[0], fullMedian: full[6], statuses };
  });
  console.log(`Re-score after a keystroke, vinh-long-2025 (${result.leaves} component indicators, ${result.fields} number fields filled, total ${result.total}):`);
  console.log(`  input event → DOM updated, one at a time: median ${result.median.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms, max ${result.max.toFixed(1)} ms`);
  console.log(`  mean per keystroke in batches of 50: best ${result.mean.toFixed(3)} ms, median batch ${result.meanMedian.toFixed(3)} ms (budget 1 ms)`);
  console.log(`  then the traces pass (full report, traces and "what it takes" in the DOM): best ${result.fullBest.toFixed(3)} ms, median batch ${result.fullMedian.toFixed(3)} ms`);
  console.log(`  machine load average while measuring: ${(await import('node:os')).loadavg()[0].toFixed(2)} on ${(await import('node:os')).cpus().length} cores`);
  console.log(`  statuses: ${JSON.stringify(result.statuses)}`);
  console.log(`  (performance.now() is coarsened to 0.1 ms in a page that is not cross-origin isolated; the mean is the finer figure)`);
} finally {
  await b.close();
  await server.stop();
}
