// Embedding: the custom element in a portal's page under a strict Content-Security-
// Policy, with hostile host styles; the iframe alternative; texts from a set file
// containing HTML are shown as text, never run.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { DIST, SETS, artifact, browser, ready, serve } from './lib.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-src 'self'";

let site;
let server;
before(async () => {
  // A portal: its own pages at /, the copied dist/ folder at /dti/.
  site = mkdtempSync(join(tmpdir(), 'dti-portal-'));
  cpSync(DIST, join(site, 'dti'), { recursive: true });
  mkdirSync(join(site, 'portal'));
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>Cổng</title><a href="portal/embed.html">DTI</a>');
  writeFileSync(join(site, 'portal/host.js'), `
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  `);
  writeFileSync(join(site, 'portal/portal.css'), `
    * { color: rgb(255, 0, 0) !important; font-size: 40px !important; }
    input { display: none !important; }
    h2 { background: black; }
  `);
  writeFileSync(join(site, 'portal/embed.html'), `<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Cổng thông tin tỉnh</title>
<script src="/portal/host.js"></script>
<link rel="stylesheet" href="/portal/portal.css">
<script type="module" src="/dti/dti-self-assessment.js"></script>
</head><body>
<h1>Cổng thông tin điện tử tỉnh</h1>
<dti-self-assessment set="dti-province-2025"></dti-self-assessment>
</body></html>`);
  writeFileSync(join(site, 'portal/iframe.html'), `<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<title>Cổng thông tin tỉnh</title></head><body>
<iframe src="/dti/index.html" title="Tự đánh giá DTI" width="1200" height="800"></iframe>
</body></html>`);
  server = await serve(site);
});
after(async () => {
  if (server) await server.stop();
  rmSync(site, { recursive: true, force: true });
});

test('the element embedded in a portal page with a strict CSP scores, styles isolated', async () => {
  const b = await browser();
  try {
    const { page } = b;
    const cspErrors = [];
    page.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text()); });
    await page.goto(`${server.url}portal/embed.html`);
    await ready(page);
    await page.fill('[name="1.5.a"]', '3');
    assert.equal(await page.getAttribute('[data-testid="total"]', 'data-value'), '40');
    // The host's styles do not reach inside: inputs visible, text not red.
    assert.equal(await page.isVisible('[name="1.5.a"]'), true);
    const style = await page.$eval('label[for]:has(+ [name="1.5.a"])', (e) => {
      const cs = getComputedStyle(e);
      return { color: cs.color, fontSize: cs.fontSize };
    });
    assert.notEqual(style.color, 'rgb(255, 0, 0)');
    assert.notEqual(style.fontSize, '40px');
    // The host's own heading is styled by the host.
    assert.equal(await page.$eval('h1', (e) => getComputedStyle(e).color), 'rgb(255, 0, 0)');
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(cspErrors, []);
    await page.screenshot({ path: artifact('embed-1366.png') });
  } finally {
    await b.close();
  }
});

test('the iframe alternative works under the same policy', async () => {
  const b = await browser();
  try {
    const { page } = b;
    await page.goto(`${server.url}portal/iframe.html`);
    const frame = page.frameLocator('iframe');
    await frame.locator('[data-testid="total"]').waitFor();
    await frame.locator('[name="1.5.a"]').fill('6');
    assert.equal(await frame.locator('[data-testid="total"]').getAttribute('data-value'), '80');
  } finally {
    await b.close();
  }
});

test('HTML in a set file is shown as text and never runs', async () => {
  const set = JSON.parse(readFileSync(join(SETS, 'dti-province-2025.json'), 'utf8'));
  const evil = '<img src=x onerror="window.__xss=1">';
  set.id = 'xss-test';
  set.title.vi = `Bộ thử ${evil}`;
  set.indicators[0].title.vi = `Hạ tầng ${evil}`;
  set.indicators[0].children[0].title.vi = `Tỷ lệ ${evil}`;
  set.indicators[0].children[0].inputs[0].label.vi = `Số hộ ${evil}`;
  set.indicators[0].children[0].source_text = `Nguồn ${evil}<script>window.__xss=2</script>`;
  set.indicators[0].children[0].lead = `Sở ${evil}`;
  set.indicators[0].children[3].rule.items[0].label.vi = `Mục ${evil}`;
  const file = artifact('xss-set.json');
  writeFileSync(file, JSON.stringify(set, null, 2));

  const b = await browser();
  try {
    const { page } = b;
    await page.goto(`${server.url}portal/embed.html`);
    await ready(page);
    await page.setInputFiles('#set-file', file);
    await page.waitForFunction(() => document.querySelector('dti-self-assessment').shadowRoot
      .querySelector('.set-info h2').textContent.includes('Bộ thử'));
    assert.equal(await page.textContent('.set-info h2'), `Bộ thử ${evil}`);
    assert.equal(await page.textContent('#n-1\\.1 .title'), `1.1 Tỷ lệ ${evil}`);
    const label = await page.textContent('label[for]:has(+ [name="1.1.a"])');
    assert.equal(label, `a = Số hộ ${evil}`);
    assert.equal(await page.$$eval('dti-self-assessment', (els) => els[0].shadowRoot.querySelectorAll('img, script').length), 0);
    await page.click('#n-1\\.1 summary');
    assert.ok((await page.textContent('#n-1\\.1 .source pre')).includes('<script>window.__xss=2</script>'));
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    // The set is usable: it scores.
    await page.fill('[name="1.5.a"]', '6');
    assert.equal(await page.getAttribute('[data-testid="points-1.5"]', 'data-value'), '80');
  } finally {
    await b.close();
  }
});
