"""Entrypoint (the Spark driver runs it): users and products CSVs -> typed Iceberg tables through Nessie."""
from pyspark.sql import SparkSession

from batch_etl.config import load
from batch_etl.plan import checks, plan, tables

cfg = load()
spark = SparkSession.builder.appName(cfg["name"]).getOrCreate()
for statement in plan(cfg):
    print(statement, flush=True)
    spark.sql(statement)
    for check, message in checks(cfg, statement):
        bad = spark.sql(check).first()[0]
        if bad:
            raise SystemExit(f"batch-etl: {bad} {message}; nothing was written to that table")
for table in tables(cfg):
    count = spark.sql(f"SELECT count(*) FROM {table}").first()[0]
    print(f"{table}: {count} rows", flush=True)
spark.stop()
