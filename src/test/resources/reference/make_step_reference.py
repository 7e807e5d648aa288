#!/usr/bin/env python3
"""Independent numpy reference for ONE training step of a small multi-task network.

What it computes (float64 throughout):
  * Trunk: Z1 = x W1 + b1, A1 = relu(Z1); Z2 = A1 W2 + b2, A2 = relu(Z2).
    Widths [64, 64]; weights stored as in x out (x W convention).
  * Linear heads: z_t = A2 W_t + b_t, W_t: 64 x k (k = 1 for regression/binary,
    k = number of classes for multiclass).
  * Per-task loss, mean over the n_t rows where task t is labeled:
      mse            mean (z - y)^2
      huber (delta)  mean 0.5 r^2 if |r| <= delta else delta (|r| - 0.5 delta), r = z - y
      bce            mean max(z,0) - z y + log(1 + exp(-|z|))      (BCE with logits)
      cross_entropy  mean logsumexp(z) - z_y
    Total loss = sum_t weight_t * L_t over tasks with n_t > 0.
  * Gradients by hand-written backprop, checked against central finite
    differences (eps 1e-6) on ~30 random parameter entries per case
    (max relative error must be < 1e-5, otherwise the script aborts).
  * Optional global-L2-norm gradient clipping over the groups being updated
    (trunk + labeled heads), then one torch.optim.Adam step from zero state
    (t = 1, no weight decay, no amsgrad).  Heads whose task has no labeled row
    are not updated at all (their "after" equals "initial", their grads are 0).

Initial parameters reproduce PyTorch nn.Linear default init in numpy:
  W, b ~ Uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)) drawn from
  np.random.RandomState(seed) in this order: trunk layer 1 (W as in x out, then b),
  trunk layer 2 (W, b), then each head in task order (W as 64 x k, then b).

Data: /work/shared/data/winequality-red.csv (';' separated, quoted header,
11 features + quality).  "Row i" means the i-th data row (0-based, header
excluded).  Features are standardised per column with the mean and population
std (ddof=0) of the selected rows; the regression target (quality) is
standardised the same way over the selected rows (all of them, labeled or not).

Cases:
  A  seed 7, rows 0..31; quality (regression, mse, w 1.0), good (binary, bce,
     w 1.0, quality >= 6); all rows labeled; Adam lr 0.01, b1 0.9, b2 0.999,
     eps 1e-8, clip_norm 0 (off).
  B  seed 11, rows 100..115; quality (regression, huber delta 1.0, w 1.0,
     labeled on even row indices), good (binary, bce, w 0.5, rows 0..9),
     tier (multiclass bad/medium/good = quality <=4 / 5-6 / >=7, cross_entropy,
     w 2.0, rows with index % 3 != 1), unused (regression, mse, w 1.0, never
     labeled); Adam lr 0.005, b1 0.8, b2 0.99, eps 1e-6, clip_norm 1.0 (halved
     norm used instead if the norm did not exceed 1.0; the value used is recorded).

Writes step_case_a.json and step_case_b.json next to this script.

Run (from the repository root, numpy + stdlib only):
    /usr/bin/python3 src/test/resources/reference/make_step_reference.py
Optional: --data PATH to point at another copy of winequality-red.csv.
"""

import json
import os
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = "/work/shared/data/winequality-red.csv"
TRUNK_WIDTHS = [64, 64]
N_FEATURES = 11


# ----------------------------------------------------------------- data
def load_wine(path):
    with open(path, "r") as f:
        lines = [ln.strip() for ln in f if ln.strip()]
    header = [h.strip().strip('"') for h in lines[0].split(";")]
    assert len(header) == 12 and header[-1] == "quality", header
    rows = [[float(v) for v in ln.split(";")] for ln in lines[1:]]
    data = np.array(rows, dtype=np.float64)
    return data[:, :N_FEATURES], data[:, N_FEATURES]


def standardise(a):
    mean = a.mean(axis=0)
    std = a.std(axis=0)  # ddof = 0
    if np.any(std == 0):
        raise ValueError("zero std column in selected rows")
    return (a - mean) / std


# ------------------------------------------------------------ parameters
def uniform_linear(rng, fan_in, fan_out):
    bound = 1.0 / np.sqrt(fan_in)
    W = rng.uniform(-bound, bound, size=(fan_in, fan_out))
    b = rng.uniform(-bound, bound, size=(fan_out,))
    return W, b


def head_width(task):
    return len(task["classes"]) if task["kind"] == "multiclass" else 1


