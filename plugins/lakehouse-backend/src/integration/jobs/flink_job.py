"""PyFlink job for the lakehouse plugin's integration tests. --mode ok: a batch job with a Python UDF that
finishes; fail: the UDF raises so the job FAILS; stream: an unbounded datagen -> blackhole job that stays
RUNNING until cancelled. --name sets pipeline.name so the test finds the job by name."""
import argparse

from pyflink.table import DataTypes, EnvironmentSettings, TableEnvironment
from pyflink.table.udf import udf

ap = argparse.ArgumentParser()
ap.add_argument("--mode", choices=["ok", "fail", "stream"], required=True)
ap.add_argument("--name", required=True)
a = ap.parse_args()

settings = EnvironmentSettings.in_streaming_mode() if a.mode == "stream" else EnvironmentSettings.in_batch_mode()
t_env = TableEnvironment.create(settings)
t_env.get_config().set("pipeline.name", a.name)
t_env.execute_sql("CREATE TABLE sink (v BIGINT) WITH ('connector'='blackhole')")
if a.mode == "stream":
    t_env.execute_sql("CREATE TABLE src (x BIGINT) WITH ('connector'='datagen', 'rows-per-second'='5')")
    t_env.execute_sql("INSERT INTO sink SELECT x FROM src")
else:
    def twice(x):
        if a.mode == "fail":
            raise RuntimeError("lakehouse integration test: failing on purpose")
        return x * 2

    t_env.create_temporary_function("twice", udf(twice, result_type=DataTypes.BIGINT()))
    t_env.create_temporary_view("nums", t_env.from_elements([(i,) for i in range(1, 11)], ["x"]))
    t_env.execute_sql("INSERT INTO sink SELECT SUM(twice(x)) FROM nums")
