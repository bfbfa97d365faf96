import type { AuditResult } from "../../src/result/audit-result.js";

export interface Deviation {
  /** largest |a − b| over non-price numbers (rates, ratios, intervals, p-values) */
  rate: number;
  /** largest relative difference over numbers under a `price` key */
  price: number;
  /** paths where the results disagree beyond tolerance, or in structure */
  mismatches: string[];
}

/**
 * Compares two audit results field by field: integers exactly, other numbers to 1e-12 absolute
 * (prices to 1e-9 relative), everything else exactly. Which files were read is allowed to differ,
 * and so is the warning about identifier-like columns in a CSV header (aggregates have none).
 */
export function compareResults(a: AuditResult, b: AuditResult): Deviation {
  const strip = (r: AuditResult) => ({
    ...r,
    inputs: { ...r.inputs, files: [], columnsRead: [], identifierColumns: [] },
    notices: r.notices.filter((n) => n.code !== "identifier_columns"),
    run: undefined,
  });
  const d: Deviation = { rate: 0, price: 0, mismatches: [] };
  walk(strip(a), strip(b), "", false, d);
  return d;
}

function walk(a: unknown, b: unknown, path: string, inPrice: boolean, d: Deviation): void {
  if (typeof a === "number" && typeof b === "number") {
    if (Number.isInteger(a) && Number.isInteger(b) && !inPrice) {
      if (a !== b) d.mismatches.push(`${path}: ${a} ≠ ${b}`);
      return;
    }
    if (Object.is(a, b)) return;
    if (!Number.isFinite(a) || !Number.isFinite(b)) {
      d.mismatches.push(`${path}: ${a} ≠ ${b}`);
      return;
    }
    if (inPrice) {
      const rel = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), Number.MIN_VALUE);
      d.price = Math.max(d.price, rel);
      if (rel > 1e-9) d.mismatches.push(`${path}: ${a} ≠ ${b} (relative ${rel})`);
    } else {
      const diff = Math.abs(a - b);
      d.rate = Math.max(d.rate, diff);
      if (diff > 1e-12) d.mismatches.push(`${path}: ${a} ≠ ${b} (${diff})`);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) d.mismatches.push(`${path}: length ${a.length} ≠ ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++)
      walk(a[i], b[i], `${path}[${i}]`, inPrice, d);
    return;
  }
  if (typeof a === "object" && typeof b === "object" && a !== null && b !== null) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const k of keys) {
      walk(
        (a as Record<string, unknown>)[k],
        (b as Record<string, unknown>)[k],
        `${path}.${k}`,
        inPrice || k.startsWith("price"),
        d,
      );
    }
    return;
  }
  if (a !== b) d.mismatches.push(`${path}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
}