def init_params(seed, tasks):
    rng = np.random.RandomState(seed)
    trunk = []
    fan_in = N_FEATURES
    for w in TRUNK_WIDTHS:
        W, b = uniform_linear(rng, fan_in, w)
        trunk.append({"W": W, "b": b})
        fan_in = w
    heads = {}
    for t in tasks:
        W, b = uniform_linear(rng, fan_in, head_width(t))
        heads[t["name"]] = {"W": W, "b": b}
    return {"trunk": trunk, "heads": heads}


def copy_params(p):
    return {"trunk": [{"W": l["W"].copy(), "b": l["b"].copy()} for l in p["trunk"]],
            "heads": {k: {"W": v["W"].copy(), "b": v["b"].copy()} for k, v in p["heads"].items()}}


def zeros_like_params(p):
    return {"trunk": [{"W": np.zeros_like(l["W"]), "b": np.zeros_like(l["b"])} for l in p["trunk"]],
            "heads": {k: {"W": np.zeros_like(v["W"]), "b": np.zeros_like(v["b"])} for k, v in p["heads"].items()}}


def param_arrays(p, head_names=None):
    """List of (label, array) references, trunk first then heads."""
    out = []
    for i, l in enumerate(p["trunk"]):
        out.append(("trunk[%d].W" % i, l["W"]))
        out.append(("trunk[%d].b" % i, l["b"]))
    for k in (head_names if head_names is not None else list(p["heads"].keys())):
        out.append(("heads.%s.W" % k, p["heads"][k]["W"]))
        out.append(("heads.%s.b" % k, p["heads"][k]["b"]))
    return out


# ------------------------------------------------------- forward / loss
def forward(p, x):
    Z1 = x @ p["trunk"][0]["W"] + p["trunk"][0]["b"]
    A1 = np.maximum(Z1, 0.0)
    Z2 = A1 @ p["trunk"][1]["W"] + p["trunk"][1]["b"]
    A2 = np.maximum(Z2, 0.0)
    outs = {k: A2 @ h["W"] + h["b"] for k, h in p["heads"].items()}
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2, "outs": outs}


def logsumexp_rows(z):
    mx = z.max(axis=1, keepdims=True)
    return (mx + np.log(np.exp(z - mx).sum(axis=1, keepdims=True)))[:, 0]


def task_loss_and_dz(task, z, labels):
    """Returns (loss or None, dL/dz as m x k with zeros on unlabeled rows, n_t)."""
    m, k = z.shape
    idx = np.array([i for i, y in enumerate(labels) if y is not None], dtype=int)
    dz = np.zeros_like(z)
    n = len(idx)
    if n == 0:
        return None, dz, 0
    zl = z[idx]
    loss_kind = task["loss"]
    if loss_kind in ("mse", "huber"):
        y = np.array([labels[i] for i in idx], dtype=np.float64)
        r = zl[:, 0] - y
        if loss_kind == "mse":
            L = np.mean(r * r)
            g = 2.0 * r / n
        else:
            d = task["huber_delta"]
            a = np.abs(r)
            L = np.mean(np.where(a <= d, 0.5 * r * r, d * (a - 0.5 * d)))
            g = np.where(a <= d, r, d * np.sign(r)) / n
        dz[idx, 0] = g
    elif loss_kind == "bce":
        y = np.array([labels[i] for i in idx], dtype=np.float64)
        zz = zl[:, 0]
        L = np.mean(np.maximum(zz, 0.0) - zz * y + np.log1p(np.exp(-np.abs(zz))))
        sig = 1.0 / (1.0 + np.exp(-zz))
        dz[idx, 0] = (sig - y) / n
    elif loss_kind == "cross_entropy":
        y = np.array([labels[i] for i in idx], dtype=int)
        lse = logsumexp_rows(zl)
        L = np.mean(lse - zl[np.arange(n), y])
        soft = np.exp(zl - lse[:, None])
        soft[np.arange(n), y] -= 1.0
        dz[idx] = soft / n
    else:
        raise ValueError(loss_kind)
    return float(L), dz, n


def total_loss(p, x, tasks, labels):
    f = forward(p, x)
    tot = 0.0
    for t in tasks:
        L, _, n = task_loss_and_dz(t, f["outs"][t["name"]], labels[t["name"]])
        if n > 0:
            tot += t["weight"] * L
    return tot


