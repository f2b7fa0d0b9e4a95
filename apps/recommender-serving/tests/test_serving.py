"""Unit tests of the recommender service without Ray: model checks, answers, the promoted-version watcher."""
import io
import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from recommender_serving import config  # noqa: E402
from recommender_serving.handler import handle  # noqa: E402
from recommender_serving.model import LoadedModel, ModelError  # noqa: E402
from recommender_serving.watcher import ModelWatcher  # noqa: E402

USERS, PRODUCTS = ["u1", "u2", "u3"], [f"p{i}" for i in range(12)]


def files(version="rec-1", seed=0, **overrides):
    rng = np.random.default_rng(seed)
    arrays = {"user_factors": rng.normal(size=(3, 4)).astype(np.float32),
              "item_factors": rng.normal(size=(12, 4)).astype(np.float32),
              "user_bias": rng.normal(size=3).astype(np.float32), "item_bias": rng.normal(size=12).astype(np.float32),
              "global_mean": np.float32(1.5), "popularity": np.arange(12, dtype=np.float32)}
    arrays.update(overrides)
    buf = io.BytesIO()
    np.savez(buf, **{k: v for k, v in arrays.items() if v is not None})
    doc = {"format": "lakehouse-recommender/1", "version_id": version, "user_ids": USERS, "product_ids": PRODUCTS}
    return json.dumps(doc).encode(), buf.getvalue(), arrays


def test_known_users_get_the_models_top_k_best_first():
    manifest, npz, a = files()
    model = LoadedModel.from_bytes(manifest, npz, "rec-1")
    got = model.recommend("u2", 5)
    brute = a["global_mean"] + a["user_bias"][1] + a["item_bias"] + a["item_factors"] @ a["user_factors"][1]
    assert got["fallback"] is None
    assert [i["product_id"] for i in got["items"]] == [PRODUCTS[j] for j in np.argsort(-brute)[:5]]
    assert got["items"][0]["score"] == pytest.approx(float(brute.max()), rel=1e-5)


def test_unknown_users_get_the_most_popular_products_flagged():
    model = LoadedModel.from_bytes(*files()[:2])
    got = model.recommend("stranger", 3)
    assert got["fallback"] == "popularity" and [i["product_id"] for i in got["items"]] == ["p11", "p10", "p9"]


@pytest.mark.parametrize("mutate,message", [
    (lambda m, n: (b"not json", n), "not JSON"),
    (lambda m, n: (m.replace(b"lakehouse-recommender/1", b"other/9"), n), "format must be"),
    (lambda m, n: (m, b"PK\x03\x04 garbage"), "does not load as plain arrays"),
    (lambda m, n: (m.replace(b'"u3"', b'"u1"'), n), "distinct"),
])
def test_malformed_model_files_are_refused_with_the_reason(mutate, message):
    with pytest.raises(ModelError, match=message):
        LoadedModel.from_bytes(*mutate(*files()[:2]))


def test_arrays_that_disagree_with_the_ids_or_need_pickle_are_refused():
    with pytest.raises(ModelError, match="user_factors"):
        LoadedModel.from_bytes(*files(user_factors=np.zeros((2, 4), np.float32))[:2])
    with pytest.raises(ModelError, match="non-finite"):
        LoadedModel.from_bytes(*files(item_bias=np.full(12, np.nan, np.float32))[:2])
    with pytest.raises(ModelError, match="lacks popularity"):
        LoadedModel.from_bytes(*files(popularity=None)[:2])
    with pytest.raises(ModelError, match="plain arrays"):  # an object array would need pickle to load
        LoadedModel.from_bytes(*files(popularity=np.array([object()] * 12, dtype=object))[:2])
    with pytest.raises(ModelError, match="names version 'rec-1', not 'rec-2'"):
        LoadedModel.from_bytes(*files()[:2], expected_version="rec-2")


