"""Trivial PyFlink job: a Python UDF (runs in the TaskManager's Python worker) over 1..N, summed and written as
CSV to the directory given by `--out` so the test can check the result. No wait(): submitted through the REST
API the client runs detached inside the JobManager."""
import argparse

from pyflink.table import DataTypes, EnvironmentSettings, TableEnvironment
from pyflink.table.udf import udf

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--n", type=int, default=10)
a = ap.parse_args()

t_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
t_env.create_temporary_function("twice", udf(lambda x: x * 2, result_type=DataTypes.BIGINT()))
t_env.create_temporary_view("nums", t_env.from_elements([(i,) for i in range(1, a.n + 1)], ["x"]))
t_env.execute_sql(f"CREATE TABLE lp_out (total BIGINT) WITH ('connector'='filesystem', 'path'='{a.out}', "
                  "'format'='csv')")
t_env.execute_sql("INSERT INTO lp_out SELECT SUM(twice(x)) FROM nums")
