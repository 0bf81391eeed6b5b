#!/usr/bin/env bash
# The page's end-to-end suite (tests/e2e/) in each engine: Chromium (playwright-core),
# Firefox ESR (geckodriver) and WebKitGTK (WebKitWebDriver, under xvfb-run), at most
# $DTI_E2E_JOBS engines at once (default 2: the machine has 2 cores; see the README's
# "Browsers"). Each engine's output is printed once it is done, with its wall time; fails
# if any engine's suite fails. Needs dist/ and the CLI built (scripts/test.sh does).
#   bash scripts/e2e.sh [ENGINE…]      (default: chromium firefox webkit)
#   bash scripts/e2e.sh firefox -- tests/e2e/typed.test.mjs
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

engines=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do engines+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
files=("$@")
[ ${#files[@]} -eq 0 ] && files=(tests/e2e/)
[ ${#engines[@]} -eq 0 ] && engines=(chromium firefox webkit)
jobs_max="${DTI_E2E_JOBS:-2}"

# WebDriver BiDi (Firefox's preload scripts and request interception) needs a WebSocket
# client: node ≥ 22 has one, node 20 behind --experimental-websocket.
node_flags=()
if node --experimental-websocket -e 'process.exit(typeof WebSocket === "function" ? 0 : 1)' 2>/dev/null; then
  node_flags+=(--experimental-websocket)
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

display() { if [ "$1" = webkit ] && [ -z "${DISPLAY:-}" ]; then echo "xvfb-run -a"; fi; }

# shellcheck disable=SC2046
$(display webkit) node "${node_flags[@]}" tests/e2e/versions.mjs "${engines[@]}" || { echo "e2e: an engine does not start"; exit 1; }

run() {
  local engine="$1" t0=$SECONDS dist="$PWD/dist"
  # The engines run at once: each but Chromium gets its own copy of dist/ (tests rewrite
  # dist/review-config.json).
  if [ "$engine" != chromium ]; then dist="$work/dist-$engine"; cp -a dist "$dist"; fi
  # shellcheck disable=SC2046
  DTI_E2E_ENGINE="$engine" DTI_E2E_DIST="$dist" $(display "$engine") \
    node "${node_flags[@]}" --import ./tests/e2e/engine-hooks.mjs --test --test-concurrency=1 --test-timeout=900000 --test-force-exit "${files[@]}" >"$work/$engine.log" 2>&1
  local code=$?
  # --test-force-exit: a test file whose tests have all finished ends even if a WebDriver
  # connection still holds its event loop (seen after review.test.mjs in Firefox and
  # WebKitGTK); any server it left on this engine's dist/ copy is stopped here.
  pkill -f "dti-score serve $work/dist-$engine" 2>/dev/null || true
  echo "$code $((SECONDS - t0))" >"$work/$engine.done"
}

started=$SECONDS
running=0
for engine in "${engines[@]}"; do
  if [ "$running" -ge "$jobs_max" ]; then wait -n; running=$((running - 1)); fi
  run "$engine" &
  running=$((running + 1))
done
wait

failed=()
for engine in "${engines[@]}"; do
  read -r code secs <"$work/$engine.done"
  echo
  echo "---- e2e in $engine: exit $code, ${secs} s"
  cat "$work/$engine.log"
  [ "$code" -eq 0 ] || failed+=("$engine")
done
echo
for engine in "${engines[@]}"; do
  read -r code secs <"$work/$engine.done"
  skips=$(grep -c '# SKIP' "$work/$engine.log" || true)
  echo "e2e $engine: $( [ "$code" -eq 0 ] && echo passed || echo FAILED ) in ${secs} s ($skips skipped)"
done
echo "e2e: all engines in $((SECONDS - started)) s"
[ ${#failed[@]} -eq 0 ] || { echo "e2e failed in: ${failed[*]}"; exit 1; }
