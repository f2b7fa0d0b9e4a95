"""A model version in the object store: `model.npz` (numpy arrays only, saved without pickle, so loading it runs no
code) and `model.json` (ids, parameters, metrics, data snapshot), under <modelPrefix>/versions/<version id>/.
model.json is written last: a version whose model.json exists is complete."""
import io
import json

import numpy as np

FORMAT = "lakehouse-recommender/1"
ARRAYS = ("user_factors", "item_factors", "user_bias", "item_bias", "global_mean", "popularity")


def version_prefix(model_prefix, version_id):
    return f"{model_prefix}/versions/{version_id}/"


def to_bytes(model, feedback, manifest):
    """(npz bytes, json bytes) of a trained model; manifest holds version_id, created_at, params, metrics, data."""
    buf = io.BytesIO()
    np.savez(buf, user_factors=model.user_factors.astype(np.float32),
             item_factors=model.item_factors.astype(np.float32), user_bias=model.user_bias.astype(np.float32),
             item_bias=model.item_bias.astype(np.float32), global_mean=np.float32(model.global_mean),
             popularity=feedback.popularity.astype(np.float32))
    doc = {"format": FORMAT, **manifest, "user_ids": feedback.user_ids, "product_ids": feedback.product_ids}
    return buf.getvalue(), json.dumps(doc, separators=(",", ":")).encode()


def write(s3, bucket, model_prefix, version_id, npz, manifest_json):
    prefix = version_prefix(model_prefix, version_id)
    s3.put_object(Bucket=bucket, Key=prefix + "model.npz", Body=npz)
    s3.put_object(Bucket=bucket, Key=prefix + "model.json", Body=manifest_json, ContentType="application/json")
    return f"s3://{bucket}/{prefix}"
