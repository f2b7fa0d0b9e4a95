"""Deterministic demo data for the local platform: users, products and clickstream events (schemas of the
upstream ecommerce-platform's users, products and clickstream) with injected fraud, plus a ground-truth file.

Fraud patterns (both listed in ground_truth.json so tests can assert exact results):
  * burst: a fraudster fires BURST_VIEWS `view` events 400 ms apart plus 2 `payment_failed`, all inside ONE
    10-second tumbling window aligned to the epoch -> exactly the Flink rule "COUNT(*) > 5 per user per
    10 s TUMBLE window" (one expected row per fraudster: user_id, window_start, window_end, event_count).
  * failed payments: a user with >= FAILED_PAYMENT_THRESHOLD `payment_failed` events, spread out (no burst).
Normal traffic is one event every 5 s (so at most 2 per user per 10 s window) and no normal user reaches the
failed-payment threshold, so detectors must find exactly the injected users.
Products are not picked uniformly: each user has latent preferences (their feature vector; a product's appeal is
the dot product with its feature vector, softmax at PREFERENCE_TEMPERATURE, mixed with PREFERENCE_NOISE uniform
picks), so a recommender that learns them measurably beats the popularity baseline. Fraudsters' products are random.
Everything derives from --seed and --start (no clock, no uuid4), so the same arguments give the same bytes."""
import argparse
import csv
import io
import json
import math
import random
import uuid
from collections import Counter, defaultdict
from datetime import datetime, timedelta, timezone

FIRST = ["John", "Jane", "Mary", "James", "Linda", "Robert", "Patricia", "Michael", "Barbara", "David"]
LAST = ["Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez"]
ADJ = ["Ergonomic", "Mechanical", "Gaming", "Wireless", "4K", "Curved", "Standing", "Adjustable", "HD"]
NOUN = ["Keyboard", "Mouse", "Monitor", "Chair", "Desk", "Webcam", "Headset", "Laptop", "Dock", "Cable"]
CATEGORIES = ["Electronics", "Office", "Peripherals", "Furniture", "Accessories"]
EVENT_MIX = ["view"] * 4 + ["add_to_cart"] * 2 + ["purchase", "payment_failed"]
WINDOW_S = 10
FRAUD_MIN_EVENTS = 6  # the rule is COUNT(*) > 5
BURST_VIEWS = 10
FAILED_PAYMENT_THRESHOLD = 4
FEATURE_DIM = 20
PREFERENCE_TEMPERATURE = 0.1
PREFERENCE_NOISE = 0.2  # share of a user's picks that ignore their preferences


def _uuid(rng):
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _features(rng):
    v = [rng.gauss(0, 1) for _ in range(FEATURE_DIM)]
    n = math.sqrt(sum(x * x for x in v)) or 1.0
    return json.dumps([round(x / n, 6) for x in v])


class Preferences:
    """Which product a user picks: softmax of (user features . product features) / temperature, plus noise."""

    def __init__(self, users, products, temperature=PREFERENCE_TEMPERATURE, noise=PREFERENCE_NOISE):
        self.pids = [p["product_id"] for p in products]
        pvecs = [json.loads(p["features"]) for p in products]
        self.noise = noise
        self.cum = {}
        for u in users:
            uv = json.loads(u["features"])
            scores = [sum(a * b for a, b in zip(uv, pv)) / temperature for pv in pvecs]
            top = max(scores) if scores else 0.0
            acc, cum = 0.0, []
            for sc in scores:
                acc += math.exp(sc - top)
                cum.append(acc)
            self.cum[u["user_id"]] = cum

    def pick(self, rng, user):
        cum = self.cum.get(user)
        if cum is None or rng.random() < self.noise:
            return rng.choice(self.pids)
        return rng.choices(self.pids, cum_weights=cum)[0]


def _ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S.%f")


