"""The detector as Flink SQL, a pure function of the settings (tested without Flink).

Rules, both over event-time tumbling windows with a watermark:
  burst            more than burst.threshold events by one user in burst.windowSeconds (the seed's rule:
                   more than 5 events in 10 s)
  failed_payments  more than failedPayments.threshold payment_failed events by one user in its window
Each alert: user_id, rule, window_start, window_end, event_count, detected_at (processing time, UTC)."""
import re

IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
PATH = re.compile(r"^(s3a?://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]|file://)(/[A-Za-z0-9_.=-]+)+/?$")
URI = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9_.-]*)*$")


def _int(value, what, low, high):
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise ValueError(f"{what} must be a whole number from {low} to {high}: {value!r}")
    return value


# Intervals are written DAY TO SECOND: Flink reads a bare SECOND field with at most 2 digits (86400 fails), and
# the streaming planner refuses SECOND(6) in window functions ("DAY_INTERVAL_TYPES precision is not supported").
def _interval(seconds):
    days, rest = divmod(seconds, 86400)
    return f"INTERVAL '{days} {rest // 3600:02}:{rest % 3600 // 60:02}:{rest % 60:02}' DAY TO SECOND"


def _window_query(rule, window_s, threshold, where=""):
    return (f"SELECT user_id, '{rule}', window_start, window_end, COUNT(*), "
            f"CAST(CURRENT_TIMESTAMP AS TIMESTAMP(3)) "
            f"FROM TABLE(TUMBLE(TABLE clickstream_events, DESCRIPTOR(event_time), {_interval(window_s)})) "
            f"WHERE event_time IS NOT NULL{where} "
            f"GROUP BY window_start, window_end, user_id HAVING COUNT(*) > {threshold}")


def statements(cfg):
    parts = cfg["alerts"].split(".")
    if len(parts) != 2 or not all(IDENT.match(p) for p in parts):
        raise ValueError(f"alerts must be namespace.table: {cfg['alerts']!r}")
    if not PATH.match(cfg["events"]):
        raise ValueError(f"events must be an s3:// folder: {cfg['events']!r}")
    if not URI.match(cfg["catalogUri"]) or not IDENT.match(cfg.get("warehouse", "warehouse")):
        raise ValueError("catalogUri must be an http(s) URL and warehouse an identifier")
    burst_w = _int(cfg["burst"]["windowSeconds"], "burst.windowSeconds", 1, 86400)
    burst_n = _int(cfg["burst"]["threshold"], "burst.threshold", 1, 1_000_000)
    fp_w = _int(cfg["failedPayments"]["windowSeconds"], "failedPayments.windowSeconds", 1, 7 * 86400)
    fp_n = _int(cfg["failedPayments"]["threshold"], "failedPayments.threshold", 1, 1_000_000)
    lag = _int(cfg["watermarkSeconds"], "watermarkSeconds", 0, 3600)
    ns, table = parts
    alerts = f"nessie.{ns}.{table}"
    monitor = "" if cfg["bounded"] else ", 'source.monitor-interval'='10s'"
    setup = [
        f"CREATE CATALOG nessie WITH ('type'='iceberg', 'catalog-type'='rest', 'uri'='{cfg['catalogUri']}', "
        f"'warehouse'='{cfg.get('warehouse', 'warehouse')}')",
        f"CREATE DATABASE IF NOT EXISTS nessie.{ns}",
        f"CREATE TABLE IF NOT EXISTS {alerts} (user_id STRING, rule STRING, window_start TIMESTAMP(3), "
        "window_end TIMESTAMP(3), event_count BIGINT, detected_at TIMESTAMP(3)) WITH ('format-version'='2')",
        "CREATE TEMPORARY TABLE clickstream_events (user_id STRING, event_type STRING, `timestamp` STRING, "
        "event_time AS TO_TIMESTAMP(SUBSTRING(REPLACE(`timestamp`, 'T', ' '), 1, 23)), "
        f"WATERMARK FOR event_time AS event_time - {_interval(lag)}) "
        f"WITH ('connector'='filesystem', 'path'='{cfg['events']}', 'format'='json', "
        f"'json.ignore-parse-errors'='true'{monitor})",
    ]
    only_failed = " AND event_type = 'payment_failed'"
    inserts = [
        f"INSERT INTO {alerts} {_window_query('burst', burst_w, burst_n)}",
        f"INSERT INTO {alerts} {_window_query('failed_payments', fp_w, fp_n, only_failed)}",
    ]
    return setup, inserts
