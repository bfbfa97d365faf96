"""Adjusted price gap at extreme magnitudes, for test/inference/adjusted-gap.test.ts.

Writes fixtures/edge/price-1e12.csv (prices near 1e12 with a spread of about 1000, a numeric
factor in Unix seconds within one hour, a channel factor) and prints the least-squares gap of
group B to group A with its classical standard error, by numpy.linalg.lstsq on the raw design
with every numeric column and the price centred (same slopes and SEs), and exactly in rational
arithmetic (fractions.Fraction: the data are integers, so X'X and X'y are too) as the reference.
numpy on the raw design is printed to show why: cond(X'X) ~ 1e25 makes it meaningless.

Run: python3 test/inference/check_adjusted_gap_numerics.py
"""
import csv
import os

from fractions import Fraction

import numpy as np
from scipy import stats

HERE = os.path.dirname(__file__)
PATH = os.path.join(HERE, "..", "..", "fixtures", "edge", "price-1e12.csv")

rng = np.random.default_rng(20261203)
n = 240
group = np.where(np.arange(n) % 3 == 0, "B", "A")
channel = np.where(rng.random(n) < 0.4, "shop", "web")
t = 1_764_720_000 + rng.integers(0, 3600, n)
noise = np.round(rng.normal(0, 1000, n))
price = 10**12 + 300 * (group == "B") + 0.1 * (t - t.min()) + 50 * (channel == "shop") + noise
price = np.round(price).astype(np.int64)

os.makedirs(os.path.dirname(PATH), exist_ok=True)
with open(PATH, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["group", "channel", "t", "price"])
    for row in zip(group, channel, t, price):
        w.writerow([row[0], row[1], int(row[2]), int(row[3])])

y = price.astype(float)
X = np.column_stack([np.ones(n), group == "B", channel == "shop", t]).astype(float)
Xint = np.column_stack([np.ones(n, dtype=np.int64), group == "B", channel == "shop", t]).astype(np.int64)


def fit(X, y):
    beta, *_ = np.linalg.lstsq(X, y, rcond=None)
    e = y - X @ beta
    df = len(y) - X.shape[1]
    s2 = e @ e / df
    cov = s2 * np.linalg.inv(X.T @ X)
    se = np.sqrt(np.diag(cov))
    q = stats.t.ppf(0.975, df)
    return beta[1], se[1], beta[1] - q * se[1], beta[1] + q * se[1]


def exact(Xi, yi):
    p = Xi.shape[1]
    A = [[Fraction(int(sum(int(Xi[r, i]) * int(Xi[r, j]) for r in range(n)))) for j in range(p)] for i in range(p)]
    b = [Fraction(int(sum(int(Xi[r, i]) * int(yi[r]) for r in range(n)))) for i in range(p)]
    # Gauss-Jordan inverse
    M = [row[:] + [Fraction(int(i == j)) for j in range(p)] for i, row in enumerate(A)]
    for c in range(p):
        piv = next(r for r in range(c, p) if M[r][c] != 0)
        M[c], M[piv] = M[piv], M[c]
        f = M[c][c]
        M[c] = [v / f for v in M[c]]
        for r in range(p):
            if r != c and M[r][c] != 0:
                g = M[r][c]
                M[r] = [a - g * bb for a, bb in zip(M[r], M[c])]
    inv = [row[p:] for row in M]
    beta = [sum(inv[i][j] * b[j] for j in range(p)) for i in range(p)]
    yty = Fraction(int(sum(int(v) * int(v) for v in yi)))
    rss = yty - sum(beta[i] * b[i] for i in range(p))
    df = n - p
    se = float(np.sqrt(float(rss / df * inv[1][1])))
    q = stats.t.ppf(0.975, df)
    bb = float(beta[1])
    return bb, se, bb - q * se, bb + q * se


print("exact   ", [float(v) for v in exact(Xint, price)])
Xc = X.copy()
Xc[:, 3] -= X[:, 3].mean()
print("raw     ", [float(v) for v in fit(X, y)])
print("centred ", [float(v) for v in fit(Xc, y - y.mean())])