def generate(seed=42, num_users=200, num_products=100, num_events=10000, num_burst=3, num_failed=2,
             start="2025-09-26T00:00:00"):
    rng = random.Random(seed)
    t0 = datetime.fromisoformat(start)
    users = [{"user_id": _uuid(rng), "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
              "signup_date": (t0 - timedelta(days=rng.randint(1, 365))).date().isoformat(),
              "features": _features(rng)} for _ in range(num_users)]
    products = [{"product_id": _uuid(rng), "product_name": f"{rng.choice(ADJ)} {rng.choice(NOUN)}",
                 "category": rng.choice(CATEGORIES), "price": round(rng.uniform(10.0, 500.0), 2),
                 "features": _features(rng)} for _ in range(num_products)]
    ids = [u["user_id"] for u in users]
    fraud = rng.sample(ids, num_burst + num_failed)
    burst_users, failed_users = fraud[:num_burst], fraud[num_burst:]
    pids = [p["product_id"] for p in products]
    prefs = Preferences(users, products)

    def ev(t, user, etype):
        pid = rng.choice(pids) if user in fraud else prefs.pick(rng, user)
        return {"timestamp": _ts(t), "user_id": user, "product_id": pid, "event_type": etype}

    events, failed_count = [], Counter()
    normal_users = [u for u in ids if u not in fraud]
    offset = timedelta(microseconds=rng.randrange(1_000_000))  # sub-second jitter, as in the upstream data
    for i in range(num_events):  # normal traffic: one event every 5 s
        user, etype = rng.choice(normal_users), rng.choice(EVENT_MIX)
        if etype == "payment_failed":
            if failed_count[user] >= FAILED_PAYMENT_THRESHOLD - 1:
                etype = "view"  # keep normal users strictly below the failed-payment threshold
            else:
                failed_count[user] += 1
        events.append(ev(t0 + offset + timedelta(seconds=5 * i), user, etype))

    # Failed-payment fraudsters: spread out over the day (one event per 2 minutes: never a burst).
    fp_truth = []
    for k, user in enumerate(failed_users):
        n = FAILED_PAYMENT_THRESHOLD + k
        base = t0 + timedelta(minutes=30 + 7 * k)
        for j in range(n):
            events.append(ev(base + timedelta(minutes=2 * j), user, "payment_failed"))
        fp_truth.append({"user_id": user, "payment_failed": n})

    # Burst fraudsters: after the normal traffic, each in its own window-aligned 10 s slot (+1 s margin).
    end = t0 + timedelta(seconds=5 * num_events + 60)
    epoch = datetime(1970, 1, 1)
    slot0 = math.ceil((end - epoch).total_seconds() / WINDOW_S) * WINDOW_S
    burst_truth = []
    for k, user in enumerate(burst_users):
        ws = epoch + timedelta(seconds=slot0 + 3 * WINDOW_S * k)
        first = ws + timedelta(seconds=1)
        for j in range(BURST_VIEWS):
            events.append(ev(first + timedelta(milliseconds=400 * j), user, "view"))
        for j in range(2):  # failed card attempts at the start of the burst (out of order in the file)
            events.append(ev(first + timedelta(milliseconds=600 * j), user, "payment_failed"))
        burst_truth.append({"user_id": user, "window_start": _ts(ws)[:23].replace("T", " "),
                            "window_end": _ts(ws + timedelta(seconds=WINDOW_S))[:23].replace("T", " "),
                            "event_count": BURST_VIEWS + 2})
    truth = {"seed": seed, "start": start, "rule": "COUNT(*) > 5 per user per 10 s tumbling window",
             "burst_fraudsters": burst_truth, "failed_payment_fraudsters": fp_truth,
             "failed_payment_threshold": FAILED_PAYMENT_THRESHOLD,
             "counts": {"users": num_users, "products": num_products, "events": len(events)}}
    return users, products, events, truth


def detect_bursts(events):
    """Reference implementation of the Flink rule (10 s tumbling windows aligned to the epoch, > 5 events)."""
    per = Counter()
    for e in events:
        t = datetime.fromisoformat(e["timestamp"][:23])
        ws = int((t - datetime(1970, 1, 1)).total_seconds() // WINDOW_S) * WINDOW_S
        per[(e["user_id"], ws)] += 1
    return sorted((u, ws, c) for (u, ws), c in per.items() if c >= FRAUD_MIN_EVENTS)


def detect_failed_payments(events, threshold=FAILED_PAYMENT_THRESHOLD):
    c = Counter(e["user_id"] for e in events if e["event_type"] == "payment_failed")
    return {u for u, n in c.items() if n >= threshold}


def to_csv(rows):
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def files(users, products, events, truth, prefix="data"):
    """{object key: bytes}; keys follow the upstream uploader (platform.md §4.5) under `prefix`."""
    stamp = truth["start"].replace(":", "-").replace("T", "_")
    jsonl = "".join(json.dumps(e) + "\n" for e in events).encode()
    return {
        f"{prefix}/users.csv": to_csv(users).encode(),
        f"{prefix}/products.csv": to_csv(products).encode(),
        f"{prefix}/clickstream/individual/clickstream-{stamp}.json": jsonl,  # read by the Flink fraud job
        f"{prefix}/clickstream/clickstream.json": jsonl,
        f"{prefix}/clickstream.json": jsonl,  # read by the Ray trainers
        f"{prefix}/ground_truth.json": json.dumps(truth, indent=1).encode(),
    }


def upload(objects, endpoint, bucket, access_key, secret_key, region):
    import boto3  # only needed for upload; generation is stdlib-only
    from botocore.config import Config

    s3 = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id=access_key, aws_secret_access_key=secret_key,
                      region_name=region, config=Config(s3={"addressing_style": "path"}))
    for key, body in objects.items():
        s3.put_object(Bucket=bucket, Key=key, Body=body)
    return s3


def main(argv=None):
    import os

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--num-users", type=int, default=200)
    ap.add_argument("--num-products", type=int, default=100)
    ap.add_argument("--num-events", type=int, default=10000)
    ap.add_argument("--start", default="2025-09-26T00:00:00", help="first normal event (naive local time)")
    ap.add_argument("--prefix", default="data",
                    help="key prefix in the bucket (default: data, the upstream layout)")
    ap.add_argument("--output-dir", help="also write the files here")
    ap.add_argument("--no-upload", action="store_true")
    ap.add_argument("--bucket", default=os.environ.get("S3_BUCKET", "warehouse"))
    a = ap.parse_args(argv)
    data = generate(a.seed, a.num_users, a.num_products, a.num_events, start=a.start)
    objs = files(*data, prefix=a.prefix)
    if a.output_dir:
        for key, body in objs.items():
            path = os.path.join(a.output_dir, key)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(body)
    if not a.no_upload:
        upload(objs, os.environ["S3_ENDPOINT"], a.bucket, os.environ["AWS_ACCESS_KEY_ID"],
               os.environ["AWS_SECRET_ACCESS_KEY"], os.environ.get("AWS_REGION", "us-east-1"))
        print(f"uploaded {len(objs)} objects to s3://{a.bucket}/{a.prefix}/ at {os.environ['S3_ENDPOINT']}")
    print(json.dumps(data[3]["counts"]))


if __name__ == "__main__":
    main()
