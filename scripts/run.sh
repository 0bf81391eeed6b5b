#!/usr/bin/env bash
# The README's first command: installs what is missing, builds the page into dist/
# and serves it on http://localhost:8080 (PORT=… to change) with the default set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"
PORT="${PORT:-8080}"

bash scripts/setup.sh
bash scripts/build-web.sh
echo "[run] serving dist/ on http://localhost:$PORT (Ctrl-C to stop)"
exec cargo run --quiet --release -- serve dist --port "$PORT"
