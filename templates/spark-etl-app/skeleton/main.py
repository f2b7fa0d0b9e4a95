"""Entrypoint: runs the ETL described by etl/app.json on the cluster's Spark session."""
from pyspark.sql import SparkSession

from etl.config import load
from etl.plan import plan

cfg = load()
spark = SparkSession.builder.getOrCreate()
for statement in plan(cfg):
    print(statement, flush=True)
    spark.sql(statement)
count = spark.sql(f"SELECT count(*) FROM {cfg['catalog']}.{cfg['target']}").first()[0]
print(f"{cfg['catalog']}.{cfg['target']}: {count} rows", flush=True)
spark.stop()
