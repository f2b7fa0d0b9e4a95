"""Trivial Spark job: sums 1..N on the cluster and writes the result to a file (argv[1]) for the test to check."""
import sys

from pyspark.sql import SparkSession

out, n = sys.argv[1], int(sys.argv[2])
spark = SparkSession.builder.appName("lp-test-sum").getOrCreate()
total = spark.sparkContext.parallelize(range(1, n + 1), 2).sum()
with open(out, "w") as f:
    f.write(str(total))
spark.stop()
