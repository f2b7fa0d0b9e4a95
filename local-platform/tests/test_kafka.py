"""Kafka: a message goes through the broker (kafka-python, topic auto-created, consumer group), and a Flink SQL
job in the session cluster reads JSON from one topic and writes to another (the Kafka connector jars)."""
import json
import time
import uuid
from pathlib import Path

import pytest
from lp_client import flink_run_python, flink_upload_python_jar, http

JOBS = Path(__file__).resolve().parent / "jobs"
# kafka-python 3.0.12 loads its protocol schemas through importlib.resources' legacy API: ~100 warnings per test
pytestmark = pytest.mark.filterwarnings("ignore:(read|open)_text is deprecated:DeprecationWarning")


def _consume(E, topic, n, timeout=20):
    """(up to n records of topic from the start, as a fresh consumer group sees them; the topic's end offset)."""
    from kafka import KafkaConsumer

    c = KafkaConsumer(topic, bootstrap_servers=E["KAFKA_BOOTSTRAP_SERVERS"], group_id=f"lp-test-{uuid.uuid4().hex[:8]}",
                      auto_offset_reset="earliest", consumer_timeout_ms=timeout * 1000)
    out, end = [], time.time() + timeout
    try:
        for rec in c:
            out.append(rec)
            if len(out) >= n or time.time() > end:
                break
        return out, sum(c.end_offsets(list(c.assignment())).values())  # nothing beyond what was read
    finally:
        c.close()


def _produce(E, topic, values):
    from kafka import KafkaProducer

    p = KafkaProducer(bootstrap_servers=E["KAFKA_BOOTSTRAP_SERVERS"], max_block_ms=20000)
    try:
        for v in values:
            p.send(topic, value=v, key=b"k")
        p.flush(timeout=20)
    finally:
        p.close(timeout=5)


def test_kafka_produce_consume(E):
    topic = f"lp-test-{uuid.uuid4().hex[:8]}"  # auto.create.topics.enable: the producer creates it
    sent = [f"hello {i}".encode() for i in range(3)]
    _produce(E, topic, sent)
    got, end = _consume(E, topic, len(sent))
    assert [r.value for r in got] == sent and {r.partition for r in got} == {0} and end == len(sent)


def test_flink_sql_kafka_to_kafka(E):
    src, dst = (f"lp-test-{w}-{uuid.uuid4().hex[:8]}" for w in ("events", "alerts"))
    events = [{"user_id": "u1", "event_type": "payment", "amount": 25.0},
              {"user_id": "u2", "event_type": "payment", "amount": 4200.0},
              {"user_id": "u3", "event_type": "page_view", "amount": 9000.0},
              {"user_id": "u4", "event_type": "payment", "amount": 1500.5}]
    _produce(E, src, [json.dumps(e).encode() for e in events])
    jar_id = flink_upload_python_jar(E["FLINK_REST_URL"], E["LP_FLINK_HOME"])
    try:
        jid, job = flink_run_python(E["FLINK_REST_URL"], jar_id, str(JOBS / "flink_kafka.py"),
                                    ["--src", src, "--dst", dst, "--min-amount", 1000], timeout=45)
    finally:
        http("DELETE", f"{E['FLINK_REST_URL']}/jars/{jar_id}")
    assert job["state"] == "FINISHED", http("GET", f"{E['FLINK_REST_URL']}/jobs/{jid}/exceptions")
    got, end = _consume(E, dst, 2, timeout=15)
    assert end == 2 and sorted((json.loads(r.value) for r in got), key=lambda a: a["user_id"]) == [{"user_id": "u2", "amount": 4200.0, "rule": "large_payment"},
                   {"user_id": "u4", "amount": 1500.5, "rule": "large_payment"}]
