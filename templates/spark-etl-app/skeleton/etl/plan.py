"""The SQL the job runs, as a pure function of the settings so it can be tested without Spark.
Every name is checked before it is put into SQL: settings can be edited by hand."""
import re

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
S3_PATH = re.compile(r"^s3a://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9_.=-]+)+$")
WRITE_MODES = ("overwrite", "append")


def table_name(value, what):
    parts = value.split(".")
    if len(parts) != 2 or not all(IDENTIFIER.match(p) for p in parts):
        raise ValueError(f"{what} must be namespace.table in lowercase letters, digits and _: {value!r}")
    return parts


def plan(cfg):
    catalog = cfg["catalog"]
    if not IDENTIFIER.match(catalog):
        raise ValueError(f"catalog must be an identifier: {catalog!r}")
    source = cfg["source"]
    if source.startswith("s3a://"):
        if not S3_PATH.match(source):
            raise ValueError(f"source must be an s3a://bucket/path: {source!r}")
        read = (f"CREATE OR REPLACE TEMPORARY VIEW source USING csv "
                f"OPTIONS (path '{source}', header 'true', inferSchema 'true')")
    else:
        ns, table = table_name(source, "source")
        read = f"CREATE OR REPLACE TEMPORARY VIEW source AS SELECT * FROM {catalog}.{ns}.{table}"
    ns, table = table_name(cfg["target"], "target")
    target = f"{catalog}.{ns}.{table}"
    select = "SELECT *, current_timestamp() AS _loaded_at FROM source"
    mode = cfg["writeMode"]
    if mode not in WRITE_MODES:
        raise ValueError(f"writeMode must be one of {', '.join(WRITE_MODES)}: {mode!r}")
    statements = [read, f"CREATE NAMESPACE IF NOT EXISTS {catalog}.{ns}"]
    if mode == "overwrite":
        statements.append(f"CREATE OR REPLACE TABLE {target} USING iceberg AS {select}")
    else:
        statements.append(f"CREATE TABLE IF NOT EXISTS {target} USING iceberg AS {select} LIMIT 0")
        statements.append(f"INSERT INTO {target} {select}")
    return statements