def loss_and_grads(p, x, tasks, labels):
    f = forward(p, x)
    grads = zeros_like_params(p)
    losses = {}
    tot = 0.0
    dA2 = np.zeros_like(f["A2"])
    labeled = []
    for t in tasks:
        name = t["name"]
        L, dz, n = task_loss_and_dz(t, f["outs"][name], labels[name])
        if n == 0:
            continue
        labeled.append(name)
        losses[name] = L
        tot += t["weight"] * L
        dz = t["weight"] * dz
        grads["heads"][name]["W"] = f["A2"].T @ dz
        grads["heads"][name]["b"] = dz.sum(axis=0)
        dA2 += dz @ p["heads"][name]["W"].T
    dZ2 = dA2 * (f["Z2"] > 0)
    grads["trunk"][1]["W"] = f["A1"].T @ dZ2
    grads["trunk"][1]["b"] = dZ2.sum(axis=0)
    dA1 = dZ2 @ p["trunk"][1]["W"].T
    dZ1 = dA1 * (f["Z1"] > 0)
    grads["trunk"][0]["W"] = x.T @ dZ1
    grads["trunk"][0]["b"] = dZ1.sum(axis=0)
    return f, losses, tot, grads, labeled


# ------------------------------------------------------ gradient check
def finite_difference_check(p, x, tasks, labels, grads, seed, n_samples=30, eps=1e-6):
    rng = np.random.RandomState(seed + 1000)
    p = copy_params(p)
    entries = param_arrays(p)
    gentries = dict(param_arrays(grads))
    # every array (all weights, all biases, every head) at least once, rest random
    picks = [(lbl, arr, tuple(rng.randint(s) for s in arr.shape)) for lbl, arr in entries]
    while len(picks) < n_samples:
        lbl, arr = entries[rng.randint(len(entries))]
        picks.append((lbl, arr, tuple(rng.randint(s) for s in arr.shape)))
    max_rel = 0.0
    for lbl, arr, ix in picks:
        old = arr[ix]
        arr[ix] = old + eps
        lp = total_loss(p, x, tasks, labels)
        arr[ix] = old - eps
        lm = total_loss(p, x, tasks, labels)
        arr[ix] = old
        num = (lp - lm) / (2 * eps)
        ana = gentries[lbl][ix]
        rel = abs(num - ana) / max(abs(num), abs(ana), 1e-7)
        max_rel = max(max_rel, rel)
    return max_rel, len(picks)


# --------------------------------------------------------------- Adam
def adam_step(p, grads, groups_heads, opt):
    """One torch.optim.Adam step from zero state (t = 1) on trunk + given heads."""
    after = copy_params(p)
    b1, b2, lr, eps = opt["beta1"], opt["beta2"], opt["lr"], opt["eps"]
    t = 1
    bc1 = 1.0 - b1 ** t
    bc2 = 1.0 - b2 ** t
    pa = dict(param_arrays(after, groups_heads))
    ga = dict(param_arrays(grads, groups_heads))
    for lbl, arr in pa.items():
        g = ga[lbl]
        m = (1.0 - b1) * g          # beta1 * 0 + (1 - beta1) g
        v = (1.0 - b2) * g * g      # beta2 * 0 + (1 - beta2) g^2
        denom = np.sqrt(v) / np.sqrt(bc2) + eps
        arr -= (lr / bc1) * m / denom
    return after


# --------------------------------------------------------------- JSON
def params_to_json(p):
    return {"trunk": [{"W": l["W"].tolist(), "b": l["b"].tolist()} for l in p["trunk"]],
            "heads": {k: {"W": v["W"].tolist(), "b": v["b"].tolist()} for k, v in p["heads"].items()}}


