#!/usr/bin/env bash
# Writes indicator-sets/authoring/set-template.xlsx, the indicator-set workbook a
# province starts its own set from, from its JSON twin (one worked example of each of
# the eleven rule kinds, each citing its source), and commune-starter.xlsx, the commune
# set to adapt: `dti-score set to-xlsx`. tests/setbook.rs checks that the committed
# workbooks have the cells this writes.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# The workbooks, each from its JSON twin: the rule-kind examples (authoring/), and the
# commune starter set (templates/, issue 17 item 3).
for name in authoring/set-template templates/commune-starter; do
  cargo run --quiet --bin dti-score -- set to-xlsx \
    "indicator-sets/$name.json" \
    -o "indicator-sets/$name.xlsx"
  echo "[set-template] wrote indicator-sets/$name.xlsx"
done
