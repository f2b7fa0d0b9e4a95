"""Unit tests of the trainer's pieces (numpy only; the Ray job itself is tested on a real Ray cluster by the
portal's integration tests)."""
import io
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT.parent / "clickstream-simulator"))
from clickstream_simulator import generate  # noqa: E402
from recommender_training import artifact, config, evaluate, factorize, feedback, registry  # noqa: E402

# The margin the trained model must beat the popularity baseline's precision@10 by, on the demo dataset.
MIN_PRECISION_RATIO = 2.0


def lines(events):
    return [json.dumps(e) for e in events]


@pytest.fixture(scope="module")
def demo():
    _, _, events, _ = generate.generate()
    return feedback.build(feedback.parse_events(lines(events)), 0.2)


def trained(fb, **overrides):
    cfg = config.validate({**config.load({}), **overrides})
    data = feedback.with_negatives(fb.train, len(fb.product_ids), cfg["negativesPerPositive"],
                                   np.random.default_rng(cfg["seed"]))
    return factorize.train(data, len(fb.user_ids), len(fb.product_ids), cfg)


def test_settings_come_from_app_json_and_env():
    cfg = config.load({"REC_WORKERS": "1", "REC_CATALOG_URI": "http://nessie:19120/iceberg/",
                       "REC_LEARNING_RATE": "0.1"})
    assert cfg["workers"] == 1 and cfg["learningRate"] == 0.1 and cfg["catalogUri"] == "http://nessie:19120/iceberg/"
    assert cfg["epochs"] == 30 and cfg["table"] == "recsys.model_versions"


@pytest.mark.parametrize("env,message", [
    ({"REC_WORKERS": "0"}, "workers must be between 1 and 64"),
    ({"REC_WORKERS": "1.5"}, "workers must be an integer"),
    ({"REC_EPOCHS": "lots"}, "epochs must be an integer"),
    ({"REC_TEST_FRACTION": "0.9"}, "testFraction must be between"),
    ({"REC_TABLE": "model_versions"}, "table must be namespace.table"),
    ({"REC_LEARNING_RATE": "nan"}, "learningRate must be between"),
])
def test_bad_settings_are_refused_by_name(env, message):
    with pytest.raises(ValueError, match=message):
        config.load(env)


def test_a_line_that_is_not_an_event_is_an_error_naming_it():
    with pytest.raises(ValueError, match="line 2 is not an event"):
        feedback.parse_events(['{"timestamp":"t","user_id":"u","product_id":"p","event_type":"view"}', '{"user":1}'])


def test_feedback_weights_and_holds_out_each_users_latest_events():
    evs = [(f"2025-01-01T00:00:0{i}", "u", p, t) for i, (p, t) in enumerate(
        [("a", "view"), ("a", "purchase"), ("b", "add_to_cart"), ("b", "payment_failed"), ("c", "view"),
         ("d", "view"), ("d", "purchase")])]
    fb = feedback.build(evs, 0.34)  # 6 weighted events -> the last 2 (d, d) held out
    assert fb.user_ids == ["u"] and fb.product_ids == ["a", "b", "c", "d"]
    got = dict(zip(fb.train.items.tolist(), fb.train.values.tolist()))
    assert got == pytest.approx({0: 1 + np.log1p(5.0), 1: 1 + np.log1p(2.0), 2: 1 + np.log1p(1.0)})
    assert fb.test == {0: {3: 5.0}}
    assert fb.popularity.tolist() == [5.0, 2.0, 1.0, 0.0]


def test_sampled_negatives_avoid_what_the_user_touched():
    train = feedback.Interactions(np.array([0, 0, 1]), np.array([0, 1, 2]), np.ones(3))
    out = feedback.with_negatives(train, 50, 3, np.random.default_rng(1))
    negatives = set(zip(out.users[3:].tolist(), out.items[3:].tolist()))
    assert negatives and not negatives & {(0, 0), (0, 1), (1, 2)} and (out.values[3:] == 0).all()


def test_shards_partition_users_and_keep_every_interaction():
    data = feedback.Interactions(np.array([0, 1, 2, 3, 4, 4]), np.arange(6) % 3, np.arange(6.0))
    shards = factorize.shard(data, 5, 2)
    assert [s["global_users"].tolist() for s in shards] == [[0, 2, 4], [1, 3]]
    back = sorted((int(s["global_users"][u]), float(v)) for s in shards for u, v in zip(s["users"], s["values"]))
    assert back == sorted(zip(data.users.tolist(), data.values.tolist()))


