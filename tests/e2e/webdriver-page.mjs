// The Playwright-style page of the tests, over W3C WebDriver (webdriver.mjs), for Firefox
// ESR and WebKitGTK: the subset of Page/Locator/Download the e2e tests use, with
// Playwright's meanings (selectors pierce open shadow roots; `text=` and `:has-text()`;
// actions wait for the element; waitFor* poll with a timeout). A test written against
// Playwright runs unchanged; a call that WebDriver cannot serve in an engine throws
// `Unsupported`, which the test wrapper (skip-unsupported.mjs) turns into a skip with the reason.
//
// How each thing is done:
// - scripts: WebDriver `execute/async`; every script first installs (once per document) a
//   small in-page recorder: errors (`error`, `unhandledrejection`, console.error, CSP
//   violations) for the `pageerror`/`console` events, downloads (an anchor `download` click
//   is captured with its Blob's bytes instead of being saved), resource-timing entries for
//   the `request` event, and print-media emulation.
// - fill: focus and select the field's text, then WebDriver send-keys (a person's keystrokes;
//   an empty value is a Backspace over the selection); no change event until the field loses
//   focus, as with Playwright's fill.
// - click/check: WebDriver element click (hit-tested; retried while something covers it).
// - setInputFiles: the files' bytes are sent to the page and set on the input through a
//   DataTransfer (folders keep each file's webkitRelativePath), then input and change fire.
// - emulateMedia print: the page's `@media print` rules are made to apply to the screen (and
//   `screen` ones not), since WebDriver has no media emulation; pdf: WebDriver `print`.
// - addInitScript: a BiDi preload script; without BiDi (WebKitWebDriver), the pages go through
//   a proxy that puts the script first in each HTML page. route: BiDi only, else Unsupported.
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { basename, extname, join } from 'node:path';
import { ELEMENT, Unsupported } from './webdriver.mjs';

const DEFAULT_TIMEOUT = 30000;
// A phone's device pixels per CSS pixel, for a viewport narrower than Firefox's window can be.
const PHONE_ZOOM = 1.5;

/**
 * A proxy on 127.0.0.1 in front of `upstream` that adds the init scripts to HTML pages
 * (the stand-in for preload scripts where the WebDriver has none). Bodies are asked for
 * uncompressed; everything else is passed as it came.
 */
function initProxy(upstream, scripts) {
  const server = createServer(async (req, res) => {
    try {
      if (req.url === '/__dti-e2e-init.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
        res.end(scripts());
        return;
      }
      const headers = { ...req.headers };
      delete headers.host;
      delete headers['accept-encoding'];
      const r = await fetch(`${upstream}${req.url}`, { method: req.method, headers, redirect: 'manual' });
      const out = {};
      r.headers.forEach((v, k) => { if (!['content-length', 'content-encoding', 'transfer-encoding', 'connection'].includes(k)) out[k] = v; });
      let body = Buffer.from(await r.arrayBuffer());
      if ((r.headers.get('content-type') || '').startsWith('text/html')) {
        const html = body.toString('utf8');
        const at = html.search(/<head[^>]*>/i);
        const tag = '<script src="/__dti-e2e-init.js"></script>';
        body = Buffer.from(at < 0 ? tag + html : html.replace(/<head[^>]*>/i, (h) => h + tag), 'utf8');
        out['cache-control'] = 'no-store';
      }
      res.writeHead(r.status, out);
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch (e) {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(e));
    }
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ origin: `http://127.0.0.1:${port}`, upstream, close: () => { server.closeAllConnections(); server.close(); } });
    });
  });
}

// ---- in-page code (sent as source; runs in the page) -------------------------------------

/** Installs the recorder once per document; returns window.__dtiE2e. */
function installRecorder() {
  if (window.__dtiE2e) return window.__dtiE2e;
  const rec = { errors: [], console: [], downloads: [], blobs: new Map(), seen: new Set(), media: 'screen', saved: new Map() };
  Object.defineProperty(window, '__dtiE2e', { value: rec, enumerable: false });
  // A test counting the page's listeners leaves out the ones added while this is set.
  window.__dtiE2eInstalling = true;
  window.addEventListener('error', (e) => rec.errors.push(e.message || String(e.error)));
  window.addEventListener('unhandledrejection', (e) => rec.errors.push(String(e.reason && e.reason.message ? e.reason.message : e.reason)));
  document.addEventListener('securitypolicyviolation', (e) => rec.console.push({
    type: 'error',
    text: `Refused to load or run ${e.blockedURI || 'inline'}: it violates the Content Security Policy directive "${e.violatedDirective}"`,
  }), true);
  const error = console.error;
  console.error = function recorded(...args) {
    rec.console.push({ type: 'error', text: args.map((a) => (a && a.message) || String(a)).join(' ') });
    return error.apply(this, args);
  };
  const create = URL.createObjectURL;
  URL.createObjectURL = function kept(obj) {
    const url = create.call(URL, obj);
    if (obj instanceof Blob) rec.blobs.set(url, obj);
    return url;
  };
  const capture = (a) => {
    const href = a.href;
    const name = a.getAttribute('download') || decodeURIComponent(href.split('/').pop() || 'download');
    const entry = { name, url: href, b64: null, error: null };
    rec.downloads.push(entry);
    const blob = rec.blobs.get(href);
    (blob ? Promise.resolve(blob) : fetch(href).then((r) => r.blob()))
      .then((b) => b.arrayBuffer())
      .then((buf) => {
        const bytes = new Uint8Array(buf);
        let s = '';
        for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
        entry.b64 = btoa(s);
      })
      .catch((e) => { entry.error = String(e); });
  };
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function clicked() {
    if (this.hasAttribute('download')) { capture(this); return; }
    click.call(this);
  };
  document.addEventListener('click', (e) => {
    const a = e.composedPath().find((n) => n instanceof HTMLAnchorElement && n.hasAttribute('download'));
    if (a) { e.preventDefault(); capture(a); }
  }, true);
  delete window.__dtiE2eInstalling;
  return rec;
}

