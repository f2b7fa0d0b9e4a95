#!/usr/bin/env bash
# Starts the local platform (real Spark, Flink, Ray, Nessie and S3 on 127.0.0.1; see local-platform/README.md),
# then the frontend dev server (:3000) and the backend (:7007) with app-config.yaml (SQLite in memory, guest
# sign-in). With PORTAL_LOCAL_PLATFORM=0 the engines are left alone (for a portal configured for real clusters).
# On the local platform it also runs the fraud pipeline live (PORTAL_LIVE_FRAUD=0 skips it): the clickstream
# simulator on Ray and the fraud detector on Flink, both submitted through the portal's submit API; and the
# batch ETL (PORTAL_LIVE_ETL=0 skips it): the demo CSVs loaded into nessie.demo.users and products by Spark; and the
# recommender (PORTAL_LIVE_RECOMMENDER=0 skips it): trained once on Ray, served by Ray Serve, the newest promoted.
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
# The clickstream goes through the local Kafka: alerts reach /fraud within seconds of their window.
LIVE_EVENTS="kafka://${KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:19092}/clickstream"
children=()
stop_children() { [ ${#children[@]} -eq 0 ] || kill "${children[@]}" 2>/dev/null || true; }
trap stop_children EXIT
trap 'exit 130' INT TERM
if [ "${PORTAL_LOCAL_PLATFORM:-1}" != 0 ] && [ "${PORTAL_LIVE_FRAUD:-1}" != 0 ]; then
  step "Starting the live fraud pipeline: simulator (Ray) -> $LIVE_EVENTS -> Flink -> fraud.alerts + Kafka fraud-alerts"
  note "alerts on http://localhost:3000/fraud within a few minutes, the simulator's controls there too; PORTAL_LIVE_FRAUD=0 skips this"
  py="$ROOT/local-platform/.install/venvs/tools/bin/python"
  ( "$py" "$ROOT/scripts/start-platform-apps.py" http://localhost:7007 simulator "$LIVE_EVENTS"
    "$py" "$ROOT/scripts/start-platform-apps.py" http://localhost:7007 fraud-detector "$LIVE_EVENTS" ) &
  children+=($!)
fi
live_etl=0 live_rec=0
if [ "${PORTAL_LOCAL_PLATFORM:-1}" != 0 ]; then
  [ "${PORTAL_LIVE_ETL:-1}" != 0 ] && live_etl=1
  [ "${PORTAL_LIVE_RECOMMENDER:-1}" != 0 ] && live_rec=1
fi
if [ $live_etl = 1 ]; then
  step "Running the batch ETL: demo CSVs -> s3://warehouse/data/ -> Spark -> nessie.demo.users, nessie.demo.products"
  note "submitted through the portal once it answers; PORTAL_LIVE_ETL=0 skips this"
fi
if [ $live_rec = 1 ]; then
  step "Starting the recommender: training on Ray (first time), Ray Serve on the promoted version"
  note "http://localhost:3000/recommendations within a few minutes; PORTAL_LIVE_RECOMMENDER=0 skips this"
fi
if [ $live_etl = 1 ] || [ $live_rec = 1 ]; then
  # The demo data (deterministic: the same bytes every time) first, then both apps through the portal.
  ( "$ROOT/local-platform/lp" datagen >/dev/null || exit 1
    py="$ROOT/local-platform/.install/venvs/tools/bin/python"
    [ $live_etl = 1 ] && { "$py" "$ROOT/scripts/start-platform-apps.py" http://localhost:7007 batch-etl & }
    [ $live_rec = 1 ] && { "$py" "$ROOT/scripts/start-platform-apps.py" http://localhost:7007 recommender & }
    wait ) &
  children+=($!)
fi
step "Starting the portal: frontend http://localhost:3000, backend http://localhost:7007"
note "first page in about 15 s; stop with Ctrl-C"
node "$YARN_JS" start "$@"
