"""The job's settings. They live in app.json inside the package (rendered by the portal's template), so
they travel in the job's working directory; environment variables named BATCH_<KEY> override them."""
import json
import os
import re
from importlib import resources

S3_URI = re.compile(r"^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[A-Za-z0-9_./=-]+$")


def load(environ=None):
    environ = os.environ if environ is None else environ
    cfg = json.loads(resources.files(__package__).joinpath("app.json").read_text())
    for key in list(cfg):
        override = environ.get(f"BATCH_{key.upper()}")
        if override:
            cfg[key] = int(override) if key == "workers" else override
    for key in ("input", "output"):
        if not S3_URI.match(cfg.get(key, "")) or ".." in cfg[key]:
            raise ValueError(f"batch/app.json: {key} must be an s3://bucket/key URI: {cfg.get(key)!r}")
    if not 1 <= int(cfg["workers"]) <= 256:
        raise ValueError("batch/app.json: workers must be from 1 to 256")
    return cfg
