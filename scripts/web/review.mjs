// Issue 14, item 4 (figures, not tests; run by `bash scripts/measure.sh review`): the
// review page (review.html, from `dti-score serve dist/`) in headless Chromium takes in a
// folder of signed submissions in its Web Worker: the worker's own time (the page's
// `run-time` figure: intake + aggregate) and the wall time from handing the folder to the
// rendered tables (most of it Playwright passing the files to the page), as
// tests/e2e/review.test.mjs does, and how often the main thread ticked meanwhile.
// The folder, its key registry and the province key come from benches/aggregate.rs's
// corpus writer (two-signature vinh-long-2025 submissions; see scripts/measure.sh).
// dist/review-config.json is pinned to that province key for the run and restored.
// Usage: node scripts/web/review.mjs DIR FINGERPRINT  (DIR/nop/*.json, DIR/keys.json)
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { DIST, SETS, browser, serve } from '../../tests/e2e/lib.mjs';

const [dir, fingerprint] = process.argv.slice(2);
if (!dir || !fingerprint) throw new Error('usage: node scripts/web/review.mjs DIR FINGERPRINT');
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`;
const files = readdirSync(join(dir, 'nop')).length;

const CONFIG = join(DIST, 'review-config.json');
const original = readFileSync(CONFIG, 'utf8');
writeFileSync(CONFIG, JSON.stringify({ province_key: fingerprint }, null, 2));
// (`serve` sends a precompressed variant only if it is not older than its original: the
// rewritten config is sent as written.)
const server = await serve();
const b = await browser();
try {
  const { page } = b;
  console.log(`Review page intake: ${files} signed vinh-long-2025 files (two signatures each); ${load()}`);
  await page.goto(`${server.url}review.html`);
  await page.waitForSelector('#review[data-ready="true"]', { timeout: 60000 });
  await page.setInputFiles('#set-file', join(SETS, 'vinh-long-2025.json'));
  await page.waitForSelector('#review[data-set="vinh-long-2025"]');
  await page.setInputFiles('#keys-file', join(dir, 'keys.json'));
  await page.waitForSelector('.optional .chosen:has-text("keys.json")');
  await page.evaluate(() => {
    window.ticks = 0;
    setInterval(() => { window.ticks += 1; }, 20);
  });
  const started = Date.now();
  await page.setInputFiles('#folder', join(dir, 'nop'));
  const handed = Date.now() - started;
  await page.waitForSelector('#review[data-state="done"]', { timeout: 600000 });
  const wall = Date.now() - started;
  const ms = await page.getAttribute('[data-testid="run-time"]', 'data-ms');
  const summary = await page.$eval('[data-testid="summary"]', (s) => ({ files: s.dataset.files, rejected: s.dataset.rejected }));
  const ticks = await page.evaluate(() => window.ticks);
  console.log(`  worker run (intake + aggregate): ${ms} ms (${(Number(ms) / files).toFixed(2)} ms per file)`);
  console.log(`  from handing the folder to the rendered tables: ${wall} ms (setInputFiles itself returned after ${handed} ms)`);
  console.log(`  files ${summary.files}, rejected ${summary.rejected}; main-thread 20 ms timer ticked ${ticks} times in ${wall} ms`);
  console.log(`  ${load()}`);
} finally {
  await b.close();
  await server.stop();
  writeFileSync(CONFIG, original);
}
