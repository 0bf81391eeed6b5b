// A thin W3C WebDriver client (https://www.w3.org/TR/webdriver2/) for the browsers
// Playwright cannot drive here: Firefox ESR through geckodriver. It starts the driver on a
// free loopback port, opens one session with a fresh profile, and offers the few commands
// the tests use: navigate, run a script, type into an element (found inside the page's
// shadow root by a script), open and switch windows.
import { spawn } from 'node:child_process';
import { freePort } from './lib.mjs';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

async function call(base, method, path, body) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await r.json();
  if (!r.ok || (data.value && data.value.error)) {
    const v = data.value || {};
    throw new Error(`WebDriver ${method} ${path}: ${v.error || r.status}: ${v.message || ''}`);
  }
  return data.value;
}

/** Where geckodriver is: $GECKODRIVER, else on PATH (scripts/setup.sh installs it). */
function geckodriverPath() {
  return process.env.GECKODRIVER || 'geckodriver';
}

/** Starts geckodriver and a headless Firefox ESR session. */
export async function firefox() {
  const port = await freePort();
  const proc = spawn(geckodriverPath(), ['--port', String(port), '--host', '127.0.0.1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i += 1) {
    if (proc.exitCode !== null) throw new Error(`geckodriver exited: ${stderr}`);
    try {
      await call(base, 'GET', '/status');
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const session = await call(base, 'POST', '/session', {
    capabilities: {
      alwaysMatch: {
        browserName: 'firefox',
        'moz:firefoxOptions': {
          binary: process.env.FIREFOX_BIN || '/usr/bin/firefox-esr',
          args: ['-headless'],
          prefs: { 'intl.accept_languages': 'vi-VN, vi', 'browser.shell.checkDefaultBrowser': false },
        },
      },
    },
  });
  const s = `/session/${session.sessionId}`;
  const wd = {
    browserVersion: session.capabilities.browserVersion,
    goto: (url) => call(base, 'POST', `${s}/url`, { url }),
    refresh: () => call(base, 'POST', `${s}/refresh`, {}),
    /** Runs `fn(...args)` in the page (a function's source, as WebDriver takes it). */
    run: (fn, ...args) => call(base, 'POST', `${s}/execute/sync`, { script: `return (${fn}).apply(null, arguments);`, args }),
    /** Runs `fn` until it returns a truthy value (every 50 ms, at most `timeout` ms). */
    async until(fn, args = [], timeout = 30000) {
      const end = Date.now() + timeout;
      for (;;) {
        const v = await wd.run(fn, ...args).catch(() => null);
        if (v) return v;
        if (Date.now() > end) throw new Error(`timed out waiting for ${fn}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    /** The element of the self-assessment page's shadow root that `selector` matches. */
    async shadowElement(selector) {
      const el = await wd.until((sel) => document.querySelector('dti-self-assessment').shadowRoot.querySelector(sel), [selector]);
      return el[ELEMENT];
    },
    /** Clears a field of the page and types `text` into it, key by key, as a person does. */
    async type(selector, text) {
      const id = await wd.shadowElement(selector);
      await call(base, 'POST', `${s}/element/${id}/clear`, {});
      if (text) await call(base, 'POST', `${s}/element/${id}/value`, { text });
    },
    newWindow: () => call(base, 'POST', `${s}/window/new`, { type: 'tab' }).then((w) => w.handle),
    window: () => call(base, 'GET', `${s}/window`),
    switchTo: (handle) => call(base, 'POST', `${s}/window`, { handle }),
    async close() {
      await call(base, 'DELETE', s).catch(() => {});
      proc.kill('SIGTERM');
    },
  };
  return wd;
}
