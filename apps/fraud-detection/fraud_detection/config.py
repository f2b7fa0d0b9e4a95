"""Settings shipped inside the package (app.json), so they travel with the code to the JobManager.
FRAUD_<KEY> environment variables override top-level keys (FRAUD_BOUNDED=true for a one-off batch run).

watermarkSeconds (20) bounds how late an event may arrive. The clickstream comes as files, and Flink's file source
reads the files it finds at one scan in no particular order, so events arrive up to a scan's worth of files late
(two 5-second files per 10-second scan locally); a smaller bound drops their windows as late. From Kafka
(kafka + eventsTopic) the simulator's events come in order, and 1-2 seconds suffice: how the portal runs it."""
import json
import os
from importlib import resources


def load(environ=None):
    environ = os.environ if environ is None else environ
    cfg = json.loads(resources.files(__package__).joinpath("app.json").read_text())
    for key, value in list(cfg.items()):
        override = environ.get(f"FRAUD_{key.upper()}")
        if override is not None and not isinstance(value, dict):
            cfg[key] = override == "true" if isinstance(value, bool) else type(value)(override)
    return cfg
