"""PyFlink + Iceberg through Nessie's Iceberg REST catalog on S3: reads clickstream JSON lines (--events: an
s3:// directory via the flink-s3-fs-hadoop plugin, or a local path), applies the platform's fraud rule
(COUNT(*) > 5 per user per 10 s tumbling window) and writes the result to the Iceberg table --table
(namespace.table in catalog `nessie`), like the upstream fraud_attempts job (batch mode here)."""
import argparse
import os

from pyflink.table import EnvironmentSettings, TableEnvironment

ap = argparse.ArgumentParser()
ap.add_argument("--events", required=True, help="clickstream JSON-lines file or directory")
ap.add_argument("--table", required=True)
a = ap.parse_args()

t_env = TableEnvironment.create(EnvironmentSettings.in_batch_mode())
# Iceberg's connector, Hadoop and flink-python are on the cluster classpath (lp): nothing to ship with the job.
t_env.execute_sql(f"""CREATE CATALOG nessie WITH ('type'='iceberg', 'catalog-type'='rest',
    'uri'='{os.environ["NESSIE_URL"]}/iceberg/', 'warehouse'='warehouse')""")
ns, tbl = a.table.split(".")
t_env.execute_sql(f"CREATE DATABASE IF NOT EXISTS nessie.{ns}")
t_env.execute_sql(f"""CREATE TABLE IF NOT EXISTS nessie.{ns}.{tbl} (user_id STRING, window_start TIMESTAMP(3),
    window_end TIMESTAMP(3), event_count BIGINT) WITH ('format-version'='2')""")
t_env.execute_sql(f"""CREATE TEMPORARY TABLE clickstream_events (user_id STRING, product_id STRING,
    event_type STRING, `timestamp` STRING,
    event_time AS TO_TIMESTAMP(SUBSTRING(REPLACE(`timestamp`, 'T', ' '), 1, 23)))
    WITH ('connector'='filesystem', 'path'='{a.events}', 'format'='json')""")
t_env.execute_sql(f"""INSERT INTO nessie.{ns}.{tbl}
    SELECT user_id, TUMBLE_START(event_time, INTERVAL '10' SECOND), TUMBLE_END(event_time, INTERVAL '10' SECOND),
           COUNT(*) FROM clickstream_events WHERE event_time IS NOT NULL
    GROUP BY TUMBLE(event_time, INTERVAL '10' SECOND), user_id HAVING COUNT(*) > 5""")
