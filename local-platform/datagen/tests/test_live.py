"""Unit tests for the live clickstream (no engines, no sleeping: intervals are driven by hand)."""
import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import generate as g  # noqa: E402
import live  # noqa: E402

T0 = 1_800_000_003.0  # not window-aligned on purpose


def drive(stream, seconds, step=5.0):
    events, injected, t = [], [], T0
    while t < T0 + seconds:
        batch, inj = stream.interval(t, t + step)
        assert all(t <= _epoch(e) < t + step for e in batch), "an event outside its file's interval"
        assert [e["timestamp"] for e in batch] == sorted(e["timestamp"] for e in batch)
        events += batch
        injected += inj
        t += step
    return events, injected


def _epoch(e):
    return (datetime.fromisoformat(e["timestamp"]) - datetime(1970, 1, 1)).total_seconds()


def test_a_detector_finds_exactly_the_injected_bursts():
    stream = live.LiveClickstream(seed=5, rate=20, burst_every=30, start=T0)
    events, injected = drive(stream, 600)
    assert len(injected) == 20
    # Every injection's window has fully passed by the end, so the reference detector sees each burst.
    found = g.detect_bursts(events)
    assert sorted((u, ws) for u, ws, _ in found) == sorted((b["user_id"], b["window_start"]) for b in injected)
    assert all(count == g.BURST_VIEWS + 2 for _, _, count in found)


def test_normal_traffic_stays_below_both_rules():
    stream = live.LiveClickstream(seed=9, rate=40, burst_every=0, start=T0)
    events, injected = drive(stream, 900)
    assert injected == [] and g.detect_bursts(events) == []
    assert g.detect_failed_payments(events) == set()
    assert 0.8 * 40 * 900 < len(events) <= 40 * 900  # the rate holds (few events dropped by the cap)


def test_events_have_the_platform_schema_and_utc_timestamps():
    stream = live.LiveClickstream(seed=1, rate=5, start=T0)
    batch, _ = stream.interval(T0, T0 + 5)
    users = {u["user_id"] for u in g.generate(1, 200, 100, 0, 0, 0)[0]}
    assert batch and all(set(e) == {"timestamp", "user_id", "product_id", "event_type"} for e in batch)
    assert all(e["user_id"] in users and e["event_type"] in g.EVENT_MIX for e in batch)
    assert batch[0]["timestamp"].startswith(datetime.utcfromtimestamp(T0).strftime("%Y-%m-%dT%H:%M:0"))


class FakeS3:
    def __init__(self):
        self.objects = {}

    def put_object(self, Bucket, Key, Body):
        self.objects[(Bucket, Key)] = Body


def test_run_writes_one_file_per_interval_and_says_what_it_injected():
    s3, lines = FakeS3(), []
    files, events, injected = live.run(s3, "warehouse", "live/clickstream", interval=0.5, rate=50,
                                       burst_every=1.0, duration=2.0, say=lines.append)
    assert files == len(s3.objects) >= 3
    assert all(k.startswith("live/clickstream/clickstream-") and b == "warehouse" for b, k in s3.objects)
    written = [json.loads(line) for body in s3.objects.values() for line in body.decode().splitlines()]
    assert len(written) == events
    assert sum("burst by" in line for line in lines) == len(injected) >= 1
