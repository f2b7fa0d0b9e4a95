"""Run by `./portal start` on the local platform: once the backend answers, submits the platform's own apps through
the portal's own submit API (the route the lakehouse:<engine>:submit actions call), each unless it is already
running:
  simulator EVENTS              apps/clickstream-simulator on Ray: the live clickstream, shaped from the portal's
                                /fraud page while it runs
  fraud-detector EVENTS         apps/fraud-detection on Flink, streaming over the live clickstream
  EVENTS is where the events go: kafka://HOST:PORT/TOPIC (events in order, alerts also to the topic fraud-alerts,
  which the portal reads: an alert shows within seconds of its window) or an s3:// folder of files
  batch-etl                     apps/batch-etl on Spark: data/users.csv and products.csv -> nessie.demo.*
  recommender                   apps/recommender-training on Ray once (unless a version is ready), then
                                apps/recommender-serving on Ray Serve, and the newest version promoted if none is

Usage: start-platform-apps.py BACKEND_URL simulator kafka://127.0.0.1:19092/clickstream
       start-platform-apps.py BACKEND_URL fraud-detector kafka://127.0.0.1:19092/clickstream
       start-platform-apps.py BACKEND_URL batch-etl
       start-platform-apps.py BACKEND_URL recommender
"""
import os
import base64
import io
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

APPS = Path(__file__).resolve().parents[1] / "apps"
WAIT_S = 900  # a cold first start compiles the frontend and backend for several minutes
ALERTS_TOPIC = "fraud-alerts"  # fraud.stream.topic in app-config.yaml


def kafka_events(events):
    """(bootstrap servers, topic) of kafka://HOST:PORT/TOPIC, or None for an s3:// folder."""
    if not events.startswith("kafka://"):
        return None
    servers, _, topic = events.removeprefix("kafka://").partition("/")
    if not servers or not topic or "/" in topic:
        raise SystemExit(f"{_who}: events must be kafka://HOST:PORT/TOPIC or an s3:// folder, not {events}")
    return servers, topic
_who = "platform apps"


def say(msg):
    print(f"{_who}: {msg}", flush=True)


def call(url, token=None, body=None, timeout=120):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, headers=headers, method="POST" if data is not None else "GET")
    with urllib.request.urlopen(req, timeout=timeout) as r:
        return json.loads(r.read() or b"{}")


def guest_token(backend):
    """The guest sign-in of app-config.yaml; waits until the backend is up."""
    deadline, last = time.time() + WAIT_S, 0.0
    while True:
        try:
            return call(f"{backend}/api/auth/guest/refresh", timeout=10)["backstageIdentity"]["token"]
        except (urllib.error.URLError, OSError, KeyError, ValueError) as e:
            if time.time() > deadline:
                raise SystemExit(f"{_who}: the backend at {backend} did not answer within {WAIT_S} s ({e}); "
                                 "submit it later from the Create page or with this script")
            if time.time() - last > 60:
                say("waiting for the backend to start before submitting")
                last = time.time()
            time.sleep(3)


def project_zip(app, settings_file=None, overrides=None):
    """The app's code and settings as it ships them (no tests, no docs), its settings file changed by overrides."""
    root = APPS / app
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and path.suffix in (".py", ".json", ".txt") and rel.parts[0] != "tests" \
                    and "__pycache__" not in rel.parts and rel.as_posix() != settings_file:
                z.write(path, rel.as_posix())
        if settings_file:
            settings = json.loads((root / settings_file).read_text())
            settings.update(overrides or {})
            z.writestr(settings_file, json.dumps(settings, indent=1))
    return base64.b64encode(buf.getvalue()).decode()


def clear_backlog(events, keep_s=120):
    """A new detector reads every file in the folder, in no particular order (Flink's file source), so a backlog
    from earlier sessions would arrive as late events: keep only the last two minutes of the generated stream."""
    import os

    import boto3

    bucket, _, prefix = events.removeprefix("s3://").partition("/")
    s3 = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT"])
    cutoff, old = time.time() - keep_s, []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        old += [{"Key": o["Key"]} for o in page.get("Contents", []) if o["LastModified"].timestamp() < cutoff]
    for i in range(0, len(old), 1000):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": old[i:i + 1000], "Quiet": True})
    if old:
        say(f"removed {len(old)} generated files older than {keep_s} s from {events}")


