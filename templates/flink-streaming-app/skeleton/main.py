"""Entrypoint: runs the windowed aggregation described by streaming/app.json (submitted with -pym main)."""
import glob
import os

from pyflink.table import EnvironmentSettings, TableEnvironment

from streaming.config import load
from streaming.plan import plan

cfg = load()
settings = EnvironmentSettings.in_batch_mode() if cfg["bounded"] else EnvironmentSettings.in_streaming_mode()
t_env = TableEnvironment.create(settings)
conf = t_env.get_config()
conf.set("pipeline.name", cfg["name"])  # how the portal's status card finds this job
if not cfg["bounded"]:
    # The Iceberg sink commits on checkpoints: this is how often new alerts become visible.
    conf.set("execution.checkpointing.interval", f"{cfg['checkpointSeconds']}s")
# Iceberg's connector is on the cluster's classpath (Flink's lib/ in the platform's images, the local
# platform's classpath): shipping it with every job would load it again per job. jarsDir is for clusters
# without it.
jars_dir = cfg.get("jarsDir")
jars = sorted(glob.glob(os.path.join(jars_dir, "iceberg-*.jar"))) if jars_dir else []
if jars:
    conf.set("pipeline.jars", ";".join(f"file://{j}" for j in jars))
statements = plan(cfg)
for statement in statements[:-1]:
    print(statement, flush=True)
    t_env.execute_sql(statement)
print(statements[-1], flush=True)
t_env.execute_sql(statements[-1])  # the INSERT: submitted, not awaited (the engine runs it detached)
