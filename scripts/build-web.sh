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

say "cargo build --release --target wasm32-unknown-unknown"
cargo build --quiet --release --target wasm32-unknown-unknown --lib --no-default-features

wasm_in=target/wasm32-unknown-unknown/release/dti_score.wasm
rm -rf www/pkg
wasm-bindgen --target web --typescript --out-dir www/pkg "$wasm_in"

if command -v wasm-opt >/dev/null; then
  wasm-opt -Oz "${WASM_OPT_FEATURES[@]}" www/pkg/dti_score_bg.wasm -o www/pkg/dti_score_bg.opt.wasm
  mv www/pkg/dti_score_bg.opt.wasm www/pkg/dti_score_bg.wasm
else
  say "wasm-opt not found (apt-get install binaryen): the wasm is not size-optimised"
fi

# Assemble dist/ afresh.
rm -rf dist
mkdir -p dist/indicator-sets
cp -r www/. dist/
rm -f dist/pkg/.gitignore dist/pkg/package.json
shopt -s nullglob
for set in indicator-sets/*.json; do
  case "$(basename "$set")" in schema.json) continue ;; esac
  cp "$set" dist/indicator-sets/
done
[ -d indicator-sets/targets ] && cp -r indicator-sets/targets dist/indicator-sets/

# indicator-sets/index.json: the list the set picker shows (a static server cannot
# list folders). Only metadata is read here; validation happens in the engine.
node scripts/web/sets-index.mjs dist/indicator-sets > dist/indicator-sets/index.json

# Stamp the service worker with a hash of every file it caches, so a new build
# is announced to open pages and old caches are dropped.
build_id=$(cd dist && find . -type f ! -name sw.js -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)
sed -i "s/__BUILD_ID__/$build_id/" dist/sw.js

say "dist/ ready (build $build_id): $(du -sh dist | cut -f1), wasm $(wc -c < dist/pkg/dti_score_bg.wasm) bytes"
