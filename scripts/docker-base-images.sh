#!/usr/bin/env bash
# Makes local stand-ins for the base images the Dockerfile's FROM lines name, since no
# image registry is reachable from here, and loads them into the Docker daemon at
# $DOCKER_HOST (skipped when it already holds the same stand-in):
#   node:24-bookworm-slim                          Debian bookworm (debootstrap minbase) + Node.js + npm,
#                                                  with this machine's CA bundle and npm CA setting
#   gcr.io/distroless/nodejs24-debian12:nonroot    /nodejs/bin/node, the shared libraries it loads,
#                                                  /etc/passwd and /etc/group with nonroot (65532),
#                                                  CA certificates, /tmp
# Root filesystems are cached as tarballs under the cache root, keyed by version.
set -euo pipefail
cd "$(dirname "$0")/.."

DOCKER="${DOCKER:-/usr/bin/docker}"
: "${DOCKER_HOST:?DOCKER_HOST must name the Docker daemon to load the images into}"
# shellcheck source=cache.sh
source scripts/cache.sh
IMAGES="$CACHE_ROOT/images"
BUILD_IMAGE="node:24-bookworm-slim"
RUNTIME_IMAGE="gcr.io/distroless/nodejs24-debian12:nonroot"
HOST_CA_BUNDLE="${HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"

mkdir -p "$IMAGES"
exec 7>"$IMAGES/build.lock"
flock 7

node_bin="$(bash scripts/node-runtime.sh 24)"
node_version="$("$node_bin/node" --version)"
npm_dir="$(bash scripts/node-runtime.sh --npm)"
npm_version="$("$node_bin/node" -p "require('$npm_dir/package.json').version")"
ca_sum="$(sha256sum "$HOST_CA_BUNDLE" | cut -c1-12)"

# The Debian mirror apt uses on this machine (deb822 or one-line sources).
debian_mirror() {
  local uri
  uri="$(grep -hs -E '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null \
    | grep -v security | sed -E 's/^URIs:[[:space:]]*//; s/^deb (\[[^]]*\] )?//' | awk '{print $1}' | grep -E '^https?://' | head -1)"
  echo "${uri:-http://deb.debian.org/debian}"
}

bookworm_rootfs() {
  local tar="$IMAGES/debian-bookworm-minbase.tar" dir
  if [[ ! -f "$tar" ]]; then
    command -v debootstrap >/dev/null || { echo "error: debootstrap is missing: run scripts/setup-system.sh (apt-get install debootstrap)" >&2; exit 1; }
    dir="$(mktemp -d "$IMAGES/rootfs.XXXXXX")"
    log "debootstrap --variant=minbase bookworm from $(debian_mirror) (once; a few minutes)"
    debootstrap --variant=minbase bookworm "$dir" "$(debian_mirror)" >"$dir.log" 2>&1 \
      || { tail -20 "$dir.log" >&2; echo "error: debootstrap failed; log in $dir.log" >&2; exit 1; }
    rm -rf "$dir"/var/cache/apt/archives/*.deb "$dir"/var/lib/apt/lists/*
    tar --numeric-owner -C "$dir" -cf "$tar.tmp" . && mv "$tar.tmp" "$tar"
    rm -rf "$dir" "$dir.log"
  fi
  echo "$tar"
}

# Loads a root filesystem directory as IMAGE unless the daemon holds one with the same key.
import_image() {
  local image="$1" key="$2" dir="$3"; shift 3
  log "$image: importing ($key)"
  tar --numeric-owner -C "$dir" -c . | "$DOCKER" import --change "LABEL io.kubectl-workspace.stand-in=$key" "$@" - "$image" >/dev/null
}
has_image() {
  [[ "$("$DOCKER" image inspect -f '{{ index .Config.Labels "io.kubectl-workspace.stand-in" }}' "$1" 2>/dev/null)" == "$2" ]]
}

build_stage_image() {
  local key="bookworm-minbase+node-$node_version+npm-$npm_version+ca-$ca_sum" dir rootfs extra_ca cafile registry
  if has_image "$BUILD_IMAGE" "$key"; then log "$BUILD_IMAGE: present ($key)"; return; fi
  rootfs="$(bookworm_rootfs)"
  dir="$(mktemp -d "$IMAGES/stage.XXXXXX")"
  tar --numeric-owner -C "$dir" -xf "$rootfs"
  install -D -m 0755 "$node_bin/node" "$dir/usr/local/bin/node"
  mkdir -p "$dir/usr/local/lib/node_modules"
  cp -a "$npm_dir" "$dir/usr/local/lib/node_modules/npm"
  ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$dir/usr/local/bin/npm"
  ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$dir/usr/local/bin/npx"
  install -D -m 0644 "$HOST_CA_BUNDLE" "$dir/etc/ssl/certs/ca-certificates.crt"
  # npm inside the build reaches the registry as the host's npm does: same registry, same CA file.
  registry="$(npm config get registry)"
  cafile="$(npm config get cafile)"
  mkdir -p "$dir/usr/local/etc"
  build_npmrc "$registry" "$cafile" >"$dir/usr/local/etc/npmrc"
  extra_ca=()
  [[ -n "${NODE_EXTRA_CA_CERTS:-}" ]] && extra_ca=(--change "ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt")
  import_image "$BUILD_IMAGE" "$key" "$dir" \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV NODE_VERSION=${node_version#v}" "${extra_ca[@]}" \
    --change 'CMD ["node"]'
  rm -rf "$dir"
}
# The global npmrc of the build-stage image: the host's registry, and its CA file when it sets one.
build_npmrc() {
  echo "registry=$1"
  if [[ "$2" != "null" && -n "$2" ]]; then echo "cafile=/etc/ssl/certs/ca-certificates.crt"; fi
  echo "update-notifier=false"
}

runtime_image() {
  local key="distroless-debian12+node-$node_version+ca-$ca_sum" dir lib
  if has_image "$RUNTIME_IMAGE" "$key"; then log "$RUNTIME_IMAGE: present ($key)"; return; fi
  dir="$(mktemp -d "$IMAGES/stage.XXXXXX")"
  install -D -m 0755 "$node_bin/node" "$dir/nodejs/bin/node"
  # The dynamic loader and every library node links against, at the paths ldd reports.
  for lib in $(ldd "$node_bin/node" | grep -oE '/[^ ]+'); do
    cp -L --parents "$lib" "$dir/"
  done
  install -D -m 0644 "$HOST_CA_BUNDLE" "$dir/etc/ssl/certs/ca-certificates.crt"
  printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' 'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' \
    'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"$dir/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' 'tty:x:5:' 'staff:x:50:' 'nonroot:x:65532:' >"$dir/etc/group"
  chmod 0644 "$dir/etc/passwd" "$dir/etc/group"
  install -d -m 1777 "$dir/tmp"
  install -d -m 0700 -o 65532 -g 65532 "$dir/home/nonroot"
  install -d -m 0700 "$dir/root"
  chmod 0755 "$dir"
  import_image "$RUNTIME_IMAGE" "$key" "$dir" \
    --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
    --change "ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt" \
    --change "USER 65532" --change "WORKDIR /home/nonroot" \
    --change 'ENTRYPOINT ["/nodejs/bin/node"]'
  rm -rf "$dir"
}

build_stage_image
runtime_image
echo "$BUILD_IMAGE"
echo "$RUNTIME_IMAGE"
