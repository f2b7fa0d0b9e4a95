"""Clickstream events -> implicit feedback. An event says a user cared about a product, more for a purchase than a
view; failed payments say nothing about taste. Each user's latest events (by time) are held out for evaluation, so
the model is judged on what users did next, not on a random shuffle of what it already saw."""
import json
import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np

EVENT_WEIGHTS = {"view": 1.0, "add_to_cart": 2.0, "purchase": 4.0}
MIN_EVENTS_TO_HOLD_OUT = 5  # users with fewer events are trained on, not evaluated


@dataclass
class Interactions:
    """(user, item, value) triples over indices into user_ids / product_ids."""
    users: np.ndarray
    items: np.ndarray
    values: np.ndarray


@dataclass
class Feedback:
    user_ids: list
    product_ids: list
    train: Interactions
    test: dict  # user index -> {item index: summed weight} of the user's held-out events
    popularity: np.ndarray  # per item: summed training weight
    num_events: int


def parse_events(lines):
    """JSON lines -> events; a line that is not a clickstream event is an error naming the line (no silent skip)."""
    events = []
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            e = json.loads(line)
            events.append((str(e["timestamp"]), str(e["user_id"]), str(e["product_id"]), str(e["event_type"])))
        except (ValueError, KeyError, TypeError) as err:
            raise ValueError(f"clickstream line {n} is not an event ({err.__class__.__name__}: {err})") from None
    return events


def build(events, test_fraction):
    """Events -> (ids, training interactions with value 1 + log(1 + weight), held-out item sets, popularity)."""
    per_user = defaultdict(list)
    for ts, user, product, etype in events:
        if etype in EVENT_WEIGHTS:
            per_user[user].append((ts, product, EVENT_WEIGHTS[etype]))
    user_ids = sorted(per_user)
    product_ids = sorted({p for evs in per_user.values() for _, p, _ in evs})
    if not user_ids:
        raise ValueError("the clickstream has no view, add_to_cart or purchase events to learn from")
    uix = {u: i for i, u in enumerate(user_ids)}
    pix = {p: i for i, p in enumerate(product_ids)}
    weights, test = defaultdict(float), {}
    for user, evs in per_user.items():
        evs.sort()
        held = int(math.floor(len(evs) * test_fraction)) if len(evs) >= MIN_EVENTS_TO_HOLD_OUT else 0
        cut = len(evs) - held
        for _, product, w in evs[:cut]:
            weights[(uix[user], pix[product])] += w
        if held:
            mine = test[uix[user]] = {}
            for _, product, w in evs[cut:]:
                mine[pix[product]] = mine.get(pix[product], 0.0) + w
    keys = sorted(weights)
    users = np.array([k[0] for k in keys], dtype=np.int64)
    items = np.array([k[1] for k in keys], dtype=np.int64)
    w = np.array([weights[k] for k in keys], dtype=np.float64)
    popularity = np.bincount(items, weights=w, minlength=len(product_ids))
    return Feedback(user_ids, product_ids, Interactions(users, items, 1.0 + np.log1p(w)), test, popularity,
                    num_events=len(events))


def with_negatives(train, num_items, per_positive, rng):
    """Adds sampled (user, item never seen in training, 0) pairs: implicit data has no negatives, and without
    them every prediction drifts up and the ranking means nothing."""
    if per_positive == 0 or num_items < 2:
        return train
    seen = set(zip(train.users.tolist(), train.items.tolist()))
    n = len(train.values) * per_positive
    users = np.repeat(train.users, per_positive)
    items = rng.integers(0, num_items, size=n)
    keep = np.fromiter(((u, i) not in seen for u, i in zip(users.tolist(), items.tolist())), dtype=bool, count=n)
    return Interactions(np.concatenate([train.users, users[keep]]), np.concatenate([train.items, items[keep]]),
                        np.concatenate([train.values, np.zeros(int(keep.sum()))]))
