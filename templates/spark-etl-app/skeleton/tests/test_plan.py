import unittest

from etl.config import load
from etl.plan import plan

BASE = {"name": "job", "source": "s3a://warehouse/data/users.csv", "target": "staging.users",
        "writeMode": "overwrite", "catalog": "nessie"}


class PlanTest(unittest.TestCase):
    def test_csv_to_new_table(self):
        self.assertEqual(plan(BASE), [
            "CREATE OR REPLACE TEMPORARY VIEW source USING csv "
            "OPTIONS (path 's3a://warehouse/data/users.csv', header 'true', inferSchema 'true')",
            "CREATE NAMESPACE IF NOT EXISTS nessie.staging",
            "CREATE OR REPLACE TABLE nessie.staging.users USING iceberg AS "
            "SELECT *, current_timestamp() AS _loaded_at FROM source",
        ])

    def test_table_to_table_append(self):
        statements = plan({**BASE, "source": "raw.events", "writeMode": "append"})
        self.assertEqual(statements[0], "CREATE OR REPLACE TEMPORARY VIEW source AS SELECT * FROM nessie.raw.events")
        self.assertTrue(statements[-1].startswith("INSERT INTO nessie.staging.users SELECT"))

    def test_rejects_what_would_inject_sql(self):
        for bad in ({"target": "staging.users; DROP TABLE x"}, {"source": "s3a://bucket/x' OR 1=1"},
                    {"source": "a.b.c"}, {"writeMode": "truncate"}, {"catalog": "nessie-x"}):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                plan({**BASE, **bad})

    def test_settings_are_rendered_and_complete(self):
        cfg = load(environ={})
        self.assertEqual(set(cfg), set(BASE))
        self.assertNotIn("${{", str(cfg))
        self.assertEqual(plan(cfg)[1].split()[-1], f"nessie.{cfg['target'].split('.')[0]}")

    def test_environment_overrides(self):
        self.assertEqual(load(environ={"ETL_TARGET": "other.t"})["target"], "other.t")


if __name__ == "__main__":
    unittest.main()