def run_case(name, description, seed, tasks, x, labels, opt, out_path):
    params = init_params(seed, tasks)
    f, losses, tot, grads, labeled = loss_and_grads(params, x, tasks, labels)
    assert labeled, "at least one task must be labeled"

    max_rel, n_checked = finite_difference_check(params, x, tasks, labels, grads, seed)
    print("case %s: finite-difference check on %d entries, max relative error %.3e"
          % (name, n_checked, max_rel))
    assert max_rel < 1e-5, "gradient check failed: %g" % max_rel

    # global norm over the groups being updated (trunk + labeled heads); unlabeled
    # head grads are exactly zero, so this equals the norm over all gradients
    upd = param_arrays(grads, labeled)
    grad_norm = float(np.sqrt(sum(float(np.sum(g * g)) for _, g in upd)))
    opt = dict(opt)
    if opt["clip_norm"] > 0 and grad_norm <= opt["clip_norm"]:
        opt["clip_norm"] = grad_norm / 2.0
        print("case %s: grad norm %.6g did not exceed clip_norm; using %.17g"
              % (name, grad_norm, opt["clip_norm"]))
    step_grads = copy_params(grads)
    if opt["clip_norm"] > 0 and grad_norm > opt["clip_norm"]:
        scale = opt["clip_norm"] / grad_norm
        for _, g in param_arrays(step_grads, labeled):
            g *= scale
    after = adam_step(params, step_grads, labeled, opt)

    doc = {
        "description": description,
        "tasks": tasks,
        "trunk_widths": TRUNK_WIDTHS,
        "optimizer": {"kind": "adam", "lr": opt["lr"], "beta1": opt["beta1"],
                      "beta2": opt["beta2"], "eps": opt["eps"], "clip_norm": opt["clip_norm"]},
        "x": x.tolist(),
        "labels": labels,
        "initial": params_to_json(params),
        "expected": {
            "losses": losses,
            "total_loss": tot,
            "grad_norm": grad_norm,
            "outputs": {t["name"]: f["outs"][t["name"]].tolist() for t in tasks},
            "grads": params_to_json(grads),
            "after": params_to_json(after),
        },
    }
    with open(out_path, "w") as fh:
        json.dump(doc, fh, indent=1)
        fh.write("\n")
    print("case %s: total_loss %.17g grad_norm %.17g clip_norm %.17g -> %s"
          % (name, tot, grad_norm, opt["clip_norm"], out_path))


def main():
    data_path = DEFAULT_DATA
    if len(sys.argv) > 2 and sys.argv[1] == "--data":
        data_path = sys.argv[2]
    X_all, q_all = load_wine(data_path)

    # ---------------- case A
    rows = np.arange(0, 32)
    x = standardise(X_all[rows])
    q = q_all[rows]
    qs = standardise(q)
    tasks = [
        {"name": "quality", "kind": "regression", "loss": "mse", "weight": 1.0, "huber_delta": 1.0},
        {"name": "good", "kind": "binary", "loss": "bce", "weight": 1.0},
    ]
    labels = {"quality": [float(v) for v in qs],
              "good": [1 if v >= 6 else 0 for v in q]}
    run_case("A",
             "Case A: wine model, full labels. Red wine data rows 0..31 (0-based, header excluded), "
             "features standardised with mean/population std of these rows; quality target standardised "
             "the same way; good = quality >= 6. Init: PyTorch nn.Linear default uniform(+-1/sqrt(fan_in)) "
             "from np.random.RandomState(7), order trunk L1 W(in x out), b, L2 W, b, then heads in task order. "
             "One Adam step (t=1), no clipping.",
             7, tasks, x, labels,
             {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "clip_norm": 0.0},
             os.path.join(HERE, "step_case_a.json"))

    # ---------------- case B
    rows = np.arange(100, 116)
    x = standardise(X_all[rows])
    q = q_all[rows]
    qs = standardise(q)
    m = len(rows)
    tasks = [
        {"name": "quality", "kind": "regression", "loss": "huber", "weight": 1.0, "huber_delta": 1.0},
        {"name": "good", "kind": "binary", "loss": "bce", "weight": 0.5},
        {"name": "tier", "kind": "multiclass", "classes": ["bad", "medium", "good"],
         "loss": "cross_entropy", "weight": 2.0},
        {"name": "unused", "kind": "regression", "loss": "mse", "weight": 1.0, "huber_delta": 1.0},
    ]

    def tier(v):
        return 0 if v <= 4 else (1 if v <= 6 else 2)

    labels = {
        "quality": [float(qs[i]) if i % 2 == 0 else None for i in range(m)],
        "good": [(1 if q[i] >= 6 else 0) if i < 10 else None for i in range(m)],
        "tier": [tier(q[i]) if i % 3 != 1 else None for i in range(m)],
        "unused": [None] * m,
    }
    run_case("B",
             "Case B: three heads, partial labels, clipping. Red wine data rows 100..115 (0-based, header "
             "excluded), features standardised with mean/population std of these 16 rows; quality target "
             "standardised over all 16 rows, labeled on even indices only; good (quality >= 6) on rows 0..9; "
             "tier (quality <=4 bad / 5-6 medium / >=7 good) on rows with index % 3 != 1; 'unused' never labeled "
             "(its head gets no update). Init from np.random.RandomState(11), same order as case A. Gradients "
             "clipped by global L2 norm over trunk + labeled heads, then one Adam step (t=1).",
             11, tasks, x, labels,
             {"lr": 0.005, "beta1": 0.8, "beta2": 0.99, "eps": 1e-6, "clip_norm": 1.0},
             os.path.join(HERE, "step_case_b.json"))


if __name__ == "__main__":
    main()
