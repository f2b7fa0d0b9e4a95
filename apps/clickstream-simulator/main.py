"""Entrypoint (the Ray job driver runs it; `python main.py` runs it anywhere with the same environment): the live
clickstream for the fraud pipeline, shaped while it runs from the portal (start, stop, rate, fraud rate).

Environment: S3_ENDPOINT (unset: AWS's own), AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_REGION, S3_BUCKET.
Events go to files in S3 (--events-prefix) or, with --kafka, to a Kafka topic (--events-topic); the control and
status files stay in S3 either way."""
import argparse
import os
import signal
import sys

from clickstream_simulator import control
from clickstream_simulator.kafka_sink import KafkaEventSink
from clickstream_simulator.simulator import Simulator


def say(msg):
    print(f"clickstream-simulator: {msg}", flush=True)


def parse(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rate", type=float, default=20.0, help="normal events per second (default 20)")
    ap.add_argument("--fraud-per-minute", type=float, default=2.0,
                    help=f"injected burst fraudsters per minute, 0..{control.MAX_FRAUD_PER_MINUTE:g} (default 2)")
    ap.add_argument("--duration", type=float, default=0.0, help="seconds to run; 0 (default): until stopped")
    ap.add_argument("--stopped", action="store_true", help="start without events, until the portal starts it")
    ap.add_argument("--interval", type=float, default=5.0, help="seconds per events file (default 5)")
    ap.add_argument("--events-prefix", default="live/clickstream")
    ap.add_argument("--kafka", default="", help="Kafka bootstrap servers (host:port,...): events to --events-topic")
    ap.add_argument("--events-topic", default="clickstream", help="the Kafka topic of the events (default clickstream)")
    ap.add_argument("--control-prefix", default="live/simulator", help="where control.json and status.json live")
    ap.add_argument("--bucket", default=os.environ.get("S3_BUCKET", "warehouse"))
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--num-users", type=int, default=200, help="the demo users (default 200, as `lp datagen`)")
    a = ap.parse_args(argv)
    if not 0.5 <= a.interval <= 3600 or a.duration < 0 or not 10 <= a.num_users <= 1_000_000:
        ap.error("--interval must be 0.5..3600 s, --duration >= 0, --num-users 10..1000000")
    return a


def s3_client():
    import boto3
    from botocore.config import Config

    return boto3.client("s3", endpoint_url=os.environ.get("S3_ENDPOINT") or None,
                        region_name=os.environ.get("AWS_REGION", "us-east-1"),
                        config=Config(s3={"addressing_style": "path"}, connect_timeout=5, read_timeout=30,
                                      retries={"max_attempts": 3}))


def main(argv=None):
    a = parse(sys.argv[1:] if argv is None else argv)
    settings = control.Settings(running=not a.stopped, rate=a.rate, fraud_per_minute=a.fraud_per_minute)
    try:
        sink = KafkaEventSink(a.kafka, a.events_topic) if a.kafka else None
        sim = Simulator(s3_client(), a.bucket, a.events_prefix.strip("/"), a.control_prefix.strip("/"), settings,
                        interval=a.interval, duration=a.duration, seed=a.seed, num_users=a.num_users,
                        job_id=os.environ.get("RAY_JOB_SUBMISSION_ID"), say=say, sink=sink)
    except ValueError as e:
        say(f"refused: {e}")
        return 2

    def stop(*_):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # `ray job stop` (and Kubernetes) ask with SIGTERM
    return 0 if sim.run() in ("finished", "ended") else 1


if __name__ == "__main__":
    sys.exit(main())
