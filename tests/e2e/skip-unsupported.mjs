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

export const test = wrap(nodeTest.test);
export const it = wrap(nodeTest.it);
export default test;
