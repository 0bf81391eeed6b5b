// Loaded with `node --import ./tests/e2e/engine-hooks.mjs --test …` (scripts/test.sh does):
// the e2e test files' `import { test } from 'node:test'` gets skip-unsupported.mjs instead, so a
// test that calls what its engine's WebDriver cannot do is skipped with the reason.
import { register } from 'node:module';

register('./engine-loader.mjs', import.meta.url);
