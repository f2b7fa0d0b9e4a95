"""The SQL the job runs, a pure function of the settings (tested without Spark). Names and paths are checked
before they go into SQL: settings come from a file and from environment variables.

Re-runs are idempotent: each run overwrites a table's rows in one commit (an `overwrite` snapshot; earlier loads stay
in Nessie's commit log), so running twice gives the same rows. The CSVs are read with every column as text and typed here, so a malformed value
is counted and refused instead of silently becoming null."""
import re

IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
S3_PATH = re.compile(r"^s3a://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9_.=-]+)+\.csv$")

# column name -> (CSV text -> typed expression); the upstream uploader's column order.
USERS = {
    "user_id": "user_id",
    "name": "name",
    "signup_date": "CAST(signup_date AS DATE)",
    "features": "from_json(features, 'array<double>')",
}
PRODUCTS = {
    "product_id": "product_id",
    "product_name": "product_name",
    "category": "category",
    "price": "CAST(price AS DECIMAL(10, 2))",
    "features": "from_json(features, 'array<double>')",
}
SOURCES = {"users": ("users", USERS, "user_id"), "products": ("products", PRODUCTS, "product_id")}


def _identifier(value, what):
    if not IDENTIFIER.match(value):
        raise ValueError(f"{what} must be lowercase letters, digits and _: {value!r}")
    return value


def _path(value, what):
    if not S3_PATH.match(value) or "/../" in value or "/./" in value:
        raise ValueError(f"{what} must be an s3a://bucket/path/file.csv: {value!r}")
    return value


def tables(cfg):
    catalog, ns = _identifier(cfg["catalog"], "catalog"), _identifier(cfg["namespace"], "namespace")
    return [f"{catalog}.{ns}.{table}" for table, _, _ in SOURCES.values()]


def _typed_view(key):
    return f"{key}_typed"


def plan(cfg):
    catalog, ns = _identifier(cfg["catalog"], "catalog"), _identifier(cfg["namespace"], "namespace")
    statements = [f"CREATE NAMESPACE IF NOT EXISTS {catalog}.{ns}"]
    for key, (table, columns, _) in SOURCES.items():
        path = _path(cfg[key], key)
        text_columns = ", ".join(f"{c} STRING" for c in columns)
        typed = ", ".join(f"{expr} AS {c}" for c, expr in columns.items())
        statements += [
            f"CREATE OR REPLACE TEMPORARY VIEW {key}_csv ({text_columns}) USING csv "
            f"OPTIONS (path '{path}', header 'true', mode 'FAILFAST')",
            f"CREATE OR REPLACE TEMPORARY VIEW {_typed_view(key)} AS SELECT {typed} FROM {key}_csv",
            f"CREATE TABLE IF NOT EXISTS {catalog}.{ns}.{table} USING iceberg "
            f"AS SELECT * FROM {_typed_view(key)} LIMIT 0",
            f"INSERT OVERWRITE {catalog}.{ns}.{table} SELECT * FROM {_typed_view(key)}",
        ]
    return statements


def checks(cfg, statement):
    """After a typed view is defined and before its table is written: queries counting the rows that did not type."""
    for key, (_, columns, id_column) in SOURCES.items():
        if statement.startswith(f"CREATE OR REPLACE TEMPORARY VIEW {_typed_view(key)} "):
            nulls = " OR ".join(f"{c} IS NULL" for c in columns)
            yield (f"SELECT count(*) FROM {_typed_view(key)} WHERE {nulls}",
                   f"row(s) of {cfg[key]} have a missing or malformed value")
            yield (f"SELECT count(*) - count(DISTINCT {id_column}) FROM {_typed_view(key)}",
                   f"duplicate {id_column}(s) in {cfg[key]}")
