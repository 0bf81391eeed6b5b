// The review page reads no file past its kind's limit (src/limits.rs, asked of the engine
// before reading): an oversized set is refused with the engine's message, and an oversized
// file in a dropped folder is named, not read and not skipped silently.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { browser, serve } from './lib.mjs';

let server;
let work;
before(async () => {
  server = await serve();
  work = mkdtempSync(join(tmpdir(), 'dti-review-limits-'));
});
after(async () => {
  await server.stop();
  rmSync(work, { recursive: true, force: true });
});

test('the review page refuses an oversized set and names an oversized submission without reading it', async () => {
  const bigSet = join(work, 'big-set.json');
  writeFileSync(bigSet, `{"pad": "${'x'.repeat(5 * 1024 * 1024 + 16)}"}`);
  const folder = join(work, 'subs');
  mkdirSync(folder);
  const bigSub = join(folder, 'huge.json');
  writeFileSync(bigSub, `{"pad": "${'x'.repeat(10 * 1024 * 1024 + 16)}"}`);
  writeFileSync(join(folder, 'small.json'), '{}');
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(`${server.url}review.html`);
    await page.waitForSelector('#review[data-ready="true"]', { timeout: 60000 });
    await page.setInputFiles('#set-file', bigSet);
    await page.waitForSelector('[data-testid="message"]');
    assert.equal(await page.textContent('[data-testid="message"]'),
      `big-set.json: Tệp bộ chỉ số có ${statSync(bigSet).size} byte; giới hạn đọc là 5242880 byte (5 MiB)`);

    await page.setInputFiles('#files', [bigSub, join(folder, 'small.json')]);
    await page.waitForFunction(() => (document.querySelector('[data-testid="message"]') || {}).textContent?.startsWith('huge.json:'));
    assert.equal(await page.textContent('[data-testid="message"]'),
      `huge.json: Tệp hồ sơ đã ký có ${statSync(bigSub).size} byte; giới hạn đọc là 10485760 byte (10 MiB)`);
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
  }
});
