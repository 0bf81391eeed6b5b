#!/usr/bin/env bash
# Builds the self-assessment page into dist/, the one self-contained folder a
# portal copies to any static web server: the page (www/), the wasm engine
# (www/pkg/, generated) and the indicator sets (indicator-sets/).
#
#   1. cargo build (release, wasm32, library only, no CLI feature)
#   2. wasm-bindgen --target web into www/pkg/ (with TypeScript definitions)
#   3. wasm-opt -Oz when binaryen is installed
#   4. dist/: www/ + pkg/ + indicator-sets/ + indicator-sets/index.json,
#      with the service worker stamped with a hash of everything it caches.
#
# Run scripts/setup.sh first (scripts/run.sh and scripts/test.sh do).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[build-web] %s\n' "$*"; }
die() { printf '[build-web] error: %s\n' "$*" >&2; exit 1; }

command -v wasm-bindgen >/dev/null || die "wasm-bindgen not found: run scripts/setup.sh"

# The wasm features rustc emits by default for wasm32-unknown-unknown (rustc 1.82+:
# `rustc --print cfg --target wasm32-unknown-unknown | grep target_feature`).
# All of them are in Chrome/Edge >= 109, Firefox >= 115 and Safari >= 15.
# wasm-opt must be told about each, or (binaryen 108) it rejects the module.
WASM_OPT_FEATURES=(
  --enable-bulk-memory --enable-multivalue --enable-mutable-globals
  --enable-nontrapping-float-to-int --enable-reference-types --enable-sign-ext
)

# Two builds of the engine: `dti_score` (scoring only: the first load) and
# `dti_score_full` (with the `wasm-signing` exports: keys, signing, verification),
# which the page fetches only when the user opens the signing section.
rm -rf www/pkg
build_wasm() { # build_wasm OUT_NAME [cargo features...]
  local name=$1; shift
  say "cargo build --profile wasm-release --target wasm32-unknown-unknown $* -> pkg/$name"
  # strip=false for this build only: wasm-bindgen reads the target_features section to
  # know the wasm features in use; wasm-opt strips what is left afterwards.
  local level="${WASM_OPT_LEVEL:-z}"
  CARGO_PROFILE_WASM_RELEASE_STRIP=false CARGO_PROFILE_WASM_RELEASE_OPT_LEVEL="$level" \
    cargo build --quiet --profile wasm-release --target wasm32-unknown-unknown --lib --no-default-features "$@"
  local wasm_in=target/wasm32-unknown-unknown/wasm-release/dti_score.wasm
  # wasm-opt runs on cargo's output, before wasm-bindgen: binaryen 108 cannot round-trip
  # wasm-bindgen's output (it re-points the exported externref table at the function
  # table, and the page fails with "WebAssembly.Table.set(): Argument 1 is invalid").
  # Optimising first gives the same size (wasm-bindgen keeps binaryen's output as is).
  if command -v wasm-opt >/dev/null; then
    wasm-opt "-O$level" "${WASM_OPT_FEATURES[@]}" "$wasm_in" -o "target/$name.opt.wasm"
    wasm_in="target/$name.opt.wasm"
  else
    say "wasm-opt not found (apt-get install binaryen): the wasm is not size-optimised"
  fi
  wasm-bindgen --target web --typescript --out-name "$name" --remove-producers-section \
    --out-dir www/pkg "$wasm_in"
}
# The scoring build runs on every keystroke: opt-level "s" scores the 47-indicator set
# about 25% faster than "z" in Chromium for ~9 KB more gzipped (measured with
# scripts/measure-web.sh; "2" is faster still but over the 150 KB wasm budget).
WASM_OPT_LEVEL=s build_wasm dti_score
build_wasm dti_score_full --features wasm-signing,wasm-previous
# The values workbook (template, reading a filled one back) and the unit's results as
# XLSX/CSV: fetched only when the unit presses one of the page's Excel buttons.
build_wasm dti_score_workbook --features wasm-workbook
# The province's review page (www/review.html) only: intake, aggregation, CSV/XLSX and
# appraisals, loaded by its Web Worker; the self-assessment page never fetches it.
build_wasm dti_score_review --features wasm-review

# Assemble dist/ afresh.
rm -rf dist
mkdir -p dist/indicator-sets
cp -r www/. dist/
rm -f dist/pkg/.gitignore dist/pkg/package.json

# The Content-Security-Policy, written once (www/csp.txt; `dti-score serve` sends the same
# policy, with frame-ancestors): into each page's <meta http-equiv>, the review page's
# with `worker-src 'self'` (its Web Worker). csp.txt itself is not served.
node -e '
  const fs = require("fs");
  const csp = fs.readFileSync("dist/csp.txt", "utf8").trim();
  const marker = "<!-- Content-Security-Policy: written here by scripts/build-web.sh, from csp.txt -->";
  const pages = {
    "dist/index.html": csp,
    "dist/review.html": csp.replace("script-src \x27self\x27 \x27wasm-unsafe-eval\x27;", "$& worker-src \x27self\x27;"),
  };
  for (const [file, policy] of Object.entries(pages)) {
    const src = fs.readFileSync(file, "utf8");
    if (!src.includes(marker) || policy === csp && file.endsWith("review.html")) throw new Error(`${file}: no CSP marker, or no worker-src`);
    fs.writeFileSync(file, src.replace(marker, `<meta http-equiv="Content-Security-Policy" content="${policy}">`));
  }
