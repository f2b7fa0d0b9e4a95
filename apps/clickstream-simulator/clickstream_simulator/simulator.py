"""The live loop: every interval, the portal's control file is read, the interval's events go to the events sink
(one JSON-lines file under the events prefix, or one Kafka record each: where the streaming fraud detector reads
them), and status.json says what the simulator does now. Stopped, it writes no events but keeps its heartbeat, so
the portal can start it again."""
import json
import time
import uuid
from datetime import datetime, timezone

from . import control
from .live import LiveClickstream, max_rate


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


class S3FileSink:
    """Each interval's events as one JSON-lines object in the bucket (Flink's file source reads the folder)."""

    def __init__(self, s3, bucket, prefix):
        self.s3, self.bucket, self.prefix = s3, bucket, prefix
        self.where, self.unit = prefix, "files"

    def write(self, batch, t0):
        stamp = datetime.fromtimestamp(t0, timezone.utc).strftime("%Y-%m-%d_%H-%M-%S-%f")[:-3]
        body = "".join(json.dumps(e) + "\n" for e in batch).encode()
        self.s3.put_object(Bucket=self.bucket, Key=f"{self.prefix}/clickstream-{stamp}.json", Body=body)

    def close(self):
        pass


class Simulator:
    def __init__(self, s3, bucket, events_prefix, control_prefix, settings, interval=5.0, duration=0.0, seed=42,
                 num_users=200, job_id=None, say=print, clock=time.time, sleep=time.sleep, sink=None):
        self.s3, self.bucket, self.say, self.clock, self.sleep = s3, bucket, say, clock, sleep
        self.sink = sink or S3FileSink(s3, bucket, events_prefix)
        self.events_prefix, self.control_key = self.sink.where, f"{control_prefix}/control.json"
        self.status_key = f"{control_prefix}/status.json"
        self.interval, self.duration, self.job_id = interval, duration, job_id
        self.run_id = uuid.uuid4().hex
        self.started = clock()
        self.settings = control.check(settings, max_rate(num_users))
        self.stream = LiveClickstream(seed, num_users=num_users, rate=settings.rate,
                                      burst_every=settings.burst_every, start=self.started)
        self.applied_revision, self.control_error = None, None
        self.files = self.events = 0
        self.last_rate = 0.0

    def _read_control(self):
        try:
            body = self.s3.get_object(Bucket=self.bucket, Key=self.control_key)["Body"].read(64 * 1024 + 1)
        except self.s3.exceptions.NoSuchKey:
            return
        if len(body) > 64 * 1024:
            self.control_error = "control.json is larger than 64 KiB: ignored"
            return
        try:
            change = control.parse_control(body, self.run_id, self.applied_revision, self.settings,
                                           self.stream.capacity)
        except ValueError as e:
            self.control_error = f"{e}: ignored (settings unchanged)"
            return
        self.control_error = None
        if change:
            settings, self.applied_revision = change
            if settings != self.settings:
                self.stream.reshape(settings.rate, settings.burst_every, self.clock())
                self.say(f"settings from the portal (revision {self.applied_revision}): "
                         f"{'running' if settings.running else 'stopped'}, {settings.rate:g} events/s, "
                         f"{settings.fraud_per_minute:g} fraudsters/min")
                self.settings = settings

    def _write_status(self, state):
        body = control.status_doc(
            settings=self.settings, run_id=self.run_id, job_id=self.job_id, state=state,
            started_at=iso(self.started), heartbeat_at=iso(self.clock()), interval_seconds=self.interval,
            ends_at=iso(self.started + self.duration) if self.duration else None, capacity=self.stream.capacity,
            applied_revision=self.applied_revision, control_error=self.control_error,
            events_per_second=self.last_rate, events_total=self.events, files=self.files,
            bursts=len(self.stream.injected), last_burst=self.stream.injected[-1] if self.stream.injected else None,
            events_prefix=self.events_prefix)
        self.s3.put_object(Bucket=self.bucket, Key=self.status_key, Body=body, ContentType="application/json")

    def step(self, t0, t1):
        """One interval [t0, t1): the events of a running simulator; a stopped one lets the time pass."""
        if not self.settings.running:
            self.stream.skip(t1)
            self.last_rate = 0.0
            return
        batch, injected = self.stream.interval(t0, t1)
        if batch:
            self.sink.write(batch, t0)
            self.files, self.events = self.files + 1, self.events + len(batch)
        self.last_rate = round(len(batch) / (t1 - t0), 2)
        for b in injected:
            self.say(f"burst by {b['user_id']} in the window starting {iso(b['window_start'])} "
                     f"({b['event_count']} events)")

    def _where(self):
        w = self.sink.where
        return w if "://" in w else f"s3://{self.bucket}/{w}/"

    def run(self):
        s = self.settings
        self.say(f"run {self.run_id}: events every {self.interval:g} s to {self._where()}, "
                 f"{s.rate:g} events/s, {s.fraud_per_minute:g} fraudsters/min, "
                 f"{'for %g s' % self.duration if self.duration else 'until stopped'}; "
                 f"control and status in s3://{self.bucket}/{self.control_key.rsplit('/', 1)[0]}/")
        t0, state = self.started, "running"
        try:
            self._write_status(state)
            while not self.duration or t0 - self.started < self.duration:
                t1 = t0 + self.interval
                self.sleep(max(0.0, t1 - self.clock()))
                self._read_control()
                self.step(t0, t1)
                self._write_status(state)
                if self.files and self.files % max(1, int(60 / self.interval)) == 0 and self.last_rate:
                    self.say(f"{self.files} {self.sink.unit}, {self.events} events, {len(self.stream.injected)} bursts so far")
                t0 = t1
            state = "finished"
        except KeyboardInterrupt:  # main turns SIGTERM (the job being stopped) into this
            state = "ended"
        except Exception:
            state = "failed"
            raise
        finally:
            try:
                self._write_status(state)
            except Exception as e:  # the object store may be what failed; the job's own log still says why
                self.say(f"could not write the final status: {e}")
            self.sink.close()
            self.say(f"{state}: {self.files} {self.sink.unit}, {self.events} events, {len(self.stream.injected)} bursts")
        return state
