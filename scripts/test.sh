#!/usr/bin/env bash
# Every test of the repository, in the order that fails fastest:
#   0. the operators' CRDs             (local-platform/lp crds: from the package registries; the unit tests
#                                       validate manifests and status fixtures against them, kube.py serves them)
#   1. type check                      (yarn tsc)
#   2. unit tests of every package     (jest via backstage-cli; includes the k8s manifest validation)
#   3. the local platform's own tests  (pytest: real Spark, Flink, Ray, Nessie, S3 on 127.0.0.1)
#   4. integration tests               (*.integration.ts: real PostgreSQL, the real engines, a real kube-apiserver)
#   5. browser tests                   (Playwright + Debian's Chromium against the built portal)
# Results of each runner go to test-results/; the last line sums them up.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
export CI="${CI:-true}" # jest: no watch mode; Playwright: forbid test.only
RESULTS="$ROOT/test-results"
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
failed=0
phase() { # phase NAME CMD...: run one phase, remember a failure, go on with the next
  local name="$1"; shift
  step "$name"
  local t0=$SECONDS
  if "$@"; then note "$name: ok in $((SECONDS - t0)) s"; else
    note "$name: FAILED after $((SECONDS - t0)) s"; failed=1; fi
}

ensure_kustomize
ensure_postgres
ensure_redis
ensure_chromium
ensure_techdocs # mkdocs for the backend's TechDocs builder (browser tests render a docs page)

phase "Operator CRDs (cold: under a minute; warm: seconds)" "$ROOT/local-platform/lp" crds
phase "Type check" yarn tsc
phase "Unit tests" yarn backstage-cli repo test --json --outputFile="$RESULTS/unit.json"

# The engines start once for phases 3 and 4 (reused when already up); only what this run started stops.
step "Starting the local platform (cold: installs Spark, Flink, Ray, Nessie, S3 first, about 5 min)"
mkdir -p "$ROOT/local-platform/.run" && STARTED="$ROOT/local-platform/.run/started-by-portal-test.json"
KUBE_STARTED="$ROOT/local-platform/.run/kube-started-by-portal-test.json"
cleanup() {
  "$ROOT/local-platform/lp" down --started-file "$STARTED" >/dev/null 2>&1 || true
  [ -f "$KUBE_STARTED" ] && "$ROOT/local-platform/lp" down --started-file "$KUBE_STARTED" >/dev/null 2>&1 || true
}
trap cleanup EXIT
platform_up=1
"$ROOT/local-platform/lp" up --started-file "$STARTED" || { platform_up=0; failed=1; note "local platform: FAILED to start"; }

if [ "$platform_up" = 1 ]; then
  # Engine URLs and the local S3 credentials (AWS_*) for the integration tests and the e2e backend.
  eval "$("$ROOT/local-platform/lp" env)"
  phase "Local platform tests" "$ROOT/local-platform/lp" test --junitxml="$RESULTS/local-platform.xml"
fi

# The platform's own apps (apps/*) carry their own unit tests, run with the local platform's pytest.
apps() {
  local app rc=0
  for app in "$ROOT"/apps/*/; do
    note "tests of ${app#"$ROOT"/}"
    (cd "$app" && "$ROOT/local-platform/.install/venvs/tools/bin/python" -m pytest -q -p no:cacheprovider \
      --junitxml="$RESULTS/app-$(basename "$app").xml" tests) || rc=1
  done
  return $rc
}
[ "$platform_up" = 1 ] && phase "Apps' own tests" apps

integration() {
  local pkg rc=0
  # The platform's own tests stop and start engines: every integration test starts with all of them up.
  [ "$platform_up" = 1 ] && { "$ROOT/local-platform/lp" up >/dev/null || rc=1; }
  for pkg in packages/* plugins/* k8s; do
    [ -d "$pkg/src" ] || continue
    find "$pkg/src" -name '*.integration.ts' | grep -q . || continue
    note "integration tests of $pkg"
    (cd "$pkg" && "$ROOT/node_modules/.bin/backstage-cli" package test --runInBand \
      --testMatch '**/*.integration.ts' --json --outputFile="$RESULTS/integration-$(basename "$pkg").json") || rc=1
  done
  return $rc
}
# A real kube-apiserver (built from the Go module proxy, kine on SQLite) with the operators' CRDs, for the
# custom-resource side of the status backend; reused when already up, stopped only when this run started it.
step "Starting a Kubernetes API server (cold: compiles kube-apiserver and kine, about 13 min; warm: about 30 s)"
rm -f "$KUBE_STARTED"
if ! "$ROOT/local-platform/lp" up kube --started-file "$KUBE_STARTED" 2>&1 | tee "$RESULTS/kube-up.log"; then
  failed=1; note "Kubernetes API server: FAILED to start (see $RESULTS/kube-up.log)"
fi
phase "Integration tests" integration

browser() {
  # The Data platform page is tested against the real engines: make sure they are all up again
  # (the platform's lifecycle tests stop and start some of them).
  [ "$platform_up" = 1 ] && "$ROOT/local-platform/lp" up >/dev/null
  note "building the app (about 1 min)"
  yarn workspace app build >"$RESULTS/build.log" 2>&1 || { tail -40 "$RESULTS/build.log"; return 1; }
  yarn playwright test
}
phase "Browser tests" browser

node "$ROOT/scripts/summarize-results.js" "$RESULTS"
[ "$failed" = 0 ] || die "some test phases failed (see above); screenshots and traces: e2e-test-report/"
