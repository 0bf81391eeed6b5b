// Writes the set picker's list (indicator-sets/index.json) for the sets in a folder:
// file name (templates/… for a template), id, version, title, draft flag, legal status. Only metadata is copied; every set is
// validated by the engine when the page loads it. The provincial 2025 set is the default.
// Usage: node scripts/web/sets-index.mjs DIR > DIR/index.json
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DEFAULT_SET = 'dti-province-2025';
const dir = process.argv[2];
const sets = [];
// The sets of the folder, then the templates for a province to adapt (templates/*.json),
// which the picker lists in a group of their own.
let templateFiles = [];
try {
  templateFiles = readdirSync(join(dir, 'templates')).filter((f) => f.endsWith('.json')).sort().map((f) => `templates/${f}`);
} catch {
  // no templates folder
}
for (const file of [...readdirSync(dir).sort(), ...templateFiles]) {
  if (!file.endsWith('.json') || file === 'index.json' || file === 'schema.json') continue;
  let set;
  try {
    set = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  } catch (e) {
    console.error(`sets-index: skipping ${file}: ${e.message}`);
    continue;
  }
  if (set.format !== 'dti-score/indicator-set/v1') continue;
  sets.push({
    file,
    id: set.id,
    version: set.version,
    title: set.title,
    draft: set.draft === true,
    // The legal status, copied as written (the engine validates it when the set loads).
    status: set.status || 'official',
    default: set.id === DEFAULT_SET,
  });
}
// The default first, then the official sets, then drafts, then templates.
const isTemplate = (s) => Number(s.status === 'template');
sets.sort((x, y) => (y.default - x.default) || (isTemplate(x) - isTemplate(y)) || (x.draft - y.draft) || x.file.localeCompare(y.file));

// Provinces' targets files (targets/*.json), offered with the set they are for.
const targets = [];
let targetFiles = [];
try {
  targetFiles = readdirSync(join(dir, 'targets')).filter((f) => f.endsWith('.json')).sort();
} catch {
  // no targets folder
}
for (const file of targetFiles) {
  const t = JSON.parse(readFileSync(join(dir, 'targets', file), 'utf8'));
  if (t.format !== 'dti-score/targets/v1') continue;
  targets.push({ file: `targets/${file}`, set: t.set && t.set.id, province: t.province });
}
process.stdout.write(JSON.stringify({ sets, targets }, null, 2) + '\n');
