// The province's review page: a folder of submissions in, every file's verdict, the
// ranking, charts, the at-risk list and the distribution out; appraisals signed here.
// All the work happens in review-worker.js (a Web Worker with its own build of the
// engine); this module only renders what it returns. Decimals arrive as strings and are
// shown with the engine's formatNumber: no arithmetic on scores here.
import { loadEngine } from './engine.js';
import { assetJson, assetText, assetUrl } from './assets.js';
import { LANGS, initialLang, langSwitch, loadStrings, pick, translator } from './i18n.js';
import { download } from './files.js';
import { registerServiceWorker } from './offline.js';
import { el } from './render.js';
import { clearBatch, loadBatch, saveBatch } from './review-storage.js';

const root = document.getElementById('review');
const worker = new Worker(new URL('./review-worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextCall = 0;

worker.onmessage = (event) => {
  const m = event.data;
  if (m.type === 'progress') {
    showProgress(m.phase, m.done, m.total);
    return;
  }
  const p = pending.get(m.id);
  pending.delete(m.id);
  if (m.error !== undefined) p.reject(new Error(m.error));
  else p.resolve(m.result);
};

/** Asks the worker: resolves with its result, rejects on a real failure. */
function call(type, args = {}) {
  nextCall += 1;
  const id = nextCall;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, type, ...args });
  });
}

const state = {
  lang: 'vi',
  t: null,
  strings: null,
  engine: null,
  sets: [],
  setFile: null,
  setText: null,
  customSet: null,
  setInfo: null,
  // The province key pinned in review-config.json (null: none pinned), the page's two
  // marked switches and the round's year (null: the year the files agree on).
  provinceKey: null,
  trust: { allowUnsigned: false, unregisteredKeys: false, year: null },
  optional: { keys: '', previous: '', targets: '' },
  optionalNames: { keys: '', previous: '', targets: '' },
  files: [],
  view: null,
  // The evidence check of the last run (null: no evidence files were dropped).
  evidence: null,
  ms: null,
  busy: false,
  unitId: '',
  unit: null,
  entries: {},
  keyText: '',
  keyName: '',
  keyRead: Promise.resolve(),
  reviewer: null,
  signed: [],
  message: null,
  progress: null,
  // The batch kept in IndexedDB (review-storage.js): whether the last save worked, and
  // why not ({ code } of a StorageError) when it did not.
  stored: null,
  storeError: null,
};

// The reviewer's key box, kept across renders (not in `els`, which each render empties).
const keyUi = { box: null, chosen: null, reviewer: null };
const els = {};
// The engine's column keys (Table.keys) of text cells; the others are numbers, shown with
// formatNumber.
// (A year is shown as written, 2025, not grouped as a number.)
const TEXT_COLUMNS = new Set(['unit_id', 'unit_name', 'year', 'code', 'title', 'best_unit', 'risk', 'status', 'data', 'signers', 'reason', 'verdict']);

function t(key, params) { return state.t(key, params); }
function num(v) { return v === null || v === undefined || v === '' ? '' : state.engine.formatNumber(String(v), state.lang); }
function bi(r) { return r[state.lang] || r.vi; }

// ---- start ----------------------------------------------------------------------------

async function start() {
  const [strings, engine, index, config] = await Promise.all([loadStrings(), loadEngine(), assetJson('indicator-sets/index.json'),
    // The deployment's configuration: the province key's fingerprint, pinned here.
    assetJson('review-config.json').catch(() => ({}))]);
  state.provinceKey = config && typeof config.province_key === 'string' ? config.province_key : null;
  state.strings = strings;
  state.engine = engine;
  state.sets = index.sets;
  const lang = initialLang(new URLSearchParams(location.search).get('lang'));
  state.lang = LANGS.includes(lang) ? lang : 'vi';
  state.t = translator(state.strings, state.lang);
  document.documentElement.lang = state.lang;
  document.title = t('review.title');
  if (!(await restore())) {
    const first = state.sets.find((s) => s.default) || state.sets[0];
    await chooseSet(first.file);
  }
  // Offline use is a convenience here: the page works online without it.
  registerServiceWorker({ precacheReview: true });
  root.dataset.ready = 'true';
}

async function setLang(lang) {
  state.lang = LANGS.includes(lang) ? lang : 'vi';
  state.t = translator(state.strings, state.lang);
  document.documentElement.lang = state.lang;
  document.title = t('review.title');
  // The tables' headers and words come from the engine, in the page's language.
  if (state.view && !state.busy) {
    const r = await call('view', { lang: state.lang });
    if (r.view) state.view = r.view;
  }
  render();
}

// ---- the batch kept across reloads -----------------------------------------------------

/** The batch from an earlier visit, put back as it was; false when there is none. */
async function restore() {
  let kept;
  try {
    kept = await loadBatch();
  } catch (e) {
    state.storeError = e.code || 'failed';
    return false;
  }
  if (!kept) return false;
  state.setFile = kept.set.file;
  state.customSet = kept.set.name || null;
  state.setText = kept.set.text ?? await assetText(`indicator-sets/${kept.set.file}`);
  Object.assign(state.trust, kept.trust || {});
  Object.assign(state.optional, kept.optional || {});
  Object.assign(state.optionalNames, kept.optionalNames || {});
  state.files = kept.files || [];
  state.signed = kept.signed || [];
  state.stored = { files: state.files.length, signed: state.signed.length, restored: true };
  await reload();
  return true;
}

