#!/usr/bin/env python3
"""Reference for the family measurements: one pooled linear model with a per-member intercept (ridge, closed form).

Usage: families-linear.py --train TRAIN.csv --test TEST.csv --per COL[,COL] --target COL --kind regression|binary
                          --features COL,COL,... [--ridge LAMBDA] [--task NAME]

The design matrix holds an unpenalised global intercept, the features (a numeric column standardised with the
training mean and sd; a column with any non-numeric training value one-hot over its training values) and one
indicator per member seen in training (the key's values joined by "/"); every weight but the intercept has the
ridge penalty LAMBDA (default 1). A test member unseen in training gets no offset. Regression: the ridge solution
(X'X + L) w = X'y, scored by MSE; the member block of X'X is diagonal and is eliminated (Schur complement), so
thousands of members cost little. Binary (labels 0/1): penalised logistic regression by Newton's method (IRLS,
at most 50 steps), scored by log loss with p clipped to [1e-15, 1 - 1e-15], as `evaluate` computes it, and
accuracy at 0.5. Prints one JSON object: for every metric its count-weighted mean over members (each member
weighted by its test rows: the metric over all test rows), its plain mean over members, and the member count.
numpy only; deterministic.
"""
import argparse
import csv
import json

import numpy as np

LOGLOSS_CLIP = 1e-15


def read(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


def design(train, test, features):
    """The dense columns (intercept first) built from the training rows and applied to both."""
    blocks_train, blocks_test = [np.ones((len(train), 1))], [np.ones((len(test), 1))]
    for column in features:
        values = [row[column] for row in train]
        if all(is_number(v) for v in values):
            x = np.array([float(v) for v in values])
            mean, sd = x.mean(), x.std() or 1.0
            blocks_train.append(((x - mean) / sd)[:, None])
            blocks_test.append(((np.array([float(r[column]) for r in test]) - mean) / sd)[:, None])
        else:
            levels = sorted(set(values))
            blocks_train.append(one_hot([row[column] for row in train], levels))
            blocks_test.append(one_hot([row[column] for row in test], levels))
    return np.hstack(blocks_train), np.hstack(blocks_test)


def one_hot(values, levels):
    index = {level: i for i, level in enumerate(levels)}
    out = np.zeros((len(values), len(levels)))
    for r, value in enumerate(values):
        if value in index:
            out[r, index[value]] = 1.0
    return out


class Design:
    """Dense columns d plus one indicator per member m (index per row; -1: no member column): [d, onehot(m)]."""

    def __init__(self, dense, member, members, ridge):
        self.dense, self.member, self.members = dense, member, members
        self.penalty = ridge * np.eye(dense.shape[1])
        self.penalty[0, 0] = 0.0
        self.ridge = ridge

    def predict(self, weights, offsets):
        known = self.member >= 0
        return self.dense @ weights + np.where(known, offsets[np.maximum(self.member, 0)], 0.0)

    def member_sums(self, values):
        return np.bincount(self.member, weights=values, minlength=self.members)

    def solve(self, w, rhs_dense, rhs_members):
        """Solves (X' diag(w) X + P) z = rhs, eliminating the (diagonal) member block: O(n d^2 + K d^2)."""
        a = (self.dense * w[:, None]).T @ self.dense + self.penalty
        b = np.stack([self.member_sums(w * self.dense[:, j]) for j in range(self.dense.shape[1])])
        c = self.member_sums(w) + self.ridge
        schur = a - (b / c) @ b.T
        z_dense = np.linalg.solve(schur, rhs_dense - b @ (rhs_members / c))
        return z_dense, (rhs_members - b.T @ z_dense) / c


def ridge(design, y):
    return design.solve(np.ones(len(y)), design.dense.T @ y, design.member_sums(y))


def logistic(design, y, steps=50):
    weights, offsets = np.zeros(design.dense.shape[1]), np.zeros(design.members)
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-design.predict(weights, offsets)))
        residual = y - p
        step_dense, step_members = design.solve(p * (1 - p), design.dense.T @ residual - design.penalty @ weights,
                                                design.member_sums(residual) - design.ridge * offsets)
        weights, offsets = weights + step_dense, offsets + step_members
        if max(np.max(np.abs(step_dense)), np.max(np.abs(step_members), initial=0.0)) < 1e-10:
            break
    return weights, offsets


def metrics(kind, truth, predicted):
    if kind == "regression":
        return {"mse": float(np.mean((truth - predicted) ** 2))}
    p = np.clip(predicted, LOGLOSS_CLIP, 1 - LOGLOSS_CLIP)
    return {"logloss": float(-np.mean(truth * np.log(p) + (1 - truth) * np.log(1 - p))),
            "accuracy": float(np.mean((predicted >= 0.5) == (truth == 1)))}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--train", required=True)
    parser.add_argument("--test", required=True)
    parser.add_argument("--per", required=True)
    parser.add_argument("--target", required=True)
    parser.add_argument("--kind", required=True, choices=["regression", "binary"])
    parser.add_argument("--features", required=True)
    parser.add_argument("--ridge", type=float, default=1.0)
    parser.add_argument("--task", help="the task's name in the spec, printed (default: the target column)")
    args = parser.parse_args()
    train, test = read(args.train), read(args.test)
    per = args.per.split(",")
    keys = [["/".join(row[c] for c in per) for row in rows] for rows in (train, test)]
    dense_train, dense_test = design(train, test, args.features.split(","))
    members = {m: i for i, m in enumerate(sorted(set(keys[0])))}
    fit = Design(dense_train, np.array([members[k] for k in keys[0]]), len(members), args.ridge)
    scored = Design(dense_test, np.array([members.get(k, -1) for k in keys[1]]), len(members), args.ridge)
    y_train = np.array([float(row[args.target]) for row in train])
    y_test = np.array([float(row[args.target]) for row in test])
    if args.kind == "regression":
        predicted = scored.predict(*ridge(fit, y_train))
    else:
        predicted = 1.0 / (1.0 + np.exp(-scored.predict(*logistic(fit, y_train))))
    members = sorted(set(keys[1]))
    test_keys = np.array(keys[1])
    by_member = {m: metrics(args.kind, y_test[test_keys == m], predicted[test_keys == m]) for m in members}
    overall = metrics(args.kind, y_test, predicted)
    out = {name: {"weighted": overall[name],
                  "mean": float(np.mean([by_member[m][name] for m in members])),
                  "members": len(members)} for name in overall}
    print(json.dumps({"model": "linear + member intercept", "task": args.task or args.target, "ridge": args.ridge,
                      "metrics": out}))


if __name__ == "__main__":
    main()