class FakeS3:
    class exceptions:
        class NoSuchKey(Exception):
            pass

    def __init__(self):
        self.objects, self.down = {}, False

    def get_object(self, Bucket, Key):
        if self.down:
            raise ConnectionError("object store unreachable")
        if Key not in self.objects:
            raise self.exceptions.NoSuchKey(Key)
        body = self.objects[Key]
        return {"ContentLength": len(body), "Body": io.BytesIO(body)}

    def put_version(self, version, seed=0, **overrides):
        manifest, npz, _ = files(version, seed, **overrides)
        self.objects[f"m/versions/{version}/model.json"] = manifest
        self.objects[f"m/versions/{version}/model.npz"] = npz

    def promote(self, version):
        self.objects["m/promoted.json"] = json.dumps({"version_id": version}).encode()


def test_the_watcher_follows_promotions_and_keeps_serving_through_bad_ones():
    s3 = FakeS3()
    w = ModelWatcher(s3, "b", "m", 10_000_000)
    w.refresh()
    assert w.model is None and handle("/recommend", {"user_id": "u1"}, w)[0] == 503
    s3.put_version("rec-1")
    s3.put_version("rec-2", seed=1)
    s3.promote("rec-1")
    w.refresh()
    assert handle("/recommend", {"user_id": "u1", "k": "3"}, w)[1]["version_id"] == "rec-1"
    s3.promote("rec-2")
    w.refresh()
    assert w.model.version_id == "rec-2" and w.error is None
    s3.put_version("rec-3", user_factors=np.zeros((1, 4), np.float32))
    s3.promote("rec-3")
    w.refresh()
    assert w.model.version_id == "rec-2" and "user_factors" in w.error and "serving rec-2" in w.error
    s3.promote("rec-missing")
    w.refresh()
    assert w.model.version_id == "rec-2" and "no model files" in w.error
    s3.down = True
    w.refresh()
    assert w.model.version_id == "rec-2" and "unreachable" in w.status()["error"]


def test_oversized_model_files_are_not_read():
    s3 = FakeS3()
    s3.put_version("rec-1")
    s3.promote("rec-1")
    w = ModelWatcher(s3, "b", "m", 1100)
    w.refresh()
    assert w.model is None and "over the 1100-byte bound" in w.error


@pytest.mark.parametrize("query,message", [
    ({}, "user_id is required"), ({"user_id": "x" * 200}, "user_id is required"),
    ({"user_id": "u1", "k": "0"}, "k must be"), ({"user_id": "u1", "k": "101"}, "k must be"),
    ({"user_id": "u1", "k": "-3"}, "k must be"), ({"user_id": "u1", "k": "ten"}, "k must be"),
])
def test_bad_requests_get_400_with_the_reason(query, message):
    s3 = FakeS3()
    s3.put_version("rec-1")
    s3.promote("rec-1")
    w = ModelWatcher(s3, "b", "m", 10_000_000)
    w.refresh()
    status, body = handle("/recommend", query, w)
    assert status == 400 and message in body["error"]
    assert handle("/nope", {}, w)[0] == 404


def test_manifest_args_override_the_environment_and_are_checked():
    cfg = config.load({"SERVE_REPLICAS": "3"}, overrides={"replicas": "2", "pollSeconds": 5})
    assert (cfg["replicas"], cfg["pollSeconds"], cfg["bucket"]) == (2, 5, "warehouse")
    with pytest.raises(ValueError, match="unknown keys replica "):
        config.load({}, overrides={"replica": 2})
    with pytest.raises(ValueError, match="replicas must be a whole number from 1 to 16"):
        config.load({}, overrides={"replicas": 0})


def test_settings_are_checked():
    assert config.load({"SERVE_HTTP_PORT": "8123"})["httpPort"] == 8123
    with pytest.raises(ValueError, match="httpPort must be a whole number"):
        config.load({"SERVE_HTTP_PORT": "99999"})
    with pytest.raises(ValueError, match="routePrefix must start with /"):
        config.load({"SERVE_ROUTE_PREFIX": "api"})