/** Keeps the batch in IndexedDB; a failure is shown and nothing in memory is lost. */
async function persist() {
  try {
    await saveBatch({
      set: state.setFile === null ? { file: null, text: state.setText, name: state.customSet } : { file: state.setFile },
      trust: { ...state.trust },
      optional: { ...state.optional },
      optionalNames: { ...state.optionalNames },
      files: state.files.map(({ name, file }) => ({ name, file })),
      signed: state.signed.map(({ file_name, text, count }) => ({ file_name, text, count })),
    });
    state.storeError = null;
    state.stored = { files: state.files.length, signed: state.signed.length, restored: false };
  } catch (e) {
    state.storeError = e.code || 'failed';
    state.stored = null;
  }
  renderStored();
}

/** "Start a new batch": forgets the files, optional files and appraisals, here and kept. */
async function newBatch() {
  state.files = [];
  state.signed = [];
  state.optional = { keys: '', previous: '', targets: '' };
  state.optionalNames = { keys: '', previous: '', targets: '' };
  state.trust = { allowUnsigned: false, unregisteredKeys: false, year: null };
  state.unitId = '';
  state.unit = null;
  state.entries = {};
  state.message = null;
  state.stored = null;
  try {
    await clearBatch();
    state.storeError = null;
  } catch (e) {
    state.storeError = e.code || 'failed';
  }
  await reload();
}

// ---- inputs ---------------------------------------------------------------------------

async function chooseSet(file, customText) {
  state.setFile = file;
  state.setText = customText ?? await assetText(`indicator-sets/${file}`);
  await reload();
  if (state.files.length) await persist();
}

/** Sends the set, the optional files and the submissions to the worker, then runs. */
async function reload() {
  const r = await call('open', { setText: state.setText });
  state.view = null;
  state.unit = null;
  if (!r.ok) {
    state.setInfo = null;
    state.message = { kind: 'error', text: t('review.set_invalid', { errors: r.errors.slice(0, 5).map((f) => `${f.pointer || '/'}: ${bi(f)}`).join('; ') }) };
    render();
    return;
  }
  state.setInfo = r.set;
  await sendTrust();
  for (const kind of ['keys', 'previous', 'targets']) {
    if (state.optional[kind]) await sendOptional(kind);
  }
  if (state.files.length) await runBatch(true);
  else render();
}

function sendTrust() {
  return call('trust', { provinceKey: state.provinceKey, ...state.trust });
}

/** A switch or the year changed: the registry is read again under the new rules, then the batch. */
async function changeTrust(change) {
  Object.assign(state.trust, change);
  state.message = null;
  await sendTrust();
  if (state.optional.keys) await sendOptional('keys');
  if (state.files.length && state.setInfo) await runBatch(false);
  else render();
  if (state.files.length) await persist();
}

async function sendOptional(kind) {
  const r = await call(kind, { text: state.optional[kind] });
  if (r.ok) return true;
  const detail = r.errors ? r.errors.map((f) => `${f.pointer || '/'}: ${bi(f)}`).join('; ') : bi(r);
  state.message = { kind: 'error', text: t(`review.${kind}_invalid`, { name: state.optionalNames[kind], error: detail }) };
  state.optional[kind] = '';
  state.optionalNames[kind] = '';
  return false;
}

/**
 * Whether a chosen file may be read, by the engine's limit for its kind (before reading
 * it): otherwise the refusal is shown and false returned.
 */
function sizeOk(kind, file) {
  if (!file) return true;
  const r = state.engine.checkFileSize(kind, file.size);
  if (r.ok) return true;
  state.message = { kind: 'error', text: `${file.name}: ${bi(r)}` };
  render();
  return false;
}

const OPTIONAL_KIND = { keys: 'registry', targets: 'targets', previous: 'values' };

async function optionalFile(kind, file) {
  if (!sizeOk(OPTIONAL_KIND[kind], file)) return false;
  state.optional[kind] = file ? await file.text() : '';
  state.optionalNames[kind] = file ? file.name : '';
  state.message = null;
  const ok = await sendOptional(kind);
  if (state.files.length && state.setInfo) await runBatch(false);
  else render();
  if (state.files.length) await persist();
  return ok;
}

/** Every file of a drop: folders read recursively (as `dti-score aggregate` reads them). */
async function droppedFiles(items) {
  const out = [];
  const walk = async (entry, prefix) => {
    if (entry.isFile) {
      const file = await new Promise((res, rej) => entry.file(res, rej));
      out.push({ name: prefix + entry.name, file });
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        for (const e of batch) await walk(e, `${prefix}${entry.name}/`);
      }
    }
  };
  // The items are readable only during the drop event: take entries and files first.
  const taken = [...items].filter((i) => i.kind === 'file')
    .map((i) => ({ entry: i.webkitGetAsEntry ? i.webkitGetAsEntry() : null, file: i.getAsFile() }));
  for (const { entry, file } of taken) {
    // A dropped file is the item's own File; the entry API is for folders only (WebKit's
    // entry.file() fails with NotFoundError for a file that has no path on disk).
    if (entry && entry.isDirectory) await walk(entry, '');
    else if (file) out.push({ name: file.name, file });
  }
  return out;
}

