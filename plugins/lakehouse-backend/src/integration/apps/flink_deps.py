"""Submitted by submit.integration.ts as a module with a requirement Flink's Python lacks (tabulate) and an
environment variable: the program (run in the JobManager) writes both through a batch job."""
import argparse
import os

import tabulate
from pyflink.table import EnvironmentSettings, TableEnvironment

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
a = ap.parse_args()

t_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
t_env.execute_sql(f"CREATE TABLE it_deps (version STRING, greeting STRING) WITH ('connector'='filesystem', "
                  f"'path'='{a.out}', 'format'='csv')")
t_env.execute_sql(f"INSERT INTO it_deps SELECT '{tabulate.__version__}', '{os.environ['GREETING']}'")
