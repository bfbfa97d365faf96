"""Reference intervals and p-values for test/inference/real-data.test.ts.

Independent of the TypeScript code: scipy 1.17.1 for the tests, numpy formulas for what
statsmodels computes (proportion_confint(method="wilson"), confint_proportions_2indep(
method="newcomb" / ratio method="log"), multipletests(method="holm")), and the Koopman score
interval found by root-finding in test/stats/check_koopman.py.

Run: python3 scripts/reference/inference_reference.py
"""
import csv
import json
import os
import sys
from collections import defaultdict

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "test", "stats"))
from check_koopman import koopman  # noqa: E402

Z = stats.norm.ppf(0.975)


def wilson(x, n):
    p = x / n
    d = 1 + Z**2 / n
    c = (p + Z**2 / (2 * n)) / d
    h = Z * np.sqrt(p * (1 - p) / n + Z**2 / (4 * n * n)) / d
    return [0.0 if x == 0 else c - h, 1.0 if x == n else c + h]


def newcombe(x1, n1, x2, n2):
    p1, p2 = x1 / n1, x2 / n2
    l1, u1 = wilson(x1, n1)
    l2, u2 = wilson(x2, n2)
    d = p1 - p2
    return [d - np.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2), d + np.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)]


def katz(x1, n1, x2, n2):
    lr = np.log(x1 / n1) - np.log(x2 / n2)
    se = np.sqrt(1 / x1 - 1 / n1 + 1 / x2 - 1 / n2)
    return [float(np.exp(lr - Z * se)), float(np.exp(lr + Z * se))]


def rate_test(x1, n1, x2, n2):
    table = np.array([[x1, n1 - x1], [x2, n2 - x2]])
    expected = stats.contingency.expected_freq(table)
    if expected.min() < 5:
        return "fisher", float(stats.fisher_exact(table).pvalue)
    return "chi2", float(stats.chi2_contingency(table, correction=False).pvalue)


def compas():
    groups = defaultdict(lambda: [0, 0])  # race -> [selected, n]
    with open("fixtures/real/compas_for_aequitas.csv") as f:
        for row in csv.DictReader(f):
            g = groups[row["race"]]
            g[0] += float(row["score"]) == 1.0
            g[1] += 1
    ref = "African-American"
    xr, nr = groups[ref]
    out = {}
    for race, (x, n) in sorted(groups.items()):
        entry = {"wilson": wilson(x, n)}
        if race != ref:
            test, p = rate_test(x, n, xr, nr)
            entry.update(newcombe=newcombe(x, n, xr, nr), katz=katz(x, n, xr, nr),
                         koopman=list(koopman(x, n, xr, nr)), test=test, p=p)
        out[race] = entry
    return out


def insurance():
    prices = defaultdict(list)
    with open("fixtures/real/insurance.csv") as f:
        for row in csv.DictReader(f):
            prices[row["sex"]].append(float(row["charges"]))
    a, b = np.array(prices["female"]), np.array(prices["male"])  # reference: male (largest)
    welch = stats.ttest_ind(a, b, equal_var=False)
    ci = welch.confidence_interval(0.95)
    mw = stats.mannwhitneyu(a, b, method="asymptotic", use_continuity=True, alternative="two-sided")
    lr = np.log(a.mean() / b.mean())
    se = np.sqrt(a.var(ddof=1) / (len(a) * a.mean() ** 2) + b.var(ddof=1) / (len(b) * b.mean() ** 2))
    t = stats.t.interval(0.95, len(a) - 1, loc=a.mean(), scale=stats.sem(a))
    median_ci = stats.quantile_test(a, q=0, p=0.5).confidence_interval(0.95)
    return {
        "welch_p": float(welch.pvalue),
        "welch_ci": [float(ci.low), float(ci.high)],
        "mw_p": float(mw.pvalue),
        "log_ratio_ci": [float(np.exp(lr - Z * se)), float(np.exp(lr + Z * se))],
        "female_mean_t": [float(t[0]), float(t[1])],
        "female_median_ci": [float(median_ci.low), float(median_ci.high)],
    }


def holm(ps):
    ps = np.asarray(ps)
    order = np.argsort(ps, kind="stable")
    m = len(ps)
    adj = np.maximum.accumulate((m - np.arange(m)) * ps[order]).clip(max=1)
    out = np.empty(m)
    out[order] = adj
    return out.tolist()


if __name__ == "__main__":
    result = {"compas_race_selection_rate": compas(), "insurance_sex_charges": insurance()}
    print(json.dumps(result, indent=1))