async function setSubmissions(all) {
  // Files past the submission limit are not read; they are named, not skipped silently.
  // (Files not named .json are evidence files, of any size: only hashed, never parsed.)
  const tooLarge = all.filter(({ name, file }) => /\.json$/i.test(name) && !state.engine.checkFileSize('submission', file.size).ok);
  const list = all.filter((f) => !tooLarge.includes(f));
  state.files = list;
  // The appraisals signed in the page stay in the batch, unless the folder now holds
  // the downloaded file itself (then it is read from there, once).
  const names = new Set(list.map(({ name }) => name.split('/').pop()));
  state.signed = state.signed.filter((s) => !names.has(s.file_name));
  state.unit = null;
  state.unitId = '';
  state.message = tooLarge.length
    ? { kind: 'error', text: tooLarge.map(({ name, file }) => `${name}: ${bi(state.engine.checkFileSize('submission', file.size))}`).join('\n') }
    : null;
  if (state.setInfo) await runBatch(true);
  await persist();
}

// One batch at a time: files and an optional file chosen in quick succession each start a
// batch, and two batches' messages interleaved in the worker ran one on no files (seen in
// WebKit: "0 files" shown as done while the 2 chosen were still being read).
let batches = Promise.resolve();
let batchesPending = 0;

function runBatch(sendFiles) {
  batchesPending += 1;
  const run = batches.then(() => runOneBatch(sendFiles)).finally(() => { batchesPending -= 1; });
  batches = run.catch(() => {});
  return run;
}

async function runOneBatch(sendFiles) {
  state.busy = true;
  state.view = null;
  render();
  try {
    if (sendFiles) {
      await call('files', { files: state.files });
      // The appraisals signed here are part of the batch too.
      for (const s of state.signed) await call('files_add', { name: s.file_name, text: s.text });
    }
    const r = await call('run', { lang: state.lang });
    state.view = r.view;
    state.ms = r.ms;
    // Evidence files dropped with the submissions (anything not .json): matched to the
    // hashes the submissions cite.
    state.evidence = state.files.some(({ name }) => !/\.json$/i.test(name))
      ? (await call('evidence', { setText: state.setText, files: state.files })).submissions
      : null;
    if (state.unitId) state.unit = await call('unit', { unitId: state.unitId });
  } catch (e) {
    state.message = { kind: 'error', text: t('review.failed', { error: e.message }) };
  }
  // A later batch waiting its turn replaces this result: the page stays busy until it is done.
  if (batchesPending > 1) return;
  state.busy = false;
  state.progress = null;
  await render(true);
}

function showProgress(phase, done, total) {
  state.progress = { phase, done, total };
  if (!els.progress) return;
  const bar = els.progress.querySelector('progress');
  els.progress.hidden = false;
  els.progress.dataset.phase = phase;
  if (phase === 'rank') {
    bar.removeAttribute('value');
  } else {
    bar.max = total || 1;
    bar.value = done;
  }
  els.progressText.textContent = t(`review.progress.${phase}`, { done: num(String(done)), total: num(String(total)) });
  if (els.progressPhase.dataset.phase !== phase) {
    els.progressPhase.dataset.phase = phase;
    els.progressPhase.textContent = els.progressText.textContent;
  }
}

// ---- appraisal ------------------------------------------------------------------------

async function chooseUnit(unitId) {
  state.unitId = unitId;
  state.unit = unitId ? await call('unit', { unitId }) : null;
  state.message = null;
  renderAppraisal();
}

async function unlock(passphrase) {
  await state.keyRead;
  if (!state.keyText) {
    appraisalStatus('error', t('review.key.none'));
    return;
  }
  appraisalStatus('info', t('review.key.unlocking'));
  const r = await call('unlock', { keyText: state.keyText, passphrase });
  if (!r.ok) {
    state.reviewer = null;
    appraisalStatus('error', bi(r));
    renderKey();
    return;
  }
  state.reviewer = r.info;
  appraisalStatus('ok', t('review.key.unlocked', { name: r.info.name, fingerprint: r.info.fingerprint }));
  renderKey();
}

async function signAppraisal() {
  if (!state.reviewer) {
    appraisalStatus('error', t('review.key.locked'));
    return;
  }
  const entries = state.entries[state.unitId] || {};
  const r = await call('appraise', { unitId: state.unitId, entries, lang: state.lang });
  if (!r.ok) {
    appraisalStatus('error', bi(r));
    return;
  }
  state.signed.push(r);
  download(r.file_name, new Blob([r.text], { type: 'application/json' }));
  await runBatch(false);
  await persist();
  appraisalStatus('ok', t('review.appraisal.signed', { file: r.file_name, count: String(r.count) }));
}

function appraisalStatus(kind, text) {
  state.message = { kind, text, where: 'appraisal' };
  if (els.appraisalStatus) {
    els.appraisalStatus.className = `status ${kind}`;
    els.appraisalStatus.textContent = text;
  }
}

// ---- downloads ------------------------------------------------------------------------

function setName() { return state.setInfo ? `${state.setInfo.id}-${state.setInfo.version}` : 'dti'; }

