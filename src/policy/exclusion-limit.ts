import { UserError } from "../errors.js";
import type { LoadTally } from "../io/load-spec.js";
import { EXCLUSION_WORDS } from "../report/words.js";

/**
 * Exclusions are disclosed, but beyond the policy's maxExcludedShare the audited rows describe a
 * different population (rows are rarely missing at random), so the audit refuses to report.
 * Consent and the segment are choices of scope, not data problems: they do not count.
 */
export function checkExclusions(
  tally: LoadTally,
  maxShare: number,
  dataFile: string,
  hasPrice: boolean,
): void {
  const inScope = tally.rowsRead - tally.outsideSegment - tally.excluded.no_consent;
  const problems = Object.entries(tally.excluded).filter(([k, n]) => k !== "no_consent" && n > 0);
  const excluded = problems.reduce((a, [, n]) => a + n, 0);
  if (inScope > 0 && excluded / inScope > maxShare) {
    const why = problems
      .map(([k, n]) => `${EXCLUSION_WORDS[k as keyof typeof EXCLUSION_WORDS]}: ${n}`)
      .join(", ");
    throw new UserError(
      `${excluded} of ${inScope} rows (${percent(excluded / inScope)}) would be excluded (${why}), more than the policy's maxExcludedShare of ${percent(maxShare)}: fix the input or raise maxExcludedShare`,
      { file: dataFile },
      "too_many_exclusions",
    );
  }
  const unusable = tally.price.unparseable_price + tally.price.negative_price;
  if (hasPrice && tally.audited > 0 && unusable / tally.audited > maxShare) {
    throw new UserError(
      `${unusable} of ${tally.audited} audited rows (${percent(unusable / tally.audited)}) have an unusable price (unparseable: ${tally.price.unparseable_price}, negative: ${tally.price.negative_price}), more than the policy's maxExcludedShare of ${percent(maxShare)}`,
      { file: dataFile },
      "too_many_exclusions",
    );
  }
  if (tally.audited === 0) {
    throw new UserError(
      "no row is left to audit after the segment filter, consent and exclusions",
      { file: dataFile },
      "no_rows",
    );
  }
}

function percent(x: number): string {
  return `${(x * 100).toFixed(x < 0.01 ? 2 : 1)}%`;
}
