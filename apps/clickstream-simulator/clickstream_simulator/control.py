"""The files the simulator and the portal share in the bucket, under the control prefix:
  control.json  written by the portal: the settings it asks of one run (runId), numbered by revision;
  status.json   written by the simulator every interval: what it does now (its heartbeat).
A control file for another run, or with a revision already applied, is ignored; a malformed one is reported in
status.json (controlError) and changes nothing."""
import json
from dataclasses import dataclass

from . import generate as g

VERSION = 1
MAX_FRAUD_PER_MINUTE = 60 / g.WINDOW_S  # one burst per 10-second window at most


@dataclass(frozen=True)
class Settings:
    running: bool
    rate: float  # normal events per second
    fraud_per_minute: float  # injected burst fraudsters per minute

    @property
    def burst_every(self):
        return 60.0 / self.fraud_per_minute if self.fraud_per_minute > 0 else 0.0


def check(settings, capacity):
    """The settings, or ValueError saying which one is out of range."""
    if not 0 <= settings.rate <= capacity:
        raise ValueError(f"rate must be 0..{capacity:g} events/s (this simulator's users allow no more), "
                         f"not {settings.rate:g}")
    if not 0 <= settings.fraud_per_minute <= MAX_FRAUD_PER_MINUTE:
        raise ValueError(f"fraudPerMinute must be 0..{MAX_FRAUD_PER_MINUTE:g}, not {settings.fraud_per_minute:g}")
    return settings


def _number(doc, key):
    v = doc.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"{key} must be a number")
    return float(v)


def parse_control(body, run_id, applied_revision, current, capacity):
    """(settings, revision) when control.json asks something new of this run, None when it asks nothing of it;
    ValueError when it is malformed."""
    try:
        doc = json.loads(body)
    except ValueError as e:
        raise ValueError(f"control.json is not JSON: {e}") from None
    if not isinstance(doc, dict) or doc.get("version") != VERSION:
        raise ValueError(f"control.json must be an object with version {VERSION}")
    if doc.get("runId") != run_id:
        return None
    revision = doc.get("revision")
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        raise ValueError("control.json: revision must be a positive integer")
    if applied_revision is not None and revision <= applied_revision:
        return None
    running = doc.get("running", current.running)
    if not isinstance(running, bool):
        raise ValueError("control.json: running must be true or false")
    settings = Settings(running=running,
                        rate=_number(doc, "rate") if "rate" in doc else current.rate,
                        fraud_per_minute=_number(doc, "fraudPerMinute") if "fraudPerMinute" in doc
                        else current.fraud_per_minute)
    return check(settings, capacity), revision


def status_doc(**fields):
    """status.json's body: camelCase keys, as the portal's schema reads them."""
    s = fields.pop("settings")
    doc = {"version": VERSION, "running": s.running, "rate": s.rate, "fraudPerMinute": s.fraud_per_minute}
    for k, v in fields.items():
        head, *rest = k.split("_")
        doc[head + "".join(w.title() for w in rest)] = v
    return json.dumps(doc, indent=1).encode()