def test_an_epoch_lowers_the_training_error_and_leaves_its_inputs_alone(demo):
    data = feedback.with_negatives(demo.train, len(demo.product_ids), 2, np.random.default_rng(0))
    rng = np.random.default_rng(0)
    P, Q = rng.normal(0, 0.1, (len(demo.user_ids), 8)), rng.normal(0, 0.1, (len(demo.product_ids), 8))
    bu, bi, mu = np.zeros(len(demo.user_ids)), np.zeros(len(demo.product_ids)), float(data.values.mean())
    before = Q.copy()

    def loss(P, bu, Q, bi):
        m = factorize.Model(mu, bu, bi, P, Q)
        pred = mu + bu[data.users] + bi[data.items] + np.einsum("ij,ij->i", P[data.users], Q[data.items])
        return float(np.mean((pred - data.values) ** 2)), m

    start = loss(P, bu, Q, bi)[0]
    out = (P, bu, Q, bi)
    for e in range(5):
        out = factorize.shard_epoch(data.users, data.items, data.values, *out, mu, 0.05, 0.02, 256, e)
    assert loss(*out)[0] < 0.8 * start
    assert (Q == before).all()


@pytest.mark.parametrize("workers", [1, 2])
def test_the_model_beats_the_popularity_baseline_on_the_demo_data(demo, workers):
    m = evaluate.evaluate(trained(demo, workers=workers), demo)
    assert m["test_users"] > 150
    assert m["precision_at_10"] >= MIN_PRECISION_RATIO * m["baseline_precision_at_10"] > 0
    assert m["recall_at_10"] > m["baseline_recall_at_10"]


def test_a_model_that_learned_nothing_does_not_beat_the_baseline(demo):
    m = evaluate.evaluate(trained(demo, epochs=1, learningRate=1e-6), demo)
    assert m["precision_at_10"] < MIN_PRECISION_RATIO * m["baseline_precision_at_10"]


def test_ranking_metrics():
    test = {0: {1: 1.0, 2: 1.0}, 1: {5: 2.0}}
    p, r = evaluate.ranking(lambda u: np.array([1, 3, 4, 6, 7, 8, 9, 10, 11, 12]) if u == 0 else np.arange(10), test,
                            10)
    assert p == pytest.approx((0.1 + 0.1) / 2) and r == pytest.approx((0.5 + 1.0) / 2)
    assert evaluate.top_k(np.array([0.1, 0.9, 0.9, 0.5]), 3).tolist() == [1, 2, 3]


def test_the_artifact_loads_without_pickle_and_names_its_ids(demo):
    model = trained(demo, epochs=2)
    npz, doc = artifact.to_bytes(model, demo, {"version_id": "rec-1", "created_at": "now", "params": {},
                                              "metrics": {}, "data": {}})
    arrays = np.load(io.BytesIO(npz), allow_pickle=False)
    assert set(arrays.files) == set(artifact.ARRAYS)
    assert arrays["user_factors"].shape == (len(demo.user_ids), 16)
    assert arrays["item_factors"].shape == (len(demo.product_ids), 16)
    meta = json.loads(doc)
    assert meta["format"] == artifact.FORMAT and meta["version_id"] == "rec-1"
    assert meta["product_ids"] == demo.product_ids and len(meta["user_ids"]) == len(demo.user_ids)
    scores = model.scores(0)
    stored = (arrays["global_mean"] + arrays["user_bias"][0] + arrays["item_bias"]
              + arrays["item_factors"] @ arrays["user_factors"][0])
    assert np.allclose(scores, stored, atol=1e-4)


def test_a_registry_row_has_every_column_and_refuses_unknown_ones():
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    r = registry.row("rec-1", when, "ready", {"epochs": 3}, "s3://w/c.json", rmse=0.5)
    assert list(r) == [c[0] for c in registry.COLUMNS] and r["params"] == '{"epochs": 3}' and r["rmse"] == 0.5
    with pytest.raises(ValueError, match="accuracy"):
        registry.row("rec-1", when, "ready", {}, "s3://w/c.json", accuracy=1)
    assert registry.new_version_id(when, "abc123") == "rec-20260102-030405-abc123"
