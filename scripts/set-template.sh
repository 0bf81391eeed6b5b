#!/usr/bin/env bash
# Writes indicator-sets/templates/set-template.xlsx, the indicator-set workbook a
# province starts its own set from, from its JSON twin (one worked example of each of
# the eleven rule kinds, each citing its source): `dti-score set to-xlsx`.
# tests/setbook.rs checks that the committed workbook has the cells this writes.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

cargo run --quiet --bin dti-score -- set to-xlsx \
  indicator-sets/templates/set-template.json \
  -o indicator-sets/templates/set-template.xlsx
echo "[set-template] wrote indicator-sets/templates/set-template.xlsx"
