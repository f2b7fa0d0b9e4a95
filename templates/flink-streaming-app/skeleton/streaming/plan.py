"""The Flink SQL the job runs, as a pure function of the settings so it can be tested without Flink.
Names, paths and numbers are checked before they are put into SQL: settings can be edited by hand."""
import re

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
PATH = re.compile(r"^(s3a?://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]|file://)(/[A-Za-z0-9_.=-]+)+/?$")
URI = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9_.-]*)*$")


def _int(cfg, key, low, high):
    value = cfg[key]
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{key} must be a whole number from {low} to {high}: {value!r}")
    return value


# Intervals are written DAY TO SECOND: Flink reads a bare SECOND field with at most 2 digits (86400 fails), and
# the streaming planner refuses SECOND(6) in window functions ("DAY_INTERVAL_TYPES precision is not supported").
def _interval(seconds):
    days, rest = divmod(seconds, 86400)
    return f"INTERVAL '{days} {rest // 3600:02}:{rest % 3600 // 60:02}:{rest % 60:02}' DAY TO SECOND"


def plan(cfg):
    catalog = cfg["catalog"]
    parts = cfg["target"].split(".")
    if not IDENTIFIER.match(catalog) or len(parts) != 2 or not all(IDENTIFIER.match(p) for p in parts):
        raise ValueError(f"target must be namespace.table (lowercase, digits, _): {cfg['target']!r}")
    if not PATH.match(cfg["events"]):
        raise ValueError(f"events must be an s3://bucket/path or file:// folder: {cfg['events']!r}")
    if not URI.match(cfg["catalogUri"]):
        raise ValueError(f"catalogUri must be an http(s) URL: {cfg['catalogUri']!r}")
    window = _int(cfg, "windowSeconds", 1, 86400)
    threshold = _int(cfg, "threshold", 1, 1_000_000)
    ns, table = parts
    monitor = "" if cfg.get("bounded") else ", 'source.monitor-interval'='10s'"
    return [
        f"CREATE CATALOG {catalog} WITH ('type'='iceberg', 'catalog-type'='rest', "
        f"'uri'='{cfg['catalogUri']}', 'warehouse'='{cfg.get('warehouse', 'warehouse')}')",
        f"CREATE DATABASE IF NOT EXISTS {catalog}.{ns}",
        f"CREATE TABLE IF NOT EXISTS {catalog}.{ns}.{table} (user_id STRING, window_start TIMESTAMP(3), "
        "window_end TIMESTAMP(3), event_count BIGINT) WITH ('format-version'='2')",
        "CREATE TEMPORARY TABLE clickstream_events (user_id STRING, event_type STRING, `timestamp` STRING, "
        "event_time AS TO_TIMESTAMP(SUBSTRING(REPLACE(`timestamp`, 'T', ' '), 1, 23)), "
        f"WATERMARK FOR event_time AS event_time - {_interval(5)}) "
        f"WITH ('connector'='filesystem', 'path'='{cfg['events']}', 'format'='json', "
        f"'json.ignore-parse-errors'='true'{monitor})",
        f"INSERT INTO {catalog}.{ns}.{table} "
        f"SELECT user_id, window_start, window_end, COUNT(*) FROM TABLE(TUMBLE(TABLE clickstream_events, "
        f"DESCRIPTOR(event_time), {_interval(window)})) WHERE event_time IS NOT NULL "
        f"GROUP BY window_start, window_end, user_id HAVING COUNT(*) > {threshold}",
    ]
