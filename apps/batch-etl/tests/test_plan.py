import pytest

from batch_etl.config import load
from batch_etl.plan import checks, plan, tables

CFG = {"name": "batch-etl", "catalog": "nessie", "namespace": "demo",
       "users": "s3a://warehouse/data/users.csv", "products": "s3a://warehouse/data/products.csv"}


def test_overwrites_both_tables_from_typed_views():
    statements = plan(CFG)
    assert statements[0] == "CREATE NAMESPACE IF NOT EXISTS nessie.demo"
    for table in ("users", "products"):
        create = f"CREATE TABLE IF NOT EXISTS nessie.demo.{table} USING iceberg AS SELECT * FROM {table}_typed LIMIT 0"
        overwrite = f"INSERT OVERWRITE nessie.demo.{table} SELECT * FROM {table}_typed"
        assert statements.index(create) + 1 == statements.index(overwrite)
    typed = next(s for s in statements if s.startswith("CREATE OR REPLACE TEMPORARY VIEW products_typed"))
    assert "CAST(price AS DECIMAL(10, 2)) AS price" in typed
    assert "from_json(features, 'array<double>') AS features" in typed
    assert tables(CFG) == ["nessie.demo.users", "nessie.demo.products"]


def test_checks_each_typed_view_before_its_table_is_written():
    statements = plan(CFG)
    typed = statements.index(next(s for s in statements if s.startswith("CREATE OR REPLACE TEMPORARY VIEW users_typed")))
    write = statements.index("INSERT OVERWRITE nessie.demo.users SELECT * FROM users_typed")
    assert typed < write
    found = list(checks(CFG, statements[typed]))
    assert [q for q, _ in found] == [
        "SELECT count(*) FROM users_typed WHERE user_id IS NULL OR name IS NULL OR signup_date IS NULL OR features IS NULL",
        "SELECT count(*) - count(DISTINCT user_id) FROM users_typed",
    ]
    assert list(checks(CFG, statements[0])) == []


@pytest.mark.parametrize("key,value", [
    ("namespace", "demo; DROP TABLE x"),
    ("catalog", "Nessie"),
    ("users", "s3a://warehouse/data/users.csv' OR '1"),
    ("users", "file:///etc/passwd.csv"),
    ("products", "s3a://warehouse/../x.csv"),
])
def test_refuses_names_and_paths_that_are_not_plain(key, value):
    with pytest.raises(ValueError, match=key):
        plan({**CFG, key: value})


def test_environment_overrides_the_shipped_settings():
    cfg = load({"ETL_USERS": "s3a://other/in/users.csv", "ETL_NAMESPACE": "staging"})
    assert cfg["users"] == "s3a://other/in/users.csv"
    assert cfg["namespace"] == "staging"
    assert cfg["products"] == "s3a://warehouse/data/products.csv"
