#!/usr/bin/env python3
"""Prints the family measurements' table from the outputs of 2026-12-07-families.sh.

Usage: families-summary.py OUT_DIR DATASET...

For every dataset, task and number of passes: the test loss (MSE for regression, log loss for binary) of each
model, its count-weighted mean over members (= over all test rows) and its plain mean over members, each as mean
± sample sd over the seeds of `evaluate --compare seed=...`; the linear reference is fitted once (closed form,
no seed, no passes).
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
        rows = {}
        for suffix, model, name in VARIANTS:
            for passes in PASSES:
                path = os.path.join(out_dir, "%s-p%d%s.json" % (dataset, passes, suffix))
                if not os.path.exists(path):
                    continue
                with open(path) as f:
                    first = json.load(f)["variants"][0]["members"]["models"][model]["aggregates"]
                for task, (weighted, plain) in seeds(path, model).items():
                    metric = loss(first[task])
                    row = rows.setdefault((task, metric), {}).setdefault(name, {})
                    row[passes] = (spread(weighted), spread(plain), first[task][metric]["members"])
        for path in sorted(glob.glob(os.path.join(out_dir, "%s-linear-*.json" % dataset))):
            with open(path) as f:
                result = json.load(f)
            metric = loss(result["metrics"])
            entry = result["metrics"][metric]
            name = "linear + member intercept (ridge %g, closed form)" % result["ridge"]
            fixed = ("%.4f" % entry["weighted"], "%.4f" % entry["mean"], entry["members"])
            rows.setdefault((result["task"], metric), {})[name] = {1: fixed, 5: ("—", "—", fixed[2])}
        print("\n### %s\n" % dataset)
        print("| task (loss) | model | 1 pass, weighted | 1 pass, plain mean | 5 passes, weighted "
              "| 5 passes, plain mean | members |")
        print("|---|---|---|---|---|---|---|")
        for (task, metric), models in rows.items():
            for name, by_passes in models.items():
                one, five = by_passes.get(1, ("", "", "")), by_passes.get(5, ("", "", ""))
                print("| %s (%s) | %s | %s | %s | %s | %s | %s |" % (task, metric, name, one[0], one[1], five[0],
                                                                   five[1], one[2] or five[2]))


if __name__ == "__main__":
    main()
