// The first load's fetches, started as soon as the page's HTML is parsed: index.html runs
// this module (no imports, so it runs at once) before the page's own, and names the files
// in <meta name="dti-first-load"> (written by scripts/build-web.sh: the scoring engine,
// the strings, the set picker's list, the default set). The page's modules load
// meanwhile (modulepreload), so the engine, the strings and the set arrive together
// instead of one after another. assets.js takes each response once (`firstLoad(path)`);
// a page without the meta (a portal's own page, the single-file bundle) fetches as usual.
const meta = document.querySelector('meta[name="dti-first-load"]');
if (meta) {
  const started = new Map();
  for (const path of meta.content.split(/\s+/).filter(Boolean)) {
    const url = new URL(path, document.baseURI).href;
    const res = fetch(url);
    // A failed fetch is the page's to report, when it asks for the file.
    res.catch(() => {});
    started.set(url, res);
  }
  globalThis[Symbol.for('dti-score.first-load')] = started;
}
