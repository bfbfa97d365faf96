"""Newcombe's hybrid score difference interval (method 10) at the edges, for
test/stats/newcombe-difference-interval.test.ts: rates 0 and 1 on both sides, n = 1, 2, 5.
Wilson and Newcombe written out from the papers (scipy 1.17.1 for z only).

Run: python3 test/stats/check_newcombe_edges.py
"""
from scipy import stats
import math
z = stats.norm.isf(0.025)
def w(x, n):
    p = x / n; d = 1 + z*z/n; c = (p + z*z/(2*n))/d; h = z*math.sqrt(p*(1-p)/n + z*z/(4*n*n))/d
    return (0.0 if x == 0 else c-h, 1.0 if x == n else c+h)
def nc(x1, n1, x2, n2):
    l1, u1 = w(x1, n1); l2, u2 = w(x2, n2); p1 = x1/n1; p2 = x2/n2
    return (p1-p2-math.hypot(p1-l1, u2-p2), p1-p2+math.hypot(u1-p1, p2-l2))
for c in [(1,1,0,1),(0,1,1,1),(1,1,1,1),(0,2,2,2),(1,2,2,2),(5,5,0,5),(5,5,2,5),(0,5,0,5),(20,20,150,150),(1,1,80,200),(0,20,10,100)]:
    print(list(c) + [*nc(*c)], ",")

# How often Newcombe's interval and Pearson's chi-square test disagree at 0.05 (interval excludes 0
# but p >= 0.05, or the reverse), over random tables with n1, n2 uniform on 1..299.
import numpy as np  # noqa: E402

rng = np.random.default_rng(1)
disagree = total = 0
for _ in range(20000):
    n1, n2 = (int(v) for v in rng.integers(1, 300, 2))
    x1, x2 = int(rng.integers(0, n1 + 1)), int(rng.integers(0, n2 + 1))
    if x1 + x2 == 0 or x1 + x2 == n1 + n2:
        continue
    lo, hi = nc(x1, n1, x2, n2)
    p = stats.chi2_contingency([[x1, n1 - x1], [x2, n2 - x2]], correction=False).pvalue
    total += 1
    disagree += (lo > 0 or hi < 0) != (p < 0.05)
print(f"Newcombe vs Pearson disagree on {disagree} of {total} random tables")
