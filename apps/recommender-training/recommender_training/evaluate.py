"""Held-out evaluation: RMSE of the predicted feedback value, and precision@k / recall@k of the top k products
(all products ranked, seen ones included: shoppers come back to what they liked) against the items each user
touched in their held-out events, for the model and for the popularity baseline (everyone gets the k products with
the most training weight)."""
import numpy as np

from .feedback import Interactions, with_negatives


def top_k(scores, k):
    k = min(k, len(scores))
    part = np.argpartition(-scores, k - 1)[:k]
    return part[np.lexsort((part, -scores[part]))]  # best first, ties by index: deterministic


def ranking(recommend, test, k):
    precision, recall = [], []
    for user, relevant in test.items():
        hits = len(set(recommend(user).tolist()) & relevant.keys())
        precision.append(hits / k)
        recall.append(hits / len(relevant))
    return (float(np.mean(precision)) if precision else 0.0, float(np.mean(recall)) if recall else 0.0)


def held_out_pairs(test, num_items, rng):
    """Held-out positives (valued as in training) and as many sampled products outside them (0)."""
    pairs = [(u, i, w) for u, items in test.items() for i, w in sorted(items.items())]
    pos = Interactions(np.array([p[0] for p in pairs], dtype=np.int64), np.array([p[1] for p in pairs], dtype=np.int64),
                       1.0 + np.log1p(np.array([p[2] for p in pairs], dtype=np.float64)))
    return with_negatives(pos, num_items, 1, rng)


def evaluate(model, feedback, k=10, seed=0):
    test, n_items = feedback.test, len(feedback.product_ids)
    pairs = held_out_pairs(test, n_items, np.random.default_rng(seed))
    if len(pairs.values):
        pred = (model.global_mean + model.user_bias[pairs.users] + model.item_bias[pairs.items]
                + np.einsum("ij,ij->i", model.user_factors[pairs.users], model.item_factors[pairs.items]))
        rmse = float(np.sqrt(np.mean((pred - pairs.values) ** 2)))
    else:
        rmse = float("nan")
    p, r = ranking(lambda u: top_k(model.scores(u), k), test, k)
    popular = top_k(feedback.popularity, k)
    bp, br = ranking(lambda u: popular, test, k)
    return {"rmse": rmse, "precision_at_10": p, "recall_at_10": r, "baseline_precision_at_10": bp,
            "baseline_recall_at_10": br, "test_users": len(test), "k": k}
