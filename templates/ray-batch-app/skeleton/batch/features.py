"""Per-user features from clickstream events (JSON lines with user_id and event_type), computed shard by
shard and merged, so any number of workers gives the same result. Malformed lines are counted, not fatal."""
import json
from collections import defaultdict

EVENT_TYPES = ("view", "add_to_cart", "purchase", "payment_failed")


def shard(lines, n):
    return [lines[i::n] for i in range(n)]


def user_features(lines):
    counts = defaultdict(lambda: dict.fromkeys(EVENT_TYPES, 0))
    bad = 0
    for line in lines:
        try:
            event = json.loads(line)
            user, kind = event["user_id"], event["event_type"]
        except (ValueError, KeyError, TypeError):
            bad += 1
            continue
        row = counts[user]  # every user who shows up gets a row, even with only unknown event types
        if kind in EVENT_TYPES:
            row[kind] += 1
    return {"users": {u: c for u, c in counts.items()}, "malformed": bad}


def merge(parts):
    total = defaultdict(lambda: dict.fromkeys(EVENT_TYPES, 0))
    for part in parts:
        for user, c in part["users"].items():
            for kind, n in c.items():
                total[user][kind] += n
    rows = []
    for user in sorted(total):
        c = total[user]
        attempts = c["purchase"] + c["payment_failed"]
        rows.append({"user_id": user, **c, "events": sum(c.values()),
                     "conversion_rate": round(c["purchase"] / c["view"], 4) if c["view"] else 0.0,
                     "failed_payment_ratio": round(c["payment_failed"] / attempts, 4) if attempts else 0.0})
    return rows
