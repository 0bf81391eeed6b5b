// Where a keystroke's time goes in the page: each step of the element's input handler
// timed alone (µs per call, mean over 2,000 calls), vinh-long-2025 with every field filled.
// Usage: node scripts/web/prof-keystroke.mjs  (dist/ and the CLI built). Figures only.
import { ROOT, browser, ready, serve } from '../../tests/e2e/lib.mjs';

void ROOT;
const server = await serve();
const b = await browser();
try {
  const { page } = b;
  await page.goto(server.url);
  await ready(page);
  await page.selectOption('select[name="set"]', 'vinh-long-2025.json');
  await page.waitForSelector('[data-testid="points-7.5"]');
  const r = await page.evaluate(async () => {
    const app = document.querySelector('dti-self-assessment');
    const root = app.shadowRoot;
    for (const f of root.querySelectorAll('input[data-number]')) {
      f.value = f.name.startsWith('context.') ? '125000' : (f.name.endsWith('.b') ? '1200' : '900');
      f.dispatchEvent(new Event('input', { bubbles: true }));
    }
    await new Promise((res) => setTimeout(res, 50));
    const target = root.querySelector('input[name$=".a"]');
    const spent = {};
    const wrap = (obj, name, label = name) => {
      const f = obj[name];
      obj[name] = function timedStep(...args) {
        const t0 = performance.now();
        try { return f.apply(this, args); } finally { spent[label] = (spent[label] || 0) + performance.now() - t0; }
      };
    };
    for (const m of ['typeNumber', 'showHint', 'edit', 'showScores', 'merged', 'changed']) wrap(app, m);
    wrap(app.session, 'typeField', 'session.typeField');
    wrap(app.signing, 'renderReadiness', 'signing.renderReadiness');
    wrap(app.sync, 'record', 'sync.record');
    wrap(app.sync, 'writeJournal', 'sync.writeJournal');
    const n = 2000;
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1) {
      target.value = i % 2 ? '900' : '901';
      target.dispatchEvent(new Event('input', { bubbles: true }));
    }
    const total = performance.now() - t0;
    return { total: total / n, steps: Object.fromEntries(Object.entries(spent).map(([k, v]) => [k, v / n])) };
  });
  console.log(`input event → DOM, mean ${(r.total * 1000).toFixed(1)} µs per keystroke; of which (nested steps overlap):`);
  for (const [k, v] of Object.entries(r.steps).sort((x, y) => y[1] - x[1])) console.log(`  ${k.padEnd(26)} ${(v * 1000).toFixed(1)} µs`);
} finally {
  await b.close();
  await server.stop();
}
