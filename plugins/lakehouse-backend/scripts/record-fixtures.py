"""Records the __fixtures__ of the engine mappers from the REAL local engines (local-platform/lp up spark flink ray).
Submits the jobs of src/integration/jobs, snapshots the engines' JSON while jobs run and after they end, and
writes it verbatim. Run: python3 scripts/record-fixtures.py [spark|flink|ray ...] (engines up; `lp env` exported or defaults)."""
import json
import os
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LP_TESTS = ROOT.parents[1] / "local-platform" / "tests"
sys.path.insert(0, str(LP_TESTS))
from lp_client import flink_upload_python_jar, http, poll  # noqa: E402  (the platform's own clients)

JOBS = ROOT / "src" / "integration" / "jobs"
E = {k: os.environ.get(k, d) for k, d in [("SPARK_MASTER_URL", "http://127.0.0.1:8080"),
     ("SPARK_REST_URL", "http://127.0.0.1:6066"), ("SPARK_MASTER", "spark://127.0.0.1:7077"),
     ("FLINK_REST_URL", "http://127.0.0.1:8081"), ("RAY_DASHBOARD_URL", "http://127.0.0.1:8265"),
     ("LP_FLINK_HOME", "")]}


def save(engine, name, data):
    d = ROOT / "src" / "engines" / engine / "__fixtures__"
    d.mkdir(parents=True, exist_ok=True)
    (d / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n")


def spark_app_args(mode, secs):
    # --master makes the driver's SparkSubmit register an application with the master (without it the
    # app runs in local mode inside the driver and only the driver shows in /json/); one core leaves
    # the worker's other core for the driver.
    return ["--master", E["SPARK_MASTER"], "--conf", "spark.cores.max=1", str(JOBS / "spark_job.py"), mode, str(secs)]


def spark():
    m, r = E["SPARK_MASTER_URL"], E["SPARK_REST_URL"]

    def submit(mode, secs):
        body = {"action": "CreateSubmissionRequest", "appResource": "", "clientSparkVersion": "",
                "mainClass": "org.apache.spark.deploy.SparkSubmit", "appArgs": spark_app_args(mode, secs),
                "environmentVariables": {"SPARK_ENV_LOADED": "1"},
                "sparkProperties": {"spark.app.name": f"fixture-{mode}", "spark.master": E["SPARK_MASTER"],
                                    "spark.submit.deployMode": "cluster", "spark.driver.memory": "512m",
                                    "spark.driver.cores": "1", "spark.driver.supervise": "false"}}
        return http("POST", f"{r}/v1/submissions/create", body)["submissionId"]

    def done(sid):
        return poll(lambda: http("GET", f"{r}/v1/submissions/status/{sid}"),
                    lambda s: s.get("driverState") not in ("SUBMITTED", "RUNNING", "RELAUNCHING"), 300)

    sid = submit("ok", 20)
    poll(lambda: http("GET", f"{m}/json/"), lambda j: any(a["state"] == "RUNNING" for a in j["activeapps"]), 240)
    save("spark", "master-running", http("GET", f"{m}/json/"))
    done(sid)
    done(submit("fail", 1))
    save("spark", "master-completed", http("GET", f"{m}/json/"))


def flink():
    f = E["FLINK_REST_URL"]
    jar = flink_upload_python_jar(f, E["LP_FLINK_HOME"])

    def run(mode):
        body = {"entryClass": "org.apache.flink.client.python.PythonDriver", "parallelism": 1,
                "programArgsList": ["-py", str(JOBS / "flink_job.py"), "--mode", mode, "--name", f"fixture-{mode}"]}
        return http("POST", f"{f}/jars/{jar}/run", body, timeout=180)["jobid"]

    def until(jid, states):
        return poll(lambda: http("GET", f"{f}/jobs/{jid}"), lambda j: j["state"] in states, 300)

    stream = run("stream")
    until(stream, ("RUNNING",))
    for name, path in [("overview", "/overview"), ("taskmanagers", "/taskmanagers"),
                       ("jobs-overview-running", "/jobs/overview"), ("job-running", f"/jobs/{stream}"),
                       ("job-running-checkpoints", f"/jobs/{stream}/checkpoints")]:
        save("flink", name, http("GET", f + path))
    until(run("ok"), ("FINISHED", "FAILED"))
    failed = run("fail")
    until(failed, ("FINISHED", "FAILED"))
    save("flink", "job-failed", http("GET", f"{f}/jobs/{failed}"))
    save("flink", "job-failed-exceptions", http("GET", f"{f}/jobs/{failed}/exceptions"))
    http("PATCH", f"{f}/jobs/{stream}?mode=cancel")
    until(stream, ("CANCELED",))
    save("flink", "jobs-overview-completed", http("GET", f"{f}/jobs/overview"))
    http("DELETE", f"{f}/jars/{jar}")


def ray():
    d = E["RAY_DASHBOARD_URL"]

    def submit(code, name):
        return http("POST", f"{d}/api/jobs/", {"entrypoint": f"python -c {json.dumps(code)}",
                                              "metadata": {"name": name}})["submission_id"]

    def until(sid):
        return poll(lambda: http("GET", f"{d}/api/jobs/{sid}"), lambda j: j["status"] in ("SUCCEEDED", "FAILED", "STOPPED"), 300)

    ok = submit("import time; print('fixture ok'); time.sleep(15)", "fixture-ok")
    poll(lambda: http("GET", f"{d}/api/jobs/{ok}"), lambda j: j["status"] == "RUNNING", 120)
    save("ray", "jobs-running", http("GET", f"{d}/api/jobs/"))
    save("ray", "nodes", http("GET", f"{d}/api/v0/nodes?limit=100&detail=false"))
    save("ray", "cluster-status", http("GET", f"{d}/api/cluster_status"))
    until(ok)
    failed = submit("import sys; print('fixture fail'); sys.exit(3)", "fixture-fail")
    until(failed)
    save("ray", "jobs-completed", http("GET", f"{d}/api/jobs/"))
    save("ray", "job-failed", http("GET", f"{d}/api/jobs/{failed}"))
    save("ray", "job-failed-logs", http("GET", f"{d}/api/jobs/{failed}/logs"))


if __name__ == "__main__":
    errors = []

    def guard(fn):
        try:
            fn()
        except Exception as e:  # report every engine, not only the first failure
            errors.append(f"{fn.__name__}: {e}")

    chosen = [fn for fn in (spark, flink, ray) if fn.__name__ in (sys.argv[1:] or ["spark", "flink", "ray"])]
    threads = [threading.Thread(target=guard, args=(fn,)) for fn in chosen]
    [t.start() for t in threads]
    [t.join() for t in threads]
    print("\n".join(errors) or "fixtures recorded")
    sys.exit(1 if errors else 0)
