// A thin W3C WebDriver client (https://www.w3.org/TR/webdriver2/) for the engines
// Playwright cannot drive here: Firefox ESR through geckodriver and WebKitGTK through
// WebKitWebDriver (which needs a display: scripts/test.sh runs that engine's suite under
// xvfb-run). `launch(engine)` starts the engine's driver on a free loopback port and opens
// one session with a fresh profile; its `call` sends one command. lib.mjs's browser() builds
// the Playwright-style page of the tests over it (webdriver-page.mjs).
import { spawn } from 'node:child_process';
import { freePort } from './lib.mjs';

export const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

/** A feature an engine's WebDriver does not expose: the test is skipped there, with this reason. */
export class Unsupported extends Error {
  constructor(engine, feature, why) {
    super(`${feature} is not available in ${engine}: ${why}`);
    this.name = 'Unsupported';
    this.unsupported = true;
  }
}

/** A WebDriver command that failed, with the W3C error code (`no such element`, …). */
export class WebDriverError extends Error {
  constructor(method, path, code, message) {
    super(`WebDriver ${method} ${path}: ${code}: ${message}`);
    this.code = code;
  }
}

const COMMAND_TIMEOUT = 180000;

/** Resolves after `ms` without keeping the process alive (a bound on a wait, not a wait). */
const idle = (ms) => new Promise((r) => { setTimeout(r, ms).unref(); });

async function send(base, method, path, body) {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: body === undefined ? undefined : JSON.stringify(body),
    // A command the driver never answers fails the test instead of hanging the suite.
    signal: AbortSignal.timeout(COMMAND_TIMEOUT),
  });
  const data = await r.json();
  if (!r.ok || (data.value && data.value.error)) {
    const v = data.value || {};
    throw new WebDriverError(method, path, v.error || String(r.status), v.message || '');
  }
  return data.value;
}

const ENGINES = {
  firefox: {
    name: 'Firefox ESR',
    driver: () => process.env.GECKODRIVER || 'geckodriver',
    // The BiDi WebSocket on a free port too (geckodriver's default, 9222, is one port for
    // every Firefox on the machine: a second one at once could not connect).
    // System access: the chrome context, where a narrow viewport is made by zooming the tab
    // (webdriver-page.mjs, setViewportSize).
    args: (port, bidiPort) => ['--port', String(port), '--host', '127.0.0.1', '--websocket-port', String(bidiPort), '--allow-system-access'],
    capabilities: () => ({
      browserName: 'firefox',
      // WebDriver BiDi too, where node has a WebSocket client (node ≥ 22, or node 20 with
      // --experimental-websocket): preload scripts and request interception.
      ...(typeof WebSocket === 'function' ? { webSocketUrl: true } : {}),
      'moz:firefoxOptions': {
        binary: process.env.FIREFOX_BIN || '/usr/bin/firefox-esr',
        args: ['-headless'],
        // The zoom stays with the tab across navigations (not per site).
        prefs: { 'intl.accept_languages': 'vi-VN, vi', 'browser.shell.checkDefaultBrowser': false, 'browser.zoom.siteSpecific': false },
      },
    }),
  },
  webkit: {
    name: 'WebKitGTK',
    driver: () => process.env.WEBKIT_WEBDRIVER || 'WebKitWebDriver',
    args: (port) => [`--port=${port}`, '--host=127.0.0.1'],
    capabilities: () => ({
      browserName: 'MiniBrowser',
      'webkitgtk:browserOptions': { args: ['--automation'] },
    }),
    check() {
      if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
        throw new Error('WebKitWebDriver needs a display: run the suite under `xvfb-run -a` (scripts/test.sh does)');
      }
    },
  },
};

/** The engines this client drives. */
export const WEBDRIVER_ENGINES = Object.keys(ENGINES);

/**
 * Starts `engine`'s WebDriver server and one session. Returns
 * { engine, name, browserVersion, call(method, path, body), close() }; `path` is relative to
 * the session (`/url`, `/execute/sync`, …).
 */
