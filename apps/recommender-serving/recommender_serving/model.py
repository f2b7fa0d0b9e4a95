"""A model version as the trainer wrote it (model.json + model.npz), checked before it serves anything: the format,
the version it claims, ids and array shapes that agree, finite numbers. The arrays load with allow_pickle=False, so
a model file cannot run code. `recommend` answers top-k for a user; a user the model never saw gets the most
popular products, flagged as a fallback."""
import io
import json

import numpy as np

FORMAT = "lakehouse-recommender/1"
ARRAYS = ("user_factors", "item_factors", "user_bias", "item_bias", "global_mean", "popularity")
MAX_K = 100


class ModelError(ValueError):
    """The model files are not a usable model version (the message says why)."""


def _ids(doc, key):
    ids = doc.get(key)
    if not isinstance(ids, list) or not all(isinstance(i, str) and i for i in ids) or len(set(ids)) != len(ids):
        raise ModelError(f"model.json: {key} must be a list of distinct non-empty strings")
    return ids


class LoadedModel:
    def __init__(self, version_id, user_ids, product_ids, arrays):
        self.version_id = version_id
        self.product_ids = product_ids
        self.user_index = {u: i for i, u in enumerate(user_ids)}
        self.arrays = arrays
        pop = arrays["popularity"].astype(np.float64)
        total = pop.sum()
        self.popular = top_k(pop, MAX_K)
        self.popular_scores = pop / total if total > 0 else pop

    @classmethod
    def from_bytes(cls, manifest, npz, expected_version=None):
        try:
            doc = json.loads(manifest)
        except ValueError as e:
            raise ModelError(f"model.json is not JSON ({e})") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ModelError(f"model.json: format must be {FORMAT!r}")
        version = doc.get("version_id")
        if expected_version is not None and version != expected_version:
            raise ModelError(f"model.json names version {version!r}, not {expected_version!r}")
        users, products = _ids(doc, "user_ids"), _ids(doc, "product_ids")
        try:
            with np.load(io.BytesIO(npz), allow_pickle=False) as z:
                arrays = {name: z[name] for name in ARRAYS if name in z.files}
        except Exception as e:  # zip, header or pickle errors: all mean "not our arrays"
            raise ModelError(f"model.npz does not load as plain arrays ({e.__class__.__name__}: {e})") from None
        missing = [a for a in ARRAYS if a not in arrays]
        if missing:
            raise ModelError(f"model.npz lacks {', '.join(missing)}")
        u, i = len(users), len(products)
        k = arrays["user_factors"].shape[1] if arrays["user_factors"].ndim == 2 else -1
        expected = {"user_factors": (u, k), "item_factors": (i, k), "user_bias": (u,), "item_bias": (i,),
                    "global_mean": (), "popularity": (i,)}
        for name, shape in expected.items():
            a = arrays[name]
            if a.shape != shape or a.dtype.kind != "f":
                raise ModelError(f"model.npz: {name} is {a.dtype}{list(a.shape)}, expected floats of shape "
                                 f"{list(shape)} ({u} users, {i} products in model.json)")
            if not np.isfinite(a).all():
                raise ModelError(f"model.npz: {name} has non-finite values")
        if i == 0 or k < 1:
            raise ModelError("model has no products or no factors")
        return cls(version, users, products, arrays)

    def scores(self, user):
        a = self.arrays
        return a["global_mean"] + a["user_bias"][user] + a["item_bias"] + a["item_factors"] @ a["user_factors"][user]

    def recommend(self, user_id, k):
        idx = self.user_index.get(user_id)
        if idx is None:
            picks = self.popular[:k]
            return {"fallback": "popularity", "items": [
                {"product_id": self.product_ids[p], "score": float(self.popular_scores[p])} for p in picks]}
        s = self.scores(idx)
        picks = top_k(s, k)
        return {"fallback": None, "items": [{"product_id": self.product_ids[p], "score": float(s[p])} for p in picks]}


def top_k(scores, k):
    k = min(k, len(scores))
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.lexsort((part, -scores[part]))]  # best first, ties by index: deterministic
