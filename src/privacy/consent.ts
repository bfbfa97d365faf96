import { INTERSECTION_SEPARATOR } from "../core/aggregate-table.js";

/** Rows in scope of one finest cell (a combination of groups), with and without consent. */
export interface ConsentCell {
  groups: readonly string[];
  given: number;
  withheld: number;
}

export interface ConsentShare {
  group: string;
  /** rows in scope (with or without consent) */
  rows: number | null;
  consented: number | null;
  share: number | null;
  suppressed: boolean;
}

/**
 * The consented share of every group of one grouping (a marginal of the finest cells), sorted by
 * label like the measurements. Consent can itself be unequal across groups: an audit restricted
 * to consented rows describes a differently composed population.
 */
export function consentShares(
  cells: readonly ConsentCell[],
  indices: readonly number[],
): ConsentShare[] {
  const byLabel = new Map<string, { given: number; withheld: number }>();
  for (const cell of cells) {
    const label = indices.map((i) => cell.groups[i] ?? "").join(INTERSECTION_SEPARATOR);
    const acc = byLabel.get(label) ?? { given: 0, withheld: 0 };
    acc.given += cell.given;
    acc.withheld += cell.withheld;
    byLabel.set(label, acc);
  }
  return [...byLabel.entries()]
    .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))
    .map(([group, c]) => {
      const rows = c.given + c.withheld;
      return {
        group,
        rows,
        consented: c.given,
        share: rows === 0 ? null : c.given / rows,
        suppressed: false,
      };
    });
}

/**
 * Withholds the consent counts of groups whose statistics are withheld, of groups with fewer than
 * k rows in scope or fewer than k consents, and, when that leaves exactly one withheld, of the
 * next smallest group too (the total of rows in scope is published).
 */
export function suppressConsent(
  shares: readonly ConsentShare[],
  withheld: ReadonlySet<string>,
  k: number,
): ConsentShare[] {
  const hide = new Set(
    shares
      .filter((s) => {
        const rows = s.rows ?? 0;
        const consented = s.consented ?? 0;
        return withheld.has(s.group) || rows < k || (consented > 0 && consented < k);
      })
      .map((s) => s.group),
  );
  if (hide.size === 1) {
    const open = shares.filter((s) => !hide.has(s.group));
    const smallest = open.reduce<ConsentShare | undefined>(
      (a, s) =>
        a === undefined || (s.rows ?? 0) < (a.rows ?? 0)
          ? s
          : a /* sorted by label: ties go to the first */,
      undefined,
    );
    if (smallest) hide.add(smallest.group);
  }
  return shares.map((s) =>
    hide.has(s.group)
      ? { group: s.group, rows: null, consented: null, share: null, suppressed: true }
      : s,
  );
}
