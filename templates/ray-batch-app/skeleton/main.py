"""Entrypoint: per-user features from clickstream events, fanned out over LAKEHOUSE_WORKERS Ray tasks."""
import json
import os

import boto3
import ray

from batch.config import load
from batch.features import merge, shard, user_features

cfg = load()
workers = int(os.environ.get("LAKEHOUSE_WORKERS", cfg["workers"]))
# Credentials: the cluster's environment (AWS default chain), never the project.
s3 = boto3.client("s3", endpoint_url=cfg["s3Endpoint"] or None)
bucket, key = cfg["input"][len("s3://"):].split("/", 1)
lines = s3.get_object(Bucket=bucket, Key=key)["Body"].read().decode().splitlines()
print(f"read {len(lines)} events from {cfg['input']}; {workers} worker(s)", flush=True)

ray.init()
compute = ray.remote(num_cpus=0)(user_features)
features = merge(ray.get([compute.remote(part) for part in shard(lines, workers)]))

out_bucket, out_key = cfg["output"][len("s3://"):].split("/", 1)
body = "".join(json.dumps(row) + "\n" for row in features)
s3.put_object(Bucket=out_bucket, Key=out_key, Body=body.encode())
print(f"wrote features of {len(features)} users to {cfg['output']}", flush=True)
