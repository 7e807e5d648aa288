#!/usr/bin/env python3
"""Prints the family measurements' table from the outputs of 2026-12-07-families.sh.

Usage: families-summary.py OUT_DIR DATASET...

For every dataset, task and number of passes: the test loss (MSE for regression, log loss for binary) of each
model, its count-weighted mean over members (= over all test rows) and its plain mean over members, each as mean
± sample sd over the seeds of `evaluate --compare seed=...`; the linear reference is deterministic (sd 0).
Reads OUT_DIR/DATASET-pP[-VARIANT].json (evaluate --json with --per and --compare) and OUT_DIR/DATASET-linear-*.json.
"""
import glob
import json
import os
import statistics
import sys

PASSES = (1, 5)
VARIANTS = (("", "model", "pooled (key ignored)"),
            ("", "single-task", "one model per member"),
            ("-samesteps", "single-task", "one model per member, same steps"),
            ("-onehot", "model", "pooled + key one-hot input"),
            ("-family", "model", "family model"))


def loss(metrics):
    return "mse" if "mse" in metrics else "logloss"


def spread(values):
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return "%.4f ± %.4f" % (statistics.mean(values), sd)


def seeds(path, model):
    """Per task: the loss's weighted and plain means over members, one value per seed variant."""
    with open(path) as f:
        variants = json.load(f)["variants"]
    out = {}
    for variant in variants:
        aggregates = variant["members"]["models"][model]["aggregates"]
        for task, metrics in aggregates.items():
            entry = metrics[loss(metrics)]
            pair = out.setdefault(task, ([], []))
            pair[0].append(entry["weighted"])
            pair[1].append(entry["mean"])
    return out


def main():
    out_dir, datasets = sys.argv[1], sys.argv[2:]
    for dataset in datasets:
        print("\n### %s\n" % dataset)
        print("| model | task (loss) | passes | weighted over members | plain mean over members | members |")
        print("|---|---|---|---|---|---|")
        for suffix, model, name in VARIANTS:
            for passes in PASSES:
                path = os.path.join(out_dir, "%s-p%d%s.json" % (dataset, passes, suffix))
                if not os.path.exists(path):
                    continue
                members = json.load(open(path))["variants"][0]["members"]["models"][model]["aggregates"]
                for task, (weighted, plain) in seeds(path, model).items():
                    metric = loss(members[task])
                    print("| %s | %s (%s) | %d | %s | %s | %d |" % (name, task, metric, passes, spread(weighted),
                                                               spread(plain), members[task][metric]["members"]))
        for path in sorted(glob.glob(os.path.join(out_dir, "%s-linear-*.json" % dataset))):
            with open(path) as f:
                result = json.load(f)
            metric = loss(result["metrics"])
            entry = result["metrics"][metric]
            print("| linear + member intercept (ridge %g) | %s (%s) | closed form | %.4f | %.4f | %d |" % (
                result["ridge"], result["task"], metric, entry["weighted"], entry["mean"], entry["members"]))


if __name__ == "__main__":
    main()
