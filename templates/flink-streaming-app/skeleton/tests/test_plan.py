import unittest

from streaming.config import load
from streaming.plan import plan

BASE = {"name": "job", "events": "s3://warehouse/data/clickstream/individual/", "target": "fraud.alerts",
        "windowSeconds": 10, "threshold": 5, "bounded": True, "catalog": "nessie",
        "catalogUri": "http://127.0.0.1:19120/iceberg/", "warehouse": "warehouse"}


class PlanTest(unittest.TestCase):
    def test_windowed_count_into_iceberg(self):
        statements = plan(BASE)
        self.assertEqual(len(statements), 5)
        self.assertIn("'uri'='http://127.0.0.1:19120/iceberg/'", statements[0])
        self.assertEqual(statements[1], "CREATE DATABASE IF NOT EXISTS nessie.fraud")
        self.assertIn("WATERMARK FOR event_time", statements[3])
        self.assertNotIn("monitor-interval", statements[3])
        self.assertTrue(statements[4].startswith("INSERT INTO nessie.fraud.alerts"))
        self.assertIn("INTERVAL '0 00:00:10' DAY TO SECOND", statements[4])
        self.assertTrue(statements[4].endswith("HAVING COUNT(*) > 5"))

    def test_unbounded_source_watches_for_new_files(self):
        self.assertIn("'source.monitor-interval'='10s'", plan({**BASE, "bounded": False})[3])

    def test_rejects_what_would_inject_sql(self):
        for bad in ({"target": "fraud.alerts'; DROP"}, {"events": "s3://warehouse/x' , 'a'='b"},
                    {"windowSeconds": 0}, {"threshold": "5"}, {"catalogUri": "http://x/'y"},
                    {"windowSeconds": True}):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                plan({**BASE, **bad})

    def test_settings_are_rendered_and_complete(self):
        cfg = load(environ={})
        self.assertNotIn("${{", str(cfg))
        self.assertEqual(len(plan(cfg)), 5)

    def test_environment_overrides(self):
        cfg = load(environ={"STREAMING_THRESHOLD": "9", "STREAMING_BOUNDED": "false"})
        self.assertEqual((cfg["threshold"], cfg["bounded"]), (9, False))


if __name__ == "__main__":
    unittest.main()
