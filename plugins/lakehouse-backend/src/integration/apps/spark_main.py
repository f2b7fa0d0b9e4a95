"""Submitted by submit.integration.ts: proves the driver got the main file and the project zip (--py-files)
from s3a:// and the program arguments, by writing sum(1..n) computed on an executor to the given file."""
import sys

from pyspark.sql import SparkSession

from helpers.numbers import total  # only importable if the project zip is on the path

out, n = sys.argv[1], int(sys.argv[2])
spark = SparkSession.builder.getOrCreate()
result = spark.sparkContext.parallelize(range(1, n + 1), 2).map(lambda x: x).sum()
assert result == total(n)
with open(out, "w") as f:
    f.write(f"{spark.conf.get('spark.app.name')} {result}")
spark.stop()
