import type { ExclusionReason, LoadTally } from "../io/load-spec.js";

/** Why the audit refuses to report on what was loaded (none: it may report). */
export type ExclusionProblem =
  | {
      kind: "too_many_exclusions";
      excluded: number;
      inScope: number;
      maxShare: number;
      /** the data problems behind the exclusions, with their row counts, in tally order */
      reasons: readonly (readonly [ExclusionReason, number])[];
    }
  | {
      kind: "unusable_prices";
      unusable: number;
      audited: number;
      unparseable: number;
      negative: number;
      maxShare: number;
    }
  | { kind: "no_rows" };

/**
 * Exclusions are disclosed, but beyond the policy's maxExcludedShare the audited rows describe a
 * different population (rows are rarely missing at random), so the audit refuses to report.
 * Consent and the segment are choices of scope, not data problems: they do not count; nor do
 * rows without model output when the audit is of the scored rows only (`scoredOnly`).
 */
export function checkExclusions(
  tally: LoadTally,
  maxShare: number,
  hasPrice: boolean,
  scoredOnly = false,
): ExclusionProblem | null {
  const scope: ExclusionReason[] = scoredOnly ? ["no_consent", "no_model_output"] : ["no_consent"];
  const inScope =
    tally.rowsRead - tally.outsideSegment - scope.reduce((n, k) => n + tally.excluded[k], 0);
  const reasons = (Object.entries(tally.excluded) as [ExclusionReason, number][]).filter(
    ([k, n]) => !scope.includes(k) && n > 0,
  );
  const excluded = reasons.reduce((a, [, n]) => a + n, 0);
  if (inScope > 0 && excluded / inScope > maxShare) {
    return { kind: "too_many_exclusions", excluded, inScope, maxShare, reasons };
  }
  const unusable = tally.price.unparseable_price + tally.price.negative_price;
  if (hasPrice && tally.audited > 0 && unusable / tally.audited > maxShare) {
    return {
      kind: "unusable_prices",
      unusable,
      audited: tally.audited,
      unparseable: tally.price.unparseable_price,
      negative: tally.price.negative_price,
      maxShare,
    };
  }
  return tally.audited === 0 ? { kind: "no_rows" } : null;
}
