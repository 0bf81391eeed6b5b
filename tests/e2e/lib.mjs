// Shared helpers of the end-to-end tests: the `dti-score` binary, a `dti-score serve`
// server on a free loopback port, and the browser: Debian's Chromium driven by
// playwright-core (never a downloaded browser), or, with DTI_E2E_ENGINE=firefox|webkit,
// Firefox ESR or WebKitGTK through their WebDriver servers behind the same Playwright-style
// page (webdriver-page.mjs).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Context, Page } from './webdriver-page.mjs';
import { launch } from './webdriver.mjs';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The engine the suite runs in: chromium (Playwright), firefox or webkit (WebDriver). */
export const ENGINE = process.env.DTI_E2E_ENGINE || 'chromium';
if (!['chromium', 'firefox', 'webkit'].includes(ENGINE)) throw new Error(`DTI_E2E_ENGINE=${ENGINE}: one of chromium, firefox, webkit`);

/**
 * The built page: dist/, or $DTI_E2E_DIST (a copy, so that engines run at once do not share
 * the files some tests rewrite, such as review-config.json).
 */
export const DIST = process.env.DTI_E2E_DIST || join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'tests/e2e/artifacts', ...(ENGINE === 'chromium' ? [] : [ENGINE]));
export const SETS = join(ROOT, 'indicator-sets');
export const FIXTURES = join(ROOT, 'tests/e2e/fixtures');

/** The CLI: $DTI_SCORE_BIN, else the newer of target/debug and target/release. */
export const BIN = process.env.DTI_SCORE_BIN
  || [join(ROOT, 'target/debug/dti-score'), join(ROOT, 'target/release/dti-score')]
    .filter((p) => existsSync(p))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];

if (!BIN) throw new Error('dti-score binary not found: run `cargo build` first (scripts/test.sh does)');
if (!existsSync(join(DIST, 'index.html'))) throw new Error('dist/ not built: run scripts/build-web.sh first');

