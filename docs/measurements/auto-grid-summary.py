"""Prints the table of 2026-12-07-auto-grid.sh from its outputs: per data set and seed, the served prequential loss
of auto (the champion of each example's time) over the best fixed setting's (chosen in hindsight), the same for the
test loss of the final champion where a test set exists, and over the spec as written (base)."""
import os
import re
import statistics
import sys


def read(path):
    served, preq, test, champion = None, {}, {}, None
    with open(path) as f:
        for line in f:
            m = re.match(r"champion: (\S+) after", line)
            if m:
                champion = m.group(1)
            m = re.match(r"served \(champion of the time\) prequential loss: (\S+)", line)
            if m:
                served = float(m.group(1))
            m = re.match(r"(\S+)\s+(\S+)(?:\s+(\S+))?$", line.strip())
            if m and m.group(1) != "variant" and re.match(r"^-?[\d.]+(e-?\d+)?$|^NaN$", m.group(2)):
                preq[m.group(1)] = float(m.group(2))
                if m.group(3) is not None:
                    test[m.group(1)] = float(m.group(3))
    return served, preq, test, champion


def main(out, seeds):
    names = []
    for f in sorted(os.listdir(out)):
        m = re.match(r"(.+)-(\d+)-auto\.txt$", f)
        if m and m.group(1) not in names:
            names.append(m.group(1))
    print("| data | auto / best fixed (prequential, served) | auto / base | auto / best fixed (test) | champions |")
    print("|---|---|---|---|---|")
    for name in names:
        ratios, base_ratios, test_ratios, champions = [], [], [], []
        for seed in seeds:
            auto = os.path.join(out, f"{name}-{seed}-auto.txt")
            fixed = os.path.join(out, f"{name}-{seed}-fixed.txt")
            if not (os.path.exists(auto) and os.path.exists(fixed)):
                continue
            served, _, auto_test, champion = read(auto)
            _, preq, test, _ = read(fixed)
            best = min(preq.values())
            ratios.append(served / best)
            base_ratios.append(served / preq["base"])
            finite = [v for v in test.values() if v == v]
            if finite and auto_test.get(champion, float("nan")) == auto_test.get(champion, float("nan")):
                test_ratios.append(auto_test[champion] / min(finite))
            champions.append(champion)
        def fmt(xs):
            return "—" if not xs else " ".join(f"{x:.3f}" for x in xs)
        print(f"| {name} | {fmt(ratios)} | {fmt(base_ratios)} | {fmt(test_ratios)} | {', '.join(champions)} |")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
