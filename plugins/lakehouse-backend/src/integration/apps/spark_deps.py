"""Submitted by submit.integration.ts with a requirement the Spark image lacks (tabulate) and an environment
variable, read on the driver and on an executor."""
import os
import sys

import tabulate
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
on_executor = spark.sparkContext.parallelize([0], 1).map(lambda _: os.environ.get("GREETING")).collect()[0]
with open(sys.argv[1], "w") as f:
    f.write(f"{tabulate.__version__} {os.environ['GREETING']} {on_executor}")
spark.stop()
