"""Writes the red wine 80/20 split used by the README and benchmarks, identical to
sklearn.model_selection.train_test_split(test_size=0.2, random_state=42): ShuffleSplit draws
numpy.random.RandomState(42).permutation(n); the first ceil(0.2 n) indices are the test set, the rest
(in that permuted order) the training set.

Run from the project root: /usr/bin/python3 src/test/resources/reference/make_wine_split.py
"""
import math
import numpy as np

SOURCE = "src/main/resources/data/wine/winequality-red.csv"
OUT = "src/main/resources/data/wine/"

with open(SOURCE, newline="") as f:
    header, *rows = f.read().splitlines()
n = len(rows)
n_test = math.ceil(0.2 * n)
perm = np.random.RandomState(42).permutation(n)
for name, idx in (("red-test.csv", perm[:n_test]), ("red-train.csv", perm[n_test:])):
    with open(OUT + name, "w", newline="") as f:
        f.write(header + "\n")
        for i in idx:
            f.write(rows[i] + "\n")
    print(name, len(idx), "rows")
