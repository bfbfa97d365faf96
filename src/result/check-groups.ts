import { type AggregateTable, INTERSECTION_SEPARATOR } from "../core/aggregate-table.js";
import type { Grouping } from "../core/measure.js";
import { UserError } from "../errors.js";
import { didYouMean } from "../io/closest-name.js";
import type { Policy } from "../policy/policy-schema.js";
import { ruleOrigin } from "../policy/rule-origin.js";

/**
 * Once the data is read, every group a rule or a reference names must occur in an attribute it
 * applies to: a misspelt group would leave its rule checking nothing (a PASS with no finding).
 * Attribute names were checked before any data was read (config/check-scopes.ts).
 */
export function checkGroups(
  policy: Policy,
  groupings: readonly Grouping[],
  table: AggregateTable,
): void {
  const labels = new Map(groupings.map((g) => [g.name, labelsOf(g, table)]));
  for (const g of groupings) {
    const groups = labels.get(g.name) as string[];
    if (g.reference !== undefined && !groups.includes(g.reference)) {
      throw new UserError(
        `reference group "${g.reference}" does not occur in attribute ${g.name}${didYouMean(g.reference, groups)} (groups: ${groups.join(", ")})`,
        { key: `reference.${g.name}` },
        "unknown_reference",
      );
    }
  }
  for (const rule of policy.rules) {
    if (rule.groups === undefined) continue;
    const scoped = groupings.filter(
      (g) => rule.attributes === undefined || rule.attributes.includes(g.name),
    );
    const groups = [...new Set(scoped.flatMap((g) => labels.get(g.name) as string[]))];
    for (const [k, group] of rule.groups.entries()) {
      if (groups.includes(group)) continue;
      const origin = ruleOrigin(rule, policy);
      throw new UserError(
        `the rule is scoped to group "${group}", which occurs in no attribute it applies to${didYouMean(group, groups)} (groups: ${groups.join(", ")})`,
        { file: origin.file, key: `${origin.key}.groups[${k}]` },
        "unknown_group",
      );
    }
  }
}

/** The groups of a grouping in the table, as measure.ts labels them. */
function labelsOf(grouping: Grouping, table: AggregateTable): string[] {
  const out = new Set<string>();
  for (const cell of table.cells.values()) {
    out.add(grouping.indices.map((i) => cell.groups[i] ?? "").join(INTERSECTION_SEPARATOR));
  }
  return [...out].sort();
}
