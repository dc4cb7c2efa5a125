# Shared by the scripts: where things are, how steps print, what the machine has.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export ROOT
cd "$ROOT"

# A target dir outside the clone survives fresh clones (CI clones anew every run).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rollcall/target}"
export SQLX_OFFLINE="${SQLX_OFFLINE:-true}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export NO_AT_BRIDGE=1
export PATH="$HOME/.cargo/bin:$PATH"

# What every cargo command of the scripts selects, so that they all build one set of units.
# Cargo chooses a dependency's features from what a command selects (and dev-dependencies count
# only when a test or bench target is selected): `-p rollcall-desktop` or a lone `--bench` picks
# other features of tokio, serde_json, regex … than the whole workspace's tests, and then builds
# them and everything above them again. With the whole workspace selected, clippy, the tests,
# the doc tests, the drift checks, the e2e app and the quick benchmarks share one build. The
# desktop app is built with its UI embedded (tauri's custom-protocol, as `tauri build` does),
# so the app the tests drive is the one the tests built; the UI must be built first
# (npm run build --workspace ui), as ./scripts/test does.
CARGO_ALL=(--workspace --locked --features rollcall-desktop/custom-protocol)

_t0=$SECONDS
step() { printf '\n=== [%ss] %s\n' "$((SECONDS - _t0))" "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\nERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "Need root to run: $* (install sudo or run as root)"; fi
}

# The packages Tauri 2 needs on Debian/Ubuntu, plus what the tests use (Xvfb, WebKitWebDriver,
# gnome-keyring for the real Secret Service, ImageMagick for screenshots checks, and the sqlite3
# command-line tool, with which the sqlx drift check builds its schema and the load test reads
# the store).
APT_PACKAGES=(build-essential curl wget file pkg-config libssl-dev libxdo-dev
  libwebkit2gtk-4.1-dev libayatana-appindicator3-dev librsvg2-dev
  xvfb xauth webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools
  imagemagick xdotool keyutils sqlite3)

ensure_apt_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    note "installing system packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

ensure_rust() {
  command -v cargo >/dev/null || die "Rust is not installed. Install it with rustup (https://rustup.rs), then run this again."
  rustup component list --installed 2>/dev/null | grep -q rustfmt || rustup component add rustfmt clippy >/dev/null 2>&1 || true
}

ensure_node() {
  command -v node >/dev/null || die "Node.js 20 or newer is needed (apt-get install nodejs npm)."
  local major; major=$(node -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || die "Node.js $major is too old; Rollcall's UI needs Node.js 20 or newer."
}

# npm ci only when the lockfile changed since the last install.
ensure_npm_packages() {
  local stamp=node_modules/.rollcall-lock-hash want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    npm ci --no-audit --no-fund --loglevel=error
    echo "$want" > "$stamp"
  fi
}

# The UI's static build (ui/build), which the desktop crate embeds (CARGO_ALL): built when it is
# missing or older than any of its sources.
ensure_ui_built() {
  local stamp=ui/build/index.html
  if [ ! -f "$stamp" ] || [ -n "$(find ui/src ui/static ui/package.json ui/svelte.config.js ui/vite.config.ts \
      package-lock.json -newer "$stamp" -print -quit 2>/dev/null)" ]; then
    npm run build --workspace ui --silent
  fi
}

ensure_cargo_tool() { # name version-req [extra cargo-install args]
  local bin=$1 req=$2; shift 2
  command -v "$bin" >/dev/null && return 0
  note "installing $bin from crates.io"
  cargo install --locked --version "$req" "$@"
}
