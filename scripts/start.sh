#!/usr/bin/env bash
# Starts the local platform (real Spark, Flink, Ray, Nessie and S3 on 127.0.0.1; see local-platform/README.md),
# then the frontend dev server (:3000) and the backend (:7007) with app-config.yaml (SQLite in memory, guest
# sign-in). With PORTAL_LOCAL_PLATFORM=0 the engines are left alone (for a portal configured for real clusters).
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
if [ "${PORTAL_LOCAL_PLATFORM:-1}" != 0 ]; then
  step "Starting the local platform (first time: installs the engines, about 5 min; then about 1 min)"
  "$ROOT/local-platform/lp" up ||
    die "the local platform did not start (see the message above); PORTAL_LOCAL_PLATFORM=0 ./portal start skips it"
  note "engines keep running after the portal stops: local-platform/lp down stops them"
  # Engine URLs and the local S3 credentials (AWS_*), which the backend's job staging reads.
  eval "$("$ROOT/local-platform/lp" env)"
fi
step "Starting the portal: frontend http://localhost:3000, backend http://localhost:7007"
note "first page in about 15 s; stop with Ctrl-C"
exec node "$YARN_JS" start "$@"
