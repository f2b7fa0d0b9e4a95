"""The job's settings: recommender_training/app.json, travelling with the code, and REC_<KEY> environment variables
over it (camelCase keys in upper snake case: REC_CATALOG_URI, REC_WORKERS). The portal's submit API sets them per run
(`env: {"REC_CATALOG_URI": "http://nessie:19120/iceberg/"}`); S3_ENDPOINT and AWS_* come from the engine or the
`warehouse-s3` secret source."""
import json
import os
import re
from importlib import resources

# key -> (type, lowest allowed, highest allowed); strings have no bounds
BOUNDS = {
    "workers": (int, 1, 64), "factors": (int, 1, 256), "epochs": (int, 1, 500),
    "learningRate": (float, 1e-6, 1.0), "regularization": (float, 0.0, 10.0),
    "negativesPerPositive": (int, 0, 20), "batchSize": (int, 1, 1_000_000),
    "testFraction": (float, 0.05, 0.5), "seed": (int, 0, 2**31 - 1),
}
STRINGS = ("name", "bucket", "clickstream", "modelPrefix", "catalogUri", "warehouse", "table")


def _env_name(key):
    return "REC_" + re.sub(r"([A-Z])", r"_\1", key).upper()


def load(environ=None):
    environ = os.environ if environ is None else environ
    cfg = json.loads(resources.files(__package__).joinpath("app.json").read_text())
    for key in (*STRINGS, *BOUNDS):
        raw = environ.get(_env_name(key))
        if raw is not None and raw != "":
            cfg[key] = raw
    return validate(cfg)


def validate(cfg):
    """Typed settings, or a ValueError naming every bad key (nothing runs on a bad setting)."""
    out, errors = dict(cfg), []
    for key in STRINGS:
        if not isinstance(cfg.get(key), str) or not cfg[key].strip():
            errors.append(f"{key} must be a non-empty string")
    for key, (kind, lo, hi) in BOUNDS.items():
        try:
            value = kind(cfg.get(key))
            if kind is int and str(cfg.get(key)).strip() not in (str(value), f"{value}.0"):
                raise ValueError
        except (TypeError, ValueError):
            errors.append(f"{key} must be a{'n integer' if kind is int else ' number'} (got {cfg.get(key)!r})")
            continue
        if not lo <= value <= hi:
            errors.append(f"{key} must be between {lo} and {hi} (got {value})")
        out[key] = value
    if not errors and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*", out["table"]):
        errors.append(f"table must be namespace.table (got {out['table']!r})")
    if errors:
        raise ValueError("recommender-training settings: " + "; ".join(errors))
    out["modelPrefix"] = out["modelPrefix"].strip("/")
    return out