async function downloadCsv() {
  const r = await call('csv', { lang: state.lang });
  download(`xep-hang-${setName()}.csv`, new Blob([r.text], { type: 'text/csv;charset=utf-8' }));
}

async function downloadXlsx() {
  const r = await call('xlsx', { lang: state.lang });
  download(`tong-hop-${setName()}.xlsx`, new Blob([r.bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
}

// ---- rendering ------------------------------------------------------------------------

function fileInput(id, label, attrs, onFiles) {
  const input = el('input', { type: 'file', id, ...attrs });
  input.addEventListener('change', () => onFiles(input.files));
  return el('label', { class: 'file', for: id }, el('span', { text: label }), input);
}

function render(chunked = false) {
  root.replaceChildren();
  Object.keys(els).forEach((k) => delete els[k]);
  root.append(renderTop(), renderInputs());
  els.progress = el('div', { class: 'progress', 'data-testid': 'progress', hidden: !state.busy },
    el('progress', { 'aria-labelledby': 'progress-text' }),
    // The count changes file by file: read with the bar, announced only when the phase changes.
    (els.progressText = el('span', { id: 'progress-text' })),
    (els.progressPhase = el('span', { class: 'visually-hidden', 'aria-live': 'polite' })));
  root.append(els.progress);
  if (state.progress) showProgress(state.progress.phase, state.progress.done, state.progress.total);
  if (state.message && state.message.where !== 'appraisal') {
    root.append(el('p', { class: `status ${state.message.kind}`, role: 'alert', 'data-testid': 'message', text: state.message.text }));
  }
  root.dataset.set = state.setInfo ? state.setInfo.id : '';
  root.dataset.state = state.busy ? 'busy' : (state.view ? 'done' : 'empty');
  if (!state.view) return Promise.resolve();
  root.dataset.state = 'rendering';
  const done = renderResults(chunked);
  return done.then(() => { root.dataset.state = 'done'; });
}

function renderTop() {
  const switcher = langSwitch(state.t, state.lang, setLang);
  return el('header', { class: 'top' },
    el('h1', { text: t('review.title') }),
    el('a', { href: assetUrl('index.html'), text: t('review.to_self_assessment') }),
    switcher);
}

function renderInputs() {
  const select = el('select', { name: 'set', id: 'set' });
  for (const s of state.sets) {
    select.append(el('option', { value: s.file, text: `${pick(s.title, state.lang)} (${s.version})`, selected: s.file === state.setFile }));
  }
  if (state.customSet) select.append(el('option', { value: '', text: `${state.customSet} (${t('set.custom_mark')})`, selected: state.setFile === null }));
  select.addEventListener('change', () => { if (select.value) chooseSet(select.value); });
  const setFile = fileInput('set-file', t('set.open_file'), { accept: '.json,application/json' }, async (files) => {
    if (!files[0] || !sizeOk('set', files[0])) return;
    state.customSet = files[0].name;
    await chooseSet(null, await files[0].text());
  });

  const folder = fileInput('folder', t('review.choose_folder'), { webkitdirectory: true, multiple: true }, (files) => {
    setSubmissions([...files].map((f) => ({ name: f.webkitRelativePath || f.name, file: f })));
  });
  const several = fileInput('files', t('review.choose_files'), { multiple: true, accept: '.json,application/json' }, (files) => {
    setSubmissions([...files].map((f) => ({ name: f.name, file: f })));
  });
  const drop = el('div', { class: 'drop', 'data-testid': 'drop', tabindex: '-1' },
    el('p', { text: t('review.drop') }), folder, several);
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', async (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    setSubmissions(await droppedFiles(e.dataTransfer.items));
  });

  const optional = ['keys', 'previous', 'targets'].map((kind) => {
    const accept = kind === 'previous' ? '.csv,text/csv' : '.json,application/json';
    const label = fileInput(`${kind}-file`, t(`review.${kind}`), { accept }, (files) => optionalFile(kind, files[0]));
    const name = state.optionalNames[kind];
    return el('div', { class: 'optional' }, label, name ? el('span', { class: 'chosen', text: name }) : null);
  });

  // The trust switches: off by default, and marked when on.
  const unsigned = el('input', { type: 'checkbox', id: 'allow-unsigned', 'data-testid': 'allow-unsigned', checked: state.trust.allowUnsigned });
  unsigned.addEventListener('change', () => changeTrust({ allowUnsigned: unsigned.checked }));
  const unproven = el('input', { type: 'checkbox', id: 'unregistered-keys', 'data-testid': 'unregistered-keys', checked: state.trust.unregisteredKeys });
  unproven.addEventListener('change', () => changeTrust({ unregisteredKeys: unproven.checked }));
  const year = el('input', { type: 'text', inputmode: 'numeric', id: 'round-year', name: 'round.year', 'data-testid': 'round-year', size: '6', value: state.trust.year === null ? '' : String(state.trust.year) });
  year.addEventListener('change', () => {
    const text = year.value.trim();
    changeTrust({ year: /^\d{4}$/.test(text) ? Number(text) : null });
  });
  const trust = el('fieldset', { class: 'trust', 'data-testid': 'trust' },
    el('legend', { text: t('review.trust') }),
    el('p', { class: 'muted', 'data-testid': 'province-key', text: state.provinceKey ? t('review.province_key', { fingerprint: state.provinceKey }) : t('review.province_key_none') }),
    el('label', { class: `check${state.trust.allowUnsigned ? ' danger' : ''}`, for: 'allow-unsigned' }, unsigned, t('review.allow_unsigned')),
    el('label', { class: `check${state.trust.unregisteredKeys ? ' danger' : ''}`, for: 'unregistered-keys' }, unproven, t('review.unregistered_keys')),
    el('div', { class: 'row' }, el('label', { for: 'round-year', text: t('review.year') }), year));

  const chosen = state.files.length
    ? el('p', { class: 'chosen', 'data-testid': 'chosen', text: t('review.chosen', { count: num(String(state.files.length)) }) })
    : null;
  els.stored = el('div', { class: 'stored row', 'data-testid': 'stored' });
  renderStored();
  return el('section', { class: 'inputs', 'aria-label': t('review.inputs') },
    el('div', { class: 'row' }, el('label', { for: 'set', text: t('set.label') }), select, setFile),
    drop, chosen, els.stored, trust,
    el('details', { class: 'more', open: Object.values(state.optionalNames).some(Boolean) },
      el('summary', { text: t('review.optional') }), ...optional));
}

/** The batch kept on this computer, and "start a new batch". */
function renderStored() {
  if (!els.stored) return;
  const parts = [];
  if (state.storeError) {
    parts.push(el('p', { class: 'status warn', role: 'alert', 'data-testid': 'store-error', 'data-code': state.storeError, text: t(`review.storage.${state.storeError}`) }));
  } else if (state.stored) {
    parts.push(el('p', { class: 'muted', 'data-testid': 'stored-note', 'data-files': String(state.stored.files), 'data-signed': String(state.stored.signed),
      text: t(state.stored.restored ? 'review.stored.restored' : 'review.stored.kept', { files: num(String(state.stored.files)), signed: num(String(state.stored.signed)) }) }));
  }
  if (state.files.length || state.signed.length || state.stored) parts.push(button(t('review.new_batch'), newBatch, 'new-batch'));
  els.stored.replaceChildren(...parts);
  els.stored.hidden = parts.length === 0;
}

/** A results table (the engine's Table: headers in the page's language, keys, rows of cells); cells keep the CSV text in data-value. */
function tableOf(table, testid, rowAttrs) {
  const keys = table.keys || table.header;
  const head = el('tr', null, ...table.header.map((h, c) => el('th', { scope: 'col', 'data-key': keys[c], text: h })));
  const body = el('tbody');
  const rows = table.rows.map((row, i) => {
    const tr = el('tr', rowAttrs ? rowAttrs(row, i) : null);
    row.forEach((cell, c) => {
      const raw = cell === null ? '' : String(cell);
      const text = TEXT_COLUMNS.has(keys[c]) ? raw : num(raw);
      tr.append(el('td', { 'data-value': raw, class: TEXT_COLUMNS.has(keys[c]) ? null : 'n', text }));
    });
    return tr;
  });
  return { table: el('table', { 'data-testid': testid }, el('thead', null, head), body), body, rows };
}

/** A scroll box keyboard users can scroll too: focusable, and named for screen readers. */
function scrollBox(label, child) {
  return el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-label': t('review.scroll', { name: label }) }, child);
}

function headerLabel(h) {
  const key = `review.col.${h}`;
  const s = t(key);
  return s === key ? h : s;
}

/** Appends rows in slices, yielding to the browser between them (thousands of rows). */
async function appendRows(body, rows, chunked) {
  const SLICE = 400;
  for (let i = 0; i < rows.length; i += SLICE) {
    body.append(...rows.slice(i, i + SLICE));
    if (chunked && i + SLICE < rows.length) await new Promise((r) => setTimeout(r, 0));
  }
}

function section(id, title, ...children) {
  return el('section', { class: 'card', id, 'aria-labelledby': `${id}-h` }, el('h2', { id: `${id}-h`, text: title }), ...children);
}

async function renderResults(chunked) {
  const v = state.view;
  const c = v.counts;
  const rejected = c.rejected || 0;
  const summary = el('p', {
    class: 'summary', 'data-testid': 'summary', 'data-files': String(v.files.length), 'data-rejected': String(rejected), 'data-units': String(v.units.length), 'data-appraisals': String(c.appraisals || 0),
    text: t('review.summary', {
      files: num(String(v.files.length)), signed: num(String(c.signed || 0)), unsigned: num(String(c.unsigned || 0)),
      appraisals: num(String(c.appraisals || 0)), rejected: num(String(rejected)), units: num(String(v.units.length)),
    }),
  });
  const time = state.ms !== null ? el('p', { class: 'muted', 'data-testid': 'run-time', 'data-ms': String(state.ms), text: t('review.run_time', { ms: num(String(state.ms)) }) }) : null;
  const downloads = el('div', { class: 'row downloads' },
    button(t('review.download_csv'), downloadCsv, 'download-csv'),
    button(t('review.download_xlsx'), downloadXlsx, 'download-xlsx'));
  const r = v.round || {};
  const roundText = r.kind === 'given' || r.kind === 'agreed'
    ? t(`review.round.${r.kind}`, { year: String(r.year) })
    : r.kind === 'several' ? t('review.round.several', { years: r.years.join(', ') }) : '';
  const round = roundText ? el('p', { class: r.kind === 'several' ? 'status error' : 'round', 'data-testid': 'round', 'data-year': r.year ? String(r.year) : '', text: roundText }) : null;
  const marks = [
    v.refused ? el('p', { class: 'status error', role: 'alert', 'data-testid': 'refused', text: bi(v.refused) }) : null,
    !v.refused && !v.proven ? el('p', { class: 'status warn', 'data-testid': 'unproven', text: t('review.unproven') }) : null,
    v.allow_unsigned ? el('p', { class: 'status warn', 'data-testid': 'unsigned-on', text: t('review.unsigned_on') }) : null,
  ];
  root.append(el('section', { class: 'card', 'aria-label': t('review.results') }, summary, round, ...marks, time, downloads));

  // Every file's verdict.
  const onlyRejected = el('input', { type: 'checkbox', id: 'only-rejected' });
  const files = el('table', { 'data-testid': 'files' },
    el('thead', null, el('tr', null, ...['file', 'kind', 'unit_id', 'verdict', 'reason'].map((h) => el('th', { scope: 'col', text: headerLabel(h) })))));
  const fbody = el('tbody');
  files.append(fbody);
  const frows = v.files.map((f) => el('tr', { 'data-file': f.file, 'data-verdict': f.accepted ? 'accepted' : 'rejected', 'data-code': f.code || '', class: f.accepted ? 'accepted' : 'rejected' },
    el('td', { text: f.file }),
    el('td', { text: t(`review.kind.${f.kind}`) }),
    el('td', { text: f.unit || '' }),
    el('td', { text: t(f.accepted ? 'review.accepted' : 'review.rejected') }),
    el('td', { text: f.accepted ? '' : bi(f) })));
  onlyRejected.addEventListener('change', () => files.classList.toggle('only-rejected', onlyRejected.checked));
  // A province's whole batch: the accepted files (counted in the summary) are hidden at
  // first, so that the rejected ones and the ranking are not under thousands of rows.
  if (v.files.length > 100) {
    onlyRejected.checked = true;
    files.classList.add('only-rejected');
  }
  const filesSection = section('files-section', t('review.files'),
    el('label', { class: 'check', for: 'only-rejected' }, onlyRejected, t('review.only_rejected')),
    scrollBox(t('review.files'), files));
  root.append(filesSection);
  if (state.evidence) root.append(renderEvidence(state.evidence));

  if (v.conflicts.length) {
    const list = el('ul', { 'data-testid': 'conflicts' }, ...v.conflicts.map((k) => el('li', {
      text: t(k.kept === undefined || k.kept === null ? 'review.conflict' : 'review.conflict_kept', { unit: k.unit_id, field: bi(k.field), values: k.values.map((x) => `${x.source} = “${x.value}”`).join('; '), kept: k.kept }),
    })));
    root.append(section('conflicts-section', t('review.conflicts'), list));
  }

  const ranking = tableOf(v.ranking, 'ranking', (row) => ({ 'data-unit': row[0] }));
  root.append(section('ranking-section', t('review.ranking'), scrollBox(t('review.ranking'), ranking.table)));
  root.append(section('charts-section', t('review.charts'), el('p', { class: 'muted', text: t('review.charts_note') }),
    el('div', { class: 'charts', 'data-testid': 'charts' }, ...v.charts.map(chart))));
  // At risk: one collapsible group per unit (the engine groups them), closed at first.
  const groups = v.at_risk_units.map((g) => {
    const tbl = tableOf(g.table, 'at-risk', () => ({ 'data-unit': g.unit_id }));
    tbl.body.append(...tbl.rows);
    return el('details', { class: 'risk-unit', 'data-unit': g.unit_id },
      el('summary', { text: t('review.at_risk_unit', { unit: g.unit_name ? `${g.unit_name} (${g.unit_id})` : g.unit_id, count: num(String(g.table.rows.length)) }) }),
      scrollBox(t('review.at_risk_of', { unit: g.unit_name || g.unit_id }), tbl.table));
  });
  root.append(section('at-risk-section', t('review.at_risk'), groups.length
    ? el('div', { 'data-testid': 'at-risk-units' }, el('p', { class: 'muted', text: t('review.at_risk_note', { units: num(String(groups.length)), rows: num(String(v.at_risk.rows.length)) }) }), ...groups)
    : el('p', { text: t('review.none') })));
  // Every exclusion is a claim the province decides on: each with the unit's reason.
  const excl = tableOf(v.exclusions, 'exclusions');
  root.append(section('exclusions-section', t('review.exclusions'), v.exclusions.rows.length ? scrollBox(t('review.exclusions'), excl.table) : el('p', { text: t('review.none') })));
  const dist = tableOf(v.distribution, 'distribution');
  root.append(section('distribution-section', t('review.distribution'), scrollBox(t('review.distribution'), dist.table)));
  root.append(renderAppraisalSection());

  await appendRows(ranking.body, ranking.rows, chunked);
  await appendRows(fbody, frows, chunked);
  await appendRows(excl.body, excl.rows, chunked);
  await appendRows(dist.body, dist.rows, chunked);
}

/** Each submission's cited evidence files: present and matching, missing, or altered. */
function renderEvidence(submissions) {
  const rows = [];
  for (const s of submissions) {
    for (const m of s.matches) {
      rows.push(el('tr', { 'data-file': s.file, 'data-indicator': m.indicator, 'data-status': m.status, class: m.status === 'matching' ? 'accepted' : 'rejected' },
        el('td', { text: s.file }),
        el('td', { text: m.code }),
        el('td', { text: m.name || m.sha256 }),
        el('td', { text: t(`evidence.review.${m.status}`) }),
        el('td', { text: bi(m) })));
    }
  }
  const table = el('table', { 'data-testid': 'evidence' },
    el('thead', null, el('tr', null, ...['file', 'indicator', 'cited', 'status', 'reason'].map((h) => el('th', { scope: 'col', text: t(`evidence.review.col.${h}`) })))),
    el('tbody', null, ...rows));
  return section('evidence-section', t('evidence.review.title'),
    el('p', { class: 'muted', text: t('evidence.review.note') }),
    rows.length ? scrollBox(t('evidence.review.title'), table) : el('p', { text: t('evidence.review.none') }));
}

function button(text, run, testid) {
  const b = el('button', { type: 'button', text, 'data-testid': testid });
  b.addEventListener('click', run);
  return b;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, val] of Object.entries(attrs || {})) node.setAttribute(k, val);
  for (const ch of children) node.append(ch);
  return node;
}

