"""The job's settings. They live in app.json inside the package (rendered by the portal's template), so
they reach the driver with the code wherever Spark runs it; environment variables named ETL_<KEY>
override them (for a one-off run without editing the file)."""
import json
import os
from importlib import resources

KEYS = ("name", "source", "target", "writeMode", "catalog")


def load(environ=None):
    environ = os.environ if environ is None else environ
    cfg = json.loads(resources.files(__package__).joinpath("app.json").read_text())
    for key in KEYS:
        override = environ.get(f"ETL_{key.upper()}")
        if override:
            cfg[key] = override
    missing = [k for k in KEYS if not cfg.get(k)]
    if missing:
        raise ValueError(f"etl/app.json lacks {', '.join(missing)}")
    return cfg
