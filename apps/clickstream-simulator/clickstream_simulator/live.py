"""The clickstream as a live stream: every INTERVAL seconds one JSON-lines file with the events of that interval
(timestamps in UTC, now), put under <prefix>/ in the bucket, where a streaming detector picks it up.

Traffic keeps the batch generator's guarantees, so every alert a detector raises is one of the injected ones:
  * normal users send at most 2 events per 10-second window and fewer than FAILED_PAYMENT_THRESHOLD
    `payment_failed` per UTC day (as in the batch);
  * every BURST_EVERY seconds one user of a separate fraudster pool fires a burst (BURST_VIEWS views and
    2 failed payments inside one epoch-aligned 10-second window); each injection is printed.
The users and products are the batch generator's (same seed -> same ids)."""
import heapq
import random
import time
from collections import Counter
from datetime import datetime, timezone

from . import generate as g

NORMAL_PER_WINDOW = 2
FRAUDSTER_SHARE = 0.1


def max_rate(num_users):
    """Normal users send at most NORMAL_PER_WINDOW events per window; 90% of that leaves room to find a free user."""
    normal = num_users - max(1, int(num_users * FRAUDSTER_SHARE))
    return round(0.9 * normal * NORMAL_PER_WINDOW / g.WINDOW_S, 1)


def _window(t):
    return int(t // g.WINDOW_S)


class LiveClickstream:
    """Events over wall-clock time; pure given (seed, clock values), so it is unit-tested without sleeping."""

    def __init__(self, seed=42, num_users=200, num_products=100, rate=20.0, burst_every=30.0, start=None):
        self.capacity = max_rate(num_users)
        users, products, _, _ = g.generate(seed, num_users, num_products, num_events=0, num_burst=0, num_failed=0)
        self.rng = random.Random(seed + 1)
        ids = [u["user_id"] for u in users]
        pool = max(1, int(len(ids) * FRAUDSTER_SHARE))
        self.fraudsters, self.normal = ids[:pool], ids[pool:]
        self.pids = [p["product_id"] for p in products]
        self.prefs = g.Preferences(users[pool:], products)  # fraudsters pick at random
        self.rate, self.burst_every, self.next_burst = rate, 0.0, float("inf")
        self.reshape(rate, burst_every, start if start is not None else time.time())
        self.per_window = {}  # window -> Counter(user)
        self.failed_today = {}  # UTC day -> Counter(user)
        self.pending = []  # heap of (epoch seconds, seq, event): bursts reach into the next interval
        self.seq = 0
        self.injected = []

    def reshape(self, rate, burst_every, now):
        """New settings from `now` on; 0 = no bursts. The first burst after a change comes soon (within 15 s),
        so whoever turned fraud up sees an alert within a minute or two."""
        if not 0 <= rate <= self.capacity:
            raise ValueError(f"rate {rate:g} events/s is outside 0..{self.capacity:g} (the cap for this many users)")
        if burst_every and burst_every < g.WINDOW_S:
            raise ValueError(f"bursts can come at most every {g.WINDOW_S} s (one per window), not every {burst_every:g} s")
        if burst_every != self.burst_every:
            self.next_burst = now + min(burst_every, 15.0) if burst_every > 0 else float("inf")
        self.rate, self.burst_every = rate, burst_every

    def _push(self, t, user, etype):
        ts = datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")
        self.seq += 1
        heapq.heappush(self.pending, (t, self.seq, {"timestamp": ts, "user_id": user,
                                                    "product_id": self.prefs.pick(self.rng, user),
                                                    "event_type": etype}))

    def _normal_event(self, t):
        counts = self.per_window.setdefault(_window(t), Counter())
        for _ in range(8):  # a few tries to find a user under the per-window cap; else skip this event
            user = self.rng.choice(self.normal)
            if counts[user] < NORMAL_PER_WINDOW:
                break
        else:
            return
        counts[user] += 1
        etype = self.rng.choice(g.EVENT_MIX)
        if etype == "payment_failed":
            day = self.failed_today.setdefault(int(t // 86400), Counter())
            if day[user] >= g.FAILED_PAYMENT_THRESHOLD - 1:
                etype = "view"
            else:
                day[user] += 1
        self._push(t, user, etype)

    def _burst(self, t):
        ws = (_window(t) + 1) * g.WINDOW_S  # the next aligned window, so the whole burst falls inside it
        user = self.rng.choice(self.fraudsters)
        first = ws + 0.5
        for j in range(g.BURST_VIEWS):
            self._push(first + 0.3 * j, user, "view")
        for j in range(2):
            self._push(first + 0.4 * j, user, "payment_failed")
        self.injected.append({"user_id": user, "window_start": ws, "event_count": g.BURST_VIEWS + 2})
        return self.injected[-1]

    def skip(self, t1):
        """Lets the time up to t1 pass without events (a stopped simulator): pending burst events are dropped and
        no burst is owed for the pause."""
        self.pending = [p for p in self.pending if p[0] >= t1]
        heapq.heapify(self.pending)
        while self.next_burst < t1:
            self.next_burst += self.burst_every

    def interval(self, t0, t1):
        """The events with timestamps in [t0, t1), sorted, and the bursts injected meanwhile."""
        injected = []
        for _ in range(int(round((t1 - t0) * self.rate))):
            self._normal_event(self.rng.uniform(t0, t1))
        while self.next_burst < t1:
            injected.append(self._burst(self.next_burst))
            self.next_burst += self.burst_every
        out = []
        while self.pending and self.pending[0][0] < t1:
            out.append(heapq.heappop(self.pending)[2])
        old = _window(t0) - 2
        for w in [w for w in self.per_window if w < old]:
            del self.per_window[w]
        return out, injected
