"""Spark job for the lakehouse plugin's integration tests: sums 1..100 on the cluster, stays up for
argv[2] seconds (so the status API can observe RUNNING) and fails on purpose when argv[1] == 'fail'."""
import sys
import time

from pyspark.sql import SparkSession

mode, seconds = sys.argv[1], float(sys.argv[2])
spark = SparkSession.builder.getOrCreate()
total = spark.sparkContext.parallelize(range(1, 101), 2).sum()
time.sleep(seconds)
if mode == "fail":
    raise SystemExit(f"lakehouse integration test: failing on purpose (sum={total})")
spark.stop()