'
rm dist/csp.txt
shopt -s nullglob
for set in indicator-sets/*.json; do
  case "$(basename "$set")" in schema.json) continue ;; esac
  cp "$set" dist/indicator-sets/
done
[ -d indicator-sets/targets ] && cp -r indicator-sets/targets dist/indicator-sets/
# Templates for a province to adapt: the sets only (the picker lists them in their own group).
templates=(indicator-sets/templates/*.json)
if [ ${#templates[@]} -gt 0 ]; then
  mkdir -p dist/indicator-sets/templates
  cp "${templates[@]}" dist/indicator-sets/templates/
fi

# indicator-sets/index.json: the list the set picker shows (a static server cannot
# list folders). Only metadata is read here; validation happens in the engine.
node scripts/web/sets-index.mjs dist/indicator-sets > dist/indicator-sets/index.json

# The first load (scripts/web/first-load.mjs): index.html names the page's modules
# (modulepreload: fetched at once, not one import level at a time), its style sheet and
# the files first-load.js fetches with the page (the scoring engine, the strings, the set
# picker's list, the default set), so all of them come in parallel.
node scripts/web/first-load.mjs --html dist
first_json=$(node scripts/web/first-load.mjs dist)

# The service worker precaches the first load's files at install (revalidated: what the
# page has just downloaded is not downloaded again), then every other file of dist/ (but
# itself and the TypeScript definitions), and is stamped with a hash of them, so a new
# build is announced to open pages and old caches are dropped. The review page's files (the province's, with a
# ~560 KB gzipped engine) are a separate list, cached only once the review page is used,
# so that a commune's first visit does not download them.
files=$(cd dist && find . -type f ! -name sw.js ! -name '*.d.ts' | sed 's|^\./||' | sort)
to_json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.stdout.write(JSON.stringify(s.trim().split("\n").filter(Boolean))))'; }
is_review='^(review[.-]|pkg/dti_score_review)'
# The workbook engine: cached once the unit has used an Excel button (sw.js).
is_workbook='^pkg/dti_score_workbook'
files_json=$(printf '%s\n' "$files" | grep -Ev "$is_review|$is_workbook" | to_json)
review_json=$(printf '%s\n' "$files" | grep -E "$is_review" | to_json)
workbook_json=$(printf '%s\n' "$files" | grep -E "$is_workbook" | to_json)
build_id=$(cd dist && printf '%s\n' "$files" | xargs sha256sum | sha256sum | cut -c1-16)
node -e '
  const fs = require("fs");
  const [file, id, list, review, first, workbook] = process.argv.slice(1);
  const src = fs.readFileSync(file, "utf8");
  fs.writeFileSync(file, src.replace("__BUILD_ID__", id)
    .replace("\x27__FILES__\x27", JSON.stringify(list))
    .replace("\x27__REVIEW_FILES__\x27", JSON.stringify(review))
    .replace("\x27__FIRST_FILES__\x27", JSON.stringify(first))
    .replace("\x27__WORKBOOK_FILES__\x27", JSON.stringify(workbook)));
' dist/sw.js "$build_id" "$files_json" "$review_json" "$first_json" "$workbook_json"

# Precompressed variants for servers that send them by Accept-Encoding (`dti-score
# serve` does; nginx's gzip_static/brotli_static too): FILE.gz and FILE.br beside each
# text or wasm file, written after the service worker is stamped (its list names the
# originals only; the browser decodes the variants transparently). -n: no name or
# time in the gzip header, so a rebuild gives the same bytes. Each variant gets its
# original's modification time exactly (brotli keeps whole seconds only): `dti-score
# serve` sends a variant only if it is not older than its original.
command -v brotli >/dev/null || die "brotli not found: run scripts/setup.sh (apt-get install brotli)"
(cd dist && find . -type f \( -name '*.html' -o -name '*.js' -o -name '*.mjs' -o -name '*.css' \
    -o -name '*.json' -o -name '*.wasm' -o -name '*.svg' -o -name '*.webmanifest' -o -name '*.txt' \) \
    -print0 | xargs -0 -n 16 sh -c 'gzip -9 -n -k -f "$@" && brotli -q 11 -k -f "$@" &&
      for f; do touch -r "$f" "$f.gz" "$f.br"; done' sh)
say "precompressed: $(cd dist && find . -name '*.gz' | sed 's/[.]gz$//' | xargs cat | wc -c) bytes -> gzip $(cd dist && find . -name '*.gz' | xargs cat | wc -c), brotli $(cd dist && find . -name '*.br' | xargs cat | wc -c)"

say "dist/ ready (build $build_id): $(du -sh dist | cut -f1); wasm $(wc -c < dist/pkg/dti_score_bg.wasm) bytes, with signing $(wc -c < dist/pkg/dti_score_full_bg.wasm) bytes, workbook $(wc -c < dist/pkg/dti_score_workbook_bg.wasm) bytes, review $(wc -c < dist/pkg/dti_score_review_bg.wasm) bytes"
