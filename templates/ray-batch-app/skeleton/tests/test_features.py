import json
import unittest

from batch.config import load
from batch.features import merge, shard, user_features

EVENTS = [json.dumps({"user_id": u, "event_type": t}) for u, t in [
    ("a", "view"), ("a", "view"), ("a", "purchase"), ("b", "payment_failed"), ("b", "view"),
    ("a", "add_to_cart"), ("c", "unknown_type")]] + ["not json", json.dumps({"event_type": "view"})]


class FeaturesTest(unittest.TestCase):
    def test_same_result_for_any_number_of_workers(self):
        one = merge([user_features(EVENTS)])
        for n in (2, 3, 8):
            with self.subTest(workers=n):
                self.assertEqual(merge([user_features(p) for p in shard(EVENTS, n)]), one)

    def test_features(self):
        rows = {r["user_id"]: r for r in merge([user_features(EVENTS)])}
        self.assertEqual(rows["a"], {"user_id": "a", "view": 2, "add_to_cart": 1, "purchase": 1,
                                     "payment_failed": 0, "events": 4, "conversion_rate": 0.5,
                                     "failed_payment_ratio": 0.0})
        self.assertEqual(rows["b"]["failed_payment_ratio"], 1.0)
        self.assertEqual(rows["c"]["events"], 0)

    def test_malformed_lines_are_counted(self):
        self.assertEqual(user_features(EVENTS)["malformed"], 2)

    def test_empty_input(self):
        self.assertEqual(merge([user_features([])]), [])

    def test_settings_are_rendered_and_checked(self):
        cfg = load(environ={})
        self.assertNotIn("${{", str(cfg))
        with self.assertRaises(ValueError):
            load(environ={"BATCH_OUTPUT": "s3://warehouse/../etc"})


if __name__ == "__main__":
    unittest.main()
