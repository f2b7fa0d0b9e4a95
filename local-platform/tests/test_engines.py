"""Each engine answers its health endpoint and runs a trivial job through its API (no CLIs)."""
import json
import urllib.request
import uuid
from pathlib import Path

from lp_client import flink_run_python, flink_upload_python_jar, http, ray_submit, spark_submit

JOBS = Path(__file__).resolve().parent / "jobs"


def test_s3_health_and_warehouse_bucket(E, s3):
    with urllib.request.urlopen(f"{E['S3_ENDPOINT']}/healthz", timeout=5) as r:
        assert r.status == 200
    assert E["S3_BUCKET"] in [b["Name"] for b in s3.list_buckets()["Buckets"]]
    key = f"lp-test/{uuid.uuid4().hex}.txt"
    s3.put_object(Bucket=E["S3_BUCKET"], Key=key, Body=b"hello")
    assert s3.get_object(Bucket=E["S3_BUCKET"], Key=key)["Body"].read() == b"hello"
    s3.delete_object(Bucket=E["S3_BUCKET"], Key=key)


def test_nessie_health_and_iceberg_rest_uses_s3_warehouse(E):
    cfg = http("GET", f"{E['NESSIE_URL']}/api/v2/config")
    assert cfg["defaultBranch"] == "main"
    ice = http("GET", f"{E['NESSIE_URL']}/iceberg/v1/config?warehouse=warehouse")
    assert ice["defaults"]["warehouse"] == f"s3://{E['S3_BUCKET']}"


def test_spark_health(E):
    st = http("GET", f"{E['SPARK_MASTER_URL']}/json/")
    assert st["status"] == "ALIVE" and st["aliveworkers"] >= 1
    http("GET", f"{E['SPARK_REST_URL']}/v1/submissions/readyz")


def test_spark_job_via_rest_submission(E, outdir):
    out = outdir / "sum.txt"
    sid, st = spark_submit(E["SPARK_REST_URL"], E["SPARK_MASTER"], str(JOBS / "spark_sum.py"), [out, 1000])
    assert st["driverState"] == "FINISHED", st
    assert out.read_text() == str(1000 * 1001 // 2)


def test_flink_health(E):
    ov = http("GET", f"{E['FLINK_REST_URL']}/overview")
    assert ov["taskmanagers"] >= 1 and ov["slots-total"] >= 1


def test_pyflink_job_via_rest(E, outdir):
    jar_id = flink_upload_python_jar(E["FLINK_REST_URL"], E["LP_FLINK_HOME"])
    out = outdir / "flink-out"
    jid, job = flink_run_python(E["FLINK_REST_URL"], jar_id, str(JOBS / "flink_udf.py"), ["--out", out, "--n", 10])
    assert job["state"] == "FINISHED", http("GET", f"{E['FLINK_REST_URL']}/jobs/{jid}/exceptions")
    parts = [p for p in out.rglob("*") if p.is_file() and not p.name.startswith(".")]
    assert [p.read_text().strip() for p in parts] == ["110"]  # sum(2*x for x in 1..10), via a Python UDF
    http("DELETE", f"{E['FLINK_REST_URL']}/jars/{jar_id}")


def test_ray_health(E):
    assert "ray_version" in http("GET", f"{E['RAY_DASHBOARD_URL']}/api/version")


def test_ray_job_via_jobs_api(E):
    code = "import ray; ray.init(); print('answer', sum(ray.get([ray.remote(lambda x: x * 2).remote(i) for i in range(4)])))"
    sid, job, logs = ray_submit(E["RAY_DASHBOARD_URL"], f"python -c {json.dumps(code)}")
    assert job["status"] == "SUCCEEDED", (job, logs)
    assert "answer 12" in logs
