import unittest

from fraud_detection.config import load
from fraud_detection.rules import statements


class RulesTest(unittest.TestCase):
    def test_both_rules_write_one_alerts_table(self):
        setup, inserts = statements(load(environ={}))
        self.assertIn("'uri'='http://127.0.0.1:19120/iceberg/'", setup[0])
        self.assertIn("rule STRING", setup[2])
        self.assertIn("detected_at TIMESTAMP(3)", setup[2])
        self.assertIn("WATERMARK FOR event_time AS event_time - INTERVAL '0 00:00:20' DAY TO SECOND)", setup[3])
        self.assertIn("'source.monitor-interval'='10s'", setup[3])
        self.assertEqual(len(inserts), 2)
        self.assertIn("'burst'", inserts[0])
        self.assertIn("INTERVAL '0 00:00:10' DAY TO SECOND", inserts[0])
        self.assertIn("INTERVAL '1 00:00:00' DAY TO SECOND", inserts[1])
        self.assertTrue(inserts[0].endswith("HAVING COUNT(*) > 5"))
        self.assertIn("'failed_payments'", inserts[1])
        self.assertIn("AND event_type = 'payment_failed'", inserts[1])
        self.assertTrue(inserts[1].endswith("HAVING COUNT(*) > 3"))

    def test_thresholds_are_configurable_and_checked(self):
        cfg = load(environ={})
        cfg["burst"] = {"windowSeconds": 60, "threshold": 20}
        self.assertTrue(statements(cfg)[1][0].endswith("HAVING COUNT(*) > 20"))
        self.assertIn("INTERVAL '0 00:01:00' DAY TO SECOND", statements(cfg)[1][0])
        cfg["failedPayments"] = {"windowSeconds": 7 * 86400 - 1, "threshold": 3}
        self.assertIn("INTERVAL '6 23:59:59' DAY TO SECOND", statements(cfg)[1][1])
        for bad in ({"burst": {"windowSeconds": 0, "threshold": 5}}, {"alerts": "x'; DROP"},
                    {"events": "s3://warehouse/x' , 'a'='b"}, {"watermarkSeconds": True}):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                statements({**load(environ={}), **bad})

    def test_bounded_run_from_the_environment(self):
        cfg = load(environ={"FRAUD_BOUNDED": "true", "FRAUD_ALERTS": "it.alerts"})
        self.assertEqual((cfg["bounded"], cfg["alerts"]), (True, "it.alerts"))
        self.assertNotIn("monitor-interval", statements(cfg)[0][3])


if __name__ == "__main__":
    unittest.main()
