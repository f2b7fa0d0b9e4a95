"""Iceberg round trip through Nessie's Iceberg REST catalog (catalog `nessie`, configured cluster-wide in
spark-defaults.conf by lp) with data files on the S3 server.
  create <table> <out>: creates the table with 3 rows;  read <table> <out>: writes {"count", "sum", "location"};
  fraud <table> <out>: writes the rows of a fraud_attempts-shaped table (timestamps as 'yyyy-MM-dd HH:mm:ss.SSS')."""
import json
import sys

from pyspark.sql import SparkSession

mode, table, out = sys.argv[1:4]
spark = SparkSession.builder.appName(f"lp-test-iceberg-{mode}").getOrCreate()
ns = table.rsplit(".", 1)[0]
if mode == "create":
    spark.sql(f"CREATE NAMESPACE IF NOT EXISTS {ns}")
    spark.sql(f"CREATE TABLE {table} (id BIGINT, name STRING) USING iceberg")
    spark.sql(f"INSERT INTO {table} VALUES (1, 'a'), (2, 'b'), (39, 'c')")
    result = {"created": table}
elif mode == "fraud":
    rows = spark.sql(f"""SELECT user_id, date_format(window_start, 'yyyy-MM-dd HH:mm:ss.SSS') AS ws,
        date_format(window_end, 'yyyy-MM-dd HH:mm:ss.SSS') AS we, event_count FROM {table} ORDER BY user_id""")
    result = [{"user_id": r.user_id, "window_start": r.ws, "window_end": r.we, "event_count": r.event_count}
              for r in rows.collect()]
else:
    row = spark.sql(f"SELECT count(*) AS c, sum(id) AS s FROM {table}").first()
    loc = spark.sql(f"SELECT file_path FROM {table}.files").first()[0]
    result = {"count": row.c, "sum": row.s, "location": loc}
with open(out, "w") as f:
    json.dump(result, f)
spark.stop()
