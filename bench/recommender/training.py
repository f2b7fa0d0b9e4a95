"""Training time of apps/recommender-training on the local Ray cluster, for 100k and 1M events with 1 and 2 workers
(Ray tasks per epoch). Run with the Ray venv's Python after `local-platform/lp up s3 nessie ray`:

    eval "$(local-platform/lp env)"; local-platform/.install/venvs/ray/bin/python bench/recommender/training.py

Each size is generated once by the demo generator (users and products scaled with the events), uploaded under
bench/recommender/, and trained with the app's own settings; the figures are the job's wall time and the trainer's
own training_seconds (reading, feedback, epochs, evaluation), from the model.json it wrote."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import boto3
from ray.job_submission import JobStatus, JobSubmissionClient

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "apps" / "recommender-training"
SIZES = [(100_000, 2_000, 500), (1_000_000, 20_000, 2_000)]  # events, users, products
WORKERS = [1, 2]


def say(msg):
    print(f"[bench recommender] {time.strftime('%H:%M:%S')} {msg}", flush=True)


def main():
    env = os.environ
    s3 = boto3.client("s3", endpoint_url=env["S3_ENDPOINT"])
    jobs = JobSubmissionClient(env["RAY_DASHBOARD_URL"])
    rows = []
    for events, users, products in SIZES:
        prefix = f"bench/recommender/{events}"
        say(f"generating {events} events ({users} users, {products} products) -> s3://warehouse/{prefix}/")
        subprocess.run([str(ROOT / "local-platform" / "lp"), "datagen", "--prefix", prefix, "--num-events",
                        str(events), "--num-users", str(users), "--num-products", str(products)],
                       check=True, stdout=subprocess.DEVNULL)
        for workers in WORKERS:
            say(f"training on {events} events with {workers} worker(s)")
            t0 = time.time()
            job = jobs.submit_job(entrypoint="python main.py", runtime_env={
                "working_dir": str(APP), "pip": [l for l in (APP / "requirements.txt").read_text().splitlines()
                                                 if l and not l.startswith("#")],
                "env_vars": {"REC_CLICKSTREAM": f"{prefix}/clickstream.json", "REC_WORKERS": str(workers),
                             "REC_MODEL_PREFIX": f"{prefix}/models", "REC_TABLE": "bench_recsys.model_versions",
                             "REC_CATALOG_URI": f"{env['NESSIE_URL']}/iceberg/"}})
            while (status := jobs.get_job_status(job)) not in (JobStatus.SUCCEEDED, JobStatus.FAILED,
                                                               JobStatus.STOPPED):
                time.sleep(1)
            wall = time.time() - t0
            if status != JobStatus.SUCCEEDED:
                print(jobs.get_job_logs(job)[-3000:])
                sys.exit(f"training failed ({status})")
            logs = jobs.get_job_logs(job)
            version = next(l.split("version ")[1].split(" ")[0] for l in logs.splitlines() if " ready: " in l)
            doc = json.loads(s3.get_object(Bucket="warehouse", Key=f"{prefix}/models/versions/{version}/model.json")
                             ["Body"].read())
            m = doc["metrics"]
            phases = next(l.split("phases: ")[1] for l in logs.splitlines() if "phases: " in l)
            rows.append((events, workers, wall, doc["training_seconds"], m["precision_at_10"],
                         m["baseline_precision_at_10"], doc["data"]["users"], phases))
            say(f"{events} events, {workers} worker(s): job {wall:.1f} s, training {doc['training_seconds']:.1f} s, "
                f"precision@10 {m['precision_at_10']:.3f} (baseline {m['baseline_precision_at_10']:.3f})")
    print("\nevents     workers  job wall (s)  training (s)  precision@10  baseline  users  phases")
    for r in rows:
        print(f"{r[0]:>9}  {r[1]:>7}  {r[2]:>12.1f}  {r[3]:>12.1f}  {r[4]:>12.3f}  {r[5]:>8.3f}  {r[6]:>5}  {r[7]}")


if __name__ == "__main__":
    main()