/** One main indicator's histogram: units per tenth of its maximum (heights from the engine). */
function chart(h, index) {
  const id = `chart-${index}`;
  const title = `${h.code}. ${pick(h.title, state.lang)}`;
  const desc = h.bins.map((b) => t('review.chart.bin', { from: num(b.from), to: num(b.to), count: num(String(b.count)) })).join('; ');
  const plot = svg('svg', { x: '10', y: '22', width: '300', height: '110', overflow: 'visible' });
  h.bins.forEach((b, k) => {
    const x = String(k * 30 + 3);
    plot.append(svg('rect', { x, y: `${b.top}%`, width: '24', height: `${b.height}%`, class: 'bar' },
      svg('title', null, t('review.chart.bin', { from: num(b.from), to: num(b.to), count: num(String(b.count)) }))));
    plot.append(svg('text', { x: String(k * 30 + 15), y: `${b.top}%`, dy: '-3', 'text-anchor': 'middle', class: 'count' }, String(b.count)));
  });
  const axis = svg('g', { class: 'axis' },
    svg('line', { x1: '10', y1: '132', x2: '310', y2: '132' }),
    svg('text', { x: '10', y: '148', 'text-anchor': 'start' }, num(h.bins[0].from)),
    svg('text', { x: '160', y: '148', 'text-anchor': 'middle' }, num(h.bins[5].from)),
    svg('text', { x: '310', y: '148', 'text-anchor': 'end' }, num(h.bins[9].to)),
    svg('text', { x: '160', y: '164', 'text-anchor': 'middle', class: 'muted' }, t('review.chart.axis')));
  const figure = svg('svg', { viewBox: '0 0 320 170', role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, 'data-indicator': h.id },
    svg('title', { id: `${id}-t` }, title), svg('desc', { id: `${id}-d` }, desc), plot, axis);
  return el('figure', { class: 'chart' }, figure, el('figcaption', null,
    el('strong', { text: title }), h.without ? el('span', { text: ` · ${t('review.chart.without', { count: num(String(h.without)) })}` }) : null));
}

