"""Fixtures for the real-engine tests. `./lp test` starts the platform and exports its endpoints; run
directly (`pytest tests/`) they are read from `./lp env` and the engines must already be up."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LP = ROOT / "lp"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def run_lp(*args, timeout=400, env=None):
    return subprocess.run([sys.executable, str(LP), *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="session")
def E():
    if "SPARK_REST_URL" not in os.environ:
        out = run_lp("env").stdout
        for line in out.splitlines():
            k, v = line.removeprefix("export ").split("=", 1)
            os.environ[k] = v.strip("'")
    return dict(os.environ)


@pytest.fixture(scope="session")
def s3(E):
    import boto3
    from botocore.config import Config

    return boto3.client("s3", endpoint_url=E["S3_ENDPOINT"], aws_access_key_id=E["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=E["AWS_SECRET_ACCESS_KEY"], region_name=E["AWS_REGION"],
                        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}))


@pytest.fixture
def outdir(tmp_path):
    tmp_path.chmod(0o777)  # engine processes write results here
    return tmp_path