def engine_ready(backend, token, engine):
    """A job submitted by an earlier start shows up in the status API once it has polled the engine: wait for that
    poll (a fresh backend has none yet), else the check would see no job and submit a second one."""
    for _ in range(40):
        status = call(f"{backend}/api/lakehouse/engines/{engine}/local", token)
        if status.get("fetchedAt") and not status.get("error"):
            return
        time.sleep(3)
    error = (status.get("error") or {}).get("message", "no answer yet")
    raise SystemExit(f"{_who}: {engine}'s status is not available ({error}); check `local-platform/lp status`")


def active(backend, token, engine, name):
    jobs = call(f"{backend}/api/lakehouse/jobs?engine={engine}&instance=local&q={name}&state=RUNNING,PENDING", token)
    return [j for j in jobs["items"] if j["name"] == name]


def submit(backend, token, engine, body):
    try:
        return call(f"{backend}/api/lakehouse/jobs/{engine}/local", token, body, timeout=180)
    except urllib.error.HTTPError as e:
        detail = e.read().decode(errors="replace")[:2000]
        raise SystemExit(f"{_who}: the submit API refused {body['name']} ({e.code}): {detail}")


def fraud_detector(backend, token, events):
    name = "fraud-detection"
    engine_ready(backend, token, "flink")
    running = active(backend, token, "flink", name)
    if running:
        say(f"already running on Flink as job {running[0]['id']}; alerts at {backend.replace('7007', '3000')}/fraud")
        return 0
    kafka = kafka_events(events)
    if kafka:
        # The simulator sends in event-time order: a 1-second watermark instead of the files' 20.
        settings = {"kafka": kafka[0], "eventsTopic": kafka[1], "alertsTopic": ALERTS_TOPIC, "watermarkSeconds": 1}
    else:
        clear_backlog(events)
        settings = {"events": events}
    say(f"submitting apps/fraud-detection (streaming, events from {events})")
    job = submit(backend, token, "flink", {
        "name": name, "entrypoint": "main.py",
        "project": {"zipBase64": project_zip("fraud-detection", "fraud_detection/app.json",
                                             {**settings, "bounded": False})}})
    say(f"running on Flink as job {job['jobId']}; first alerts on http://localhost:3000/fraud within about a minute")
    return 0


def simulator(backend, token, events):
    name = "clickstream-simulator"
    engine_ready(backend, token, "ray")
    if active(backend, token, "ray", name):
        say("already running on Ray; shape it on http://localhost:3000/fraud")
        return 0
    kafka = kafka_events(events)
    # To Kafka every second (the detector sees each event within about a second); files every 5 s.
    to = ["--kafka", kafka[0], "--events-topic", kafka[1], "--interval", "1"] if kafka else \
        ["--events-prefix", events.removeprefix("s3://").partition("/")[2].strip("/")]
    say(f"submitting apps/clickstream-simulator (20 events/s, 2 burst fraudsters a minute -> {events})")
    job = submit(backend, token, "ray", {
        "name": name, "entrypoint": "main.py", "secrets": ["warehouse-s3"],
        "args": ["--rate", "20", "--fraud-per-minute", "2", *to],
        "project": {"zipBase64": project_zip("clickstream-simulator")}})
    say(f"running on Ray as job {job['jobId']}; start, stop and shape it on http://localhost:3000/fraud")
    return 0