/** Makes `@media print` rules apply (media 'print') or restores them (media 'screen'). */
function applyMedia(rec) {
  const sheets = [];
  const roots = [document];
  for (let i = 0; i < roots.length; i += 1) {
    const r = roots[i];
    for (const s of r.styleSheets || []) sheets.push(s);
    for (const s of r.adoptedStyleSheets || []) sheets.push(s);
    for (const e of r.querySelectorAll('*')) if (e.shadowRoot) roots.push(e.shadowRoot);
  }
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule.media && rule.cssRules) {
        if (!rec.saved.has(rule)) rec.saved.set(rule, rule.media.mediaText);
        const original = rec.saved.get(rule);
        const text = rec.media === 'print'
          ? original.split(',').map((q) => q.trim()
            .replace(/^(only\s+)?print\b/i, 'all').replace(/^(only\s+)?screen\b/i, 'not all')
            .replace(/^not\s+print\b/i, 'not all').replace(/^not\s+screen\b/i, 'all')).join(', ')
          : original;
        if (rule.media.mediaText !== text) rule.media.mediaText = text;
      }
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  for (const s of sheets) {
    try { walk(s.cssRules); } catch { /* a cross-origin sheet */ }
  }
}

/** Every element `selector` matches, in document order, piercing open shadow roots. */
function findAll(selector, scope) {
  const roots = [];
  const hosts = (r) => {
    roots.push(r);
    for (const e of r.querySelectorAll('*')) if (e.shadowRoot) hosts(e.shadowRoot);
  };
  hosts(scope || document);
  const norm = (s) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  const textOf = (e) => norm(e.textContent || '') || norm(e.value && e.type !== 'hidden' && (e.type === 'button' || e.type === 'submit') ? e.value : '');
  const everything = () => {
    const out = [];
    for (const r of roots) for (const e of r.querySelectorAll('*')) out.push(e);
    return out;
  };
  if (selector.startsWith('text=')) {
    let want = selector.slice(5);
    const exact = /^".*"$/.test(want);
    if (exact) want = JSON.parse(want);
    want = norm(want);
    const hits = everything().filter((e) => !['SCRIPT', 'STYLE', 'HEAD', 'TEMPLATE'].includes(e.tagName)
      && (exact ? textOf(e) === want : textOf(e).includes(want)));
    // The smallest elements that hold the text (not their ancestors).
    return hits.filter((e) => !hits.some((o) => o !== e && e.contains(o)));
  }
  if (selector.startsWith('label=')) {
    const want = norm(selector.slice(6));
    const byId = (r, id) => (r.getElementById ? r.getElementById(id) : r.querySelector(`#${CSS.escape(id)}`));
    return everything().filter((e) => {
      if (!e.matches('input, select, textarea, button, meter, output, progress, [role]')) return false;
      const names = [];
      if (e.getAttribute('aria-label')) names.push(e.getAttribute('aria-label'));
      const root = e.getRootNode();
      for (const id of (e.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)) {
        const l = byId(root, id);
        if (l) names.push(l.textContent);
      }
      for (const l of e.labels || []) names.push(l.textContent);
      return names.some((n) => norm(n).includes(want));
    });
  }
  let css = selector;
  let hasText = null;
  const m = /^(.*):has-text\((["'])(.*)\2\)$/.exec(selector);
  if (m) { css = m[1]; hasText = norm(m[3]); }
  const out = [];
  for (const r of roots) for (const e of r.querySelectorAll(css)) out.push(e);
  return hasText === null ? out : out.filter((e) => textOf(e).includes(hasText));
}

function visible(e) {
  if (!e || !e.isConnected) return false;
  // Inside a closed <details> an element keeps its box in Firefox: checkVisibility (where
  // the engine has it) says it is not rendered, as Playwright's isVisible does.
  if (typeof e.checkVisibility === 'function' && !e.checkVisibility()) return false;
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden';
}

/** The element a locator chain names: [selector, index] steps, index null for "all". */
function resolve(chain) {
  let scope = [document];
  for (const [sel, index] of chain) {
    let next = [];
    for (const s of scope) next.push(...findAll(sel, s === document ? null : (s.shadowRoot || s)));
    next = [...new Set(next)];
    if (index !== null) next = next.length ? [index < 0 ? next[next.length + index] : next[index]].filter(Boolean) : [];
    scope = next;
  }
  return scope;
}

const PRELUDE = [installRecorder, applyMedia, findAll, visible, resolve].map(String).join('\n');

/**
 * The script sent with every command: installs the recorder, runs `body` (a function's
 * source) with the arguments, and returns { ok, value } or { ok: false, error }, with the
 * recorder's new entries.
 */
const WRAPPER = `
${PRELUDE}
const done = arguments[arguments.length - 1];
const rec = installRecorder();
if (rec.media === 'print') applyMedia(rec);
const drain = () => {
  const out = { errors: rec.errors.splice(0), console: rec.console.splice(0), requests: [] };
  if (rec.wantRequests) {
    for (const e of performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))) {
      const key = e.name + '@' + e.startTime;
      if (!rec.seen.has(key)) { rec.seen.add(key); out.requests.push(e.name); }
    }
  }
  out.downloads = rec.downloads.filter((d) => d.b64 !== null || d.error !== null);
  rec.downloads = rec.downloads.filter((d) => !out.downloads.includes(d));
  return out;
};
const args = arguments[0];
if (arguments[1].requests) rec.wantRequests = true;
const USER = (/*USER*/);
// With a wait, the body runs again (every 25 ms) until it returns a truthy value or the
// wait is over: one command per wait instead of one per try.
const deadline = Date.now() + (arguments[1].wait || 0);
const attempt = () => {
  let result;
  try {
    result = (/*BODY*/).apply(null, args);
  } catch (e) {
    done({ ok: false, error: String(e && e.stack ? e.message + '\\n' + e.stack : e), events: drain() });
    return;
  }
  Promise.resolve(result).then(
    (value) => {
      if (!value && Date.now() < deadline) { setTimeout(attempt, 25); return; }
      done({ ok: true, value: value === undefined ? null : value, undefined: value === undefined, events: drain() });
    },
    (e) => done({ ok: false, error: String(e && e.message ? e.message : e), events: drain() }),
  );
};
attempt();
`;

const KEYS = {
  Tab: '\uE004', Enter: '\uE007', Escape: '\uE00C', Backspace: '\uE003', Delete: '\uE017', Space: ' ',
  ArrowLeft: '\uE012', ArrowUp: '\uE013', ArrowRight: '\uE014', ArrowDown: '\uE015', Home: '\uE011', End: '\uE010',
  PageUp: '\uE00E', PageDown: '\uE00F', Shift: '\uE008', Control: '\uE009', Alt: '\uE00A', Meta: '\uE03D',
};

function keyText(key) {
  const parts = key.split('+');
  return parts.map((p) => KEYS[p] ?? (p.length === 1 ? p : (() => { throw new Error(`press: unknown key ${p}`); })())).join('') + (parts.length > 1 ? '\uE000' : '');
}

const MIME = { '.json': 'application/json', '.csv': 'text/csv', '.txt': 'text/plain', '.html': 'text/html', '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '.key': 'application/octet-stream' };

function filesOf(input) {
  const list = Array.isArray(input) ? input : [input];
  const out = [];
  for (const f of list) {
    if (typeof f === 'string') {
      if (statSync(f).isDirectory()) {
        const walk = (dir, rel) => {
          for (const n of readdirSync(dir).sort()) {
            const p = join(dir, n);
            if (statSync(p).isDirectory()) walk(p, `${rel}/${n}`);
            else out.push({ name: n, type: MIME[extname(n)] || '', bytes: readFileSync(p), rel: `${rel}/${n}`, modified: statSync(p).mtimeMs });
          }
        };
        walk(f, basename(f));
      } else {
        out.push({ name: basename(f), type: MIME[extname(f)] || '', bytes: readFileSync(f), rel: null, modified: statSync(f).mtimeMs });
      }
    } else {
      out.push({ name: f.name, type: f.mimeType || '', bytes: Buffer.from(f.buffer), rel: null, modified: Date.now() });
    }
  }
  return out;
}

/**
 * A function, or a string, as a function's source for the page. A string is an expression
 * (its value returned) where it parses as one, else a script run for its effects (as
 * Playwright takes both: `evaluate('document.title')`, `evaluate(AXE_SOURCE)`).
 */
function userFunction(fn) {
  if (typeof fn !== 'string') return String(fn);
  try {
    // Parsed here only (never run in node): is it one expression?
    new Function(`return (${fn}
);`); // eslint-disable-line no-new, no-new-func
    return `() => (${fn}
)`;
  } catch {
    return `() => {
${fn}
}`;
  }
}

/** A file the page offered for download (Playwright's Download). */
class Download {
  constructor(entry) { this.entry = entry; }

  suggestedFilename() { return this.entry.name; }

  url() { return this.entry.url; }

  async saveAs(path) {
    if (this.entry.error) throw new Error(`download ${this.entry.name} failed in the page: ${this.entry.error}`);
    writeFileSync(path, Buffer.from(this.entry.b64, 'base64'));
  }

  async failure() { return this.entry.error; }
}

/** One browser (a WebDriver session) with its tabs: Playwright's BrowserContext. */
export class Context {
  constructor(session) {
    this.session = session;
    this.queue = Promise.resolve();
    this.current = null;
    this.openPages = [];
    this.chrome = null;
  }

  /** Runs `fn` alone (WebDriver commands of one session are one at a time, in call order). */
  exclusive(fn) {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  /** Where the engine has BiDi, the recorder goes in before the page's scripts (errors while loading too). */
  async start() {
    if (this.session.bidi) {
      await this.session.bidi.send('script.addPreloadScript', { functionDeclaration: `() => { (${installRecorder})(); }` });
    }
  }

  pages() { return [...this.openPages]; }

  async newPage() {
    const handle = await this.exclusive(async () => {
      const w = await this.session.call('POST', '/window/new', { type: 'tab' });
      await this.session.call('POST', '/window', { handle: w.handle });
      this.current = w.handle;
      return w.handle;
    });
    const page = new Page(this, handle);
    this.openPages.push(page);
    return page;
  }

  /**
   * Playwright's context.route(pattern, handler) for the pattern '**' + '/*' (every request), over
   * WebDriver BiDi's network interception; `route.continue()` / `route.abort()`.
   */
  async route(pattern, handler) {
    const { bidi } = this.session;
    if (!bidi) throw new Unsupported(this.session.name, 'context.route (request interception)', 'its WebDriver has no BiDi network interception');
    if (pattern !== '**/*') throw new Error(`context.route: only the pattern '**/*' is implemented over WebDriver, not ${pattern}`);
    bidi.on('network.beforeRequestSent', (p) => {
      if (!p.isBlocked) return;
      const id = p.request.request;
      handler({
        request: () => ({ url: () => p.request.url, method: () => p.request.method }),
        continue: () => bidi.send('network.continueRequest', { request: id }),
        abort: () => bidi.send('network.failRequest', { request: id }),
      });
    });
    await bidi.send('session.subscribe', { events: ['network.beforeRequestSent'] });
    await bidi.send('network.addIntercept', { phases: ['beforeRequestSent'] });
  }

  async setOffline() {
    throw new Unsupported(this.session.name, 'context.setOffline (network emulation)', 'classic WebDriver has no network emulation');
  }

  /**
   * Playwright's addInitScript(fn, arg): a WebDriver BiDi preload script (for `contexts`, else
   * every tab). Without BiDi (WebKitWebDriver), the pages are loaded through a proxy on
   * 127.0.0.1 that puts the scripts first in every HTML page it passes (see initProxy).
   */
  async addInitScript(fn, arg, contexts) {
    const body = typeof fn === 'function' ? `(${fn})(${JSON.stringify(arg ?? null)});` : String(fn);
    const { bidi } = this.session;
    if (!bidi) {
      (this.initScripts ||= []).push(body);
      return;
    }
    await bidi.send('script.addPreloadScript', { functionDeclaration: `() => { ${body} }`, ...(contexts ? { contexts } : {}) });
  }

  /**
   * Where a page goes: with init scripts and no BiDi, an http URL on 127.0.0.1 goes through
   * the context's proxy (one per upstream origin), which serves the same files with
   * `<script src="/__dti-e2e-init.js">` first in each HTML page (a same-origin classic script,
   * which the page's CSP allows, run before the page's modules).
   */
  async viaInit(url) {
    if (!this.initScripts) return url;
    const u = new URL(url);
    if (u.protocol !== 'http:' || u.hostname !== '127.0.0.1') return url;
    this.proxy ||= await initProxy(u.origin, () => this.initScripts.join('\n'));
    if (this.proxy.upstream !== u.origin) throw new Error(`init scripts: one origin per browser (${this.proxy.upstream}), not ${u.origin}`);
    return `${this.proxy.origin}${u.pathname}${u.search}${u.hash}`;
  }

  async close() {
    if (this.proxy) this.proxy.close();
    await this.exclusive(() => this.session.close());
  }
}

/** Playwright's Locator: a chain of selectors, each optionally narrowed to one index. */
class Locator {
  constructor(page, chain) {
    this.page = page;
    this.chain = chain;
  }

  locator(selector) { return new Locator(this.page, [...this.chain, [selector, null]]); }

  first() { return this.nth(0); }

  last() { return this.nth(-1); }

  nth(i) {
    const chain = this.chain.slice();
    chain[chain.length - 1] = [chain[chain.length - 1][0], i];
    return new Locator(this.page, chain);
  }

  count() { return this.page.run((chain) => resolve(chain).length, [this.chain]); }

  waitFor(options = {}) { return this.page.waitForChain(this.chain, options); }

  click(options) { return this.page.clickChain(this.chain, options); }

  fill(value, options) { return this.page.fillChain(this.chain, value, options); }

  press(key, options) { return this.page.pressChain(this.chain, key, options); }

  focus(options) { return this.page.focusChain(this.chain, options); }

  check(options) { return this.page.setCheckedChain(this.chain, true, options); }

  uncheck(options) { return this.page.setCheckedChain(this.chain, false, options); }

  setChecked(on, options) { return this.page.setCheckedChain(this.chain, on, options); }

  textContent(options) { return this.page.readChain(this.chain, (e) => e.textContent, [], options); }

  innerText(options) { return this.page.readChain(this.chain, (e) => e.innerText, [], options); }

  inputValue(options) { return this.page.readChain(this.chain, (e) => e.value, [], options); }

  getAttribute(name, options) { return this.page.readChain(this.chain, (e, n) => e.getAttribute(n), [name], options); }

  isVisible() { return this.page.run((chain) => visible(resolve(chain)[0]), [this.chain]); }

  isChecked(options) { return this.page.readChain(this.chain, (e) => e.checked, [], options); }

  isDisabled(options) { return this.page.readChain(this.chain, (e) => e.disabled === true || e.closest('fieldset:disabled') !== null, [], options); }

  evaluate(fn, arg, options) { return this.page.readChain(this.chain, fn, [arg], options); }

  async scrollIntoViewIfNeeded(options) {
    await this.page.readChain(this.chain, (e) => { e.scrollIntoView({ block: 'center' }); return true; }, [], options);
  }

  async screenshot(options = {}) {
    const id = await this.page.elementId(this.chain, { ...options, state: 'visible' });
    if (this.page.narrow) {
      // WebKitWebDriver cannot capture an element inside a frame: the frame's viewport is
      // taken with the element scrolled to its top.
      await this.page.context.exclusive(() => this.page.call('POST', '/execute/sync', {
        script: 'arguments[0].scrollIntoView({ block: "start" });', args: [{ [ELEMENT]: id }],
      }));
      return this.page.screenshot(options);
    }
    const png = Buffer.from(await this.page.context.exclusive(() => this.page.call('GET', `/element/${id}/screenshot`)), 'base64');
    if (options.path) writeFileSync(options.path, png);
    return png;
  }
}

/** Playwright's FrameLocator: elements inside the first frame `selector` matches. */
class FrameLocator {
  constructor(page, selector) {
    this.page = page;
    this.selector = selector;
  }

  locator(selector) { return new Locator(new Page(this.page.context, this.page.handle, this.selector, this.page), [[selector, null]]); }
}

/** Playwright's JSHandle (evaluateHandle's result): a value kept in the page. */
class JSHandle {
  constructor(page, id) {
    this.page = page;
    this.id = id;
  }

  evaluate(fn, arg) {
    return this.page.run((id, a) => {
      const h = window.__dtiE2e.handles;
      if (!h || !h.has(id)) throw new Error('JSHandle: the value is gone (the page navigated)');
      return USER(h.get(id), a);
    }, [this.id, arg], userFunction(fn));
  }

  jsonValue() { return this.evaluate((v) => v); }

  dispose() {
    return this.page.run((id) => { if (window.__dtiE2e.handles) window.__dtiE2e.handles.delete(id); }, [this.id]).catch(() => {});
  }
}

/** Playwright's ElementHandle, for `page.$` and `waitForSelector`'s result. */
class Handle extends Locator {}

/** Playwright's Page, over one WebDriver window (and, for a frame locator, one of its frames). */
export class Page {
  constructor(context, handle, frame = null, parent = null) {
    this.context = context;
    this.session = context.session;
    this.handle = handle;
    this.frame = frame;
    this.parent = parent;
    this.listeners = parent ? parent.listeners : { pageerror: [], console: [], request: [], download: [] };
    this.keyboard = {
      type: (text) => this.activeKeys(text),
      press: (key) => this.activeKeys(keyText(key)),
    };
  }

  get engine() { return this.session.name; }

  /** One WebDriver command for this page (switching to its window and frame first). */
  async call(method, path, body) {
    if (this.context.current !== this.handle) {
      await this.session.call('POST', '/window', { handle: this.handle });
      this.context.current = this.handle;
    }
    if (this.frame) {
      await this.session.call('POST', '/frame', { id: null });
      const frames = await this.session.call('POST', '/execute/sync', {
        script: `${findAll}\nreturn findAll(arguments[0], null)[0] || null;`, args: [this.frame],
      });
      if (!frames) throw new Error(`no frame matches ${this.frame}`);
      await this.session.call('POST', '/frame', { id: frames });
      try {
        return await this.session.call(method, path, body);
      } finally {
        await this.session.call('POST', '/frame', { id: null });
      }
    }
    return this.session.call(method, path, body);
  }

  emit(events) {
    if (!events) return;
    for (const message of events.errors) for (const h of this.listeners.pageerror) h({ message, toString: () => message });
    for (const m of events.console) for (const h of this.listeners.console) h({ type: () => m.type, text: () => m.text });
    for (const url of events.requests) for (const h of this.listeners.request) h({ url: () => url });
    for (const d of events.downloads) {
      const download = new Download(d);
      const waiting = this.listeners.download.splice(0);
      for (const h of waiting) h(download);
      if (!waiting.length) (this.pendingDownloads ||= []).push(download);
    }
  }

  /** Runs `fn(...args)` in the page; resolves to its (awaited) value. */
  run(fn, args = [], user = null, wait = 0) {
    const script = WRAPPER.replace('/*USER*/', () => (user === null ? 'null' : String(user))).replace('/*BODY*/', () => String(fn));
    return this.context.exclusive(async () => {
      const r = await this.call('POST', '/execute/async', { script, args: [args, { requests: this.listeners.request.length > 0, wait }] });
      this.emit(r.events);
      if (!r.ok) throw new Error(`in the page (${this.engine}): ${r.error}`);
      // JSON has no undefined; Playwright gives it back as such.
      return r.undefined ? undefined : r.value;
    });
  }

  /** Polls `fn(...args)` until it returns a truthy value; resolves to it. */
  async poll(fn, args, timeout = DEFAULT_TIMEOUT, what = String(fn), user = null) {
    const end = Date.now() + timeout;
    let last = null;
    for (;;) {
      try {
        const v = await this.run(fn, args, user, Math.max(0, Math.min(2000, end - Date.now())));
        if (v) return v;
        last = null;
      } catch (e) {
        // A navigation under way discards the script; anything else is reported at the end.
        last = e;
      }
      if (Date.now() > end) throw new Error(`timed out after ${timeout} ms (${this.engine}) waiting for ${what}${last ? `: ${last.message}` : ''}`);
      await new Promise((r) => setTimeout(r, 40));
    }
  }

  // ---- navigation ----

  async goto(url) {
    if (this.narrow && /^https?:/.test(url)) {
      await this.enterNarrow(await this.context.viaInit(url));
      return;
    }
    const to = await this.context.viaInit(url);
    await this.context.exclusive(() => this.call('POST', '/url', { url: to }));
    await this.keepZoom();
    await this.run(() => true);
  }

  /** Firefox resets a tab's zoom when a new page loads: a phone's viewport is set again. */
  async keepZoom() {
    if (!this.zoom || this.zoom === 1) return;
    await this.context.exclusive(() => this.setZoom(this.zoom));
  }

  /**
   * Reloads as a person does (location.reload()): WebDriver's Refresh in Firefox bypasses the
   * service worker, which Playwright's reload and a person's do not.
   */
  async reload(options = {}) {
    const token = await this.run(() => {
      const t = `${Date.now()}-${Math.random()}`;
      window.__dtiE2eDocument = t;
      setTimeout(() => window.location.reload(), 0);
      return t;
    });
    await this.newDocument(token, options.timeout ?? 60000, 'the reload');
    await this.keepZoom();
  }

  /** Marks the current document; newDocument(mark) waits until another one has loaded. */
  markDocument() {
    return this.run(() => {
      window.__dtiE2eDocument ||= `${Date.now()}-${Math.random()}`;
      return window.__dtiE2eDocument;
    });
  }

  newDocument(token, timeout, what) {
    return this.poll((t) => window.__dtiE2eDocument !== t && document.readyState === 'complete', [token], timeout, what);
  }

  /** Playwright's waitForNavigation: resolves once a new document has loaded in the page. */
  async waitForNavigation(options = {}) {
    const token = await this.markDocument();
    await this.newDocument(token, options.timeout ?? DEFAULT_TIMEOUT, 'a navigation');
    await this.keepZoom();
  }

  waitForTimeout(ms) { return new Promise((r) => setTimeout(r, ms)); }

  url() { return this.run(() => location.href); }

  title() { return this.run(() => document.title); }

  async close() {
    await this.context.exclusive(async () => {
      await this.call('DELETE', '/window');
      this.context.current = null;
      this.context.openPages = this.context.openPages.filter((p) => p !== this);
    });
  }

  on(event, handler) {
    if (event === 'request') {
      // Every document's Resource Timing entries (its navigation and what it fetched), read
      // with each command from then on.
      this.listeners.request.push(handler);
      return this;
    }
    if (!this.listeners[event] || event === 'download') {
      throw new Unsupported(this.engine, `page.on('${event}')`, 'no such event through WebDriver');
    }
    this.listeners[event].push(handler);
    return this;
  }

  addInitScript(fn, arg) { return this.context.addInitScript(fn, arg, [this.handle]); }

  // ---- scripts ----

  evaluate(fn, arg) {
    return this.run((a) => USER(a), [arg], userFunction(fn));
  }

  /** Playwright's evaluateHandle: the value stays in the page, named by a JSHandle. */
  async evaluateHandle(fn, arg) {
    const id = await this.run((a) => Promise.resolve(USER(a)).then((v) => {
      const rec = window.__dtiE2e;
      rec.handles ||= new Map();
      rec.nextHandle = (rec.nextHandle || 0) + 1;
      rec.handles.set(rec.nextHandle, v);
      return rec.nextHandle;
    }), [arg], userFunction(fn));
    return new JSHandle(this, id);
  }

  async waitForFunction(fn, arg, options = {}) {
    const value = await this.poll((a) => USER(a), [arg], options.timeout ?? DEFAULT_TIMEOUT, String(fn), userFunction(fn));
    return { jsonValue: async () => value, dispose: async () => {} };
  }

  $eval(selector, fn, arg) {
    return this.run((sel, a) => {
      const e = findAll(sel, null)[0];
      if (!e) throw new Error(`$eval: no element matches ${sel}`);
      return USER(e, a);
    }, [selector, arg], fn);
  }

  $$eval(selector, fn, arg) {
    return this.run((sel, a) => USER(findAll(sel, null), a), [selector, arg], fn);
  }

  async $(selector) {
    const n = await this.run((sel) => findAll(sel, null).length, [selector]);
    return n ? new Handle(this, [[selector, 0]]) : null;
  }

  // ---- locators ----

  locator(selector) { return new Locator(this, [[selector, null]]); }

  getByLabel(text) { return new Locator(this, [[`label=${text}`, null]]); }

  frameLocator(selector) { return new FrameLocator(this, selector); }

  /** Waits for the chain's element in `state` (attached, visible, hidden, detached). */
  waitForChain(chain, options = {}) {
    const state = options.state || 'visible';
    return this.poll((c, s) => {
      const e = resolve(c)[0];
      if (s === 'attached') return !!e;
      if (s === 'detached') return !e;
      if (s === 'hidden') return !e || !visible(e);
      return visible(e);
    }, [chain, state], options.timeout ?? DEFAULT_TIMEOUT, `${chain.map((c) => c[0]).join(' >> ')} to be ${state}`);
  }

  /** The WebDriver reference of the chain's element once it is in `options.state`. */
  async elementId(chain, options = {}) {
    await this.waitForChain(chain, { state: 'attached', ...options });
    const el = await this.run((c) => resolve(c)[0], [chain]);
    if (!el || !el[ELEMENT]) throw new Error(`no element for ${chain.map((c) => c[0]).join(' >> ')}`);
    return el[ELEMENT];
  }

  /** Waits for the element (attached) and returns fn(element, ...args). */
  async readChain(chain, fn, args = [], options = {}) {
    await this.waitForChain(chain, { state: 'attached', ...options });
    return this.run((c, a) => {
      const e = resolve(c)[0];
      if (!e) throw new Error('the element went away');
      return USER(e, ...a);
    }, [chain, args], fn);
  }

  async waitForSelector(selector, options = {}) {
    const chain = [[selector, 0]];
    await this.waitForChain(chain, options);
    const state = options.state || 'visible';
    return state === 'hidden' || state === 'detached' ? null : new Handle(this, chain);
  }

  async clickChain(chain, options = {}) {
    const timeout = options.timeout ?? DEFAULT_TIMEOUT;
    const end = Date.now() + timeout;
    for (;;) {
      await this.waitForChain(chain, { state: 'visible', timeout: Math.max(end - Date.now(), 1) });
      await this.run((c) => {
        const e = resolve(c)[0];
        if (e && !e.disabled) e.scrollIntoView({ block: 'center', inline: 'center' });
        return e && !e.disabled;
      }, [chain]);
      const id = await this.elementId(chain);
      try {
        await this.context.exclusive(() => this.call('POST', `/element/${id}/click`, {}));
        return;
      } catch (e) {
        // Covered for a moment (an animation, a banner), not yet interactable, or re-rendered: retry.
        if (!/intercepted|not interactable|stale|no such element/.test(e.code || '') || Date.now() > end) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  async fillChain(chain, value, options = {}) {
    await this.waitForChain(chain, { state: 'visible', ...options });
    const id = await this.elementId(chain);
    const text = String(value);
    const ok = await this.run((c) => {
      const e = resolve(c)[0];
      if (!e.matches('input, textarea, [contenteditable]')) throw new Error(`fill: ${e.tagName} is not an input, textarea or contenteditable`);
      e.focus();
      if (e.select && e.type !== 'number') e.select();
      else if (e.type === 'number') {
        // Number fields have no text selection: clear through the value (a person selects all and types).
        e.value = '';
      }
      return document.activeElement !== null;
    }, [chain]);
    if (!ok) throw new Error('fill: could not focus the field');
    await this.context.exclusive(() => this.call('POST', `/element/${id}/value`, { text: text === '' ? KEYS.Backspace : text }));
    // As Playwright's fill, done once the field holds the text. WebKitWebDriver can answer
    // before its key events have reached the page, and a reload sent next may overtake
    // them: the page would never have seen the keystroke. (A page that rewrites the text
    // as it is typed ends the wait after 2 s.)
    await this.poll((c, want) => {
      const e = resolve(c)[0];
      return !e || (e.isContentEditable ? e.textContent : e.value) === want;
    }, [chain, text], 2000, 'the filled text').catch(() => {});
  }

  async pressChain(chain, key, options = {}) {
    const id = await this.elementId(chain, { state: 'visible', ...options });
    await this.run((c) => { const e = resolve(c)[0]; if (e.getRootNode().activeElement !== e) e.focus(); }, [chain]);
    await this.context.exclusive(() => this.call('POST', `/element/${id}/value`, { text: keyText(key) }));
  }

  async focusChain(chain, options = {}) {
    await this.readChain(chain, (e) => { e.focus(); return true; }, [], options);
  }

  async setCheckedChain(chain, on, options = {}) {
    const checked = await this.readChain(chain, (e) => e.checked, [], options);
    if (checked === on) return;
    await this.clickChain(chain, options);
    const now = await this.readChain(chain, (e) => e.checked, [], options);
    if (now !== on) throw new Error(`${on ? 'check' : 'uncheck'}: the element is still ${now ? 'checked' : 'unchecked'}`);
  }

  /** Keys typed into whatever has focus (piercing shadow roots). */
  async activeKeys(text) {
    const el = await this.run(() => {
      let a = document.activeElement;
      while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
      return a;
    });
    if (!el || !el[ELEMENT]) throw new Error('keyboard: nothing has focus');
    await this.context.exclusive(() => this.call('POST', `/element/${el[ELEMENT]}/value`, { text }));
  }

  // The Playwright page shortcuts: page.x(selector, ...) = page.locator(selector).first().x(...)
  click(selector, options) { return this.clickChain([[selector, 0]], options); }

  fill(selector, value, options) { return this.fillChain([[selector, 0]], value, options); }

  press(selector, key, options) { return this.pressChain([[selector, 0]], key, options); }

  focus(selector, options) { return this.focusChain([[selector, 0]], options); }

  check(selector, options) { return this.setCheckedChain([[selector, 0]], true, options); }

  uncheck(selector, options) { return this.setCheckedChain([[selector, 0]], false, options); }

  setChecked(selector, on, options) { return this.setCheckedChain([[selector, 0]], on, options); }

  textContent(selector, options) { return this.locator(selector).first().textContent(options); }

  innerText(selector, options) { return this.locator(selector).first().innerText(options); }

  inputValue(selector, options) { return this.locator(selector).first().inputValue(options); }

  getAttribute(selector, name, options) { return this.locator(selector).first().getAttribute(name, options); }

  isVisible(selector) { return this.locator(selector).first().isVisible(); }

  isChecked(selector, options) { return this.locator(selector).first().isChecked(options); }

  isDisabled(selector, options) { return this.locator(selector).first().isDisabled(options); }

  async selectOption(selector, value, options = {}) {
    const chain = [[selector, 0]];
    await this.waitForChain(chain, { state: 'visible', ...options });
    const wanted = (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'string' ? { value: v, label: v } : v));
    return this.run((c, w) => {
      const s = resolve(c)[0];
      if (s.tagName !== 'SELECT') throw new Error(`selectOption: ${s.tagName} is not a select`);
      const picked = [];
      for (const o of s.options) {
        o.selected = w.some((x) => (x.value !== undefined && o.value === x.value) || (x.label !== undefined && o.label === x.label) || (x.index !== undefined && o.index === x.index));
        if (o.selected) picked.push(o.value);
      }
      if (!picked.length) throw new Error(`selectOption: no option ${JSON.stringify(w)}`);
      s.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      s.dispatchEvent(new Event('change', { bubbles: true }));
      return picked;
    }, [chain, wanted]);
  }

  async setInputFiles(selector, input) {
    const chain = [[selector, 0]];
    await this.waitForChain(chain, { state: 'attached' });
    const files = filesOf(input);
    // The bytes go to the page in batches (a WebDriver command carries one JSON body).
    await this.run(() => { window.__dtiE2eFiles = []; });
    let batch = [];
    let size = 0;
    const flush = async () => {
      if (!batch.length) return;
      await this.run((list) => {
        for (const f of list) {
          const bin = atob(f.b64);
          const bytes = new Uint8Array(bin.length);
          for (let i = 0; i < bin.length; i += 1) bytes[i] = bin.charCodeAt(i);
          const file = new File([bytes], f.name, { type: f.type, lastModified: f.modified });
          if (f.rel) Object.defineProperty(file, 'webkitRelativePath', { value: f.rel });
          window.__dtiE2eFiles.push(file);
        }
      }, [batch]);
      batch = [];
      size = 0;
    };
    for (const f of files) {
      batch.push({ name: f.name, type: f.type, rel: f.rel, modified: Math.round(f.modified), b64: f.bytes.toString('base64') });
      size += f.bytes.length;
      if (size > 2_000_000) await flush();
    }
    await flush();
    await this.run((c) => {
      const input = resolve(c)[0];
      if (!(input instanceof HTMLInputElement) || input.type !== 'file') throw new Error('setInputFiles: not a file input');
      const dt = new DataTransfer();
      for (const f of window.__dtiE2eFiles) dt.items.add(f);
      const kept = window.__dtiE2eFiles;
      delete window.__dtiE2eFiles;
      input.files = dt.files;
      // DataTransfer copies the File objects: the copies lose a folder's relative paths.
      for (let i = 0; i < input.files.length; i += 1) {
        if (kept[i].webkitRelativePath && !input.files[i].webkitRelativePath) {
          Object.defineProperty(input.files[i], 'webkitRelativePath', { value: kept[i].webkitRelativePath });
        }
      }
      input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    }, [chain]);
  }

  async waitForEvent(event, options = {}) {
    if (event !== 'download') throw new Unsupported(this.engine, `page.waitForEvent('${event}')`, 'only downloads are recorded through WebDriver');
    const timeout = options.timeout ?? DEFAULT_TIMEOUT;
    if (this.pendingDownloads && this.pendingDownloads.length) return this.pendingDownloads.shift();
    let resolveIt;
    const got = new Promise((r) => { resolveIt = r; });
    this.listeners.download.push(resolveIt);
    // Make sure the recorder is in the document before the action that downloads.
    await this.run(() => true);
    const end = Date.now() + timeout;
    for (;;) {
      const d = await Promise.race([got, new Promise((r) => setTimeout(() => r(null), 60))]);
      if (d) return d;
      if (Date.now() > end) throw new Error(`timed out after ${timeout} ms (${this.engine}) waiting for a download`);
      await this.run(() => true).catch(() => {});
    }
  }

  // ---- rendering ----

  async screenshot(options = {}) {
    if (options.fullPage) throw new Unsupported(this.engine, 'screenshot({ fullPage: true })', 'WebDriver screenshots the viewport');
    const png = Buffer.from(await this.context.exclusive(() => this.call('GET', '/screenshot')), 'base64');
    if (options.path) writeFileSync(options.path, png);
    return png;
  }

  async emulateMedia(options = {}) {
    if (options.media === undefined) return;
    const media = options.media || 'screen';
    await this.run((m) => {
      window.__dtiE2e.media = m;
      applyMedia(window.__dtiE2e);
    }, [media]);
  }

  async pdf(options = {}) {
    if (this.session.engine !== 'firefox') throw new Unsupported(this.engine, 'page.pdf', 'WebKitWebDriver has no Print command');
    const size = { A4: { width: 21.0, height: 29.7 }, Letter: { width: 21.59, height: 27.94 } }[options.format || 'Letter'];
    const b64 = await this.context.exclusive(() => this.call('POST', '/print', {
      page: size, background: !!options.printBackground, orientation: options.landscape ? 'landscape' : 'portrait',
    }));
    const pdf = Buffer.from(b64, 'base64');
    if (options.path) writeFileSync(options.path, pdf);
    return pdf;
  }

  /**
   * Sets the viewport (the window's inner size) to width × height CSS pixels. A window cannot
   * be narrower than about 500 px (Firefox) or 447 px (WebKitGTK). In Firefox a narrower
   * viewport is a phone's: the page is zoomed as a phone with 1.5 device pixels per CSS pixel
   * shows it (full zoom: the CSS viewport and media queries are width × height, the window
   * 1.5 times that), set from Firefox's chrome context. In WebKitGTK the page is loaded again
   * in a same-origin iframe of width × height (its viewport for layout and media queries),
   * and every command from then on goes to that frame (see enterNarrow): state the page does
   * not keep across a reload is lost, as in a reload.
   */
  async setViewportSize({ width, height }) {
    if (this.narrow) await this.leaveNarrow();
    const inner = await this.context.exclusive(async () => {
      const size = () => this.call('POST', '/execute/sync', { script: 'return [window.innerWidth, window.innerHeight];', args: [] });
      const fit = async (zoom, w, h) => {
        let now;
        for (let i = 0; i < 4; i += 1) {
          now = await size();
          if (now[0] === w && now[1] === h) return now;
          const outer = await this.call('GET', '/window/rect');
          await this.call('POST', '/window/rect', {
            width: outer.width + Math.round((w - now[0]) * zoom), height: outer.height + Math.round((h - now[1]) * zoom),
          });
        }
        return size();
      };
      if (this.zoom && this.zoom !== 1) await this.setZoom(1);
      let now = await fit(1, width, height);
      if (now[0] > width && this.session.engine === 'firefox' && width * PHONE_ZOOM >= now[0]) {
        await this.setZoom(PHONE_ZOOM);
        now = await fit(PHONE_ZOOM, width, height);
      } else if (now[0] > width && this.session.engine === 'webkit') {
        // The window as narrow as it goes, tall enough for the frame.
        await fit(1, now[0], height + 20);
        this.narrow = { width, height };
        return [width, height];
      }
      return now;
    });
    if (inner[0] > width) {
      throw new Unsupported(this.engine, `a viewport ${width} px wide`, `its window is at least ${inner[0]} px wide and WebDriver has no device emulation`);
    }
    if (this.narrow) {
      const url = await this.run(() => location.href);
      if (/^https?:/.test(url)) await this.enterNarrow(url);
    }
  }

  /**
   * WebKitGTK's narrow viewport: the top document becomes a page of the same origin (its
   * "not found" page, which has no scripts) holding one iframe of the narrow size, loading
   * `url`; this page's commands go into that frame (`this.frame`).
   */
  async enterNarrow(url) {
    const { origin } = new URL(url);
    this.frame = null;
    await this.context.exclusive(() => this.call('POST', '/url', { url: `${origin}/__dti-e2e-viewport` }));
    await this.context.exclusive(() => this.call('POST', '/execute/sync', {
      script: `const [src, w, h] = arguments;
        document.documentElement.replaceChildren(document.createElement('body'));
        document.body.style.margin = '0';
        const f = document.createElement('iframe');
        f.id = '__dti-e2e-viewport';
        f.style.cssText = 'display:block;border:0;width:' + w + 'px;height:' + h + 'px';
        f.src = src;
        document.body.append(f);`,
      args: [url, this.narrow.width, this.narrow.height],
    }));
    this.frame = '#__dti-e2e-viewport';
    await this.poll(() => document.readyState === 'complete' && location.href !== 'about:blank', [], 60000, 'the page in its narrow frame');
  }

  /** Back to the whole window: the frame's page loaded in the top document. */
  async leaveNarrow() {
    const url = await this.run(() => location.href);
    this.frame = null;
    this.narrow = null;
    await this.context.exclusive(() => this.call('POST', '/url', { url }));
    await this.run(() => true);
  }

  /** Firefox: the tab's full zoom, from the chrome context (geckodriver --allow-system-access). */
  async setZoom(zoom) {
    await this.call('POST', '/moz/context', { context: 'chrome' });
    try {
      await this.call('POST', '/execute/sync', {
        script: 'const w = Services.wm.getMostRecentWindow("navigator:browser"); w.gBrowser.selectedBrowser.fullZoom = arguments[0];',
        args: [zoom],
      });
    } finally {
      await this.call('POST', '/moz/context', { context: 'content' });
    }
    this.zoom = zoom;
  }

  viewportSize() { return this.run(() => ({ width: window.innerWidth, height: window.innerHeight })); }
}
