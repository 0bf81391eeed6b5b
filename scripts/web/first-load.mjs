// The files a first visit to the self-assessment page needs before it can be used, read
// from the built dist/ (run by scripts/build-web.sh, after dist/indicator-sets/index.json
// is written):
//   - modules:   the page's static module graph from dti-self-assessment.js (the files
//                `import … from` reaches; a dynamic `import()` is not followed: the
//                signing panel and the signing engine load on demand);
//   - fetches:   what the page fetches at start-up: the scoring engine, the strings of
//                both languages, the set picker's list and the default set;
//   - styles:    the element's style sheet (linked inside its shadow root).
// `node scripts/web/first-load.mjs DIST` prints all of them with the page itself ("./",
// index.html, page.css, icon.svg, first-load.js) as a JSON array: the service worker
// precaches these first, then the rest of dist/. `--html DIST` writes the links and the
// fetch list into DIST/index.html at its marker instead.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

const ENTRY = 'dti-self-assessment.js';
const MARKER = '<!-- First load: written here by scripts/build-web.sh (scripts/web/first-load.mjs) -->';

const html = process.argv[2] === '--html';
const dist = process.argv[html ? 3 : 2];
if (!dist) throw new Error('usage: node scripts/web/first-load.mjs [--html] DIST');

/** The static imports of a module (single-line `import … from './x.js'`, as the page writes them). */
function imports(file) {
  const src = readFileSync(join(dist, file), 'utf8');
  const found = [];
  for (const m of src.matchAll(/^\s*(?:import|export)\s[^'"]*?\sfrom\s+['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    found.push(normalize(join(dirname(file), m[1])));
  }
  for (const m of src.matchAll(/^\s*import\s+['"](\.{1,2}\/[^'"]+)['"]/gm)) {
    found.push(normalize(join(dirname(file), m[1])));
  }
  return found;
}

const modules = [];
const seen = new Set();
const visit = (file) => {
  if (seen.has(file)) return;
  seen.add(file);
  if (!existsSync(join(dist, file))) throw new Error(`${file}: imported but not in ${dist}`);
  modules.push(file);
  for (const dep of imports(file)) visit(dep);
};
visit(ENTRY);

const index = JSON.parse(readFileSync(join(dist, 'indicator-sets/index.json'), 'utf8'));
const def = index.sets.find((s) => s.default) || index.sets[0];
const fetches = ['pkg/dti_score_bg.wasm', 'i18n/vi.json', 'i18n/en.json', 'indicator-sets/index.json'];
if (def) fetches.push(`indicator-sets/${def.file}`);
const styles = ['style.css'];
for (const f of [...fetches, ...styles]) {
  if (!existsSync(join(dist, f))) throw new Error(`${f}: not in ${dist}`);
}

if (!html) {
  const files = ['./', 'index.html', 'page.css', 'icon.svg', 'first-load.js', ...modules, ...styles, ...fetches];
  process.stdout.write(JSON.stringify(files));
} else {
  // The modules and the style sheet as preloads (the browser starts them all with the
  // page, instead of discovering the modules one import level at a time); the fetches
  // as a list that first-load.js starts at once (a `<link rel="preload" as="fetch">`
  // would do the same in Chromium and Firefox, but WebKit does not reuse it and would
  // download each file twice).
  const attr = (s) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  const links = [
    ...styles.map((f) => `<link rel="preload" href="${attr(f)}" as="style">`),
    ...modules.map((f) => `<link rel="modulepreload" href="${attr(f)}">`),
    `<meta name="dti-first-load" content="${attr(fetches.join(' '))}">`,
  ].join('\n  ');
  const file = join(dist, 'index.html');
  const src = readFileSync(file, 'utf8');
  if (!src.includes(MARKER)) throw new Error(`${file}: no first-load marker`);
  writeFileSync(file, src.replace(MARKER, links));
}
