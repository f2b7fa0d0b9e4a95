"""The job's settings: batch_etl/app.json, travelling with the code, and ETL_<KEY> environment variables over
it (the portal's submit API sets them per run: `env: {ETL_USERS: "s3a://..."}`)."""
import json
import os
from importlib import resources

KEYS = ("name", "catalog", "namespace", "users", "products")


def load(environ=None):
    environ = os.environ if environ is None else environ
    cfg = json.loads(resources.files(__package__).joinpath("app.json").read_text())
    for key in KEYS:
        override = environ.get(f"ETL_{key.upper()}")
        if override:
            cfg[key] = override
    missing = [k for k in KEYS if not cfg.get(k)]
    if missing:
        raise ValueError(f"batch_etl/app.json lacks {', '.join(missing)}")
    return cfg
