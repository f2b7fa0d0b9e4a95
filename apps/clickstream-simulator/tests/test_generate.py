"""Unit tests for the demo-data generator (no engines needed)."""
import csv
import io
import json
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from clickstream_simulator import generate as g  # noqa: E402


def test_deterministic_for_a_seed():
    assert g.files(*g.generate(seed=7)) == g.files(*g.generate(seed=7))
    assert g.files(*g.generate(seed=7)) != g.files(*g.generate(seed=8))


def test_schemas_match_the_platform():
    users, products, events, _ = g.generate(num_users=20, num_products=10, num_events=100)
    objs = g.files(users, products, events, _)
    rows = list(csv.DictReader(io.StringIO(objs["data/users.csv"].decode())))
    assert list(rows[0]) == ["user_id", "name", "signup_date", "features"] and len(rows) == 20
    assert len(json.loads(rows[0]["features"])) == g.FEATURE_DIM
    prows = list(csv.DictReader(io.StringIO(objs["data/products.csv"].decode())))
    assert list(prows[0]) == ["product_id", "product_name", "category", "price", "features"]
    assert all(10.0 <= float(p["price"]) <= 500.0 and p["category"] in g.CATEGORIES for p in prows)
    line = json.loads(objs["data/clickstream.json"].decode().splitlines()[0])
    assert set(line) == {"timestamp", "user_id", "product_id", "event_type"}
    datetime.strptime(line["timestamp"], "%Y-%m-%dT%H:%M:%S.%f")
    ids, pids = {u["user_id"] for u in users}, {p["product_id"] for p in products}
    assert all(e["user_id"] in ids and e["product_id"] in pids for e in events)  # referential integrity


def test_detector_finds_exactly_the_injected_burst_windows():
    _, _, events, truth = g.generate(seed=3)
    found = g.detect_bursts(events)
    expected = []
    for b in truth["burst_fraudsters"]:
        ws = datetime.fromisoformat(b["window_start"].replace(" ", "T"))
        expected.append((b["user_id"], int((ws - datetime(1970, 1, 1)).total_seconds()), b["event_count"]))
    assert found == sorted(expected) and len(found) == 3


def test_failed_payment_fraudsters_are_exactly_the_injected_ones():
    _, _, events, truth = g.generate(seed=5)
    assert g.detect_failed_payments(events) == {f["user_id"] for f in truth["failed_payment_fraudsters"]}


def test_burst_fraudsters_include_failed_payments_and_fit_one_window():
    _, _, events, truth = g.generate(seed=11)
    for b in truth["burst_fraudsters"]:
        mine = [e for e in events if e["user_id"] == b["user_id"]]
        assert sum(e["event_type"] == "payment_failed" for e in mine) == 2
        assert len(mine) == b["event_count"] > 5
        assert mine[0]["timestamp"][:15] == mine[-1]["timestamp"][:15]  # same 10 s slot (YYYY-MM-DDTHH:MM:S)


def test_upload_writes_all_objects(monkeypatch):
    calls = {}

    class FakeS3:
        def put_object(self, Bucket, Key, Body):
            calls[Key] = (Bucket, Body)

    import types
    fake = types.SimpleNamespace(client=lambda *a, **k: FakeS3())
    monkeypatch.setitem(sys.modules, "boto3", fake)
    objs = g.files(*g.generate(num_events=50))
    g.upload(objs, "http://x", "warehouse", "k", "s", "us-east-1")
    assert set(calls) == set(objs) and all(b == "warehouse" for b, _ in calls.values())
    assert any(k.startswith("data/clickstream/individual/clickstream-") for k in calls)
