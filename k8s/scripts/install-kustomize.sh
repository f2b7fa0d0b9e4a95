#!/usr/bin/env bash
# Installs a pinned kustomize into <repo>/.tools/bin with `go install` (Go module proxy).
# Idempotent: does nothing when the pinned version is already there.
#
# v5.8.2 is the newest kustomize whose go.mod accepts Go 1.26 (v5.8.3 requires Go >= 1.27).
set -euo pipefail

KUSTOMIZE_VERSION="${KUSTOMIZE_VERSION:-v5.8.2}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN_DIR="${REPO_ROOT}/.tools/bin"
BIN="${BIN_DIR}/kustomize"

log() { echo "[install-kustomize] $*"; }

if [[ -x "${BIN}" ]] && "${BIN}" version 2>/dev/null | grep -q "${KUSTOMIZE_VERSION}"; then
  log "kustomize ${KUSTOMIZE_VERSION} already installed at ${BIN}"
  exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "ERROR: 'go' is not on PATH; install Go >= 1.26 first" >&2
  exit 1
fi

mkdir -p "${BIN_DIR}"
log "using $(go version)"
log "go install sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION} -> ${BIN_DIR}"
# GOTOOLCHAIN=local: fail loudly instead of silently fetching another Go toolchain.
GOBIN="${BIN_DIR}" GOTOOLCHAIN=local GOFLAGS=-mod=mod \
  go install "sigs.k8s.io/kustomize/kustomize/v5@${KUSTOMIZE_VERSION}"

log "installed: $("${BIN}" version)"
