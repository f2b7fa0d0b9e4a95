"""The events as a Kafka stream: one JSON record per event on one topic, in event-time order (the detector's
watermark can then be small). Records are keyed by user, so a topic with several partitions keeps each user's
events in order. kafka-python comes with the Ray cluster's image (local-platform installs it into Ray's venv)."""
import json
import re

BOOTSTRAP = re.compile(r"^[A-Za-z0-9.-]+:\d{1,5}(,[A-Za-z0-9.-]+:\d{1,5})*$")
TOPIC = re.compile(r"^[A-Za-z0-9._-]{1,249}$")


class KafkaEventSink:
    def __init__(self, bootstrap, topic, producer=None):
        if not BOOTSTRAP.match(bootstrap):
            raise ValueError(f"--kafka must be host:port[,host:port...], not {bootstrap!r}")
        if not TOPIC.match(topic):
            raise ValueError(f"--events-topic must be a Kafka topic name (letters, digits, '.', '_', '-'), not {topic!r}")
        if producer is None:
            from kafka import KafkaProducer
            from kafka.errors import KafkaError

            # acks=1 and no batching delay: an event is on the broker well within a second of its interval.
            try:
                producer = KafkaProducer(bootstrap_servers=bootstrap.split(","), acks=1, linger_ms=0,
                                         request_timeout_ms=10_000, max_block_ms=10_000)
            except KafkaError as e:
                raise ValueError(f"Kafka at {bootstrap} is not reachable ({e}): start it "
                                 "(local-platform/lp up kafka) or leave out --kafka to write files") from e
        self.producer, self.topic = producer, topic
        self.where, self.unit = f"kafka://{bootstrap}/{topic}", "batches"

    def write(self, batch, t0):
        sent = [self.producer.send(self.topic, key=event["user_id"].encode(), value=json.dumps(event).encode())
                for event in batch]
        self.producer.flush(timeout=10)
        # Each on the broker before the next interval: a refused send (too large, not authorised) fails the run
        # loudly instead of losing events (flush alone raises only on a timeout).
        for future in sent:
            future.get(timeout=10)

    def close(self):
        self.producer.close(timeout=5)
