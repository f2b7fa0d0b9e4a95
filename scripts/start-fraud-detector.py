"""Run by `./portal start` on the local platform: once the backend answers, submits the platform's fraud detector
(apps/fraud-detection) in streaming mode on the live clickstream, through the portal's own submit API (the route
the lakehouse:flink:submit action calls), unless a detector is already running on Flink.

Usage: start-fraud-detector.py BACKEND_URL EVENTS_FOLDER   (e.g. http://localhost:7007 s3://warehouse/live/clickstream/)
"""
import base64
import io
import json
import sys
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

APP = Path(__file__).resolve().parents[1] / "apps" / "fraud-detection"
NAME = "fraud-detection"
WAIT_S = 900  # a cold first start compiles the frontend and backend for several minutes


def say(msg):
    print(f"fraud detector: {msg}", flush=True)


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
                raise SystemExit(f"fraud detector: the backend at {backend} did not answer within {WAIT_S} s ({e}); "
                                 "submit it later from the Create page or with this script")
            if time.time() - last > 60:
                say("waiting for the backend to start before submitting")
                last = time.time()
            time.sleep(3)


def project_zip(events):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in ["main.py", *sorted(p.relative_to(APP).as_posix() for p in (APP / "fraud_detection").glob("*.py"))]:
            z.write(APP / path, path)
        settings = json.loads((APP / "fraud_detection" / "app.json").read_text())
        settings.update(events=events, bounded=False)
        z.writestr("fraud_detection/app.json", json.dumps(settings, indent=1))
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


def main(backend, events):
    token = guest_token(backend)
    # A job submitted by an earlier start shows up in the status API once it has polled Flink: wait for that
    # poll (a fresh backend has none yet), else the check would see no job and submit a second detector.
    for _ in range(40):
        flink = call(f"{backend}/api/lakehouse/engines/flink/local", token)
        if flink.get("fetchedAt") and not flink.get("error"):
            break
        time.sleep(3)
    else:
        error = (flink.get("error") or {}).get("message", "no answer yet")
        raise SystemExit(f"fraud detector: Flink's status is not available ({error}); check `local-platform/lp status`")
    jobs = call(f"{backend}/api/lakehouse/jobs?engine=flink&instance=local&q={NAME}&state=RUNNING,PENDING", token)
    running = [j for j in jobs["items"] if j["name"] == NAME]
    if running:
        say(f"already running on Flink as job {running[0]['id']}; alerts at {backend.replace('7007', '3000')}/fraud")
        return 0
    clear_backlog(events)
    say(f"submitting apps/fraud-detection (streaming, events from {events})")
    try:
        job = call(f"{backend}/api/lakehouse/jobs/flink/local", token,
                   {"name": NAME, "entrypoint": "main.py", "project": {"zipBase64": project_zip(events)}}, timeout=180)
    except urllib.error.HTTPError as e:
        detail = e.read().decode(errors="replace")[:2000]
        raise SystemExit(f"fraud detector: the submit API refused it ({e.code}): {detail}")
    say(f"running on Flink as job {job['jobId']}; first alerts on http://localhost:3000/fraud within about a minute")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