/** Runs the CLI and returns its stdout (throws with stderr on a non-zero exit). */
export function cli(...args) {
  return execFileSync(BIN, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** A free TCP port on the loopback interface. */
export function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** Starts `dti-score serve DIR` on a free port; resolves once it answers. */
export async function serve(dir = DIST) {
  const port = await freePort();
  const proc = spawn(BIN, ['serve', dir, '--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i += 1) {
    if (proc.exitCode !== null) throw new Error(`dti-score serve exited: ${stderr}`);
    try {
      const r = await fetch(url);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    async stop() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await exited;
    },
  };
}

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/**
 * Launches the engine with a fresh profile (so storage, caches and service workers start
 * empty): Debian's Chromium with a fresh user-data-dir, or a WebDriver session. Returns
 * { context, page, errors, engine, version, close }.
 */
export async function browser(options = {}) {
  if (ENGINE !== 'chromium') return webdriverBrowser(options);
  const userDataDir = mkdtempSync(join(tmpdir(), 'dti-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport || { width: 1366, height: 900 },
    acceptDownloads: true,
    locale: 'vi-VN',
    ...options.launch,
  });
  const page = context.pages()[0] || (await context.newPage());
  return opened(context, page, `Chromium ${context.browser() ? context.browser().version() : ''}`.trim(), async () => {
    await context.close();
    rmSync(userDataDir, { recursive: true, force: true });
  });
}

/** The browser() result: the page's errors (uncaught, and console errors) collected in `errors`. */
function opened(context, page, version, close) {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  return { context, page, errors, engine: ENGINE, version, close };
}

async function webdriverBrowser(options) {
  const session = await launch(ENGINE);
  const context = new Context(session);
  try {
    await context.start();
    const handle = await session.call('GET', '/window');
    const page = new Page(context, handle);
    context.openPages.push(page);
    context.current = handle;
    await page.setViewportSize(options.viewport || { width: 1366, height: 900 });
    return opened(context, page, `${session.name} ${session.browserVersion}`, () => context.close());
  } catch (e) {
    await session.close();
    throw e;
  }
}

/** Waits until the element has loaded the engine and drawn the form. */
export async function ready(page) {
  await page.waitForSelector('dti-self-assessment[data-ready="true"]', { timeout: 30000 });
  await page.waitForSelector('[data-testid="total"]');
}

/**
 * Waits until the service worker controls the page. getRegistration answers at once
 * (`ready` would hold the driver's script until the worker is active, past WebDriver's script
 * timeout on a loaded machine); installing precaches the page's files, which takes a while
 * on a loaded machine. A worker activated while no page was loaded under it claims the page
 * (sw.js); where that claim is missed (seen under geckodriver and WebKitWebDriver), a
 * reload is a new navigation, which an active worker controls.
 */
export async function controlled(page) {
  const state = () => page.evaluate(async () => {
    const reg = await navigator.serviceWorker.getRegistration();
    if (navigator.serviceWorker.controller !== null) return 'controlled';
    return reg && reg.active && reg.active.state === 'activated' ? 'active' : 'installing';
  });
  const end = Date.now() + 120000;
  let reloaded = false;
  for (;;) {
    const now = await state();
    if (now === 'controlled') return;
    if (now === 'active' && !reloaded) {
      await page.waitForTimeout(1000);
      if ((await state()) === 'active') {
        await page.reload();
        await ready(page);
        reloaded = true;
      }
    }
    if (Date.now() > end) throw new Error(`the service worker does not control the page after 2 minutes (${now}) in ${ENGINE}`);
    await page.waitForTimeout(250);
  }
}

/** Fills the page's form from a values file's `values` (and `context`) by input name. */
export async function fillValues(page, doc) {
  for (const [id, entry] of Object.entries(doc.context || {})) await page.fill(`[name="context.${id}"]`, entry);
  for (const [id, entry] of Object.entries(doc.values)) {
    for (const [field, v] of Object.entries(entry)) {
      if (field === 'items') {
        for (const [item, on] of Object.entries(v)) {
          await page.setChecked(`[name="${id}.items.${item}"]`, on);
        }
      } else if (field === 'done' || field === 'gate') {
        await page.check(`[name="${id}.${field}"][value="${v}"]`);
      } else if (field === 'choice') {
        await page.selectOption(`[name="${id}.choice"]`, v);
      } else if (field === 'parts') {
        throw new Error('fillValues: parts are not used by the e2e fixtures');
      } else {
        await page.fill(`[name="${id}.${field}"]`, String(v));
      }
    }
  }
}

/** The page's displayed points, as the engine's decimal strings, by node id. */
export function displayedPoints(page) {
  return page.$$eval('[data-testid^="points-"]', (els) => Object.fromEntries(
    els.map((e) => [e.dataset.testid.slice('points-'.length), e.dataset.value]),
  ));
}

export function artifact(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}

/** Makes a key in the signing section (open, with "new key" unfolded) and waits for it. */
export async function makeKey(page, name, role, passphrase) {
  await page.fill('[name="key.name"]', name);
  await page.selectOption('[name="key.role"]', role);
  await page.fill('[name="key.passphrase"]', passphrase);
  await page.fill('[name="key.passphrase2"]', passphrase);
  await page.click('[data-testid="generate-key"]');
  await page.waitForFunction((n) => document.querySelector('dti-self-assessment').shadowRoot
    .querySelector('[data-testid="sign-status"]').textContent.includes(n), name, { timeout: 60000 });
}

/**
 * Runs fn(shadowRoot, arg) in the page (through a handle to the root: the page's CSP forbids
 * `new Function`, and WebKit applies it to the driver's scripts too).
 */
export async function shadow(page, fn, arg) {
  const root = await page.evaluateHandle(() => document.querySelector('dti-self-assessment').shadowRoot);
  try {
    return await root.evaluate(fn, arg);
  } finally {
    await root.dispose();
  }
}

/** Picks a shipped set in the set picker and waits for its form (`drawn`: a selector of it). */
export async function pickSet(page, file, drawn = '[name^="1.1."]') {
  await page.selectOption('select[name="set"]', file);
  await page.waitForFunction((f) => document.querySelector('dti-self-assessment').shadowRoot
    .querySelector('select[name="set"]').value === f, file);
  await page.waitForSelector(drawn);
}

/**
 * The self-assessment page's print as a person gets it: the print preview prepared, print
 * media, `whilePrinting()` run (an axe check, say), then rendered to A4 PDF (artifact `name`)
 * and its text read with pdftotext. WebKitGTK's WebDriver has no Print command: there the
 * text is what the print media shows (the element's rendered text, innerText), so the same
 * assertions run on the print view without its paging.
 */
export async function printedText(page, name, whilePrinting = async () => {}) {
  await page.evaluate(() => document.querySelector('dti-self-assessment').onPrintPreview());
  await page.emulateMedia({ media: 'print' });
  try {
    await whilePrinting();
    const pdf = await artifactIfSupported(page.pdf({ format: 'A4', printBackground: true }));
    if (pdf === null) {
      return await page.evaluate(() => [...document.querySelector('dti-self-assessment').shadowRoot.children]
        .filter((e) => !['STYLE', 'LINK', 'SCRIPT'].includes(e.tagName)).map((e) => e.innerText).join('\n'));
    }
    const file = artifact(name);
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    await page.emulateMedia({ media: 'screen' });
  }
}

/**
 * Awaits a step that only makes an artifact for a person to look at (a PDF, a screenshot):
 * where the engine cannot make it (Unsupported, see webdriver.mjs) the test goes on and its
 * assertions still run. Returns the step's value, or null there.
 */
export async function artifactIfSupported(step) {
  try {
    return await step;
  } catch (e) {
    if (e && e.unsupported) return null;
    throw e;
  }
}
