#!/usr/bin/env bash
# Installs whatever the build, the page and the tests need and is missing:
# the wasm32 target, the pinned wasm-bindgen CLI, Debian's Chromium,
# ChromeDriver, Firefox ESR, WebKitGTK's WebDriver (with Xvfb, the display it needs)
# and binaryen, geckodriver, and playwright-core.
# Idempotent: when everything is already there it only checks and returns
# within a second or two. Never uses a tool's own browser/binary downloads
# (only rustup, crates.io, Debian's packages and the npm registry).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Must match the `wasm-bindgen = "=…"` pin in Cargo.toml exactly.
WASM_BINDGEN_VERSION=0.2.130

say() { printf '[setup] %s\n' "$*"; }
die() { printf '[setup] error: %s\n' "$*" >&2; exit 1; }

pinned=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
[ "$pinned" = "$WASM_BINDGEN_VERSION" ] ||
  die "Cargo.toml pins wasm-bindgen '$pinned' but scripts/setup.sh installs $WASM_BINDGEN_VERSION; make them equal"

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first"

# 1. The wasm32 target.
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  say "adding the rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# 2. Debian packages: browsers and drivers for the browser tests, binaryen for wasm-opt,
#    brotli for the precompressed files of dist/ that `dti-score serve` sends,
#    poppler-utils for pdftotext (the e2e suite reads the printed report's PDF),
#    webkit2gtk-driver (WebKitWebDriver and MiniBrowser: the e2e suite in WebKitGTK) with
#    xvfb and xauth for xvfb-run, the display it needs. (wpewebkit-driver runs headless
#    but Debian 12's WPE is 2.38, twelve releases behind WebKitGTK's 2.50, and cannot
#    size its window; see the README's "Browsers".) libreoffice-calc-nogui: soffice, which
#    saves the values workbook again in tests/workbook.rs (a LibreOffice-saved workbook
#    must read back the same).
apt_missing=()
for pkg in chromium chromium-driver firefox-esr binaryen brotli poppler-utils webkit2gtk-driver xvfb xauth libreoffice-calc-nogui; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || apt_missing+=("$pkg")
done
command -v node >/dev/null || apt_missing+=(nodejs npm)
if [ ${#apt_missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${apt_missing[*]}"
  [ "$(id -u)" = 0 ] && SUDO="" || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

# 3. wasm-bindgen-cli (wasm-bindgen and wasm-bindgen-test-runner), pinned.
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "building wasm-bindgen-cli $WASM_BINDGEN_VERSION (a few minutes, once)"
  # --locked first; its lock file can name a dependency version the registry no
  # longer serves (seen: webpki-roots 1.0.11), then resolve afresh.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --force --quiet ||
    { say "locked install failed; resolving wasm-bindgen-cli's dependencies afresh";
      cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force --quiet; }
fi

# 4. geckodriver, for the wasm tests in Firefox.
if ! command -v geckodriver >/dev/null; then
  say "building geckodriver (a few minutes, once)"
  cargo install geckodriver --locked --quiet ||
    { say "locked install failed; resolving geckodriver's dependencies afresh";
      cargo install geckodriver --quiet; }
fi

# 5. playwright-core for the end-to-end tests (no browser download: it drives /usr/bin/chromium).
if [ ! -f tests/e2e/node_modules/.package-lock.json ] ||
   [ tests/e2e/package-lock.json -nt tests/e2e/node_modules/.package-lock.json ]; then
  say "installing tests/e2e node modules"
  (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# 6. cargo-fuzz for the short fuzz run of scripts/test.sh (scripts/fuzz.sh), only where a
#    nightly toolchain is installed (libFuzzer needs nightly; none is installed here).
if rustup toolchain list 2>/dev/null | grep -q '^nightly' && ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  say "building cargo-fuzz (a minute or two, once)"
  cargo install cargo-fuzz --locked --quiet ||
    say "cargo-fuzz could not be installed: scripts/test.sh skips the fuzz step"
fi

say "ok: $(wasm-bindgen --version), $(wasm-opt --version 2>/dev/null | head -1), $(geckodriver --version 2>/dev/null | head -1), WebKitGTK $(dpkg-query -W -f='${Version}' webkit2gtk-driver)"
