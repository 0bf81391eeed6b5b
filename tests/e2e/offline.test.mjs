// Offline: after one visit the page, the engine and the sets come from the service
// worker's cache, so the page loads and scores with the server gone. A new build is
// announced and applied on reload without losing drafts.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DIST, browser, controlled, ready, serve } from './lib.mjs';

async function total(page) {
  return page.getAttribute('[data-testid="total"]', 'data-value');
}

test('after one visit the page loads and scores with the server stopped', async () => {
  const server = await serve();
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    // The first visit installs the worker; a reload puts the page under its control.
    await page.reload();
    await ready(page);
    await controlled(page);
    await page.fill('[name="1.5.a"]', '3');
    await page.waitForSelector('[data-testid="save-state"][data-state="saved"]');
    await server.stop();

    await page.reload();
    await ready(page);
    assert.equal(await page.inputValue('[name="1.5.a"]'), '3');
    assert.equal(await total(page), '40');
    await page.fill('[name="1.3.a"]', '45');
    await page.fill('[name="1.3.b"]', '60');
    // 45/60 = 75% × 20 = 15.
    assert.equal(await page.getAttribute('[data-testid="points-1.3"]', 'data-value'), '15');
    assert.equal(await total(page), '55');
    // Another shipped set, never opened while online, loads from the cache too.
    await page.selectOption('select[name="set"]', 'vinh-long-2025.json');
    await page.waitForSelector('[data-testid="points-7.5"]');
  } finally {
    await b.close();
    await server.stop();
  }
});

test('a new build is announced, applied on reload, and drafts are kept', async () => {
  const site = mkdtempSync(join(tmpdir(), 'dti-site-'));
  cpSync(DIST, site, { recursive: true });
  const server = await serve(site);
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(server.url);
    await ready(page);
    await page.reload();
    await ready(page);
    await controlled(page);
    await page.fill('[name="1.5.a"]', '6');
    await page.waitForSelector('[data-testid="save-state"][data-state="saved"]');
    const oldBuild = await page.evaluate(async () => (await caches.keys()).find((k) => k.startsWith('dti-score-')));

    // Publish a "new version": the worker's build id changes.
    const sw = join(site, 'sw.js');
    writeFileSync(sw, readFileSync(sw, 'utf8').replace(/const BUILD = '([0-9a-f]+)'/, "const BUILD = '$1new'"));
    await page.reload();
    await ready(page);
    await page.waitForSelector('[data-banner="update"]', { timeout: 30000 });
    await Promise.all([page.waitForNavigation(), page.click('[data-banner="update"] button')]);
    await ready(page);
    const newBuild = await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith('dti-score-')));
    assert.deepEqual(newBuild, [`${oldBuild}new`]);
    assert.equal(await page.inputValue('[name="1.5.a"]'), '6');
    assert.equal(await total(page), '80');
  } finally {
    await b.close();
    await server.stop();
    rmSync(site, { recursive: true, force: true });
  }
});
