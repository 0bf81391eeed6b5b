// Issue 14, item 1 (figures, not tests; run by `bash scripts/measure.sh keystroke`): the
// page's keystroke path in headless Chromium (Debian's /usr/bin/chromium through
// playwright-core), `vinh-long-2025` with every field filled.
//  (a) the engine call alone, as the page makes it on a keystroke: the draft's session
//      (`DraftSession.typeField`: the field's path, the typed text and its language in;
//      out, parsed: the reading, the changed indicators with their traces, the totals and
//      the summary's parts that changed), and, for comparison, the same numbers only, the
//      session's `edit` (the value given, no reading) without and with `explain`, and the
//      whole draft scored as before the session (`engine.score(set, doc, true)`);
//  (b) input event → updated DOM (the handler is synchronous: reading, points, statuses,
//      traces, totals, summary, the draft journal's write);
//  (c) SurveyJS (`survey-core`, installed into scripts/web/node_modules by the measure
//      script) on the same numbers: `setValue` + `getVariable` of the total.
// performance.now() is coarsened to 0.1 ms in a page that is not cross-origin isolated,
// so every figure is the mean of a batch of calls; the median and best of the batches
// are printed. No page code is changed: the document the page scores is captured by
// wrapping `engine.score` for one keystroke, from outside.
// Usage: node scripts/web/keystroke.mjs  (dist/ built, the CLI built)
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ROOT, browser, ready, serve } from '../../tests/e2e/lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const load = () => `load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${cpus().length} cores`;
const us = (ms) => `${(ms * 1000).toFixed(1)} µs`;
const fmt = (r) => `median ${us(r.median)}, best ${us(r.best)} (${r.batches} batches of ${r.per})`;

/** The survey-core UMD bundle, if installed. */
function surveyBundle() {
  const dir = join(HERE, 'node_modules/survey-core');
  for (const f of ['survey.core.min.js', 'survey.core.js']) if (existsSync(join(dir, f))) return join(dir, f);
  return null;
}

/**
 * A SurveyJS model of the set's numbers: one text question (inputType number) per
 * number field of the page, and, per component indicator with a ratio rule, its points
 * as an expression of its fields (linear / to-target / all-or-nothing, capped at the
 * maximum); per main indicator the sum of its components; the total the sum of those.
 * Choice, yes/no, checklist and tiers indicators are left out (their points are
 * constants for this comparison), so SurveyJS does less than the engine here.
 */
const qname = (field) => `q${field.replace(/[^A-Za-z0-9]/g, '_')}`;
function surveyModel(set, fields) {
  const elements = fields.map((name) => ({ type: 'text', inputType: 'number', name: qname(name) }));
  const calculatedValues = [];
  const mains = [];
  const v = (name) => `{${name}}`;
  for (const main of set.indicators) {
    const parts = [];
    for (const leaf of main.children || []) {
      const rule = leaf.rule || {};
      if (!rule.ratio || rule.kind === 'relative') continue;
      const ratio = rule.ratio.replace(/[a-z]+/g, (id) => v(qname(`${leaf.code}.${id}`)));
      const target = rule.target ? (rule.target.endsWith('%') ? Number(rule.target.slice(0, -1)) / 100 : Number(rule.target)) : 1;
      const threshold = rule.threshold ? Number(rule.threshold.slice(0, -1)) / 100 : null;
      const name = `p${leaf.code.replace('.', '_')}`;
      const r = `(${ratio}) / ${target}`;
      const expression = threshold !== null
        ? `iif((${ratio}) >= ${threshold}, ${leaf.max}, 0)`
        : `iif(${r} >= 1, ${leaf.max}, ${leaf.max} * ${r})`;
      calculatedValues.push({ name, expression });
      parts.push(v(name));
    }
    if (parts.length) {
      const name = `m${main.code}`;
      calculatedValues.push({ name, expression: parts.join(' + ') });
      mains.push(v(name));
    }
  }
  calculatedValues.push({ name: 'total', expression: mains.join(' + ') });
  return { elements, calculatedValues };
}

/**
 * Mean per call of `per` calls, over `batches` batches, in the page: median and best
 * batch (installed into each page as `window.timed`).
 */
