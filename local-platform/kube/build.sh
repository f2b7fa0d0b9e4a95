#!/usr/bin/env bash
# Build a real kube-apiserver and kine (etcd API on SQLite) from the Go module proxy -- no Docker, no GitHub.
#
#   local-platform/kube/build.sh <install-dir>        e.g. local-platform/.install/kube
#
# Produces <install-dir>/bin/{kube-apiserver,kine} plus one version stamp per binary. Idempotent: a binary whose
# stamp matches the pins below is not rebuilt. Uses the normal per-user Go caches (GOMODCACHE, GOCACHE): cold
# ~13 min on 2 cores (module download ~200 MB), warm (fresh checkout, caches kept) ~20 s, up to date ~0 s.
#
# Why a wrapper module: k8s.io/kubernetes' go.mod requires its ~30 staging modules at v0.0.0 and `replace`s them
# with ./staging/src/... (which are nested modules, absent from the module zip), so `go install
# k8s.io/kubernetes/cmd/kube-apiserver@vX` is refused. The throw-away module generated in <install-dir>/src/kube
# maps every entry of that release's own replace block to the published k8s.io/<m>@v0.<minor>.<patch>.
# kine has no replace directives; its wrapper (<install-dir>/src/kine) only requires it. Both wrappers are
# regenerated on every build and never committed (<install-dir> is git-ignored).
#
# Env: GO (go binary; default: go on PATH, else /usr/local/go/bin/go), KUBE_BUILD_FORCE=1 (rebuild anyway).
# With warm caches the build also works offline (GOPROXY=off).
set -euo pipefail

# ---- pins ---------------------------------------------------------------------------------------------------
KUBE_VERSION=v1.36.3   # k8s.io/kubernetes tag served by the Go proxy; staging modules follow as v0.36.3
KINE_VERSION=v0.17.5   # github.com/k3s-io/kine
# --------------------------------------------------------------------------------------------------------------

INSTALL=${1:?usage: $0 <install-dir>}
mkdir -p "$INSTALL"
INSTALL=$(cd "$INSTALL" && pwd)
BIN=$INSTALL/bin
SRC=$INSTALL/src/kube
mkdir -p "$BIN"

GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
export GOTOOLCHAIN=local GOFLAGS=-mod=mod   # never fetch another toolchain; go.mod of the wrapper is writable
GO_VERSION=$("$GO" env GOVERSION)

T0=$SECONDS
log() { printf '[kube-build +%4ds] %s\n' "$((SECONDS - T0))" "$*"; }

# stamp = what the binary was built from; a different go toolchain or pin triggers a rebuild
KUBE_STAMP="kube-apiserver $KUBE_VERSION $GO_VERSION"
KINE_STAMP="kine $KINE_VERSION $GO_VERSION"
up_to_date() {  # <binary> <stamp>
  [[ -z ${KUBE_BUILD_FORCE:-} && -x $BIN/$1 && -f $BIN/.$1.stamp && "$(cat "$BIN/.$1.stamp")" == "$2" ]]
}

# ---- kine -----------------------------------------------------------------------------------------------------
if up_to_date kine "$KINE_STAMP"; then
  log "kine $KINE_VERSION: up to date ($BIN/kine)"
else
  rm -f "$BIN/.kine.stamp"
  log "kine $KINE_VERSION: wrapper $INSTALL/src/kine + download"
  # `go install kine@v` would also work, but it always asks the proxy for deprecation info (fails offline);
  # a wrapper requiring only kine selects exactly kine's own go.mod versions.
  rm -rf "$INSTALL/src/kine"; mkdir -p "$INSTALL/src/kine"; cd "$INSTALL/src/kine"
  "$GO" mod init local/kine-wrapper >/dev/null 2>&1
  "$GO" mod edit -require="github.com/k3s-io/kine@$KINE_VERSION"
  "$GO" list -deps github.com/k3s-io/kine >/dev/null     # downloads what is missing, fills go.sum
  log "kine: compile (cgo SQLite via gcc, nice -n 10)"
  # tags and CGO_CFLAGS as in kine's scripts/build (minus nats); -s -w as upstream release builds
  CGO_ENABLED=1 \
  CGO_CFLAGS="-DSQLITE_DEFAULT_MEMSTATUS=0 -DSQLITE_DISABLE_INTRINSIC -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ENABLE_STAT4 -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_LIKE_DOESNT_MATCH_BLOBS -DSQLITE_THREADSAFE=1" \
  nice -n 10 "$GO" build -trimpath -tags "sqlite_unlock_notify,sqlite_stat4,sqlite_dbstat" \
    -ldflags "-s -w -X github.com/k3s-io/kine/pkg/version.Version=$KINE_VERSION" \
    -o "$BIN/kine.tmp" github.com/k3s-io/kine
  mv -f "$BIN/kine.tmp" "$BIN/kine"
  echo "$KINE_STAMP" > "$BIN/.kine.stamp"
  log "kine: built ($(du -h "$BIN/kine" | cut -f1)); $("$BIN/kine" --version)"
