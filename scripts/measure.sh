#!/usr/bin/env bash
# Prints the performance figures of issue 14 (figures, never asserted; not run by
# scripts/test.sh), each part with the machine's load average and core count before and
# after it:
#
#   bash scripts/measure.sh            every part below, in this order
#   bash scripts/measure.sh keystroke  the page's keystroke path in headless Chromium, vinh-long-2025
#                                      with every field filled: the engine call alone (µs) and input
#                                      event → updated DOM, without and with the traces; SurveyJS
#                                      (survey-core, npm, installed into scripts/web/) on the same numbers
#   bash scripts/measure.sh slow3g     the page from `dti-score serve` under emulated slow 3G and 4× CPU
#                                      slowdown, cold cache: time to the typed value's total, waterfall
#   bash scripts/measure.sh batch [N]  `dti-score aggregate` (release) of N two-signature Vĩnh Long
#                                      submissions (default 10000; examples/batch_corpus.rs, kept in
#                                      DTI_BATCH_CORPUS/N when set): wall, CPU, peak RSS on 1 and 2
#                                      threads; and OpenSSL's single-core Ed25519 verify rate in the same run
#   bash scripts/measure.sh review     the review page's worker intake of 3,500 signed files
#   bash scripts/measure.sh sizes      raw, gzip and brotli bytes of each pkg/*.wasm
#
# Builds what it needs first (dist/, the release CLI, the benchmark's corpus writer);
# DTI_MEASURE_BUILT=1 skips building dist/ and the CLI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

load() { printf '[measure] %s: load average %s on %s cores (%s)\n' "$1" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)" "$(date -u +%H:%M:%SZ)"; }

temps=()
trap 'rm -rf "${temps[@]}"' EXIT

built_web=0
web() { # dist/ and the release CLI (serve, aggregate), built once per run
  [ "$built_web" = 1 ] && return
  export DTI_SCORE_BIN="$PWD/target/release/dti-score"
  built_web=1
  # DTI_MEASURE_BUILT=1: dist/ and the release CLI are already built from this tree.
  [ "${DTI_MEASURE_BUILT:-}" = 1 ] && return
  bash scripts/setup.sh >/dev/null
  bash scripts/build-web.sh >/dev/null
  cargo build --quiet --release --bin dti-score
}

keystroke() {
  web
  # survey-core for the SurveyJS comparison: a dev dependency of the benchmark only.
  if [ ! -d scripts/web/node_modules/survey-core ]; then
    npm install --prefix scripts/web --no-audit --no-fund --silent >/dev/null
  fi
  node scripts/web/keystroke.mjs
}

slow3g() {
  web
  node scripts/web/slow3g.mjs
}

# corpus DIR N: benches/aggregate.rs writes N two-signature vinh-long-2025 submissions to
# DIR/nop/ and their signed registry to DIR/keys.json; prints the province key's fingerprint.
corpus() {
  DTI_BENCH_WRITE="$1" DTI_BENCH_UNITS="$2" cargo bench --quiet --no-default-features --bench aggregate 2>/dev/null |
    sed -n 's/^province key: //p'
}

review() {
  web
  local dir fp
  dir=$(mktemp -d "${TMPDIR:-/tmp}/dti-review-XXXXXX")
  temps+=("$dir")
  fp=$(corpus "$dir" 3500)
  [ -n "$fp" ] || { echo "[measure] the corpus writer printed no province key" >&2; return 1; }
  node scripts/web/review.mjs "$dir" "$fp"
}

