#!/usr/bin/env python3
"""Independent reference values for the fairness audit tests.

Computes per-group confusion counts, the usual group rates, disparities
against the largest group and between-group summaries directly from the
metric definitions, using only the csv module, math and numpy (numpy is a
second, independent path for the counts; both must agree). Nothing here is
derived from the TypeScript implementation.

Usage:
    python3 scripts/reference/compute_reference.py \
        [--datasets /work/shared/datasets] [--out fixtures/reference]

Inputs: fixtures/real/{compas_for_aequitas,german_credit,insurance}.csv
(repo files) and, from --datasets, bank_marketing.csv +
bank_marketing_predictions.csv and adult.csv + adult_predictions.csv.
Outputs: compas.json, german.json, bank.json, adult.json, insurance.json.

Numbers are written by json.dumps, i.e. with Python's float repr: the
shortest decimal string that round-trips to the same IEEE-754 double
(at most 17 significant digits), so JSON.parse in JS recovers the exact
double computed here. Counts are integers. Undefined values (0/0) are null.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import os
import sys
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

REPO_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

# Metric name -> (numerator count names, denominator count names).
# selection_share is handled separately (its denominator is attribute-wide).
RATE_DEFS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "selection_rate": (("tp", "fp"), ("n",)),
    "base_rate": (("tp", "fn"), ("n",)),
    "tpr": (("tp",), ("tp", "fn")),
    "fpr": (("fp",), ("fp", "tn")),
    "fnr": (("fn",), ("tp", "fn")),
    "tnr": (("tn",), ("fp", "tn")),
    "precision": (("tp",), ("tp", "fp")),
    "npv": (("tn",), ("tn", "fn")),
    "fdr": (("fp",), ("tp", "fp")),
    "for": (("fn",), ("tn", "fn")),
    "accuracy": (("tp", "tn"), ("n",)),
}
METRICS = [*RATE_DEFS.keys(), "selection_share"]


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_csv(path: str) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def rel(path: str) -> str:
    p = os.path.abspath(path)
    return os.path.relpath(p, REPO_ROOT) if p.startswith(REPO_ROOT + os.sep) else p


def div(num: int | float | None, den: int | float | None) -> float | None:
    """num/den as an IEEE double; None when undefined (den == 0 or missing)."""
    if num is None or den is None or den == 0:
        return None
    return num / den  # int/int true division is correctly rounded in Python


def counts_for(decisions: list[int], labels: list[int]) -> dict[str, int]:
    tp = fp = tn = fn = 0
    for d, y in zip(decisions, labels, strict=True):
        if d == 1 and y == 1:
            tp += 1
        elif d == 1 and y == 0:
            fp += 1
        elif d == 0 and y == 0:
            tn += 1
        elif d == 0 and y == 1:
            fn += 1
        else:
            raise ValueError(f"decision/label must be 0/1, got {d!r}/{y!r}")
    return {"n": len(decisions), "tp": tp, "fp": fp, "tn": tn, "fn": fn}


def rates(c: dict[str, int], total_selected: int) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for name, (num, den) in RATE_DEFS.items():
        out[name] = div(sum(c[k] for k in num), sum(c[k] for k in den))
    out["selection_share"] = div(c["tp"] + c["fp"], total_selected)
    return out


def largest_group(sizes: dict[str, int]) -> str:
    # Most rows; ties broken by the lexicographically smallest group name.
    return sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


def disparity(value: float | None, ref: float | None) -> dict[str, float | None]:
    return {
        "difference": None if value is None or ref is None else value - ref,
        "ratio": div(value, ref),
    }


def summary(values: dict[str, float | None]) -> dict[str, Any]:
    defined = {g: v for g, v in values.items() if v is not None}
    if not defined:
        return {
            "max_difference": None,
            "min_ratio": None,
            "max": None,
            "min": None,
            "max_group": None,
            "min_group": None,
        }
    # ties: first group in sorted-name order
    gmax = sorted(defined, key=lambda g: (-defined[g], g))[0]  # type: ignore[operator]
    gmin = sorted(defined, key=lambda g: (defined[g], g))[0]  # type: ignore[arg-type]
    vmax, vmin = defined[gmax], defined[gmin]
    return {
        "max_difference": vmax - vmin,
        "min_ratio": div(vmin, vmax),
        "max": vmax,
        "min": vmin,
        "max_group": gmax,
        "min_group": gmin,
    }


def numpy_counts(groups: list[str], decisions: list[int], labels: list[int]) -> dict[str, dict[str, int]]:
    """Second, vectorised computation of the confusion counts (cross-check)."""
    g = np.asarray(groups, dtype=object)
    d = np.asarray(decisions, dtype=np.int64)
    y = np.asarray(labels, dtype=np.int64)
    out: dict[str, dict[str, int]] = {}
    for name in np.unique(g):
        m = g == name
        out[str(name)] = {
            "n": int(m.sum()),
            "tp": int(np.sum(m & (d == 1) & (y == 1))),
            "fp": int(np.sum(m & (d == 1) & (y == 0))),
            "tn": int(np.sum(m & (d == 0) & (y == 0))),
            "fn": int(np.sum(m & (d == 0) & (y == 1))),
        }
    return out


def attribute_block(groups: list[str], decisions: list[int], labels: list[int]) -> dict[str, Any]:
    by_group: dict[str, tuple[list[int], list[int]]] = {}
    for g, d, y in zip(groups, decisions, labels, strict=True):
        ds, ys = by_group.setdefault(g, ([], []))
        ds.append(d)
        ys.append(y)
    counts = {g: counts_for(ds, ys) for g, (ds, ys) in sorted(by_group.items())}
    if counts != numpy_counts(groups, decisions, labels):
        raise AssertionError("csv-loop and numpy confusion counts disagree")
    total_selected = sum(c["tp"] + c["fp"] for c in counts.values())
    ref = largest_group({g: c["n"] for g, c in counts.items()})
    group_out = {g: {**c, "metrics": rates(c, total_selected)} for g, c in counts.items()}
    disparities = {
        g: {
            m: disparity(group_out[g]["metrics"][m], group_out[ref]["metrics"][m]) for m in METRICS
        }
        for g in group_out
    }
    summaries = {m: summary({g: group_out[g]["metrics"][m] for g in group_out}) for m in METRICS}
    return {
        "reference": ref,
        "total_selected": total_selected,
        "groups": group_out,
        "disparities": disparities,
        "summaries": summaries,
    }


def classification_reference(
    *,
    dataset: str,
    source: str,
    inputs: list[str],
    decision: str,
    label: str,
    rows: list[dict[str, str]],
    decide: Callable[[dict[str, str]], int],
    is_positive: Callable[[dict[str, str]], int],
    attributes: dict[str, Callable[[dict[str, str]], str]],
    notes: list[str],
) -> dict[str, Any]:
    decisions = [decide(r) for r in rows]
    labels = [is_positive(r) for r in rows]
    overall = counts_for(decisions, labels)
    return {
        "dataset": dataset,
        "source": source,
        "inputs": {rel(p): {"sha256": sha256(p)} for p in inputs},
        "decision": decision,
        "label": label,
        "notes": notes,
        "n": len(rows),
        "overall": {**overall, "metrics": rates(overall, overall["tp"] + overall["fp"])},
        "attributes": {
            name: attribute_block([get(r) for r in rows], decisions, labels)
            for name, get in attributes.items()
        },
    }


def binary(value: str, *, one: Iterable[str], zero: Iterable[str]) -> int:
    if value in one:
        return 1
    if value in zero:
        return 0
    raise ValueError(f"unexpected value {value!r}")


def join_on_id(data_path: str, pred_path: str) -> tuple[list[dict[str, str]], dict[str, int]]:
    data = read_csv(data_path)
    preds = read_csv(pred_path)
    by_id = {r["id"]: r for r in data}
    if len(by_id) != len(data):
        raise ValueError(f"duplicate id in {data_path}")
    seen: set[str] = set()
    joined: list[dict[str, str]] = []
    missing = 0
    for p in preds:
        if p["id"] in seen:
            raise ValueError(f"duplicate id in {pred_path}")
        seen.add(p["id"])
        row = by_id.get(p["id"])
        if row is None:
            missing += 1
            continue
        joined.append({**row, "score": p["score"], "prediction": p["prediction"]})
    stats = {
        "data_rows": len(data),
        "prediction_rows": len(preds),
        "joined_rows": len(joined),
        "data_rows_without_prediction": len(data) - len(joined),
        "predictions_without_data_row": missing,
    }
    return joined, stats


def age_band(age: str) -> str:
    a = int(age)
    if a < 30:
        return "<30"
    if a < 60:
        return "30-59"
    return "60+"


def compas(real: str) -> dict[str, Any]:
    path = os.path.join(real, "compas_for_aequitas.csv")
    rows = read_csv(path)
    return classification_reference(
        dataset="compas_for_aequitas",
        source="repo dssg/aequitas @ 4dc71c69cdf15f3dfa53638665d722f5f1763bad, "
        "examples/data/compas_for_aequitas.csv (verbatim copy in fixtures/real/)",
        inputs=[path],
        decision="score == 1.0 (predicted medium/high risk)",
        label="label_value == 1 (re-offended within two years)",
        rows=rows,
        decide=lambda r: binary(r["score"], one={"1.0"}, zero={"0.0"}),
        is_positive=lambda r: binary(r["label_value"], one={"1"}, zero={"0"}),
        attributes={k: (lambda r, k=k: r[k]) for k in ("race", "sex", "age_cat")},
        notes=["All rows used; no missing attribute values."],
    )


def german(real: str) -> dict[str, Any]:
    path = os.path.join(real, "german_credit.csv")
    rows = read_csv(path)
    return classification_reference(
        dataset="german_credit",
        source="UCI Statlog (German Credit Data), converted german.data "
        "(repo manojpreveen/iFair @ f2ac832d30d77c8c6c44d56e6ff710c4cfa6787f); "
        "verbatim copy in fixtures/real/",
        inputs=[path],
        decision="duration_months <= 24 (SYNTHETIC decision rule: the file has no model prediction)",
        label="credit_good == 1",
        rows=rows,
        decide=lambda r: 1 if int(r["duration_months"]) <= 24 else 0,
        is_positive=lambda r: binary(r["credit_good"], one={"1"}, zero={"0"}),
        attributes={k: (lambda r, k=k: r[k]) for k in ("sex", "age_band", "foreign_worker")},
        notes=[
            "The decision is a synthetic rule chosen only to exercise the metrics; "
            "it is not a credit model.",
            "foreign_worker codes: A201 = yes, A202 = no.",
        ],
    )


def bank(datasets: str) -> dict[str, Any]:
    dpath = os.path.join(datasets, "bank_marketing.csv")
    ppath = os.path.join(datasets, "bank_marketing_predictions.csv")
    rows, stats = join_on_id(dpath, ppath)
    out = classification_reference(
        dataset="bank_marketing",
        source="UCI Bank Marketing bank-full.csv (converted, with id) inner-joined on id with "
        "bank_marketing_predictions.csv (logistic regression, threshold 0.2, test rows only), "
        "from the project's shared dataset collection",
        inputs=[dpath, ppath],
        decision="prediction == 1",
        label='y == "yes"',
        rows=rows,
        decide=lambda r: binary(r["prediction"], one={"1"}, zero={"0"}),
        is_positive=lambda r: binary(r["y"], one={"yes"}, zero={"no"}),
        attributes={
            "marital": lambda r: r["marital"],
            "age_band": lambda r: age_band(r["age"]),
        },
        notes=[
            "Only rows with a prediction are used (inner join on id).",
            "age_band: <30 = age < 30; 30-59 = 30 <= age <= 59; 60+ = age >= 60.",
        ],
    )
    out["join"] = stats
    return out


def adult(datasets: str) -> dict[str, Any]:
    dpath = os.path.join(datasets, "adult.csv")
    ppath = os.path.join(datasets, "adult_predictions.csv")
    rows, stats = join_on_id(dpath, ppath)
    out = classification_reference(
        dataset="adult",
        source="UCI Adult adult.data (converted, with id) inner-joined on id with "
        "adult_predictions.csv (logistic regression, threshold 0.5, test rows only), "
        "from the project's shared dataset collection",
        inputs=[dpath, ppath],
        decision="prediction == 1",
        label='income == ">50K"',
        rows=rows,
        decide=lambda r: binary(r["prediction"], one={"1"}, zero={"0"}),
        is_positive=lambda r: binary(r["income"], one={">50K"}, zero={"<=50K"}),
        attributes={k: (lambda r, k=k: r[k]) for k in ("sex", "race")},
        notes=["Only rows with a prediction are used (inner join on id)."],
    )
    out["join"] = stats
    return out


def price_stats(values: list[float]) -> dict[str, Any]:
    n = len(values)
    mean = math.fsum(values) / n  # correctly rounded sum, then one division
    s = sorted(values)
    median = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else None
    # cross-check against numpy (pairwise summation) to well within float noise
    arr = np.asarray(values, dtype=np.float64)
    assert math.isclose(mean, float(arr.mean()), rel_tol=1e-13)
    assert math.isclose(median, float(np.median(arr)), rel_tol=0)
    if sd is not None:
        assert math.isclose(sd, float(arr.std(ddof=1)), rel_tol=1e-12)
    return {"count": n, "mean": mean, "median": median, "sd": sd, "min": s[0], "max": s[-1]}


def insurance(real: str) -> dict[str, Any]:
    path = os.path.join(real, "insurance.csv")
    rows = read_csv(path)
    by_sex: dict[str, list[float]] = {}
    for r in rows:
        by_sex.setdefault(r["sex"], []).append(float(r["charges"]))
    groups = {g: price_stats(v) for g, v in sorted(by_sex.items())}
    ref = largest_group({g: s["count"] for g, s in groups.items()})
    stats = ["mean", "median"]
    return {
        "dataset": "insurance",
        "source": "Lantz, Machine Learning with R, insurance.csv "
        "(repo stedy/Machine-Learning-with-R-datasets @ ff933238d9c30da179b7e3ad4b6ca938d67efc53); "
        "verbatim copy in fixtures/real/",
        "inputs": {rel(path): {"sha256": sha256(path)}},
        "price": "charges",
        "notes": [
            "mean = math.fsum(values)/count; sd = sample SD (ddof=1) around that mean, "
            "sum of squares by math.fsum; median = middle value or mean of the two middle values.",
        ],
        "overall": price_stats([v for vs in by_sex.values() for v in vs]),
        "attributes": {
            "sex": {
                "reference": ref,
                "groups": groups,
                "disparities": {
                    g: {m: disparity(groups[g][m], groups[ref][m]) for m in stats} for g in groups
                },
                "summaries": {m: summary({g: groups[g][m] for g in groups}) for m in stats},
            }
        },
    }


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", default="/work/shared/datasets", help="folder with bank/adult files")
    ap.add_argument("--real", default=os.path.join(REPO_ROOT, "fixtures", "real"))
    ap.add_argument("--out", default=os.path.join(REPO_ROOT, "fixtures", "reference"))
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    outputs = {
        "compas.json": compas(args.real),
        "german.json": german(args.real),
        "insurance.json": insurance(args.real),
        "bank.json": bank(args.datasets),
        "adult.json": adult(args.datasets),
    }
    for name, doc in outputs.items():
        path = os.path.join(args.out, name)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False, allow_nan=False)
            f.write("\n")
        print(f"wrote {rel(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
