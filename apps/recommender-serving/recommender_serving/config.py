"""Settings: recommender_serving/app.json, travelling with the code, SERVE_<KEY> environment variables over it
(SERVE_MODEL_PREFIX, SERVE_HTTP_PORT), and over both the `args` of a RayService's serveConfigV2 (service.build_app).
S3_ENDPOINT and AWS_* come from the cluster or the `warehouse-s3` secret."""
import json
import os
import re
from importlib import resources

INTS = {"httpPort": (1, 65535), "pollSeconds": (1, 300), "replicas": (1, 16), "maxModelBytes": (1024, 2**34)}
STRINGS = ("name", "application", "routePrefix", "httpHost", "bucket", "modelPrefix")


def _env_name(key):
    return "SERVE_" + re.sub(r"([A-Z])", r"_\1", key).upper()


def load(environ=None, overrides=None):
    environ = os.environ if environ is None else environ
    cfg = json.loads(resources.files(__package__).joinpath("app.json").read_text())
    for key in (*STRINGS, *INTS):
        raw = environ.get(_env_name(key))
        if raw:
            cfg[key] = raw
    overrides = overrides or {}
    unknown = sorted(set(overrides) - set(STRINGS) - set(INTS))
    if unknown:
        # A misspelt key in a manifest would otherwise be ignored and the default served.
        raise ValueError(f"recommender-serving settings: unknown keys {', '.join(unknown)} "
                         f"(known: {', '.join((*STRINGS, *INTS))})")
    cfg.update({k: v for k, v in overrides.items() if v is not None})
    errors = [f"{k} must be a non-empty string" for k in STRINGS if not str(cfg.get(k, "")).strip()]
    for key, (lo, hi) in INTS.items():
        raw = str(cfg.get(key)).strip()
        if not raw.isdigit() or not lo <= int(raw) <= hi:
            errors.append(f"{key} must be a whole number from {lo} to {hi} (got {raw!r})")
        else:
            cfg[key] = int(raw)
    if not str(cfg.get("routePrefix", "")).startswith("/"):
        errors.append("routePrefix must start with /")
    if errors:
        raise ValueError("recommender-serving settings: " + "; ".join(errors))
    return cfg
