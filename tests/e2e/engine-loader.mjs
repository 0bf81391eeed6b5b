// The module hook of engine-hooks.mjs: `node:test` imported by tests/e2e/*.test.mjs resolves
// to skip-unsupported.mjs (which itself imports the real node:test).
const WRAPPER = new URL('./skip-unsupported.mjs', import.meta.url).href;
const HERE = new URL('./', import.meta.url).href;

export async function resolve(specifier, context, next) {
  const parent = context.parentURL || '';
  if (specifier === 'node:test' && parent.startsWith(HERE) && parent.endsWith('.test.mjs')) {
    return { url: WRAPPER, shortCircuit: true };
  }
  return next(specifier, context);
}