sizes() {
  web
  printf 'Wasm engines (dist/pkg), bytes: raw / gzip -9 / brotli -q 11 (what `serve` sends)\n'
  for f in dist/pkg/*.wasm; do
    case "$(basename "$f")" in
      dti_score_bg.wasm) what="first load (scoring)" ;;
      dti_score_full_bg.wasm) what="signing (fetched when the signing section opens)" ;;
      dti_score_review_bg.wasm) what="review page" ;;
      dti_score_workbook_bg.wasm) what="values workbook and results (fetched when an Excel button is pressed)" ;;
      *) what="" ;;
    esac
    printf '  %-28s %9d raw %9d gz %9d br   %s\n' "$(basename "$f")" \
      "$(wc -c <"$f")" "$(gzip -9 -n -c "$f" | wc -c)" "$(brotli -q 11 -c "$f" | wc -c)" "$what"
  done
}

batch() {
  local n=${1:-10000}
  web
  # The corpus: examples/batch_corpus.rs's submissions (two signatures each, every commune
  # with its own keys) and their unsigned keys/v1 registry. DTI_BATCH_CORPUS=DIR keeps it
  # in DIR (written there once per N, reused by later runs); else a temporary folder.
  local dir
  if [ -n "${DTI_BATCH_CORPUS:-}" ]; then
    dir="$DTI_BATCH_CORPUS/$n"
  else
    dir=$(mktemp -d "${TMPDIR:-/tmp}/dti-batch-XXXXXX")
    temps+=("$dir")
  fi
  local t0=$SECONDS
  if [ ! -f "$dir/keys.json" ] || [ "$(find "$dir/submissions" -name '*.json' | wc -l)" != "$n" ]; then
    rm -rf "$dir/submissions"
    mkdir -p "$dir"
    cargo run --quiet --release --example batch_corpus -- "$dir" "$n" >/dev/null
  fi
  printf 'Province batch: %d two-signature vinh-long-2025 submissions (%s MB on disk, largest file %d bytes; written or found in %d s)\n' \
    "$n" "$(du -sm "$dir/submissions" | cut -f1)" \
    "$(find "$dir/submissions" -name '*.json' -printf '%s\n' | sort -n | tail -1)" "$((SECONDS - t0))"
  # The registry's limit is 4 MiB (about 20,000 keys): above it, the signatures are
  # verified against the keys in the files, not against a registry.
  local keys=(--keys "$dir/keys.json" --allow-unsigned-keys)
  if [ "$(stat -c %s "$dir/keys.json")" -gt $((4 * 1024 * 1024)) ]; then
    printf '  keys.json is %d bytes, over the 4 MiB registry limit: run with --unregistered-keys (signatures verified, keys not looked up in a registry)\n' \
      "$(stat -c %s "$dir/keys.json")"
    keys=(--unregistered-keys)
  fi
  # Threads: a --threads option if the CLI has one, else RAYON_NUM_THREADS if it uses rayon.
  local cpu_total=0 runs=("")
  if target/release/dti-score aggregate --help | grep -q -- '--threads'; then
    runs=("--threads 1" "--threads 2")
  elif grep -q '^rayon' Cargo.toml; then
    runs=("RAYON_NUM_THREADS=1" "RAYON_NUM_THREADS=2")
  else
    printf '  dti-score aggregate has no thread option (and no rayon): one run, as it is\n'
  fi
  local run
  for run in "${runs[@]}"; do
    local env=() opt=()
    case "$run" in RAYON*) env=("$run") ;; --threads*) read -ra opt <<<"$run" ;; esac
    env "${env[@]}" /usr/bin/time -v target/release/dti-score aggregate "${opt[@]}" \
      --set indicator-sets/vinh-long-2025.json "${keys[@]}" \
      --bench --csv "$dir/out.csv" "$dir/submissions" >"$dir/stdout" 2>"$dir/time" || {
      # exit 1: a file was rejected (said on stdout); anything else is a failure
      grep -q 'Exit status: 1$' "$dir/time" || { tail -20 "$dir/time" >&2; return 1; }
    }
    [ -n "$run" ] && printf '  %s:\n' "$run"
    grep '^bench:' "$dir/time" | sed 's/^/  /'
    head -1 "$dir/stdout" | sed 's/^/  /'
    local wall user sys rss
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$dir/time")
    user=$(sed -n 's/.*User time (seconds): //p' "$dir/time")
    sys=$(sed -n 's/.*System time (seconds): //p' "$dir/time")
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$dir/time")
    sed -n 's/^.*Exit status: //p' "$dir/time" | grep -qx 0 || printf '  exit status %s\n' "$(sed -n 's/^.*Exit status: //p' "$dir/time")"
    printf '  wall %s, CPU %s s user + %s s system, peak RSS %d MB (%d KB per submission; %s ranked rows)\n' \
      "$wall" "$user" "$sys" "$((rss / 1024))" "$((rss / n))" "$(($(wc -l <"$dir/out.csv") - 1))"
    local largest
    largest=$(find "$dir/submissions" -name '*.json' -printf '%s\n' | sort -n | tail -1)
    printf '  memory target (3 x the largest file + 5 KB per unit): %d MB; peak RSS is %.1f x that\n' \
      "$(((3 * largest + 5120 * n) / 1048576))" "$(awk -v r="$rss" -v l="$largest" -v n="$n" 'BEGIN { print r * 1024 / (3 * l + 5120 * n) }')"
    cpu_total=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
  done
  local rate
  rate=$(openssl speed -seconds 3 ed25519 2>/dev/null | awk 'tolower($0) ~ /ed25519\)/ && $NF ~ /^[0-9.]+$/ {print $NF; exit}')
  awk -v n="$n" -v cpu="$cpu_total" -v r="$rate" 'BEGIN {
    sig = 2 * n; floor = sig / r;
    printf "  openssl speed ed25519, one core: %.0f verifies/s: the %d signatures alone need %.2f s one at a time\n", r, sig, floor;
    printf "  aggregate CPU (last run) / that floor: %.2f (%.0f signatures verified per CPU second, all work included)\n", cpu / floor, sig / cpu }'
}

[ $# -eq 0 ] && set -- sizes keystroke slow3g review batch
load start
while [ $# -gt 0 ]; do
  part=$1; shift
  case "$part" in
    batch)
      n=10000
      if [[ "${1:-}" =~ ^[0-9]+$ ]]; then n=$1; shift; fi
      load "batch $n"; batch "$n" ;;
    keystroke | slow3g | review | sizes) load "$part"; "$part" ;;
    *) echo "usage: bash scripts/measure.sh [keystroke|slow3g|batch [N]|review|sizes]..." >&2; exit 2 ;;
  esac
done
load end
