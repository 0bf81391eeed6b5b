// The review page's Web Worker (a module worker): the only code that touches the review
// build of the engine (pkg/dti_score_review, feature `wasm-review`). Reading, verifying,
// merging, scoring, ranking, the CSV/XLSX files and the appraisal signatures all happen
// here, off the page's main thread, so thousands of files never freeze the tab.
//
// Messages in: { id, type, ...args }; out: { id, result } or { id, error }, and
// { type: 'progress', phase, done, total } file by file while files are read ('read')
// and verified ('verify'), then once before the merge, scoring and ranking ('rank').
import init, { EvidenceCheck, isJsonName, openReview, unlockReviewerKey } from './pkg/dti_score_review.js';

const ready = init({ module_or_path: new URL('./pkg/dti_score_review_bg.wasm', import.meta.url) });

let batch = null;
let reviewer = null;

function progress(phase, done, total) {
  self.postMessage({ type: 'progress', phase, done, total });
}

// Only .json files are read, as `dti-score aggregate` reads a folder; anything else is
// still listed (as not JSON), so nothing is skipped silently.
async function readFiles(files) {
  let done = 0;
  const total = files.length;
  progress('read', 0, total);
  for (const { name, file } of files) {
    const bytes = isJsonName(name) ? new Uint8Array(await file.arrayBuffer()) : new Uint8Array(0);
    batch.addFile(name, bytes);
    done += 1;
    if (done % 10 === 0 || done === total) progress('read', done, total);
  }
}

// Verification, a group of files at a time (the engine keeps each verdict), so the page
// can show how far it is; the run that follows verifies nothing more.
function verifyAll() {
  const total = batch.fileCount;
  const GROUP = 25;
  let left = batch.verifyNext(0);
  progress('verify', total - left, total);
  while (left > 0) {
    left = batch.verifyNext(GROUP);
    progress('verify', total - left, total);
  }
}

const handlers = {
  open({ setText }) {
    if (batch) batch.free();
    batch = null;
    const r = openReview(setText);
    if (!r.ok) return { ok: false, errors: r.errors };
    batch = r.batch;
    return { ok: true, set: r.set };
  },
  // What the batch trusts: the pinned province key (the page's configuration), the
  // switches for unsigned files and unproven signers, and the round's year.
  trust({ provinceKey, allowUnsigned, unregisteredKeys, year }) {
    batch.setProvinceKey(provinceKey || '');
    batch.setTrust(Boolean(allowUnsigned), Boolean(unregisteredKeys));
    batch.setYear(year === null || year === undefined ? undefined : year);
    return { ok: true };
  },
  keys({ text }) { return batch.setKeys(text); },
  previous({ text }) { return batch.setPrevious(text); },
  targets({ text }) { return batch.setTargets(text); },
  async files({ files }) {
    batch.clearFiles();
    await readFiles(files);
    return { ok: true, count: batch.fileCount };
  },
  run({ lang }) {
    const t0 = performance.now();
    verifyAll();
    progress('rank', batch.fileCount, batch.fileCount);
    const view = JSON.parse(batch.run(lang || 'vi'));
    // Wall time of the run in the worker, for the page to show; not a score.
    return { ok: true, view, ms: Math.round(performance.now() - t0) };
  },
  // Evidence: the files that are not JSON matched (by the engine, SHA-256) to the hashes
  // the submissions cite; read only when the page has such files.
  async evidence({ setText, files }) {
    const check = new EvidenceCheck(setText);
    try {
      for (const { name, file } of files) {
        const bytes = new Uint8Array(await file.arrayBuffer());
        if (isJsonName(name)) check.addSubmission(name, bytes);
        else check.addFile(name, bytes);
      }
      return { ok: true, submissions: JSON.parse(check.report()) };
    } finally {
      check.free();
    }
  },
  // The last run's views in another language (nothing run again).
  view({ lang }) { return { ok: true, view: JSON.parse(batch.view(lang || 'vi')) }; },
  csv({ lang }) { return { ok: true, text: batch.csv(lang || 'vi') }; },
  xlsx({ lang }) { return { ok: true, bytes: batch.xlsx(lang || 'vi') }; },
  unit({ unitId }) { return JSON.parse(batch.unit(unitId)); },
  unlock({ keyText, passphrase }) {
    const r = unlockReviewerKey(keyText, passphrase);
    if (!r.ok) return r;
    if (reviewer) reviewer.free();
    reviewer = r.key;
    return { ok: true, info: r.info };
  },
  lock() {
    if (reviewer) reviewer.free();
    reviewer = null;
    return { ok: true };
  },
  // An appraisal signed earlier, sent again after the batch was rebuilt (new set).
  files_add({ name, text }) {
    batch.addFile(name, new TextEncoder().encode(text));
    return { ok: true };
  },
  appraise({ unitId, entries, lang }) {
    // The page unlocks a key before it offers to sign.
    if (!reviewer) throw new Error('no reviewer key is unlocked');
    return batch.appraise(unitId, JSON.stringify(entries), reviewer, lang || 'vi');
  },
};

self.onmessage = async (event) => {
  const { id, type, ...args } = event.data;
  try {
    await ready;
    const result = await handlers[type](args);
    self.postMessage({ id, result });
  } catch (e) {
    self.postMessage({ id, error: String(e && e.message ? e.message : e) });
  }
};
