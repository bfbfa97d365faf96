import type { Grouping } from "../core/measure.js";
import { UserError } from "../errors.js";
import { type AttributeSpec, binLabels, MISSING_GROUP } from "../groups/attribute-spec.js";
import { didYouMean } from "../io/closest-name.js";
import type { Policy } from "../policy/policy-schema.js";
import { ruleOrigin } from "../policy/rule-origin.js";

/**
 * A name in a policy or config that matches nothing would make its rule check nothing — a PASS
 * that means nothing. Every attribute a rule, change rule or reference names must be one the
 * audit forms (an attribute, or an intersection as `a & b`), and where the groups of an
 * attribute are known before any data is read (numeric bins), every group named too.
 */
export function checkScopes(
  policy: Policy,
  attributes: readonly AttributeSpec[],
  groupings: readonly Grouping[],
  references: ReadonlyMap<string, { group: string; key: string; file?: string }>,
): void {
  const names = groupings.map((g) => g.name);
  for (const [attribute, { key, file }] of references) {
    if (!names.includes(attribute)) {
      throw unknown("reference names", "attribute", attribute, names, { key, file });
    }
  }
  for (const rule of policy.rules) {
    const origin = ruleOrigin(rule, policy);
    for (const [k, attribute] of (rule.attributes ?? []).entries()) {
      if (!names.includes(attribute)) {
        throw unknown("the rule is scoped to", "attribute", attribute, names, {
          file: origin.file,
          key: `${origin.key}.attributes[${k}]`,
        });
      }
    }
    const scoped = groupings.filter(
      (g) => rule.attributes === undefined || rule.attributes.includes(g.name),
    );
    const known = scoped.map((g) => staticLabels(g, attributes));
    if (known.some((labels) => labels === null)) continue;
    const labels = [...new Set(known.flat() as string[])];
    for (const [k, group] of (rule.groups ?? []).entries()) {
      if (!labels.includes(group)) {
        throw unknown("the rule is scoped to", "group", group, labels, {
          file: origin.file,
          key: `${origin.key}.groups[${k}]`,
        });
      }
    }
  }
  for (const [i, change] of (policy.changes ?? []).entries()) {
    for (const [k, attribute] of (change.attributes ?? []).entries()) {
      if (!names.includes(attribute)) {
        throw unknown("the change rule is scoped to", "attribute", attribute, names, {
          file: policy.source,
          key: `changes[${i}].attributes[${k}]`,
        });
      }
    }
  }
  for (const [attribute, { group, key, file }] of references) {
    const grouping = groupings.find((g) => g.name === attribute);
    const labels = grouping === undefined ? null : staticLabels(grouping, attributes);
    if (labels !== null && !labels.includes(group)) {
      throw unknown(`the reference of ${attribute} names`, "group", group, labels, { key, file });
    }
  }
}

/** The groups a grouping can have, when known without the data: one attribute with numeric bins. */
function staticLabels(grouping: Grouping, attributes: readonly AttributeSpec[]): string[] | null {
  if (grouping.indices.length !== 1) return null;
  const spec = attributes[grouping.indices[0] as number];
  if (spec?.bins === undefined) return null;
  return [...binLabels(spec.bins), MISSING_GROUP];
}

/** `reference names an unknown attribute "gendr"; did you mean "gender"? (attributes: …)` */
export function unknown(
  what: string,
  kind: "attribute" | "group" | "rule",
  name: string,
  candidates: readonly string[],
  where: { file?: string | undefined; key: string },
): UserError {
  const location =
    where.file === undefined ? { key: where.key } : { file: where.file, key: where.key };
  return new UserError(
    `${what} an unknown ${kind} "${name}"${didYouMean(name, candidates)} (${kind}s: ${candidates.join(", ")})`,
    location,
    `unknown_${kind}`,
  );
}
