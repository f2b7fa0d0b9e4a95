"""Submitted by submit.integration.ts as a module (-pym): a PyFlink batch job with a Python UDF, writing the sum
to the CSV directory given by --out. The helper import proves the whole project folder came from the object store."""
import argparse

from pyflink.table import DataTypes, EnvironmentSettings, TableEnvironment
from pyflink.table.udf import udf

from helpers.numbers import total

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--n", type=int, default=10)
a = ap.parse_args()

t_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
t_env.create_temporary_function("twice", udf(lambda x: x * 2, result_type=DataTypes.BIGINT()))
t_env.create_temporary_view("nums", t_env.from_elements([(i,) for i in range(1, a.n + 1)], ["x"]))
t_env.execute_sql(f"CREATE TABLE it_out (total BIGINT, expected BIGINT) WITH ('connector'='filesystem', "
                  f"'path'='{a.out}', 'format'='csv')")
t_env.execute_sql(f"INSERT INTO it_out SELECT SUM(twice(x)), CAST({2 * total(a.n)} AS BIGINT) FROM nums")
