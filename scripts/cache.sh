# Sourced by the scripts that keep downloads and builds outside the repository: where that
# cache lives (KUBECTL_WORKSPACE_CACHE overrides it) and `log`, a timestamped line on stderr
# named after the script that sourced this file.
CACHE_ROOT="${KUBECTL_WORKSPACE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-workspace}"
LOG_NAME="$(basename "${BASH_SOURCE[1]}" .sh)"
log() { printf '[%s %s] %s\n' "$LOG_NAME" "$(date +%H:%M:%S)" "$*" >&2; }
