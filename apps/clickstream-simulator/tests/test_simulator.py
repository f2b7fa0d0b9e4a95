"""The simulator's loop with an in-memory bucket and a hand-driven clock: the portal's control file shapes the
events that are written, and status.json says so (the real loop on Ray and S3 is tested by the portal's
integration tests)."""
import io
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from clickstream_simulator import control  # noqa: E402
from clickstream_simulator.simulator import Simulator  # noqa: E402

T0 = 1_800_000_000.0


class NoSuchKey(Exception):
    pass


class MemoryS3:
    class exceptions:
        NoSuchKey = NoSuchKey

    def __init__(self):
        self.objects = {}

    def put_object(self, Bucket, Key, Body, **_):
        self.objects[Key] = Body

    def get_object(self, Bucket, Key):
        if Key not in self.objects:
            raise NoSuchKey(Key)
        return {"Body": io.BytesIO(self.objects[Key])}

    def events_files(self):
        return sorted(k for k in self.objects if k.startswith("ev/"))


class Clock:
    def __init__(self):
        self.t = T0

    def __call__(self):
        return self.t

    def sleep(self, s):
        self.t += s


def simulator(s3, clock, **kw):
    settings = control.Settings(running=kw.pop("running", True), rate=kw.pop("rate", 10),
                                fraud_per_minute=kw.pop("fraud", 0))
    return Simulator(s3, "warehouse", "ev", "ctl", settings, interval=5, clock=clock, sleep=clock.sleep,
                     say=lambda m: None, **kw)


def status(s3):
    return json.loads(s3.objects["ctl/status.json"])


def control_file(s3, sim, revision, **fields):
    s3.objects["ctl/control.json"] = json.dumps({"version": 1, "runId": sim.run_id, "revision": revision,
                                                 **fields}).encode()


def steps(sim, clock, n):
    for _ in range(n):
        t0 = clock.t
        clock.sleep(5)
        sim._read_control()
        sim.step(t0, clock.t)
        sim._write_status("running")


def test_a_run_for_its_duration_writes_its_events_and_a_finished_status():
    s3, clock = MemoryS3(), Clock()
    assert simulator(s3, clock, duration=30).run() == "finished"
    st = status(s3)
    assert st["state"] == "finished" and st["files"] == len(s3.events_files()) == 6
    lines = [json.loads(x) for k in s3.events_files() for x in s3.objects[k].decode().splitlines()]
    assert len(lines) == st["eventsTotal"] and 0.9 * 10 * 30 <= len(lines) <= 10 * 30
    assert st["endsAt"] and st["capacity"] == 32.4 and st["running"] is True


def test_the_portal_stops_reshapes_and_starts_a_run():
    s3, clock = MemoryS3(), Clock()
    sim = simulator(s3, clock)
    steps(sim, clock, 2)
    control_file(s3, sim, 1, running=False)
    steps(sim, clock, 3)
    st = status(s3)
    assert st["running"] is False and st["eventsPerSecond"] == 0 and st["appliedRevision"] == 1
    files = len(s3.events_files())
    control_file(s3, sim, 2, running=True, rate=30, fraudPerMinute=6)
    steps(sim, clock, 6)
    st = status(s3)
    assert st["running"] and st["rate"] == 30 and st["fraudPerMinute"] == 6 and st["appliedRevision"] == 2
    assert len(s3.events_files()) == files + 6 and st["eventsPerSecond"] >= 25
    assert st["bursts"] >= 2 and st["lastBurst"]["event_count"] == 12


@pytest.mark.parametrize("fields, error", [
    ({"rate": 1e9}, "rate must be 0..32.4"),
    ({"rate": -1}, "rate must be"),
    ({"rate": "fast"}, "rate must be a number"),
    ({"fraudPerMinute": 7}, "fraudPerMinute must be 0..6"),
    ({"running": "yes"}, "running must be true or false"),
])
def test_a_malformed_control_file_is_reported_and_changes_nothing(fields, error):
    s3, clock = MemoryS3(), Clock()
    sim = simulator(s3, clock)
    control_file(s3, sim, 1, **fields)
    steps(sim, clock, 1)
    st = status(s3)
    assert error in st["controlError"] and st["rate"] == 10 and st["appliedRevision"] is None


