#!/usr/bin/env bash
# Measures the page's budgets and prints the figures for the README: gzipped first-load
# bytes (budget 250 KB, wasm 150 KB) and the re-score latency after a keystroke in
# headless Chromium (budget 1 ms). Builds what is missing first.
# Issue 14's figures (keystroke µs, slow 3G, the province batch, the review page, wasm
# sizes) are printed by scripts/measure.sh.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
bash scripts/setup.sh >/dev/null
bash scripts/build-web.sh >/dev/null
cargo build --quiet --bin dti-score
node scripts/web/measure.mjs
