// Every string the page shows exists in Vietnamese and English (www/i18n/).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ROOT } from './lib.mjs';

const WWW = join(ROOT, 'www');
const vi = JSON.parse(readFileSync(join(WWW, 'i18n/vi.json'), 'utf8'));
const en = JSON.parse(readFileSync(join(WWW, 'i18n/en.json'), 'utf8'));

test('vi.json and en.json have the same keys, none empty', () => {
  assert.deepEqual(Object.keys(en).sort(), Object.keys(vi).sort());
  for (const [k, v] of Object.entries({ ...vi, ...en })) assert.ok(v.trim().length > 0, k);
});

test('every literal key the page passes to t() exists', () => {
  const used = new Set();
  for (const f of readdirSync(WWW).filter((n) => n.endsWith('.js'))) {
    const src = readFileSync(join(WWW, f), 'utf8');
    for (const m of src.matchAll(/\bt\('([a-z_.]+)'/g)) used.add(m[1]);
  }
  const missing = [...used].filter((k) => !(k in vi));
  assert.deepEqual(missing, []);
  assert.ok(used.size > 100, `only ${used.size} keys found`);
});

test('the placeholders of each string are the same in both languages', () => {
  const names = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const k of Object.keys(vi)) assert.deepEqual(names(en[k]), names(vi[k]), k);
});