function renderAppraisalSection() {
  const units = state.view.units.filter((u) => u.appraisable);
  const select = el('select', { name: 'appraisal.unit', id: 'appraisal-unit' },
    el('option', { value: '', text: t('review.appraisal.pick') }),
    ...units.map((u) => el('option', { value: u.id, text: u.name ? `${u.name} (${u.id})` : u.id, selected: u.id === state.unitId })));
  select.addEventListener('change', () => chooseUnit(select.value));
  // The same box across renders: a batch finishing while the reviewer types the passphrase
  // re-renders the page, and must not empty the box.
  keyUi.box = keyUi.box || el('div', { class: 'key' });
  els.keyBox = keyUi.box;
  els.appraisalForm = el('div', { class: 'appraisal-form', 'data-testid': 'appraisal-form' });
  els.appraisalStatus = el('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': 'appraisal-status' });
  if (state.message && state.message.where === 'appraisal') appraisalStatus(state.message.kind, state.message.text);
  const signed = el('ul', { 'data-testid': 'appraisal-files' }, ...state.signed.map((s) => {
    const a = el('a', { href: '#', text: s.file_name });
    a.addEventListener('click', (e) => { e.preventDefault(); download(s.file_name, new Blob([s.text], { type: 'application/json' })); });
    return el('li', null, a);
  }));
  const out = section('appraisal-section', t('review.appraisal'),
    el('p', { class: 'muted', text: t('review.appraisal.intro') }),
    el('div', { class: 'row' }, el('label', { for: 'appraisal-unit', text: t('review.appraisal.unit') }), select),
    els.keyBox, els.appraisalForm, els.appraisalStatus, signed);
  renderKey();
  renderAppraisal();
  return out;
}

