#!/usr/bin/env python3
"""Independent float64 numpy reference for schedule-free AdamW (Defazio et al. 2024, arXiv 2405.15682).

The authors' `schedulefree` package is not on the package mirror this project can reach, so this script writes
the paper's Algorithm 1 in its x / z / y form (the Java kernel uses the package's equivalent y-interpolation form,
so the two share no algebra), with the package's conventions:
  * epsilon after the bias-corrected root: u = g / (sqrt(v / (1 - beta2^t)) + eps) + weight_decay * y
  * averaging weight c_t = w_t / sum_{i<=t} w_i with w_t = lr_max^2 (weight_lr_power 2, r 0, no warm-up)
Per step t = 1, 2, ...:
    y = (1 - beta1) z + beta1 x          (the point where the gradient is taken; z = x = initial values at t = 1)
    g = gradient_scale * grad f(y)
    v = beta2 v + (1 - beta2) g^2
    z = z - lr u
    x = (1 - c_t) x + c_t z
The objective is separable: f(w) = sum_i a_i (w_i - b_i)^2 / 2 + (w_i - b_i)^4 / 16, so
grad f(w)_i = a_i (w_i - b_i) + (w_i - b_i)^3 / 4.  After each step the script records y (what the parameter
values hold between steps) and z.

Run: python3 make_schedule_free_reference.py  (writes schedule_free_reference.json beside itself; numpy only)
"""
import json
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 25
SIZE = 6


def gradient(w, a, b):
    r = w - b
    return a * r + r ** 3 / 4


def run_case(name, seed, lr, lr_scale, beta1, beta2, eps, weight_decay, gradient_scale):
    rng = np.random.RandomState(seed)
    initial = rng.uniform(-1, 1, SIZE)
    a = rng.uniform(0.5, 2, SIZE)
    b = rng.uniform(-2, 2, SIZE)
    # The first gradient's sign must not hang on rounding: keep every start well away from its target.
    assert np.all(np.abs(initial - b) > 0.05), name
    x = initial.copy()
    z = initial.copy()
    v = np.zeros(SIZE)
    rate = lr * lr_scale
    lr_max = 0.0
    weight_sum = 0.0
    ys, zs = [], []
    for t in range(1, STEPS + 1):
        y = (1 - beta1) * z + beta1 * x
        g = gradient_scale * gradient(y, a, b)
        v = beta2 * v + (1 - beta2) * g * g
        u = g / (np.sqrt(v / (1 - beta2 ** t)) + eps) + weight_decay * y
        z = z - rate * u
        lr_max = max(lr_max, rate)
        weight = lr_max ** 2
        weight_sum += weight
        c = weight / weight_sum
        x = (1 - c) * x + c * z
        ys.append(((1 - beta1) * z + beta1 * x).tolist())
        zs.append(z.tolist())
    return {
        "name": name, "seed": seed, "lr": lr, "lr_scale": lr_scale, "beta1": beta1, "beta2": beta2, "eps": eps,
        "weight_decay": weight_decay, "gradient_scale": gradient_scale,
        "initial": initial.tolist(), "a": a.tolist(), "b": b.tolist(), "y": ys, "z": zs,
    }


def main():
    cases = [
        run_case("defaults", 3, 0.0025, 1.0, 0.9, 0.999, 1e-8, 0.0, 1.0),
        run_case("decay, clipping and a head's rate scale", 5, 0.05, 2.0, 0.95, 0.99, 1e-6, 0.1, 0.5),
    ]
    with open(os.path.join(HERE, "schedule_free_reference.json"), "w") as out:
        json.dump({"steps": STEPS, "cases": cases}, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