def batch_etl(backend, token):
    name = "batch-etl"
    engine_ready(backend, token, "spark")
    if active(backend, token, "spark", name):
        say("already running on Spark")
        return 0
    say("submitting apps/batch-etl (data/users.csv, data/products.csv -> nessie.demo.users, nessie.demo.products)")
    job = submit(backend, token, "spark", {
        "name": name, "entrypoint": "main.py",
        "project": {"zipBase64": project_zip("batch-etl", "batch_etl/app.json", {})}})
    say(f"running on Spark as driver {job['jobId']}; tables in about a minute (component batch-etl in the catalog)")
    return 0


def wait_for_job(backend, token, engine, job_id, timeout_s=900):
    deadline, last = time.time() + timeout_s, 0.0
    while time.time() < deadline:
        job = call(f"{backend}/api/lakehouse/jobs/{engine}/local/{urllib.parse.quote(job_id, safe='')}", token)
        state = (job.get("job") or {}).get("state")
        if state in ("SUCCEEDED", "FAILED", "CANCELLED"):
            return state
        if time.time() - last > 30:
            say(f"waiting for {engine} job {job_id} ({state or 'not listed yet'})")
            last = time.time()
        time.sleep(3)
    raise SystemExit(f"{_who}: {engine} job {job_id} did not end within {timeout_s} s; see its logs on the Ray page")


def recommender(backend, token):
    engine_ready(backend, token, "ray")
    versions = call(f"{backend}/api/recommender/versions", token)
    ready = [v for v in versions["versions"] if v["status"] == "ready"]
    if not ready and not active(backend, token, "ray", "recommender-training"):
        say("training the first model version on Ray (apps/recommender-training, data/clickstream.json)")
        job = submit(backend, token, "ray", {
            "name": "recommender-training", "entrypoint": "main.py", "secrets": ["warehouse-s3"],
            "env": {"REC_CATALOG_URI": f"{os.environ.get('NESSIE_URL', 'http://127.0.0.1:19120')}/iceberg/"},
            "project": {"zipBase64": project_zip("recommender-training", "recommender_training/app.json", {})}})
        state = wait_for_job(backend, token, "ray", job["jobId"])
        if state != "SUCCEEDED":
            raise SystemExit(f"{_who}: training ended {state}; its log is on the Ray page (job {job['jobId']})")
        for _ in range(20):  # the backend reads the versions table on an interval
            ready = [v for v in call(f"{backend}/api/recommender/versions", token)["versions"] if v["status"] == "ready"]
            if ready:
                break
            time.sleep(3)
    say("deploying apps/recommender-serving on Ray Serve (http://127.0.0.1:8000/recommend?user_id=&k=)")
    job = submit(backend, token, "ray", {
        "name": "recommender-serving", "entrypoint": "main.py", "secrets": ["warehouse-s3"],
        "project": {"zipBase64": project_zip("recommender-serving", "recommender_serving/app.json", {})}})
    if wait_for_job(backend, token, "ray", job["jobId"], 300) != "SUCCEEDED":
        raise SystemExit(f"{_who}: the Serve deployment failed; its log is on the Ray page (job {job['jobId']})")
    if versions.get("promoted") or call(f"{backend}/api/recommender/versions", token).get("promoted"):
        say("a version is already promoted; Serve follows it")
        return 0
    if not ready:
        raise SystemExit(f"{_who}: no ready model version to promote; train one from the Recommendations page")
    newest = ready[0]["versionId"]
    call(f"{backend}/api/recommender/promote", token, {"versionId": newest})
    say(f"promoted {newest}; recommendations on http://localhost:3000/recommendations")
    return 0


APPS_BY_NAME = {"batch-etl": batch_etl, "recommender": recommender}
WITH_EVENTS = {"fraud-detector": fraud_detector, "simulator": simulator}


def main(argv):
    global _who
    if len(argv) < 2 or argv[1] not in (*WITH_EVENTS, *APPS_BY_NAME) or (argv[1] in WITH_EVENTS) != (len(argv) == 3):
        raise SystemExit(__doc__)
    backend, app = argv[0], argv[1]
    _who = app
    token = guest_token(backend)
    return WITH_EVENTS[app](backend, token, argv[2]) if app in WITH_EVENTS else APPS_BY_NAME[app](backend, token)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
