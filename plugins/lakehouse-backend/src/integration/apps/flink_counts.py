"""A streaming job with keyed state, for jobControls.integration.ts: counts the generated events per key and
appends each key's new count to a file of its Python worker under --out. After a stop with a savepoint and a
resume from it, the resumed job's first counts continue the stopped job's last ones: the state survived."""
import argparse
import os

from pyflink.common import Configuration, Types
from pyflink.datastream import KeyedProcessFunction, RuntimeContext, StreamExecutionEnvironment
from pyflink.datastream.state import ValueStateDescriptor
from pyflink.table import StreamTableEnvironment

ap = argparse.ArgumentParser()
ap.add_argument("--out", required=True)
ap.add_argument("--checkpoints", required=True, help="where checkpoints go, kept when the job is cancelled")
a = ap.parse_args()

conf = Configuration()
conf.set_string("execution.checkpointing.interval", "2s")
conf.set_string("execution.checkpointing.dir", a.checkpoints)
conf.set_string("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION")
env = StreamExecutionEnvironment.get_execution_environment(conf)
env.set_parallelism(1)
t_env = StreamTableEnvironment.create(env)
t_env.execute_sql(
    "CREATE TABLE ticks (k INT) WITH ('connector'='datagen', 'rows-per-second'='20', "
    "'fields.k.min'='0', 'fields.k.max'='1')"
)


class CountPerKey(KeyedProcessFunction):
    def open(self, ctx: RuntimeContext):
        self.count = ctx.get_state(ValueStateDescriptor("count", Types.LONG()))
        os.makedirs(a.out, exist_ok=True)
        self.file = open(os.path.join(a.out, f"counts-{os.getpid()}.txt"), "a", buffering=1)

    def process_element(self, row, ctx):
        n = (self.count.value() or 0) + 1
        self.count.update(n)
        self.file.write(f"{row[0]} {n}\n")
        yield n


(
    t_env.to_data_stream(t_env.from_path("ticks"))
    .key_by(lambda r: r[0], key_type=Types.INT())
    .process(CountPerKey(), output_type=Types.LONG())
    .uid("count-per-key")
    .print()
)
env.execute("flink-counts")