async function timed(fn, per = 50, batches = 25) {
  const settle = () => new Promise((res) => setTimeout(res, 30));
  for (let i = 0; i < per; i += 1) fn(i); // warm-up
  const means = [];
  for (let k = 0; k < batches; k += 1) {
    const t0 = performance.now();
    for (let i = 0; i < per; i += 1) fn(i);
    means.push((performance.now() - t0) / per);
    await settle();
  }
  means.sort((x, y) => x - y);
  return { median: means[Math.floor(batches / 2)], best: means[0], batches, per };
}
const installTimed = (page) => page.evaluate(`window.timed = ${timed.toString()}`);

const server = await serve();
const b = await browser();
try {
  const { page } = b;
  console.log(`Keystroke (vinh-long-2025, every field filled), headless Chromium; ${load()}`);
  await page.goto(server.url);
  await ready(page);
  await page.selectOption('select[name="set"]', 'vinh-long-2025.json');
  await page.waitForSelector('[data-testid="points-7.5"]');
  await installTimed(page);
  const r = await page.evaluate(async () => {
    const app = document.querySelector('dti-self-assessment');
    const root = app.shadowRoot;
    const fields = [...root.querySelectorAll('input[data-number]')];
    for (const f of fields) {
      f.value = f.name.startsWith('context.') ? '125000' : (f.name.endsWith('.b') ? '1200' : '900');
      f.dispatchEvent(new Event('input', { bubbles: true }));
    }
    for (const c of root.querySelectorAll('input[type="checkbox"]')) { c.checked = true; c.dispatchEvent(new Event('change', { bubbles: true })); }
    const settle = () => new Promise((res) => setTimeout(res, 30));
    await settle();
    const target = root.querySelector('input[name$=".a"]');
    const total = root.querySelector('[data-testid="total"]');
    const { engine } = app;
    const handle = app.set.handle;
    // The document the page scores when it scores the whole draft (opening the session).
    const { scoringDocument } = await import('./drafts.js');
    const doc = scoringDocument(app.draft, app.engine);
    const path = JSON.parse(target.dataset.path);
    const typedPath = [...path.slice(0, -1), 'typed', path[path.length - 1]];
    const session = app.session;
    const edits = (i) => [[path, i % 2 ? '900' : '901'], [typedPath, null]];

    const { timed } = window;
    const out = { fields: fields.length, docBytes: doc.length, total: total.dataset.value };
    // The keystroke: the field typed in, read and scored with the changed indicators'
    // traces, in one call.
    const pathJson = target.dataset.path;
    const text = (i) => (i % 2 ? '900' : '901');
    out.typeField = await timed((i) => session.typeField(handle, pathJson, text(i), 'vi', false));
    out.typeFieldFast = await timed((i) => session.typeField(handle, pathJson, text(i), 'vi', true));
    out.typeBytes = JSON.stringify(session.typeField(handle, pathJson, '901', 'vi', false)).length;
    out.sessionEdit = await timed((i) => session.edit(edits(i), true));
    out.sessionEditExplain = await timed((i) => { session.edit(edits(i), true); return session.explain(); });
    out.deltaBytes = JSON.stringify(session.edit(edits(0), true)).length;
    out.engineFast = await timed(() => engine.score(handle, doc, true));
    out.engineFull = await timed(() => engine.score(handle, doc, false), 10);
    out.scoreJsonFast = await timed(() => handle.scoreJson(doc, true));
    out.readField = await timed((i) => engine.readField(handle, path, text(i), 'vi'));
    out.reportBytes = handle.scoreJson(doc, true).length;
    out.reportBytesFull = handle.scoreJson(doc, false).length;
    // (b) input event → DOM updated (the reading, points, statuses, traces, totals), a
    // synchronous handler.
    const type = (i) => { target.value = text(i); target.dispatchEvent(new Event('input', { bubbles: true })); };
    out.dom = await timed(type);
    // One at a time (0.1 ms resolution), as measure.mjs prints it.
    const one = [];
    for (let i = 0; i < 400; i += 1) { const t0 = performance.now(); type(i); one.push(performance.now() - t0); }
    one.sort((x, y) => x - y);
    out.oneMedian = one[200];
    out.oneP95 = one[380];
    await settle();
    out.totalAfter = total.dataset.value;
    out.typedField = target.name;
    out.values = Object.fromEntries(fields.map((f) => [f.name, f.value]));
    return out;
  });
  console.log(`  ${r.fields} number fields; the scored document ${r.docBytes} bytes of JSON; the answer ${r.reportBytes} bytes (with traces ${r.reportBytesFull}); total ${r.totalAfter}`);
  console.log('  (a) the engine call alone:');
  console.log(`      session.typeField(field, text, lang), with the changed indicators' traces (the keystroke): ${fmt(r.typeField)}; the answer ${r.typeBytes} bytes`);
  console.log(`      session.typeField, numbers only:                                   ${fmt(r.typeFieldFast)}`);
  console.log(`      session.edit(field's value and text, true), numbers only:           ${fmt(r.sessionEdit)}; the answer ${r.deltaBytes} bytes`);
  console.log(`      session.edit + session.explain (the two-call path before typeField): ${fmt(r.sessionEditExplain)}`);
  console.log(`      engine.score(set, doc, true), the whole draft, numbers only (the keystroke before the session): ${fmt(r.engineFast)}`);
  console.log(`      of which scoreJson alone (no JSON.parse of the answer):           ${fmt(r.scoreJsonFast)}`);
  console.log(`      engine.score(set, doc, false), with every trace:                   ${fmt(r.engineFull)}`);
  console.log(`      engine.readField (the typed text read alone):                      ${fmt(r.readField)}`);
  console.log('  (b) input event → DOM updated, with the changed indicators\' traces:');
  console.log(`      ${fmt(r.dom)}; one at a time median ${r.oneMedian.toFixed(1)} ms, p95 ${r.oneP95.toFixed(1)} ms (0.1 ms clock)`);

  // (c) SurveyJS on the same numbers, in a fresh page of the same browser.
  const bundle = surveyBundle();
  if (!bundle) {
    console.log('  (c) SurveyJS: survey-core not installed (npm install --prefix scripts/web): skipped');
  } else {
    const set = JSON.parse(readFileSync(join(ROOT, 'indicator-sets/vinh-long-2025.json'), 'utf8'));
    const model = surveyModel(set, Object.keys(r.values));
    const values = Object.fromEntries(Object.entries(r.values).map(([k, v]) => [qname(k), v]));
    const typed = qname(r.typedField);
    const p2 = await b.context.newPage();
    await p2.setContent('<!doctype html><title>survey-core</title>');
    await p2.addScriptTag({ path: bundle });
    await installTimed(p2);
    const s = await p2.evaluate(async ({ json, values, typed }) => {
      const survey = new window.Survey.Model(json);
      for (const [k, v] of Object.entries(values)) survey.setValue(k, Number(v));
      const t = await window.timed((i) => { survey.setValue(typed, i % 2 ? 900 : 901); return survey.getVariable('total'); }, 20);
      return { t, total: survey.getVariable('total'), version: window.Survey.Version, questions: json.elements.length, expressions: json.calculatedValues.length };
    }, { json: model, values, typed });
    await p2.close();
    console.log(`  (c) SurveyJS survey-core ${s.version}: ${s.questions} number questions, ${s.expressions} calculated values (each ratio-rule indicator's points, each main indicator's sum, the total; total here ${Number(s.total).toFixed(2)})`);
    console.log(`      setValue + getVariable('total'): ${fmt(s.t)}`);
    console.log(`      ratio SurveyJS / the session's typeField (with traces): ${(s.t.median / r.typeField.median).toFixed(1)}×; / typeField numbers only: ${(s.t.median / r.typeFieldFast.median).toFixed(1)}×; / input→DOM: ${(s.t.median / r.dom.median).toFixed(1)}×; / the whole draft scored (before the session): ${(s.t.median / r.engineFast.median).toFixed(1)}×`);
  }
  console.log(`  ${load()}`);
} finally {
  await b.close();
  await server.stop();
}
