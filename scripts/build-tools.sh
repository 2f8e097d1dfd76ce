#!/usr/bin/env bash
# Builds the Go tools the tests, the local control plane and its node need, from the Go
# module proxy, pinned, into a cache outside the repository keyed by version.
# Only the first run builds; later runs print the cached paths and exit.
#
#   scripts/build-tools.sh            build (or reuse) everything
#   scripts/build-tools.sh --print    print the bin directory and exit
set -euo pipefail

KUBERNETES_VERSION="${KUBERNETES_VERSION:-v1.36.3}"
ETCD_VERSION="${ETCD_VERSION:-v3.6.16}"
HELM_VERSION="${HELM_VERSION:-v3.22.0}"

CACHE_ROOT="${KUBECTL_WORKSPACE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-workspace}"
BIN_DIR="$CACHE_ROOT/bin/k8s-$KUBERNETES_VERSION-etcd-$ETCD_VERSION-helm-$HELM_VERSION"

if [[ "${1:-}" == "--print" ]]; then echo "$BIN_DIR"; exit 0; fi

log() { printf '[build-tools %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
mkdir -p "$BIN_DIR"

# Concurrent callers (parallel test runs) wait for one build instead of racing it.
exec 9>"$CACHE_ROOT/build.lock"
if ! flock -n 9; then
  log "another build is running; waiting for it"
  flock 9
fi

# Each tool is built in its own throwaway module so that the pins of one
# never leak into another.
new_module() {
  local dir
  dir="$(mktemp -d "$CACHE_ROOT/build.XXXXXX")"
  (cd "$dir" && go mod init kubectl-workspace.local/build >/dev/null 2>&1)
  echo "$dir"
}

# Every binary built from the k8s.io/kubernetes module: the control plane and kubectl,
# and what the local node (`cluster up --node`) runs. Each is checked on its own, so a
# cache made before a binary joined this list gets the missing one built.
KUBERNETES_COMMANDS=(kube-apiserver kubectl kube-scheduler kube-controller-manager kubelet kube-proxy)

build_kubernetes() {
  local missing=() cmd
  for cmd in "${KUBERNETES_COMMANDS[@]}"; do
    [[ -x "$BIN_DIR/$cmd" ]] || missing+=("$cmd")
  done
  if (( ${#missing[@]} == 0 )); then
    log "${KUBERNETES_COMMANDS[*]} $KUBERNETES_VERSION: cached"; return
  fi
  local dir gomod staging_version minor
  dir="$(new_module)"
  log "kubernetes $KUBERNETES_VERSION: resolving module for ${missing[*]} (workdir $dir)"
  gomod="$(cd "$dir" && go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" \
    | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  # Staging modules are published as k8s.io/<name> v0.<minor>.<patch>.
  staging_version="v0.${KUBERNETES_VERSION#v1.}"
  # The replace list is derived from kubernetes' own go.mod: every
  # "k8s.io/x => ./staging/src/k8s.io/x" becomes "k8s.io/x => k8s.io/x <staging_version>".
  {
    echo "require k8s.io/kubernetes $KUBERNETES_VERSION"
    echo "replace ("
    sed -n 's#^[[:space:]]*\(k8s\.io/[a-z0-9-]*\) => \./staging/src/.*#\t\1 => \1 '"$staging_version"'#p' "$gomod"
    echo ")"
  } >>"$dir/go.mod"
  log "kubernetes: $(grep -c ' => ' "$dir/go.mod") staging replaces derived from $gomod"
  local packages=()
  for cmd in "${missing[@]}"; do packages+=("k8s.io/kubernetes/cmd/$cmd@$KUBERNETES_VERSION"); done
  (cd "$dir" && go get "${packages[@]}")
  minor="${KUBERNETES_VERSION#v1.}"; minor="${minor%%.*}"
  local ldflags="" pkg
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  done
  for cmd in "${missing[@]}"; do
    log "kubernetes: compiling $cmd (the first one takes several minutes on 2 cores)"
    (cd "$dir" && go build -trimpath -ldflags "-s -w $ldflags" -o "$BIN_DIR/$cmd.tmp" "k8s.io/kubernetes/cmd/$cmd")
    mv "$BIN_DIR/$cmd.tmp" "$BIN_DIR/$cmd"
  done
  rm -rf "$dir"
}

build_etcd() {
  if [[ -x "$BIN_DIR/etcd" ]]; then log "etcd $ETCD_VERSION: cached"; return; fi
  local dir; dir="$(new_module)"
  log "etcd $ETCD_VERSION: compiling"
  (cd "$dir" && go get "go.etcd.io/etcd/server/v3@$ETCD_VERSION" \
    && go build -trimpath -ldflags "-s -w" -o "$BIN_DIR/etcd.tmp" go.etcd.io/etcd/server/v3)
  mv "$BIN_DIR/etcd.tmp" "$BIN_DIR/etcd"
  rm -rf "$dir"
}

build_helm() {
  # Helm's default capabilities (the Kubernetes version `helm template` and
  # `helm lint` assume) come from the client-go it was built with, as its own
  # Makefile stamps them; the stamp file records what the cached binary got.
  local gomod k8s_minor ldflags
  gomod="$(go mod download -json "helm.sh/helm/v3@$HELM_VERSION" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')"
  k8s_minor="$(sed -n 's/^[[:space:]]*k8s\.io\/client-go v0\.\([0-9]*\)\..*/\1/p' "$gomod")"
  ldflags="-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  local pkg
  for pkg in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldflags+=" -X $pkg.k8sVersionMajor=1 -X $pkg.k8sVersionMinor=$k8s_minor"
  done
  if [[ -x "$BIN_DIR/helm" && "$(cat "$BIN_DIR/helm.stamp" 2>/dev/null)" == "$ldflags" ]]; then
    log "helm $HELM_VERSION: cached"; return
  fi
  local dir; dir="$(new_module)"
  log "helm $HELM_VERSION: compiling (assumes Kubernetes 1.$k8s_minor by default)"
  (cd "$dir" && go get "helm.sh/helm/v3/cmd/helm@$HELM_VERSION" \
    && go build -trimpath -ldflags "$ldflags" -o "$BIN_DIR/helm.tmp" helm.sh/helm/v3/cmd/helm)
  mv "$BIN_DIR/helm.tmp" "$BIN_DIR/helm"
  echo "$ldflags" >"$BIN_DIR/helm.stamp"
  rm -rf "$dir"
}

# The local node's sandbox image holds this static binary (cluster/pause); no registry serves one.
build_pause() {
  local src sum
  src="$(cd "$(dirname "$0")/../cluster/pause" && pwd)"
  sum="$(sha256sum "$src/main.go" | cut -c1-16)"
  if [[ -x "$BIN_DIR/pause" && "$(cat "$BIN_DIR/pause.stamp" 2>/dev/null)" == "$sum" ]]; then log "pause stand-in: cached"; return; fi
  log "pause stand-in: compiling"
  (cd "$src" && CGO_ENABLED=0 GO111MODULE=off go build -trimpath -ldflags "-s -w" -o "$BIN_DIR/pause.tmp" main.go)
  mv "$BIN_DIR/pause.tmp" "$BIN_DIR/pause"
  echo "$sum" >"$BIN_DIR/pause.stamp"
}

start=$SECONDS
build_etcd
build_kubernetes
build_helm
build_pause
log "all tools ready in $BIN_DIR ($((SECONDS - start)) s)"
echo "$BIN_DIR"
