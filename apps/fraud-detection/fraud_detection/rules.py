"""The detector as Flink SQL, a pure function of the settings (tested without Flink).

Rules, both over event-time tumbling windows with a watermark:
  burst            more than burst.threshold events by one user in burst.windowSeconds (the seed's rule:
                   more than 5 events in 10 s)
  failed_payments  more than failedPayments.threshold payment_failed events by one user in its window
Each alert: user_id, rule, window_start, window_end, event_count, detected_at (processing time, UTC).

Sources: the clickstream files in the object store, or (unbounded, with `kafka` and `eventsTopic`) a Kafka topic,
which the simulator fills in event-time order, so the watermark can be seconds instead of a file scan's worth.
Sinks: the alerts table in Iceberg (the record; it commits on checkpoints) and, with `alertsTopic`, each alert on a
Kafka topic as it fires, which the portal reads to show it before the table commits it."""
import re

IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")
PATH = re.compile(r"^(s3a?://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]|file://)(/[A-Za-z0-9_.=-]+)+/?$")
URI = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d+)?(/[A-Za-z0-9_.-]*)*$")
BOOTSTRAP = re.compile(r"^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$")
TOPIC = re.compile(r"^[A-Za-z0-9._-]{1,249}$")
ALERT_COLUMNS = ("user_id STRING, rule STRING, window_start TIMESTAMP(3), window_end TIMESTAMP(3), "
                 "event_count BIGINT, detected_at TIMESTAMP(3)")
EVENT_COLUMNS = ("user_id STRING, event_type STRING, `timestamp` STRING, "
                 "event_time AS TO_TIMESTAMP(SUBSTRING(REPLACE(`timestamp`, 'T', ' '), 1, 23))")


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


def _kafka(cfg):
    """The Kafka settings when the run uses Kafka (bootstrap servers, events topic, alerts topic), checked."""
    servers, events, alerts = cfg.get("kafka", ""), cfg.get("eventsTopic", ""), cfg.get("alertsTopic", "")
    if not (events or alerts) or cfg["bounded"]:
        return None  # a bounded run is a batch over the files
    if not BOOTSTRAP.match(servers):
        raise ValueError(f"kafka must be host:port[,host:port...] when a topic is set: {servers!r}")
    for key, topic in (("eventsTopic", events), ("alertsTopic", alerts)):
        if topic and not TOPIC.match(topic):
            raise ValueError(f"{key} must be a Kafka topic name: {topic!r}")
    return servers, events, alerts


def _kafka_with(servers, topic):
    return f"'connector'='kafka', 'topic'='{topic}', 'properties.bootstrap.servers'='{servers}', 'format'='json'"


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
    kafka = _kafka(cfg)
    ns, table = parts
    alerts = f"nessie.{ns}.{table}"
    watermark = f"WATERMARK FOR event_time AS event_time - {_interval(lag)}"
    if kafka and kafka[1]:
        # A detector resubmitted later resumes at its group's committed offsets (committed on checkpoints);
        # a first one starts at the topic's end rather than replaying old traffic. One group per detector
        # and alerts table: another run (a test, a second table) has offsets of its own.
        group = re.sub(r"[^A-Za-z0-9._-]", "-", f"{cfg.get('name', 'fraud-detection')}.{ns}.{table}")
        source = (f"{_kafka_with(kafka[0], kafka[1])}, 'json.ignore-parse-errors'='true', "
                  f"'properties.group.id'='{group}', 'scan.startup.mode'='group-offsets', "
                  "'properties.auto.offset.reset'='latest'")
    else:
        monitor = "" if cfg["bounded"] else ", 'source.monitor-interval'='10s'"
        source = (f"'connector'='filesystem', 'path'='{cfg['events']}', 'format'='json', "
                  f"'json.ignore-parse-errors'='true'{monitor}")
    setup = [
        f"CREATE CATALOG nessie WITH ('type'='iceberg', 'catalog-type'='rest', 'uri'='{cfg['catalogUri']}', "
        f"'warehouse'='{cfg.get('warehouse', 'warehouse')}')",
        f"CREATE DATABASE IF NOT EXISTS nessie.{ns}",
        f"CREATE TABLE IF NOT EXISTS {alerts} ({ALERT_COLUMNS}) WITH ('format-version'='2')",
        f"CREATE TEMPORARY TABLE clickstream_events ({EVENT_COLUMNS}, {watermark}) WITH ({source})",
    ]
    sinks = [alerts]
    if kafka and kafka[2]:
        # At least once, sent as each alert fires (not held for a checkpoint): the portal skips repeats.
        setup.append(f"CREATE TEMPORARY TABLE alert_stream ({ALERT_COLUMNS}) WITH ({_kafka_with(kafka[0], kafka[2])}, "
                     "'sink.delivery-guarantee'='at-least-once')")
        sinks.append("alert_stream")
    only_failed = " AND event_type = 'payment_failed'"
    queries = [_window_query("burst", burst_w, burst_n), _window_query("failed_payments", fp_w, fp_n, only_failed)]
    # One statement set: the planner reuses each rule's window aggregation for both sinks.
    inserts = [f"INSERT INTO {sink} {query}" for query in queries for sink in sinks]
    return setup, inserts
