"""Submitted by submit.integration.ts: fans out LAKEHOUSE_WORKERS Ray tasks from the uploaded working
directory and writes their results to the file given as the first argument; `sleep=N` keeps it running."""
import os
import sys
import time

import ray

from helpers.numbers import total

args = dict(a.split("=", 1) for a in sys.argv[2:])
time.sleep(int(args.get("sleep", "0")))
ray.init()
workers = int(os.environ["LAKEHOUSE_WORKERS"])


@ray.remote(num_cpus=0)
def part(i):
    return total(i)


results = ray.get([part.remote(i) for i in range(1, workers + 1)])
with open(sys.argv[1], "w") as f:
    f.write(f"{workers} {sum(results)}")