export async function launch(engine, retry = true) {
  const spec = ENGINES[engine];
  if (!spec) throw new Error(`unknown engine ${engine}: one of ${WEBDRIVER_ENGINES.join(', ')}`);
  if (spec.check) spec.check();
  const port = await freePort();
  const bidiPort = await freePort();
  // In its own process group, so that closing ends the driver and the browser it started.
  const proc = spawn(spec.driver(), spec.args(port, bidiPort), { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const spawned = new Promise((res, rej) => { proc.once('spawn', res); proc.once('error', rej); });
  await spawned;
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    if (proc.exitCode !== null) throw new Error(`${spec.driver()} exited: ${stderr}`);
    try {
      await send(base, 'GET', '/status');
      break;
    } catch (e) {
      if (i > 200) throw new Error(`${spec.driver()} did not answer: ${e.message} ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  let session;
  try {
    session = await send(base, 'POST', '/session', { capabilities: { alwaysMatch: spec.capabilities() } });
  } catch (e) {
    // No session (seen on a loaded machine: "Failed to decode response from marionette"):
    // end the driver and whatever it started, so nothing keeps this process alive; try once more.
    try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ }
    proc.stderr.destroy();
    proc.unref();
    if (retry) return launch(engine, false);
    throw e;
  }
  const s = `/session/${session.sessionId}`;
  let bidi = null;
  if (session.capabilities.webSocketUrl) {
    try {
      bidi = await connectBidi(session.capabilities.webSocketUrl);
    } catch (e) {
      await Promise.race([send(base, 'DELETE', s).catch(() => {}), idle(15000)]);
      try { process.kill(-proc.pid, 'SIGKILL'); } catch { /* gone */ }
      proc.stderr.destroy();
      proc.unref();
      throw e;
    }
  }
  return {
    engine,
    name: spec.name,
    browserVersion: session.capabilities.browserVersion,
    call: (method, path, body) => send(base, method, `${s}${path}`, body),
    /** WebDriver BiDi ({ send(method, params), on(event, handler) }), or null where the engine has none. */
    bidi,
    async close() {
      if (bidi) bidi.close();
      await Promise.race([send(base, 'DELETE', s).catch(() => {}), idle(15000)]);
      const exited = new Promise((r) => proc.once('exit', r));
      const group = (signal) => { try { process.kill(-proc.pid, signal); } catch { /* already gone */ } };
      if (proc.exitCode === null && proc.signalCode === null) {
        group('SIGTERM');
        await Promise.race([exited, idle(3000)]);
      }
      // A browser process left over is ended too, and keeps no pipe of this process open.
      group('SIGKILL');
      proc.stderr.destroy();
      proc.unref();
    },
  };
}

/** A WebDriver BiDi connection (https://w3c.github.io/webdriver-bidi/): commands and events. */
async function connectBidi(url) {
  const ws = new WebSocket(url);
  await new Promise((res, rej) => {
    ws.addEventListener('open', res, { once: true });
    ws.addEventListener('error', () => rej(new Error(`WebDriver BiDi: cannot connect to ${url}`)), { once: true });
  });
  let next = 1;
  const pending = new Map();
  const handlers = new Map();
  ws.addEventListener('message', (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id !== undefined && pending.has(msg.id)) {
      const { resolve, reject, method } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.type === 'error' || msg.error) reject(new WebDriverError('BiDi', method, msg.error, msg.message || ''));
      else resolve(msg.result);
    } else if (msg.method) {
      for (const h of handlers.get(msg.method) || []) h(msg.params);
    }
  });
  return {
    send(method, params = {}) {
      const id = next;
      next += 1;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, method });
        ws.send(JSON.stringify({ id, method, params }));
      });
    },
    on(event, handler) {
      if (!handlers.has(event)) handlers.set(event, []);
      handlers.get(event).push(handler);
    },
    close() { ws.close(); },
  };
}
