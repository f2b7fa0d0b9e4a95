"""PyFlink SQL over Kafka ('connector'='kafka', jars on the cluster classpath by lp): reads JSON payment events
from --src, keeps those over --min-amount (a stand-in for the detector's rules) and writes them as JSON alerts to
--dst. Bounded (`scan.bounded.mode` latest-offset: what is in the topic at start), so the job FINISHes; no wait():
submitted through the REST API the client runs detached inside the JobManager."""
import argparse
import os

from pyflink.table import EnvironmentSettings, TableEnvironment

ap = argparse.ArgumentParser()
ap.add_argument("--src", required=True)
ap.add_argument("--dst", required=True)
ap.add_argument("--min-amount", type=float, default=1000.0)
a = ap.parse_args()

kafka = f"'connector'='kafka', 'properties.bootstrap.servers'='{os.environ['KAFKA_BOOTSTRAP_SERVERS']}', 'format'='json'"
t_env = TableEnvironment.create(EnvironmentSettings.in_streaming_mode())  # as the fraud detector runs
t_env.execute_sql(f"""CREATE TABLE events (user_id STRING, event_type STRING, amount DOUBLE) WITH ({kafka},
    'topic'='{a.src}', 'properties.group.id'='lp-test-{a.src}', 'scan.startup.mode'='earliest-offset',
    'scan.bounded.mode'='latest-offset')""")
t_env.execute_sql(f"CREATE TABLE alerts (user_id STRING, amount DOUBLE, rule STRING) WITH ({kafka}, 'topic'='{a.dst}')")
t_env.execute_sql(f"""INSERT INTO alerts SELECT user_id, amount, 'large_payment' FROM events
    WHERE event_type = 'payment' AND amount > {a.min_amount}""")
