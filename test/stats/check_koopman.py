"""Koopman (1984) score interval for a ratio of two independent proportions, by root-finding.

Independent of the TypeScript code: the constrained maximum-likelihood estimate under
p1 = theta * p2 is found numerically (scipy.optimize.brentq on the derivative of the binomial
log-likelihood, not the closed-form quadratic root the TypeScript uses), the score statistic is Pearson's X^2
of the table against the constrained fitted counts, and the bounds are where it crosses
chi2_1(confidence), found with scipy.optimize.brentq on log(theta).

Run: python3 test/stats/check_koopman.py
"""
import math
import sys

from scipy import optimize, stats


def constrained_p2(x1, n1, x2, n2, theta):
    # The log-likelihood of p2 (with p1 = theta * p2) is concave on (0, min(1, 1/theta)): its
    # maximum is the root of the derivative, or the upper end when the derivative stays positive.
    hi = min(1.0, 1.0 / theta)

    def dll(p2):
        p1 = theta * p2
        d = 0.0
        if x1 > 0:
            d += theta * x1 / p1
        if n1 - x1 > 0:
            d -= theta * (n1 - x1) / (1 - p1)
        if x2 > 0:
            d += x2 / p2
        if n2 - x2 > 0:
            d -= (n2 - x2) / (1 - p2)
        return d

    top = hi * (1 - 1e-15)
    if dll(top) >= 0:
        return hi
    return optimize.brentq(dll, 1e-300, top, xtol=1e-300, rtol=1e-15, maxiter=1000)


def score(x1, n1, x2, n2, theta):
    p2 = constrained_p2(x1, n1, x2, n2, theta)
    p1 = theta * p2
    t = 0.0
    for x, n, p in ((x1, n1, p1), (x2, n2, p2)):
        for o, e in ((x, n * p), (n - x, n * (1 - p))):
            if e > 0:
                t += (o - e) ** 2 / e
    return t


def koopman(x1, n1, x2, n2, confidence=0.95):
    crit = stats.chi2.ppf(confidence, 1)
    f = lambda lt: score(x1, n1, x2, n2, math.exp(lt)) - crit
    if x2 > 0 and x1 > 0:
        centre = math.log((x1 / n1) / (x2 / n2))
    elif x1 == 0:
        centre = None
    else:
        centre = None
    if x1 == 0:
        low = 0.0
        # upper bound: from a point where f < 0 (theta small) outward
        a = -30.0
        b = 0.0
        while f(b) < 0:
            b += 1.0
        high = math.exp(optimize.brentq(f, a, b, xtol=1e-14, rtol=1e-14))
        return low, high
    if x2 == 0:
        a = 30.0
        b = 0.0
        while f(b) < 0:
            b -= 1.0
        return math.exp(optimize.brentq(f, b, a, xtol=1e-14, rtol=1e-14)), math.inf
    b = centre - 0.5
    while f(b) < 0:
        b -= 0.5
    low = math.exp(optimize.brentq(f, b, centre, xtol=1e-14, rtol=1e-14))
    b = centre + 0.5
    while f(b) < 0:
        b += 0.5
    high = math.exp(optimize.brentq(f, centre, b, xtol=1e-14, rtol=1e-14))
    return low, high


CASES = [
    (50, 50, 150, 150),
    (20, 20, 150, 150),
    (1, 1, 80, 200),
    (0, 20, 10, 100),
    (20, 20, 0, 10),
    (0, 1, 1, 1),
    (1, 1, 0, 1),
    (1, 2, 2, 2),
    (0, 2, 1, 5),
    (5, 5, 2, 5),
    (0, 5, 0, 5),
    (2, 5, 3, 5),
    (30, 100, 45, 100),
    (120, 1000, 80, 1200),
    (7, 60, 0, 50),
    (36, 40, 16, 80),
    (10, 75, 12, 225),
    (0, 2, 8, 481),
    (2, 15, 0, 1),
]

if __name__ == "__main__":
    for x1, n1, x2, n2 in CASES:
        if x1 == 0 and x2 == 0:
            continue
        lo, hi = koopman(x1, n1, x2, n2)
        lo90, hi90 = koopman(x1, n1, x2, n2, 0.90)
        print(f"[{x1}, {n1}, {x2}, {n2}, {lo!r}, {hi!r}, {lo90!r}, {hi90!r}],")
    # the score test at theta = 1 is Pearson's X^2 (scipy's chi2_contingency without Yates)
    for x1, n1, x2, n2 in [(30, 100, 45, 100), (1, 1, 80, 200), (2, 5, 3, 5)]:
        t = score(x1, n1, x2, n2, 1.0)
        c = stats.chi2_contingency([[x1, n1 - x1], [x2, n2 - x2]], correction=False)
        print("theta=1", x1, n1, x2, n2, t, c.statistic)
