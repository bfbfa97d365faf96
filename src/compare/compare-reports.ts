import { VERDICTS, type Verdict } from "../policy/finding.js";
import { findingKey } from "../policy/finding-key.js";
import type { AuditResult, FindingResult } from "../result/audit-result.js";

export type VerdictMove = "worse" | "better" | "same" | "added" | "removed";

/** One finding in either report, matched by findingKey. */
export interface ComparisonRow {
  rule: string;
  /** the change rule, on release-gate findings */
  changeRule: string | null;
  attribute: string;
  group: string | null;
  metric: FindingResult["metric"];
  comparison: FindingResult["comparison"];
  expected: FindingResult["expected"];
  old: { value: number | null; verdict: Verdict } | null;
  new: { value: number | null; verdict: Verdict } | null;
  /** new − old, when both are defined */
  change: number | null;
  move: VerdictMove;
}

export interface ReportSide {
  verdict: AuditResult["verdict"];
  counts: AuditResult["counts"];
  toolVersion: string;
  configHash: string | null;
  generatedAt: string | null;
  inputs: { role: string; name: string; sha256: string | null; rows: number }[];
}

export interface ReportComparison {
  old: ReportSide;
  new: ReportSide;
  sameConfig: boolean | null;
  summary: Record<VerdictMove, number>;
  rows: ComparisonRow[];
}

/** Severity order for "did the verdict get worse": pass < inconclusive < warn < fail. */
const RANK: Record<Verdict, number> = { pass: 0, inconclusive: 1, warn: 2, fail: 3 };

/**
 * Pure: the finding-by-finding difference of two reports. Release-gate change findings are
 * left out: each is relative to its own report's baseline, so comparing them says nothing.
 * A finding the gate reported missing keeps its rule's key and shows as a worse verdict.
 */
export function compareReports(older: AuditResult, newer: AuditResult): ReportComparison {
  const tracked = (r: AuditResult) => r.findings.filter((f) => f.change?.status !== "compared");
  const before = new Map(tracked(older).map((f) => [findingKey(f), f]));
  const after = new Map(tracked(newer).map((f) => [findingKey(f), f]));
  const keys = [...new Set([...before.keys(), ...after.keys()])];
  const rows = keys.map((key) => row(before.get(key), after.get(key)));
  rows.sort(compareRows);
  const summary: Record<VerdictMove, number> = {
    worse: 0,
    better: 0,
    same: 0,
    added: 0,
    removed: 0,
  };
  for (const r of rows) summary[r.move]++;
  const o = side(older);
  const n = side(newer);
  return {
    old: o,
    new: n,
    sameConfig:
      o.configHash === null || n.configHash === null ? null : o.configHash === n.configHash,
    summary,
    rows,
  };
}

function side(r: AuditResult): ReportSide {
  return {
    verdict: r.verdict,
    counts: r.counts,
    toolVersion: r.tool.version,
    configHash: r.run?.configHash ?? null,
    generatedAt: r.run?.generatedAt ?? null,
    inputs: r.inputs.files.map((f) => ({
      role: f.role,
      name: f.name,
      sha256: f.sha256 ?? null,
      rows: f.rows,
    })),
  };
}

function row(a: FindingResult | undefined, b: FindingResult | undefined): ComparisonRow {
  const f = (b ?? a) as FindingResult;
  const old = a ? { value: a.actual, verdict: a.verdict } : null;
  const now = b ? { value: b.actual, verdict: b.verdict } : null;
  const move: VerdictMove =
    old === null
      ? "added"
      : now === null
        ? "removed"
        : RANK[now.verdict] > RANK[old.verdict]
          ? "worse"
          : RANK[now.verdict] < RANK[old.verdict]
            ? "better"
            : "same";
  return {
    rule: f.rule,
    changeRule: f.change?.rule ?? null,
    attribute: f.attribute,
    group: f.group,
    metric: f.metric,
    comparison: f.comparison,
    expected: f.expected,
    old,
    new: now,
    change: old?.value != null && now?.value != null ? now.value - old.value : null,
    move,
  };
}

const MOVE_ORDER: readonly VerdictMove[] = ["worse", "removed", "added", "better", "same"];

function compareRows(a: ComparisonRow, b: ComparisonRow): number {
  return (
    MOVE_ORDER.indexOf(a.move) - MOVE_ORDER.indexOf(b.move) ||
    VERDICTS.indexOf(a.new?.verdict ?? "fail") - VERDICTS.indexOf(b.new?.verdict ?? "fail") ||
    cmp(a.attribute, b.attribute) ||
    cmp(a.group ?? "", b.group ?? "") ||
    cmp(a.rule, b.rule) ||
    cmp(a.changeRule ?? "", b.changeRule ?? "")
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A row worth a person's attention: its verdict moved, it came or went, or its value moved. */
export function isChanged(r: ComparisonRow): boolean {
  return r.move !== "same" || (r.change !== null && r.change !== 0);
}
