// Where a keystroke's time goes in the page, vinh-long-2025 with every field filled.
// Figures only, never asserted; dist/ and the CLI built.
//   node scripts/web/prof-keystroke.mjs             each step of the element's input handler
//                                                   timed alone (µs per call, mean over 2,000)
//   node scripts/web/prof-keystroke.mjs --cpu MODE  a CPU profile (Chrome DevTools Protocol,
//     50 µs sampling) of 20,000 calls in a row: self and inclusive time per function,
//     JavaScript and wasm (wasm names appear in a build without wasm-opt, which drops them;
//     N=<rows> for more). MODE: edit / explain (the session's edit, numbers only, then
//     explain), type / typefast (DraftSession.typeField with traces / numbers only), dom (the
//     input event, whole).
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
  await page.evaluate(async () => {
    const root = document.querySelector('dti-self-assessment').shadowRoot;
    for (const f of root.querySelectorAll('input[data-number]')) {
      f.value = f.name.startsWith('context.') ? '125000' : (f.name.endsWith('.b') ? '1200' : '900');
      f.dispatchEvent(new Event('input', { bubbles: true }));
    }
    await new Promise((res) => setTimeout(res, 50));
  });
  if (process.argv[2] === '--cpu') await profile(b, page, process.argv[3] || 'type');
  else await steps(page);
} finally {
  await b.close();
  await server.stop();
}

/** Each step of the input handler timed alone, printed. */
async function steps(page) {
  const r = await page.evaluate(async () => {
    const app = document.querySelector('dti-self-assessment');
    const target = app.shadowRoot.querySelector('input[name$=".a"]');
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
}

/** The CPU profile of `mode`'s calls, printed. */
async function profile(b, page, what) {
  const cdp = await b.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  const t = await page.evaluate((what) => {
    const app = document.querySelector('dti-self-assessment');
    const root = app.shadowRoot;
    const target = root.querySelector('input[name$=".a"]');
    const path = JSON.parse(target.dataset.path);
    const typedPath = [...path.slice(0, -1), 'typed', path[path.length - 1]];
    const edits = (i) => [[path, i % 2 ? '900' : '901'], [typedPath, null]];
    const s = app.session;
    const n = 20000;
    const t0 = performance.now();
    for (let i = 0; i < n; i += 1) {
      if (what === 'edit') s.edit(edits(i), true);
      else if (what === 'explain') { s.edit(edits(i), true); s.explain(); }
      else if (what === 'type') s.typeField(app.set.handle, target.dataset.path, i % 2 ? '900' : '901', 'vi', false);
      else if (what === 'typefast') s.typeField(app.set.handle, target.dataset.path, i % 2 ? '900' : '901', 'vi', true);
      else { target.value = i % 2 ? '900' : '901'; target.dispatchEvent(new Event('input', { bubbles: true })); }
    }
    return (performance.now() - t0) / n * 1000;
  }, what);
  const { profile } = await cdp.send('Profiler.stop');
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = profile.timeDeltas; let total = 0;
  profile.samples.forEach((id, i) => { const n = byId.get(id); const k = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()})`; self.set(k, (self.get(k) || 0) + dt[i]); total += dt[i]; });
  console.log(`${what}: ${t.toFixed(1)} us per call`);
  const parent = new Map(); for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const incl = new Map();
  profile.samples.forEach((id, i) => { const seen = new Set(); for (let x = id; x !== undefined; x = parent.get(x)) { const n = byId.get(x); const k = n.callFrame.functionName || `(${n.callFrame.url.split('/').pop()})`; seen.add(k); } for (const k of seen) incl.set(k, (incl.get(k) || 0) + dt[i]); });
  const clean = (k) => k.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '').slice(0, 140);
  console.log('--- self'); for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(100 * v / total).toFixed(1).padStart(5)}%  ${clean(k)}`);
  console.log('--- inclusive'); for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.N || 70))) console.log(`${(100 * v / total).toFixed(1).padStart(5)}%  ${clean(k)}`);
}
