// axe-core (pinned in package.json) run inside a page the suite has open: every rule of
// WCAG 2.x A/AA and best practice, through shadow roots (axe walks open shadow DOM).
// `axeCheck` fails on any violation of impact serious or critical, and on any moderate or
// minor one not listed in `accept` with its reason; it returns the accepted ones so a test
// can print them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe in the page (a Playwright page) and returns its violations, compactly. */
export async function axeViolations(page) {
  // Evaluated through the driver, not as a <script>: the pages' CSP forbids inline scripts.
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => n.target.join(' ')),
    }));
  });
}

/**
 * Asserts no serious or critical violation, and no other one outside `accept`
 * (`{ ruleId: 'why it is accepted' }`). Returns the accepted violations.
 */
export async function axeCheck(page, state, accept = {}) {
  const found = await axeViolations(page);
  const blocking = found.filter((v) => v.impact === 'serious' || v.impact === 'critical' || !(v.id in accept));
  assert.deepEqual(blocking, [], `axe, ${state}: ${JSON.stringify(blocking, null, 1)}`);
  return found;
}
