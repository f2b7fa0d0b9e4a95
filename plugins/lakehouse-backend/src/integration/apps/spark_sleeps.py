"""Submitted by jobControls.integration.ts: a Spark driver that keeps running until it is killed."""
import time

from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
spark.sparkContext.parallelize(range(10), 1).count()
time.sleep(600)
