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

    def test_kafka_in_and_out_when_streaming(self):
        cfg = {**load(environ={}), "kafka": "127.0.0.1:19092", "eventsTopic": "clickstream",
               "alertsTopic": "fraud-alerts", "watermarkSeconds": 1}
        setup, inserts = statements(cfg)
        source = setup[3]
        self.assertIn("'connector'='kafka', 'topic'='clickstream'", source)
        self.assertIn("'properties.bootstrap.servers'='127.0.0.1:19092'", source)
        self.assertIn("'scan.startup.mode'='group-offsets'", source)
        self.assertIn("'properties.group.id'='fraud-detection.fraud.alerts'", source)
        self.assertIn("INTERVAL '0 00:00:01' DAY TO SECOND)", source)
        self.assertNotIn("filesystem", source)
        self.assertIn("CREATE TEMPORARY TABLE alert_stream (user_id STRING", setup[4])
        self.assertIn("'topic'='fraud-alerts'", setup[4])
        self.assertIn("'sink.delivery-guarantee'='at-least-once'", setup[4])
        # Both rules into both sinks; the table stays the record.
        self.assertEqual([i.split(" SELECT")[0] for i in inserts],
                         ["INSERT INTO nessie.fraud.alerts", "INSERT INTO alert_stream"] * 2)
        self.assertIn("'failed_payments'", inserts[3])

    def test_kafka_settings_are_checked_and_a_bounded_run_reads_files(self):
        base = {**load(environ={}), "kafka": "127.0.0.1:19092", "eventsTopic": "clickstream"}
        for bad in ({"kafka": ""}, {"kafka": "http://kafka:9092"}, {"eventsTopic": "a'b"},
                    {"alertsTopic": "fraud alerts"}):
            with self.subTest(bad=bad), self.assertRaises(ValueError):
                statements({**base, **bad})
        setup, inserts = statements({**base, "bounded": True, "alertsTopic": "fraud-alerts"})
        self.assertIn("'connector'='filesystem'", setup[3])
        self.assertEqual(len(setup), 4)
        self.assertEqual(len(inserts), 2)
        # Only the alerts topic: files in, both sinks out.
        setup, inserts = statements({**base, "eventsTopic": "", "alertsTopic": "fraud-alerts"})
        self.assertIn("'connector'='filesystem'", setup[3])
        self.assertEqual(len(inserts), 4)


if __name__ == "__main__":
    unittest.main()
