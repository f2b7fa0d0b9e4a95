"""Entrypoint (the Ray job driver runs it): clickstream in the object store -> implicit feedback -> matrix
factorisation over Ray tasks -> held-out evaluation against the popularity baseline -> a model version (artifact in
S3, row in the Iceberg table of model versions). A run that fails after it started still leaves a 'failed' row."""
import os
import sys
import time
from datetime import datetime, timezone

import boto3
import numpy as np
import ray
from botocore.config import Config

from recommender_training import artifact, config, evaluate, factorize, feedback, registry


def say(msg):
    print(f"recommender-training: {msg}", flush=True)


@ray.remote(num_cpus=1)
def shard_epoch_task(*args):
    return factorize.shard_epoch(*args)


def ray_epochs(params):
    """Each epoch: one task per shard; the shards' interactions go to the object store once, the item factors once
    per epoch (shared by every task)."""
    shard_refs = {}

    def run(shards, states, Q, bi, mu, epoch):
        q_ref, bi_ref = ray.put(Q), ray.put(bi)
        tasks = []
        for n, (s, state) in enumerate(zip(shards, states)):
            # Put once (not setdefault: its default would be built, and put, every epoch); Ray hands a task the
            # objects behind top-level refs.
            if n not in shard_refs:
                shard_refs[n] = {k: ray.put(s[k]) for k in ("users", "items", "values")}
            data = shard_refs[n]
            tasks.append(shard_epoch_task.remote(*factorize.epoch_args(data, state, q_ref, bi_ref, mu, params, epoch,
                                                                       n)))
        return ray.get(tasks)
    return run


def main():
    try:
        cfg = config.load()
    except ValueError as e:
        say(str(e))
        return 2
    s3 = boto3.client("s3", endpoint_url=os.environ.get("S3_ENDPOINT"), config=Config(s3={"addressing_style": "path"}))
    started = datetime.now(timezone.utc)
    version_id = registry.new_version_id(started)
    source = f"s3://{cfg['bucket']}/{cfg['clickstream']}"
    params = {k: cfg[k] for k in config.BOUNDS}
    ray.init()
    job_id = ray.get_runtime_context().get_job_id()
    cat = registry.catalog(cfg)
    t0 = time.time()
    try:
        say(f"version {version_id}: reading {source}")
        obj = s3.get_object(Bucket=cfg["bucket"], Key=cfg["clickstream"])
        snapshot = f"etag={obj['ETag'].strip(chr(34))};size={obj['ContentLength']};" \
                   f"modified={obj['LastModified'].astimezone(timezone.utc).isoformat()}"
        events = feedback.parse_events(obj["Body"].read().decode().splitlines())
        phases = {"read": time.time() - t0}
        fb = feedback.build(events, cfg["testFraction"])
        data = feedback.with_negatives(fb.train, len(fb.product_ids), cfg["negativesPerPositive"],
                                       np.random.default_rng(cfg["seed"]))
        say(f"{len(events)} events -> {len(fb.train.values)} user-product pairs ({len(fb.user_ids)} users, "
            f"{len(fb.product_ids)} products) + {len(data.values) - len(fb.train.values)} sampled negatives; "
            f"training {cfg['epochs']} epochs on {cfg['workers']} Ray task(s) per epoch")
        phases["feedback"] = time.time() - t0 - phases["read"]
        every = max(1, cfg["epochs"] // 10)
        model = factorize.train(data, len(fb.user_ids), len(fb.product_ids), cfg, run_epoch=ray_epochs(cfg),
                                on_epoch=lambda e, s: (e + 1) % every == 0 and say(
                                    f"epoch {e + 1}/{cfg['epochs']} ({s:.2f} s)"))
        phases["training"] = time.time() - t0 - sum(phases.values())
        metrics = evaluate.evaluate(model, fb, seed=cfg["seed"])
        seconds = time.time() - t0
        phases["evaluation"] = seconds - sum(phases.values())
        say("phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in phases.items())
            + f" ({phases['training'] / cfg['epochs']:.2f} s per epoch)")
        say(f"held out: precision@10 {metrics['precision_at_10']:.3f} (popularity {metrics['baseline_precision_at_10']:.3f}), "
            f"recall@10 {metrics['recall_at_10']:.3f} (popularity {metrics['baseline_recall_at_10']:.3f}), "
            f"RMSE {metrics['rmse']:.3f}")
        data_info = {"source": source, "snapshot": snapshot, "events": len(events), "users": len(fb.user_ids),
                     "products": len(fb.product_ids)}
        npz, doc = artifact.to_bytes(model, fb, {
            "version_id": version_id, "created_at": started.isoformat(), "params": params, "metrics": metrics,
            "data": data_info, "training_seconds": seconds})
        uri = artifact.write(s3, cfg["bucket"], cfg["modelPrefix"], version_id, npz, doc)
        snapshot_id = registry.append(cat, cfg["table"], registry.row(
            version_id, started, "ready", params, source, artifact_uri=uri, data_snapshot=snapshot,
            num_events=len(events), num_users=len(fb.user_ids), num_products=len(fb.product_ids),
            training_seconds=seconds, ray_job_id=job_id,
            **{k: metrics[k] for k in ("rmse", "precision_at_10", "recall_at_10", "baseline_precision_at_10",
                                       "baseline_recall_at_10")}))
        say(f"version {version_id} ready: {uri} ({len(npz)} bytes), row in {cfg['table']} (snapshot {snapshot_id}); "
            f"promote it on the portal's Recommendations page")
        return 0
    except Exception as e:
        message = f"{e.__class__.__name__}: {e}"[:2000]
        say(f"version {version_id} failed: {message}")
        try:
            registry.append(cat, cfg["table"], registry.row(version_id, started, "failed", params, source,
                                                            error=message, training_seconds=time.time() - t0,
                                                            ray_job_id=job_id))
        except Exception as e2:  # the original error is what the user needs; say both
            say(f"could not record the failure in {cfg['table']}: {e2.__class__.__name__}: {e2}")
        raise


if __name__ == "__main__":
    sys.exit(main())
