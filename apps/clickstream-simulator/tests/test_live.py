"""Unit tests for the live clickstream (no engines, no sleeping: intervals are driven by hand)."""
import json
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from clickstream_simulator import generate as g  # noqa: E402
from clickstream_simulator import live  # noqa: E402

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
    stream = live.LiveClickstream(seed=9, rate=30, burst_every=0, start=T0)
    events, injected = drive(stream, 900)
    assert injected == [] and g.detect_bursts(events) == []
    assert g.detect_failed_payments(events) == set()
    assert 0.9 * 30 * 900 < len(events) <= 30 * 900  # the rate holds (few events dropped by the cap)


def test_events_have_the_platform_schema_and_utc_timestamps():
    stream = live.LiveClickstream(seed=1, rate=5, start=T0)
    batch, _ = stream.interval(T0, T0 + 5)
    users = {u["user_id"] for u in g.generate(1, 200, 100, 0, 0, 0)[0]}
    assert batch and all(set(e) == {"timestamp", "user_id", "product_id", "event_type"} for e in batch)
    assert all(e["user_id"] in users and e["event_type"] in g.EVENT_MIX for e in batch)
    assert batch[0]["timestamp"].startswith(datetime.utcfromtimestamp(T0).strftime("%Y-%m-%dT%H:%M:0"))


def test_reshape_changes_the_rate_and_the_bursts_from_then_on():
    stream = live.LiveClickstream(seed=3, rate=5, burst_every=0, start=T0)
    before, none = drive(stream, 60)
    assert none == [] and 0.8 * 5 * 60 <= len(before) <= 5 * 60
    stream.reshape(20, 20, T0 + 60)
    batch, injected = [], []
    for k in range(12):
        b, inj = stream.interval(T0 + 60 + 5 * k, T0 + 65 + 5 * k)
        batch, injected = batch + b, injected + inj
    assert len(injected) == 3  # the first within 15 s of the change, then every 20 s
    normal = len(batch) - sum(b["event_count"] for b in injected)
    assert 0.9 * 20 * 60 <= normal <= 20 * 60


def test_skip_lets_time_pass_without_owing_bursts():
    stream = live.LiveClickstream(seed=3, rate=5, burst_every=10, start=T0)
    stream.skip(T0 + 300)
    events, injected = stream.interval(T0 + 300, T0 + 305)
    assert len(injected) <= 1 and all(_epoch(e) >= T0 + 300 for e in events)


def test_out_of_range_settings_are_refused():
    stream = live.LiveClickstream(seed=3, num_users=200, rate=5, start=T0)
    assert stream.capacity == live.max_rate(200) == 32.4
    for rate, every in [(-1, 0), (33, 0), (5, 5)]:
        try:
            stream.reshape(rate, every, T0)
        except ValueError:
            continue
        raise AssertionError(f"reshape({rate}, {every}) was accepted")
    assert stream.rate == 5
