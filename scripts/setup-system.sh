#!/usr/bin/env bash
# Installs what the tests need beyond npm and Go, on a fresh machine: Debian's docker.io
# (dockerd and the docker client for the image tests; its containerd also serves the local
# node's kubelet), debootstrap (the build-stage base image's root filesystem), wrk (the bench's
# load generator for the webhook), and for the local node (`cluster up --node`): runc, the CNI
# plugins (bridge, host-local, portmap, loopback in /usr/lib/cni), iptables and conntrack for
# kube-proxy; then the pinned Node.js runtimes the artifact tests run under
# (scripts/node-runtime.sh; cached outside the repository). Idempotent: a machine
# that has everything only pays for the checks.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup-system %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

missing=()
[[ -x /usr/sbin/dockerd && -x /usr/bin/docker ]] || missing+=(docker.io)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v wrk >/dev/null || missing+=(wrk)
[[ -x /usr/bin/containerd && -x /usr/bin/ctr ]] || missing+=(containerd)
command -v runc >/dev/null || missing+=(runc)
[[ -x /usr/lib/cni/bridge && -x /usr/lib/cni/host-local && -x /usr/lib/cni/portmap && -x /usr/lib/cni/loopback ]] \
  || missing+=(containernetworking-plugins)
command -v iptables >/dev/null || missing+=(iptables)
command -v conntrack >/dev/null || missing+=(conntrack)
if (( ${#missing[@]} > 0 )); then
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
    log "installing ${missing[*]} with apt-get"
    # No service is started by the install: the tests start their own dockerd on a private socket.
    policy_added=""
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 0755 /usr/sbin/policy-rc.d && policy_added=1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    [[ -z "$policy_added" ]] || rm -f /usr/sbin/policy-rc.d
  else
    log "not installed: ${missing[*]} (needs root and apt-get); the image tests will run their fallback"
  fi
fi

bash scripts/node-runtime.sh 24 22 18 >/dev/null
bash scripts/node-runtime.sh --npm >/dev/null
log "system packages and Node.js runtimes ready"
