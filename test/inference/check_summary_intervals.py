"""Simultaneous (Bonferroni) intervals of between-groups summaries of rates, for
test/inference/summary-intervals.test.ts.

Independent of the TypeScript code: Wilson intervals and Newcombe's hybrid difference written
out from Newcombe (1998), Koopman ratio intervals by root-finding (test/stats/check_koopman.py),
each at level 1 - alpha/m with m the number of pairs of groups; then
  max - min in [max(0, max over ordered pairs of the lower bound), max of the upper bounds]
  min / max in [min over ordered pairs of the lower bound, min(1, min of the upper bounds)].

Run: python3 test/inference/check_summary_intervals.py
"""
import itertools
import math
import os
import sys

from scipy import stats

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "stats"))
from check_koopman import koopman  # noqa: E402


def wilson(x, n, z):
    p = x / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (0.0 if x == 0 else c - h, 1.0 if x == n else c + h)


def newcombe(x1, n1, x2, n2, z):
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1, z)
    l2, u2 = wilson(x2, n2, z)
    d = p1 - p2
    return d - math.hypot(p1 - l1, u2 - p2), d + math.hypot(u1 - p1, p2 - l2)


def summary(groups, confidence=0.95):
    m = len(groups) * (len(groups) - 1) // 2
    level = 1 - (1 - confidence) / m
    z = stats.norm.isf((1 - level) / 2)
    dlo, dhi, rlo, rhi = 0.0, 0.0, 1.0, 1.0
    for (x1, n1), (x2, n2) in itertools.combinations(groups, 2):
        lo, hi = newcombe(x1, n1, x2, n2, z)
        dlo, dhi = max(dlo, lo, -hi), max(dhi, hi, -lo)
        if x1 == 0 and x2 == 0:
            rlo = 0.0
            continue
        lo, hi = koopman(x1, n1, x2, n2, level)
        rlo = min(rlo, lo, 1 / hi)
        rhi = min(rhi, hi, math.inf if lo == 0 else 1 / lo)
    rates = [x / n for x, n in groups]
    return (max(rates) - min(rates), dlo, dhi, min(rates) / max(rates), rlo, rhi)


CASES = {
    "four groups at 30/100": [(30, 100)] * 4,
    "three groups at a rate of 1": [(5, 5), (20, 20), (150, 150)],
    "a group with no selections": [(0, 10), (3, 30), (40, 100)],
    "ordinary": [(30, 100), (45, 100), (60, 150)],
}

if __name__ == "__main__":
    for name, groups in CASES.items():
        print(name, groups, [float(v) for v in summary(groups)])
