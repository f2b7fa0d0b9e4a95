"""Reads versions.env and config.env; the environment overrides config.env (never versions.env)."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALL = ROOT / ".install"
RUN = ROOT / ".run"
LOGS = RUN / "logs"


def _parse(path):
    out = {}
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            out[k.strip()] = v.strip()
    return out


V = _parse(ROOT / "versions.env")
C = {k: os.environ.get(k, v) for k, v in _parse(ROOT / "config.env").items()}
HOST = C["LP_HOST"]


def port(name):
    return int(C[f"LP_{name}_PORT"])


def venv(name):
    return INSTALL / "venvs" / name


def vpy(name):
    return venv(name) / "bin" / "python"


def java_home():
    # Spark 4 / Flink 2 / Kafka 4 / Nessie all run on the machine's OpenJDK 17 (not the Temurin 25 JDK).
    for cand in (os.environ.get("LP_JAVA_HOME"), "/usr/lib/jvm/java-17-openjdk-amd64"):
        if cand and Path(cand, "bin", "java").exists():
            return cand
    return str(Path(os.path.realpath("/usr/bin/java")).parent.parent)


def s3_endpoint():
    return f"http://{HOST}:{port('S3')}"


def endpoints():
    """Endpoints + credentials as env vars (printed by `lp env`, used by tests and app-config)."""
    h = HOST
    return {
        "SPARK_MASTER_URL": f"http://{h}:{port('SPARK_UI')}",
        "SPARK_REST_URL": f"http://{h}:{port('SPARK_REST')}",
        "SPARK_MASTER": f"spark://{h}:{port('SPARK_MASTER')}",
        "FLINK_REST_URL": f"http://{h}:{port('FLINK_REST')}",
        "RAY_DASHBOARD_URL": f"http://{h}:{port('RAY_DASHBOARD')}",
        # Ray Serve's HTTP proxy (the recommender service): started by the first Serve deployment, not by `lp up`.
        "RAY_SERVE_URL": f"http://{h}:{port('RAY_SERVE')}",
        "RAY_ADDRESS": f"http://{h}:{port('RAY_DASHBOARD')}",
        "KAFKA_BOOTSTRAP_SERVERS": f"{h}:{port('KAFKA')}",
        "NESSIE_URL": f"http://{h}:{port('NESSIE')}",
        "NESSIE_API_V2_URL": f"http://{h}:{port('NESSIE')}/api/v2",
        "ICEBERG_REST_URL": f"http://{h}:{port('NESSIE')}/iceberg",
        "S3_ENDPOINT": s3_endpoint(),
        "S3_BUCKET": C["LP_S3_BUCKET"],
        "S3_REGION": C["LP_S3_REGION"],
        "AWS_REGION": C["LP_S3_REGION"],
        "AWS_ACCESS_KEY_ID": C["LP_S3_ACCESS_KEY"],
        "AWS_SECRET_ACCESS_KEY": C["LP_S3_SECRET_KEY"],
        "LP_SPARK_HOME": str(spark_home()),
        "LP_FLINK_HOME": str(flink_home()),
        "LP_SPARK_PYTHON": str(vpy("spark")),
        "LP_FLINK_PYTHON": str(vpy("flink")),
        "LP_RAY_PYTHON": str(vpy("ray")),
        "LP_JARS_SPARK": str(INSTALL / "jars" / "spark"),
        "LP_JARS_FLINK": str(INSTALL / "jars" / "flink"),
    }


def _site(name, pkg):
    libs = sorted((venv(name) / "lib").glob(f"python3*/site-packages/{pkg}"))
    return libs[0] if libs else venv(name) / "lib" / "python3.11" / "site-packages" / pkg


def spark_home():
    return _site("spark", "pyspark")


def flink_home():
    return _site("flink", "pyflink")
