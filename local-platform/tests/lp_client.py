"""Small REST clients for the local engines (stdlib only) -- the same API calls the portal makes.
Every wait is bounded by a deadline so a hung engine fails the test instead of hanging CI."""
import glob
import json
import os
import time
import urllib.error
import urllib.request
import uuid


def http(method, url, body=None, headers=None, timeout=30):
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    h = {"Content-Type": "application/json"} if isinstance(body, (dict, list)) else {}
    h.update(headers or {})
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
    except urllib.error.HTTPError as e:
        raise AssertionError(f"{method} {url} -> HTTP {e.code}: {e.read().decode(errors='replace')[:2000]}")
    return json.loads(raw) if raw.strip() else {}


def poll(fn, done, timeout, every=2.0, what="state"):
    end, last = time.time() + timeout, None
    while time.time() < end:
        last = fn()
        if done(last):
            return last
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}; last: {last}")


# --- Spark: REST submission server (:6066); Python apps run through org.apache.spark.deploy.SparkSubmit ---
def spark_submit(rest_url, master, py_file, args, name="lp-test", timeout=300):
    body = {
        "action": "CreateSubmissionRequest", "appResource": "", "clientSparkVersion": "",
        "mainClass": "org.apache.spark.deploy.SparkSubmit", "appArgs": [py_file, *map(str, args)],
        "environmentVariables": {"SPARK_ENV_LOADED": "1"},
        "sparkProperties": {"spark.app.name": name, "spark.master": master, "spark.submit.deployMode": "cluster",
                            "spark.driver.memory": "512m", "spark.driver.cores": "1",
                            "spark.driver.supervise": "false"},
    }
    res = http("POST", f"{rest_url}/v1/submissions/create", body)
    assert res.get("success"), res
    sid = res["submissionId"]
    st = poll(lambda: http("GET", f"{rest_url}/v1/submissions/status/{sid}"),
              lambda s: s.get("driverState") not in ("SUBMITTED", "RUNNING", "RELAUNCHING"), timeout,
              what=f"Spark driver {sid}")
    return sid, st


# --- Flink: upload flink-python jar once, run PythonDriver with -py (what the Flink K8s operator does) ---
def flink_upload_python_jar(rest_url, flink_home):
    jar = glob.glob(os.path.join(flink_home, "opt", "flink-python*.jar"))[0]
    b = uuid.uuid4().hex
    with open(jar, "rb") as f:
        payload = (f'--{b}\r\nContent-Disposition: form-data; name="jarfile"; filename="{os.path.basename(jar)}"'
                   f"\r\nContent-Type: application/x-java-archive\r\n\r\n").encode() + f.read() + f"\r\n--{b}--\r\n".encode()
    res = http("POST", f"{rest_url}/jars/upload", payload, {"Content-Type": f"multipart/form-data; boundary={b}"},
               timeout=120)
    assert res.get("status") == "success", res
    return res["filename"].rsplit("/", 1)[-1]


def flink_run_python(rest_url, jar_id, py_file, args, timeout=300):
    body = {"entryClass": "org.apache.flink.client.python.PythonDriver",
            "programArgsList": ["-py", py_file, *map(str, args)], "parallelism": 1}
    jid = http("POST", f"{rest_url}/jars/{jar_id}/run", body, timeout=180)["jobid"]
    job = poll(lambda: http("GET", f"{rest_url}/jobs/{jid}"),
               lambda j: j.get("state") in ("FINISHED", "FAILED", "CANCELED"), timeout, what=f"Flink job {jid}")
    return jid, job


# --- Ray: Jobs API ---
def ray_submit(dashboard_url, entrypoint, timeout=300, runtime_env=None):
    body = {"entrypoint": entrypoint, **({"runtime_env": runtime_env} if runtime_env else {})}
    sid = http("POST", f"{dashboard_url}/api/jobs/", body)["submission_id"]
    job = poll(lambda: http("GET", f"{dashboard_url}/api/jobs/{sid}"),
               lambda j: j.get("status") in ("SUCCEEDED", "FAILED", "STOPPED"), timeout, what=f"Ray job {sid}")
    logs = http("GET", f"{dashboard_url}/api/jobs/{sid}/logs").get("logs", "")
    return sid, job, logs
