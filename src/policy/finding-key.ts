import type { Finding } from "./finding.js";

/**
 * A finding's identity across reports: (rule, attribute, group). A change finding's rule is the
 * pair (change rule, tracked rule), so one change rule tracking several rules stays unique.
 * The key is a JSON array, so no attribute or group name can make two keys collide.
 */
export function findingKey(
  f: Pick<Finding, "rule" | "attribute" | "group"> & { change?: { rule?: string } },
): string {
  const rule = f.change?.rule === undefined ? f.rule : `${f.change.rule}/${f.rule}`;
  return JSON.stringify([rule, f.attribute, f.group]);
}

/** Findings a policy rule produced (not the release gate's change findings). */
export function isRuleFinding(f: { change?: unknown }): boolean {
  return f.change === undefined;
}
