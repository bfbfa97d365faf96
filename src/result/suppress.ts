import { overallVerdict } from "../policy/evaluate-policy.js";
import type { AttributeResult, AuditResult, GroupResult } from "./audit-result.js";

/** One published table: an attribute or an intersection, its cells named by their group tuple. */
export interface TableCells {
  attribute: string;
  /** positions of the protected attributes it is made of */
  dims: readonly number[];
  groups: readonly { group: string; tuple: readonly string[]; n: number }[];
}

/**
 * Small-cell suppression with complementary suppression (statistical disclosure control, e.g.
 * Hundepool et al., "Statistical Disclosure Control", 2012, ch. 4). Primary: every group with
 * fewer than k rows. Secondary: the audit also publishes the overall total and every marginal,
 * so a single withheld cell in a line (the cells that add up to a published total) could be
 * recovered by subtraction; in each such line a second cell, the smallest, is withheld too, and
 * a withheld marginal must not be the sum of published cells. Repeats until nothing changes.
 * This is the classic heuristic, not an optimal solution; residual risks in docs/security.md.
 * Returns attribute → withheld group labels.
 */
export function chooseSuppressed(
  tables: readonly TableCells[],
  k: number,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const byDims = new Map<string, TableCells>();
  const sorted = tables.map((t) => ({
    ...t,
    groups: [...t.groups].sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0)),
  }));
  for (const t of sorted) {
    out.set(t.attribute, new Set(t.groups.filter((g) => g.n > 0 && g.n < k).map((g) => g.group)));
    byDims.set(t.dims.join(","), t);
  }
  interface Line {
    members: { table: string; group: string; n: number }[];
    /** the published total of the line, or null when it is the overall population */
    total: { table: string; group: string; n: number } | null;
  }
  const lines: Line[] = [];
  for (const t of sorted) {
    const members = (gs: readonly TableCells["groups"][number][]) =>
      gs.map((g) => ({ table: t.attribute, group: g.group, n: g.n }));
    lines.push({ members: members(t.groups), total: null });
    if (t.dims.length < 2) continue;
    for (let d = 0; d < t.dims.length; d++) {
      const rest = t.dims.filter((_, i) => i !== d);
      const parent = byDims.get(rest.join(","));
      const byRest = new Map<string, TableCells["groups"][number][]>();
      for (const g of t.groups) {
        const key = JSON.stringify(g.tuple.filter((_, i) => i !== d));
        byRest.set(key, [...(byRest.get(key) ?? []), g]);
      }
      for (const [key, gs] of byRest) {
        const values = JSON.parse(key) as string[];
        const total = parent?.groups.find(
          (p) => JSON.stringify(p.tuple) === JSON.stringify(values),
        );
        lines.push({
          members: members(gs),
          total:
            total && parent ? { table: parent.attribute, group: total.group, n: total.n } : null,
        });
      }
    }
  }
  const isSuppressed = (m: { table: string; group: string }) =>
    out.get(m.table)?.has(m.group) === true;
  const suppress = (m: { table: string; group: string }) => out.get(m.table)?.add(m.group);
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const hidden = line.members.filter(isSuppressed).length;
      const open = line.members.filter((m) => !isSuppressed(m) && m.n > 0);
      const totalHidden = line.total !== null && isSuppressed(line.total);
      // ties go to the first label, so the choice never depends on row order
      const smallest = open.reduce<(typeof open)[number] | undefined>(
        (a, m) => (a === undefined || m.n < a.n || (m.n === a.n && m.group < a.group) ? m : a),
        undefined,
      );
      if (!totalHidden && hidden === 1) {
        // total − the published cells = the withheld one: withhold another, or the total itself
        if (smallest) suppress(smallest);
        else if (line.total) suppress(line.total);
        else continue;
        changed = true;
      } else if (totalHidden && hidden === 0 && smallest) {
        // a withheld total must not be the sum of its published cells
        suppress(smallest);
        changed = true;
      }
    }
  }
  return out;
}

/** Pure: the result with every statistic of the withheld groups replaced by null, disclosed. */
export function applySuppression(
  result: AuditResult,
  withheld: ReadonlyMap<string, ReadonlySet<string>>,
): AuditResult {
  const total = [...withheld.values()].reduce((a, s) => a + s.size, 0);
  if (total === 0) return result;
  const nulledSummaries = new Set<string>();
  const attributes = result.attributes.map((a): AttributeResult => {
    const hidden = withheld.get(a.attribute) ?? new Set<string>();
    if (hidden.size === 0) return a;
    const groups = a.groups.map((g) => (hidden.has(g.group) ? withholdGroup(g) : g));
    const disparities = groups.map((g) => {
      const entries = Object.entries(g.disparities).map(([metric, d]) => {
        const reference = a.references[metric as keyof typeof a.references];
        return reference !== undefined && hidden.has(reference) && d
          ? [
              metric,
              { reference: d.reference, difference: null, ratio: null, reason: "suppressed" },
            ]
          : [metric, d];
      });
      return { ...g, disparities: Object.fromEntries(entries) as GroupResult["disparities"] };
    });
    // Summaries exclude small groups; a withheld group that is not small would enter them.
    const leaks = a.groups.some((g) => hidden.has(g.group) && !g.small);
    let summaries = a.summaries;
    if (leaks) {
      nulledSummaries.add(a.attribute);
      summaries = Object.fromEntries(
        Object.entries(a.summaries).map(([m, s]) => [
          m,
          { maxDifference: null, minRatio: null, groups: s.groups },
        ]),
      );
    }
    return { ...a, groups: disparities, summaries };
  });
  const findings = result.findings.map((f) => {
    const hidden = withheld.get(f.attribute);
    const groupHidden = f.group !== null && hidden?.has(f.group) === true;
    const referenceHidden = f.reference !== null && hidden?.has(f.reference) === true;
    const summaryHidden = f.group === null && nulledSummaries.has(f.attribute);
    if (!groupHidden && !referenceHidden && !summaryHidden) return f;
    const { interval: _interval, ...rest } = f;
    return {
      ...rest,
      actual: null,
      n: groupHidden ? null : f.n,
      referenceN: referenceHidden ? null : f.referenceN,
      verdict: "inconclusive" as const,
      reason: "suppressed" as const,
    };
  });
  const counts = { fail: 0, warn: 0, inconclusive: 0, pass: 0 };
  for (const f of findings) counts[f.verdict]++;
  return {
    ...result,
    counts,
    verdict: overallVerdict(counts, result.policy.inconclusive),
    attributes,
    findings,
    notices: [
      ...result.notices,
      { code: "suppressed_groups", data: { groups: total, k: result.policy.suppressBelow } },
    ],
  };
}

function withholdGroup(g: GroupResult): GroupResult {
  const metrics = Object.fromEntries(
    Object.keys(g.metrics).map((m) => [m, { value: null, reason: "suppressed" }]),
  ) as GroupResult["metrics"];
  const disparities = Object.fromEntries(
    Object.entries(g.disparities).map(([m, d]) => [
      m,
      { reference: d.reference, difference: null, ratio: null, reason: "suppressed" },
    ]),
  ) as GroupResult["disparities"];
  return {
    group: g.group,
    n: null,
    selected: null,
    tp: null,
    fp: null,
    tn: null,
    fn: null,
    small: g.small,
    suppressed: true,
    price: null,
    metrics,
    disparities,
  };
}