def test_control_for_another_run_or_an_old_revision_is_ignored():
    s3, clock = MemoryS3(), Clock()
    sim = simulator(s3, clock)
    s3.objects["ctl/control.json"] = json.dumps({"version": 1, "runId": "other", "revision": 9,
                                                 "running": False}).encode()
    steps(sim, clock, 1)
    assert status(s3)["running"] is True and status(s3)["controlError"] is None
    control_file(s3, sim, 3, rate=5)
    steps(sim, clock, 1)
    control_file(s3, sim, 2, rate=20)
    steps(sim, clock, 1)
    assert status(s3)["rate"] == 5 and status(s3)["appliedRevision"] == 3


def test_not_json_and_wrong_version_are_reported():
    s3, clock = MemoryS3(), Clock()
    sim = simulator(s3, clock)
    s3.objects["ctl/control.json"] = b"{not json"
    steps(sim, clock, 1)
    assert "not JSON" in status(s3)["controlError"]
    s3.objects["ctl/control.json"] = b'{"version": 2}'
    steps(sim, clock, 1)
    assert "version 1" in status(s3)["controlError"]


def test_out_of_range_arguments_are_refused_before_anything_is_written():
    s3 = MemoryS3()
    with pytest.raises(ValueError, match="rate must be"):
        simulator(s3, Clock(), rate=500)
    assert s3.objects == {}


class SentFuture:
    def __init__(self, error):
        self.error = error

    def get(self, timeout):
        if self.error:
            raise self.error


class MemoryProducer:
    def __init__(self, refuse=None):
        self.sent, self.flushes, self.closed, self.refuse = [], 0, False, refuse

    def send(self, topic, key, value):
        self.sent.append((topic, key.decode(), json.loads(value)))
        return SentFuture(self.refuse)

    def flush(self, timeout):
        self.flushes += 1

    def close(self, timeout):
        self.closed = True


def test_with_kafka_each_event_is_one_record_in_time_order_and_flushed_every_interval():
    from clickstream_simulator.kafka_sink import KafkaEventSink

    s3, clock, producer = MemoryS3(), Clock(), MemoryProducer()
    sink = KafkaEventSink("127.0.0.1:19092", "clickstream", producer=producer)
    assert simulator(s3, clock, duration=20, fraud=6, sink=sink).run() == "finished"
    assert s3.events_files() == []  # no files: the stream is the topic
    assert producer.sent and {t for t, _, _ in producer.sent} == {"clickstream"}
    assert all(key == event["user_id"] for _, key, event in producer.sent)
    stamps = [event["timestamp"] for _, _, event in producer.sent]
    assert stamps == sorted(stamps)  # what lets the detector's watermark be small
    assert producer.flushes == 4 and producer.closed
    assert status(s3)["eventsTotal"] == len(producer.sent)
    assert status(s3)["eventsPrefix"] == "kafka://127.0.0.1:19092/clickstream"


@pytest.mark.parametrize("bootstrap,topic", [("http://kafka:9092", "t"), ("kafka", "t"), ("kafka:9092", "a topic")])
def test_kafka_arguments_are_checked_before_connecting(bootstrap, topic):
    from clickstream_simulator.kafka_sink import KafkaEventSink

    with pytest.raises(ValueError):
        KafkaEventSink(bootstrap, topic, producer=MemoryProducer())


def test_a_send_the_broker_refuses_fails_the_run_instead_of_losing_events():
    from clickstream_simulator.kafka_sink import KafkaEventSink

    s3, clock = MemoryS3(), Clock()
    sink = KafkaEventSink("127.0.0.1:19092", "clickstream", producer=MemoryProducer(refuse=RuntimeError("too large")))
    with pytest.raises(RuntimeError, match="too large"):
        simulator(s3, clock, duration=20, sink=sink).run()
    assert status(s3)["state"] == "failed"
