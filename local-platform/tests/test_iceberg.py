"""An Iceberg table is created through Nessie's Iceberg REST catalog with data on the S3 server (Spark job 1)
and read back by a second Spark job; Nessie's own API and the bucket are checked independently."""
import json
import uuid
from pathlib import Path

from lp_client import http, spark_submit

JOBS = Path(__file__).resolve().parent / "jobs"
LP = Path(__file__).resolve().parents[1] / "lp"


def test_iceberg_table_via_nessie_on_s3_read_back_by_spark(E, s3, outdir):
    ns, tbl = "lp_test", f"t_{uuid.uuid4().hex[:8]}"
    table = f"nessie.{ns}.{tbl}"
    job = str(JOBS / "spark_iceberg.py")
    _, st = spark_submit(E["SPARK_REST_URL"], E["SPARK_MASTER"], job, ["create", table, outdir / "c.json"])
    assert st["driverState"] == "FINISHED", st
    _, st = spark_submit(E["SPARK_REST_URL"], E["SPARK_MASTER"], job, ["read", table, outdir / "r.json"])
    assert st["driverState"] == "FINISHED", st
    res = json.loads((outdir / "r.json").read_text())
    assert (res["count"], res["sum"]) == (3, 42)
    assert res["location"].startswith(f"s3://{E['S3_BUCKET']}/{ns}/{tbl}")
    # Nessie knows the table on branch main ...
    entries = http("GET", f"{E['NESSIE_URL']}/api/v2/trees/main/entries")["entries"]
    assert [ns, tbl] in [e["name"]["elements"] for e in entries]
    # ... and its data/metadata files are really in the bucket.
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=E["S3_BUCKET"], Prefix=f"{ns}/{tbl}")["Contents"]]
    assert any(k.endswith(".parquet") for k in keys) and any(k.endswith(".metadata.json") for k in keys)


def test_datagen_uploads_demo_data_and_ground_truth(E, s3):
    import subprocess

    r = subprocess.run([str(LP), "datagen", "--seed", "42", "--num-events", "2000"], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    truth = json.loads(s3.get_object(Bucket=E["S3_BUCKET"], Key="data/ground_truth.json")["Body"].read())
    assert len(truth["burst_fraudsters"]) == 3 and len(truth["failed_payment_fraudsters"]) == 2
    keys = {o["Key"] for o in s3.list_objects_v2(Bucket=E["S3_BUCKET"], Prefix="data/")["Contents"]}
    assert {"data/users.csv", "data/products.csv", "data/clickstream.json"} <= keys
    assert any(k.startswith("data/clickstream/individual/clickstream-") for k in keys)


def test_flink_fraud_rule_into_iceberg_read_back_by_spark_matches_ground_truth(E, s3, outdir):
    """datagen uploads clickstream to S3 -> PyFlink (REST) reads it from s3://, applies the platform's fraud
    rule and writes an Iceberg table through Nessie -> Spark (REST) reads it back -> exactly the injected
    burst fraudsters, windows and counts of the ground truth."""
    import subprocess

    from lp_client import flink_run_python, flink_upload_python_jar

    prefix = f"lp-test/{uuid.uuid4().hex[:8]}/data"
    r = subprocess.run([str(LP), "datagen", "--seed", "7", "--num-events", "3000", "--prefix", prefix],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    truth = json.loads(s3.get_object(Bucket=E["S3_BUCKET"], Key=f"{prefix}/ground_truth.json")["Body"].read())
    table = f"lp_test.fraud_{uuid.uuid4().hex[:8]}"
    jar_id = flink_upload_python_jar(E["FLINK_REST_URL"], E["LP_FLINK_HOME"])
    jid, job = flink_run_python(E["FLINK_REST_URL"], jar_id, str(JOBS / "flink_iceberg.py"),
                                ["--events", f"s3://{E['S3_BUCKET']}/{prefix}/clickstream/individual/",
                                 "--table", table])
    assert job["state"] == "FINISHED", http("GET", f"{E['FLINK_REST_URL']}/jobs/{jid}/exceptions")
    _, st = spark_submit(E["SPARK_REST_URL"], E["SPARK_MASTER"], str(JOBS / "spark_iceberg.py"),
                         ["fraud", f"nessie.{table}", outdir / "fraud.json"])
    assert st["driverState"] == "FINISHED", st
    got = json.loads((outdir / "fraud.json").read_text())
    assert got == sorted(truth["burst_fraudsters"], key=lambda b: b["user_id"])
