#!/usr/bin/env bash
# Starts the frontend dev server (:3000) and the backend (:7007) with app-config.yaml
# (SQLite in memory, guest sign-in): nothing else has to run first.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
step "Starting the portal: frontend http://localhost:3000, backend http://localhost:7007"
note "first page in about 15 s; stop with Ctrl-C"
exec node "$YARN_JS" start "$@"
