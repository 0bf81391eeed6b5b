// node:test, with `test`/`it` wrapped: a test that throws `Unsupported` (a call the engine's
// WebDriver cannot serve, see webdriver.mjs) is reported as skipped with that reason, in
// that engine only; every other outcome is node:test's own.
import * as nodeTest from 'node:test';

export * from 'node:test';

function wrap(original) {
  const wrapped = (...args) => {
    const i = args.findIndex((a) => typeof a === 'function');
    if (i >= 0) {
      const fn = args[i];
      args[i] = async function skipUnsupported(t) {
        try {
          return await fn.call(this, t);
        } catch (e) {
          if (e && e.unsupported) {
            t.skip(e.message);
            return undefined;
          }
          throw e;
        }
      };
    }
    return original(...args);
  };
  for (const k of ['skip', 'todo', 'only']) wrapped[k] = original[k];
  return wrapped;
}

/**
 * One step of a test that an engine may not serve: run where it can; where it throws
 * `Unsupported`, the test goes on without it, the step named as skipped in the TAP output
 * (a diagnostic of test `t`). Resolves to whether the step ran.
 */
export async function stepIfSupported(t, what, step) {
  try {
    await step();
    return true;
  } catch (e) {
    if (!(e && e.unsupported)) throw e;
    t.diagnostic(`step skipped: ${what}: ${e.message}`);
    return false;
  }
}

export const test = wrap(nodeTest.test);
export const it = wrap(nodeTest.it);
export default test;