/**
 * The reviewer's key box, built once (again only for another language): choosing a file or
 * unlocking updates the chosen name and the unlocked line in place, so a passphrase typed
 * while the key file is still being read, or a batch is still running, is kept.
 */
function renderKey() {
  if (!els.keyBox) return;
  if (els.keyBox.dataset.lang !== state.lang) {
    const typed = els.keyBox.querySelector('input[type="password"]');
    els.keyBox.replaceChildren();
    els.keyBox.dataset.lang = state.lang;
    const file = fileInput('reviewer-key', t('review.key.file'), { accept: '.key,.json,application/json' }, (files) => {
      if (!sizeOk('key', files[0])) return;
      state.reviewer = null;
      state.keyName = files[0] ? files[0].name : '';
      // unlock() waits for the read, so a click made meanwhile unlocks this file.
      state.keyRead = (files[0] ? files[0].text() : Promise.resolve('')).then((text) => { state.keyText = text; });
      renderKey();
    });
    const pass = el('input', { type: 'password', name: 'reviewer.passphrase', id: 'reviewer-passphrase', autocomplete: 'current-password' });
    if (typed) pass.value = typed.value;
    const go = button(t('review.key.unlock'), () => unlock(pass.value), 'unlock');
    pass.addEventListener('keydown', (e) => { if (e.key === 'Enter') unlock(pass.value); });
    keyUi.chosen = el('span', { class: 'chosen' });
    keyUi.reviewer = el('p', { 'data-testid': 'reviewer' });
    els.keyBox.append(
      el('div', { class: 'row' }, file, keyUi.chosen),
      el('div', { class: 'row' }, el('label', { for: 'reviewer-passphrase', text: t('review.key.passphrase') }), pass, go),
      keyUi.reviewer);
  }
  keyUi.chosen.textContent = state.keyName;
  keyUi.chosen.hidden = !state.keyName;
  keyUi.reviewer.textContent = state.reviewer ? t('review.key.unlocked', { name: state.reviewer.name, fingerprint: state.reviewer.fingerprint }) : '';
}

