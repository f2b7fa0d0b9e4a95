"""The job's settings. They live in app.json inside the package (rendered by the portal's template), so
they reach the JobManager with the code; environment variables named STREAMING_<KEY> override them."""
import json
import os
from importlib import resources

REQUIRED = ("name", "events", "target", "catalog", "catalogUri", "windowSeconds", "threshold")
NUMBERS = ("windowSeconds", "threshold", "checkpointSeconds")


def load(environ=None):
    environ = os.environ if environ is None else environ
    cfg = json.loads(resources.files(__package__).joinpath("app.json").read_text())
    for key in list(cfg):
        override = environ.get(f"STREAMING_{key.upper()}")
        if override:
            cfg[key] = int(override) if key in NUMBERS else (override == "true" if key == "bounded" else override)
    missing = [k for k in REQUIRED if cfg.get(k) in (None, "")]
    if missing:
        raise ValueError(f"streaming/app.json lacks {', '.join(missing)}")
    return cfg