fi

# ---- kube-apiserver -----------------------------------------------------------------------------------------
if up_to_date kube-apiserver "$KUBE_STAMP"; then
  log "kube-apiserver $KUBE_VERSION: up to date ($BIN/kube-apiserver)"
  exit 0
fi
rm -f "$BIN/.kube-apiserver.stamp"

# v1.36.3 -> staging v0.36.3
[[ $KUBE_VERSION =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] || { echo "KUBE_VERSION must look like v1.N.P" >&2; exit 2; }
KUBE_MINOR=${BASH_REMATCH[1]}
STAGING_VERSION=v0.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}

log "resolve: go.mod of k8s.io/kubernetes@$KUBE_VERSION (go.mod only, no zip)"
# `go list -m -json mod@v` fetches only .info/.mod; print GoMod path and release time (used as buildDate)
KINFO=$("$GO" list -m -f '{{.GoMod}} {{.Time.UTC.Format "2006-01-02T15:04:05Z"}}' "k8s.io/kubernetes@$KUBE_VERSION")
read -r KGOMOD KTIME <<<"$KINFO"

log "wrapper: generating $SRC"
rm -rf "$SRC"; mkdir -p "$SRC"; cd "$SRC"
"$GO" mod init local/kube-apiserver-wrapper >/dev/null 2>&1
# Replace block of the release -> published modules. Local-path targets (./staging/src/k8s.io/x) map to
# k8s.io/x@$STAGING_VERSION; any non-local replacement is copied verbatim. Handles block and one-line forms.
mapfile -t REPLACES < <(awk -v sv="$STAGING_VERSION" '
  function emit(line,   a, n) {
    sub(/\/\/.*/, "", line); n = split(line, a, /[ \t]+/)
    # fields: old [oldver] => new [newver]
    for (i = 1; i <= n; i++) if (a[i] == "=>") break
    if (i > n) return
    old = (i == 3) ? a[1] "@" a[2] : a[1]
    if (a[i+1] ~ /^\.\.?\//) { print old "=" a[1] "@" sv }
    else if (i + 2 <= n && a[i+2] != "") { print old "=" a[i+1] "@" a[i+2] }
    else { print old "=" a[i+1] }
  }
  /^replace[ \t]*\($/ { inblk = 1; next }
  inblk && /^\)/      { inblk = 0; next }
  inblk               { l = $0; gsub(/^[ \t]+/, "", l); if (l != "") emit(l); next }
  /^replace[ \t]/     { l = $0; sub(/^replace[ \t]+/, "", l); emit(l) }
' "$KGOMOD")
(( ${#REPLACES[@]} > 0 )) || { echo "no replace directives found in $KGOMOD" >&2; exit 1; }
EDITS=()
for r in "${REPLACES[@]}"; do EDITS+=("-replace=$r"); done
# godebug lines of a dependency are ignored by Go; copy them so runtime defaults equal the upstream build
while read -r gd; do EDITS+=("-godebug=$gd"); done < <(awk '/^godebug[ \t]+[^(]/{print $2}' "$KGOMOD")
"$GO" mod edit "${EDITS[@]}"
log "wrapper: ${#REPLACES[@]} replace directives (staging -> $STAGING_VERSION)"

"$GO" mod edit -require="k8s.io/kubernetes@$KUBE_VERSION"
log "download: modules for k8s.io/kubernetes/cmd/kube-apiserver (fills go.sum; works offline with a warm cache)"
"$GO" list -deps k8s.io/kubernetes/cmd/kube-apiserver >/dev/null

log "compile: go build kube-apiserver (nice -n 10, CGO_ENABLED=0; cold ~10+ min on 2 cores)"
LDX=""
for pkg in k8s.io/client-go/pkg/version k8s.io/component-base/version; do
  LDX+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$KUBE_MINOR -X $pkg.buildDate=$KTIME"
done
# flags as upstream hack/lib/golang.sh (non-debug): -trimpath, -s -w, tags selinux,notest,grpcnotrace
CGO_ENABLED=0 nice -n 10 "$GO" build -trimpath -tags selinux,notest,grpcnotrace \
  -ldflags "-s -w$LDX" -o "$BIN/kube-apiserver.tmp" k8s.io/kubernetes/cmd/kube-apiserver
mv -f "$BIN/kube-apiserver.tmp" "$BIN/kube-apiserver"
echo "$KUBE_STAMP" > "$BIN/.kube-apiserver.stamp"
log "kube-apiserver: built ($(du -h "$BIN/kube-apiserver" | cut -f1)); $("$BIN/kube-apiserver" --version)"
