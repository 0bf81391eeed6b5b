#!/usr/bin/env bash
# Fuzzes the readers of every file the tools take from outside, with cargo-fuzz
# (libFuzzer, nightly Rust): set loading, values reading, submission verification,
# key-file reading, the key registry (fuzz/fuzz_targets/).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 60 s, every target)
#
# Each target starts from a seed corpus of the project's own files (tests/fixtures/,
# tests/cli-fixtures/, docs/examples/, indicator-sets/), copied into fuzz/corpus/TARGET/
# (not committed; what libFuzzer adds there is kept between runs). A crash leaves its
# input in fuzz/artifacts/TARGET/ and the script fails: make it a regression test
# (tests/fuzz_regressions.rs) before fixing it. Prints the time and runs per target.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '[fuzz] %s\n' "$*"; }

secs="${1:-60}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(set values submission key_file registry)

if ! rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
  say "skipped: no nightly toolchain (rustup toolchain install nightly)"; exit 0
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  say "skipped: cargo-fuzz is not installed (scripts/setup.sh installs it when nightly is present)"; exit 0
fi

seed() { # seed TARGET FILE...
  local dir="fuzz/corpus/$1"; shift
  mkdir -p "$dir"
  local f
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$dir/seed-$(printf '%s' "$f" | tr '/' '_')"; done
  return 0
}
shopt -s nullglob
seed set indicator-sets/dti-*.json indicator-sets/thanh-hoa-*.json tests/cli-fixtures/*set*.json \
  docs/examples/submission/set.json tests/fixtures/*/set.json
seed values tests/fixtures/*/values.json tests/cli-fixtures/*values*.json \
  docs/examples/submission/values.json tests/e2e/fixtures/*values*.json
seed submission docs/examples/submission/submission.json
seed key_file docs/examples/submission/*.key
seed registry docs/examples/submission/keys.json

# The sanitizer build has its own target folder (other RUSTFLAGS than the normal build).
export CARGO_TARGET_DIR="${FUZZ_TARGET_DIR:-$PWD/fuzz/target}"
failed=()
summary=()
for t in "${targets[@]}"; do
  say "$t: ${secs} s"
  log="fuzz/$t.log"
  # -rss_limit_mb: a reader that needs more than 2 GB for one input is a finding too.
  if cargo +nightly fuzz run --fuzz-dir fuzz "$t" "fuzz/corpus/$t" -- \
      -max_total_time="$secs" -rss_limit_mb=2048 -max_len=1048576 -print_final_stats=1 >"$log" 2>&1; then
    status=ok
  else
    status=CRASH
    failed+=("$t")
    tail -40 "$log"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  summary+=("$(printf '%-11s %5s s  %10s runs  %s' "$t" "$secs" "${runs:-?}" "$status")")
done
say "summary:"
for line in "${summary[@]}"; do say "  $line"; done
if [ ${#failed[@]} -gt 0 ]; then
  say "crashes in: ${failed[*]} (inputs in fuzz/artifacts/)"
  exit 1
fi