/** On an indicator the unit marked not applicable: its reason, and accept / reject. */
function exclusionChoice(n, e) {
  const select = el('select', { name: `appraisal.${n.id}.exclusion`, 'aria-label': t('review.appraisal.exclusion_of', { code: n.code }) },
    ...[['', 'review.appraisal.exclusion.none'], ['accepted', 'review.val.verdict.accepted'], ['rejected', 'review.val.verdict.rejected']]
      .map(([value, key]) => el('option', { value, text: t(key), selected: (e.exclusion || '') === value })));
  select.addEventListener('change', () => { e.exclusion = select.value || undefined; });
  return el('div', { class: 'exclusion', 'data-testid': `exclusion-${n.id}` },
    el('p', { class: 'muted', text: t('review.appraisal.excluded', { reason: n.exclusion.reason }) }), select);
}

function renderAppraisal() {
  if (!els.appraisalForm) return;
  const u = state.unit;
  if (!u || !u.ok) {
    els.appraisalForm.replaceChildren();
    return;
  }
  const entries = state.entries[state.unitId] || (state.entries[state.unitId] = {});
  const rows = u.indicators.map((n) => {
    const e = entries[n.id] || (entries[n.id] = {
      points: n.appraisal ? n.appraisal.points : '',
      reason: n.appraisal ? n.appraisal.reason : '',
      exclusion: n.appraisal && n.appraisal.exclusion ? n.appraisal.exclusion : undefined,
    });
    const points = el('input', { type: 'text', inputmode: 'decimal', name: `appraisal.${n.id}.points`, value: e.points, 'aria-label': t('review.appraisal.points_of', { code: n.code }) });
    const reason = el('input', { type: 'text', name: `appraisal.${n.id}.reason`, value: e.reason, 'aria-label': t('review.appraisal.reason_of', { code: n.code }) });
    points.addEventListener('input', () => { e.points = points.value; });
    reason.addEventListener('input', () => { e.reason = reason.value; });
    return el('tr', { 'data-indicator': n.id },
      el('th', { scope: 'row' }, el('span', { class: 'code', text: n.code }), ' ', pick(n.title, state.lang)),
      el('td', { class: 'n', 'data-value': n.points ?? '', text: `${num(n.points)} / ${num(n.max)}` }),
      el('td', { class: 'n', 'data-value': n.achieved ?? '', text: num(n.achieved) }),
      el('td', null, points, n.exclusion ? exclusionChoice(n, e) : null), el('td', null, reason));
  });
  const head = el('tr', null, ...['indicator', 'self', 'achieved', 'appraisal_points', 'reason'].map((h) => el('th', { scope: 'col', text: t(`review.appraisal.col.${h}`) })));
  els.appraisalForm.replaceChildren(
    el('p', { 'data-testid': 'unit-total', 'data-total': u.total ?? '', 'data-achieved': u.achieved ?? '', text: t('review.appraisal.totals', { total: num(u.total), achieved: num(u.achieved) }) }),
    scrollBox(t('review.appraisal'), el('table', { class: 'appraisal' }, el('thead', null, head), el('tbody', null, ...rows))),
    button(t('review.appraisal.sign'), signAppraisal, 'sign-appraisal'));
}

start().catch((e) => {
  root.replaceChildren(el('p', { class: 'status error', role: 'alert', text: `Không tải được trang / The page failed to load: ${e.message}` }));
});
