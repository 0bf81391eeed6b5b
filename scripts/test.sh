#!/usr/bin/env bash
# The README's second command: installs what is missing, then runs every check
# and test (formatting, clippy on native and wasm32, unit/golden/property tests,
# a short fuzz run (nightly only), docs, the wasm exports in headless Chromium and Firefox, the page end to end
# in Chromium, Firefox ESR and WebKitGTK) and prints a summary. Stops at the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

steps=()
started=$SECONDS
current=""

on_exit() {
  code=$?
  echo
  echo "==================== summary ===================="
  for s in "${steps[@]}"; do echo "  ok    $s"; done
  if [ "$code" -ne 0 ]; then
    echo "  FAIL  $current  (exit $code; its output is above)"
    echo "================================================="
    echo "test.sh: FAILED at: $current"
  else
    echo "================================================="
    echo "test.sh: all ${#steps[@]} steps passed in $((SECONDS - started)) s"
  fi
}
trap on_exit EXIT

step() {
  current="$1"; shift
  local t0=$SECONDS
  echo
  echo "---- $current"
  "$@"
  steps+=("$current ($((SECONDS - t0)) s)")
}

step "setup (install what is missing)" bash scripts/setup.sh
step "cargo fmt --check" cargo fmt --all --check
step "clippy native" cargo clippy --all-targets --quiet -- -D warnings
step "clippy wasm32" cargo clippy --target wasm32-unknown-unknown --no-default-features --features wasm-review,wasm-previous --lib --test wasm --test wasm_review --quiet -- -D warnings
step "clippy wasm32 (workbook)" cargo clippy --target wasm32-unknown-unknown --no-default-features --features wasm-workbook --lib --test wasm_workbook --quiet -- -D warnings
step "no module cycle in the library" python3 scripts/module-graph.py

# insta records every snapshot a test asserts in INSTA_SNAPSHOT_REFERENCES_FILE (as
# `cargo insta test --unreferenced=reject` does); a .snap no test reads is an error.
cargo_test() {
  local refs
  refs=$(mktemp)
  INSTA_SNAPSHOT_REFERENCES_FILE="$refs" cargo test --quiet
  local stale
  stale=$(comm -23 \
    <(find tests -name '*.snap' -not -path '*/node_modules/*' -exec realpath {} + | sort -u) \
    <(xargs -r -d '\n' realpath <"$refs" | sort -u))
  rm -f "$refs"
  if [ -n "$stale" ]; then
    echo "unreferenced insta snapshots (no test asserts them; delete them):"
    echo "$stale"
    return 1
  fi
}
step "cargo test (and no unreferenced snapshot)" cargo_test
# 10 s per fuzz target, 50 s in all (scripts/fuzz.sh); skipped with a message when no
# nightly toolchain or cargo-fuzz is installed.
step "fuzz the file readers (10 s per target, nightly only)" bash scripts/fuzz.sh 10
step "cargo doc (warnings denied)" env RUSTDOCFLAGS=-Dwarnings cargo doc --no-deps --quiet

wasm_test() {
  local mark rc=0
  mark=$(mktemp)
  # wasm-bindgen-test-runner drives the browser through its WebDriver.
  env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_TEST_TIMEOUT=120 "$@" \
    cargo test --target wasm32-unknown-unknown --no-default-features --features wasm-review --test wasm --test wasm_review || rc=$?
  # The values workbook's exports: their own build (feature wasm-workbook).
  env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
    WASM_BINDGEN_TEST_TIMEOUT=120 "$@" \
    cargo test --target wasm32-unknown-unknown --no-default-features --features wasm-workbook --test wasm_workbook || rc=$?
  # chromedriver leaves each test binary's Chromium profile (about 55 MB) in the temp
  # folder: the ones this step made are removed.
  find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'org.chromium.Chromium.scoped_dir.*' -newer "$mark" -exec rm -rf {} + 2>/dev/null || true
  rm -f "$mark"
  return "$rc"
}
step "wasm tests in headless Chromium" wasm_test CHROMEDRIVER=/usr/bin/chromedriver
step "wasm tests in headless Firefox" wasm_test GECKODRIVER="$(command -v geckodriver)"

step "build the page (dist/)" bash scripts/build-web.sh
step "build the CLI the e2e tests drive" cargo build --quiet --bin dti-score
# The page end to end in three engines, two at a time (scripts/e2e.sh): Chromium through
# playwright-core, Firefox ESR and WebKitGTK (under xvfb-run) through their WebDriver servers.
step "end-to-end tests in Chromium, Firefox ESR and WebKitGTK" bash scripts/e2e.sh
