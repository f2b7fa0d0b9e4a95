"""Entrypoint (run by Flink's PythonDriver as module `main`): both fraud rules over the clickstream, one job."""
from pyflink.table import EnvironmentSettings, TableEnvironment

from fraud_detection.config import load
from fraud_detection.rules import statements

cfg = load()
bounded = cfg["bounded"]
t_env = TableEnvironment.create(
    EnvironmentSettings.in_batch_mode() if bounded else EnvironmentSettings.in_streaming_mode())
conf = t_env.get_config()
conf.set("pipeline.name", cfg["name"])  # how the portal's status pages find this job
conf.set("table.local-time-zone", "UTC")  # detected_at and the windows in UTC
if not bounded:
    # The Iceberg sink commits on checkpoints: alerts become visible this often.
    conf.set("execution.checkpointing.interval", f"{cfg['checkpointSeconds']}s")
    # A source reader with no new file must not hold the watermark back, or no window would close.
    conf.set("table.exec.source.idle-timeout", "30 s")
setup, inserts = statements(cfg)
for statement in setup:
    t_env.execute_sql(statement)
job = t_env.create_statement_set()
for insert in inserts:
    job.add_insert_sql(insert)
job.execute()  # submitted, not awaited: the engine runs it detached
