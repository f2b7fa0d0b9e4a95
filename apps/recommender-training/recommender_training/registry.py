"""The Iceberg table of model versions (one row per training run, failed runs included), through the platform's
Iceberg REST catalog (Nessie). The portal's Recommendations page reads it; Spark SQL can too."""
import json
import os
from datetime import datetime, timezone

COLUMNS = [  # (name, pyarrow type name, nullable)
    ("version_id", "string", False), ("created_at", "timestamp", False), ("status", "string", False),
    ("error", "string", True), ("artifact_uri", "string", True), ("data_source", "string", False),
    ("data_snapshot", "string", True), ("num_events", "int64", True), ("num_users", "int32", True),
    ("num_products", "int32", True), ("params", "string", False), ("rmse", "float64", True),
    ("precision_at_10", "float64", True), ("recall_at_10", "float64", True),
    ("baseline_precision_at_10", "float64", True), ("baseline_recall_at_10", "float64", True),
    ("training_seconds", "float64", True), ("ray_job_id", "string", True),
]


def arrow_schema():
    import pyarrow as pa

    types = {"string": pa.string(), "timestamp": pa.timestamp("us", tz="UTC"), "int64": pa.int64(),
             "int32": pa.int32(), "float64": pa.float64()}
    return pa.schema([pa.field(n, types[t], nullable=null) for n, t, null in COLUMNS])


def row(version_id, created_at, status, params, data_source, **fields):
    unknown = set(fields) - {c[0] for c in COLUMNS}
    if unknown:
        raise ValueError(f"not columns of the model versions table: {sorted(unknown)}")
    out = {c[0]: None for c in COLUMNS}
    out.update(fields, version_id=version_id, created_at=created_at.astimezone(timezone.utc), status=status,
               params=json.dumps(params, sort_keys=True), data_source=data_source)
    return out


def catalog(cfg, environ=None):
    from pyiceberg.catalog import load_catalog

    environ = os.environ if environ is None else environ
    props = {"type": "rest", "uri": cfg["catalogUri"], "warehouse": cfg["warehouse"],
             "s3.path-style-access": "true", "s3.region": environ.get("AWS_REGION", "us-east-1")}
    if environ.get("S3_ENDPOINT"):
        props["s3.endpoint"] = environ["S3_ENDPOINT"]
    if environ.get("AWS_ACCESS_KEY_ID"):
        props["s3.access-key-id"] = environ["AWS_ACCESS_KEY_ID"]
        props["s3.secret-access-key"] = environ.get("AWS_SECRET_ACCESS_KEY", "")
    return load_catalog("lakehouse", **props)


def append(cat, table_name, record):
    import pyarrow as pa

    namespace = table_name.split(".")[0]
    cat.create_namespace_if_not_exists(namespace)
    schema = arrow_schema()
    table = cat.create_table_if_not_exists(table_name, schema=schema)
    # Nessie's table config asks for fsspec with requests signed by the catalog; that needs s3fs, whose aiobotocore
    # pins a botocore older than the cluster's boto3. PyArrow's S3 with the job's own credentials writes the same.
    from pyiceberg.io.pyarrow import PyArrowFileIO

    table.io = PyArrowFileIO({k: v for k, v in cat.properties.items() if k.startswith("s3.")})
    table.append(pa.Table.from_pylist([record], schema=schema))
    return table.metadata.current_snapshot_id


def new_version_id(now=None, token=None):
    now = now or datetime.now(timezone.utc)
    return f"rec-{now.strftime('%Y%m%d-%H%M%S')}-{token or os.urandom(3).hex()}"
