"""FunkSVD-style matrix factorisation (biases + latent factors, squared error, L2), trained by mini-batch SGD and
fanned out over workers: users are split into shards, each shard's epoch runs as one task (Ray in the job, a plain
map in tests) on its own users' factors and a copy of the item factors, and the driver averages the item factors,
weighted by how many samples each shard trained on. User factors never leave their shard, so only the item side
is averaged: the shards only disagree about items."""
from dataclasses import dataclass

import numpy as np


@dataclass
class Model:
    global_mean: float
    user_bias: np.ndarray
    item_bias: np.ndarray
    user_factors: np.ndarray
    item_factors: np.ndarray

    def scores(self, user):
        return self.global_mean + self.user_bias[user] + self.item_bias + self.item_factors @ self.user_factors[user]


def shard_epoch(users, items, values, P, bu, Q, bi, mu, lr, reg, batch, seed):
    """One SGD pass over a shard. `users` index rows of this shard's P and bu. Returns the shard's new
    (P, bu, Q, bi); the inputs are not modified (tasks may share them through the object store)."""
    P, bu, Q, bi = P.copy(), bu.copy(), Q.copy(), bi.copy()
    order = np.random.default_rng(seed).permutation(len(values))
    for start in range(0, len(order), batch):
        b = order[start:start + batch]
        u, i, r = users[b], items[b], values[b]
        pu, qi = P[u], Q[i]
        err = r - (mu + bu[u] + bi[i] + np.einsum("ij,ij->i", pu, qi))
        np.add.at(bu, u, lr * (err - reg * bu[u]))
        np.add.at(bi, i, lr * (err - reg * bi[i]))
        np.add.at(P, u, lr * (err[:, None] * qi - reg * pu))
        np.add.at(Q, i, lr * (err[:, None] * pu - reg * qi))
    return P, bu, Q, bi


def shard(data, num_users, workers):
    """Splits interactions by user (user % workers); each shard gets local user indices."""
    shards = []
    for w in range(workers):
        mask = data.users % workers == w
        global_users = np.arange(w, num_users, workers)
        shards.append({"users": data.users[mask] // workers, "items": data.items[mask],
                       "values": data.values[mask], "global_users": global_users})
    return [s for s in shards if len(s["values"])]


def train(data, num_users, num_items, params, run_epoch=None, on_epoch=None):
    """`run_epoch(shards, states, Q, bi, mu, epoch)` -> per-shard results; default runs them in turn.
    `on_epoch(epoch, seconds)` reports progress."""
    import time

    k, workers = params["factors"], params["workers"]
    rng = np.random.default_rng(params["seed"])
    mu = float(data.values.mean())
    shards = shard(data, num_users, workers)
    states = [(rng.normal(0, 0.1, (len(s["global_users"]), k)), np.zeros(len(s["global_users"]))) for s in shards]
    Q, bi = rng.normal(0, 0.1, (num_items, k)), np.zeros(num_items)
    run_epoch = run_epoch or _sequential(params)
    for epoch in range(params["epochs"]):
        t0 = time.time()
        results = run_epoch(shards, states, Q, bi, mu, epoch)
        sizes = np.array([len(s["values"]) for s in shards], dtype=np.float64)
        share = sizes / sizes.sum()
        states = [(P, bu) for P, bu, _, _ in results]
        Q = sum(s * q for s, (_, _, q, _) in zip(share, results))
        bi = sum(s * b for s, (_, _, _, b) in zip(share, results))
        if on_epoch:
            on_epoch(epoch, time.time() - t0)
    P, bu = np.zeros((num_users, k)), np.zeros(num_users)
    for s, (Ps, bus) in zip(shards, states):
        P[s["global_users"]], bu[s["global_users"]] = Ps, bus
    return Model(mu, bu, bi, P, Q)


def epoch_args(s, state, Q, bi, mu, params, epoch, index):
    return (s["users"], s["items"], s["values"], state[0], state[1], Q, bi, mu, params["learningRate"],
            params["regularization"], params["batchSize"], params["seed"] * 1000 + epoch * 64 + index)


def _sequential(params):
    def run(shards, states, Q, bi, mu, epoch):
        return [shard_epoch(*epoch_args(s, st, Q, bi, mu, params, epoch, n))
                for n, (s, st) in enumerate(zip(shards, states))]
    return run
