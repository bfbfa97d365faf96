/** Parsing of cell values; results never echo the value itself (it may be personal data). */

export const DEFAULT_MISSING_VALUES = [
  "",
  "NA",
  "N/A",
  "NaN",
  "null",
  "NULL",
  "None",
  "?",
] as const;

const TRUE_WORDS = new Set(["1", "1.0", "true", "yes", "y", "t"]);
const FALSE_WORDS = new Set(["0", "0.0", "false", "no", "n", "f"]);

/** 1 / 0, "missing", or "invalid" (outside the vocabulary). */
export type BinaryResult = 0 | 1 | "missing" | "invalid";

/**
 * Accepted: 1/0, 1.0/0.0, true/false, yes/no, y/n, t/f in any case. With `positive`, that exact
 * value (trimmed) is 1 and every other non-missing value is 0, e.g. `>50K` for Adult's income.
 */
export function parseBinary(
  raw: string,
  missing: ReadonlySet<string>,
  positive: string | undefined,
): BinaryResult {
  const value = raw.trim();
  if (missing.has(value)) return "missing";
  if (positive !== undefined) return value === positive ? 1 : 0;
  const lower = value.toLowerCase();
  if (TRUE_WORDS.has(lower)) return 1;
  if (FALSE_WORDS.has(lower)) return 0;
  return "invalid";
}

export type NumberResult = number | "missing" | "invalid";

/** A finite decimal number (no hex, no empty string read as 0). */
export function parseNumber(raw: string, missing: ReadonlySet<string>): NumberResult {
  // Fast path for the common case, a plain decimal starting with a digit: no trim, no set lookup
  // (no missing-value token starts with a digit unless the user declares one; then the slow path).
  const c0 = raw.charCodeAt(0);
  if (c0 >= 0x30 && c0 <= 0x39 && !missingHasDigits(missing)) {
    const x = Number(raw);
    const second = raw.charCodeAt(1) | 0x20;
    if (Number.isFinite(x) && second !== 0x78 && second !== 0x62 && second !== 0x6f) return x;
  }
  const value = raw.trim();
  if (missing.has(value)) return "missing";
  const x = Number(value);
  // Number() also reads "", "0x1A", "0b1", "0o7" and "Infinity": none of them is a decimal number.
  if (value === "" || !Number.isFinite(x)) return "invalid";
  const second = value.charCodeAt(1) | 0x20; // lower-cased
  if (second === 0x78 || second === 0x62 || second === 0x6f) return "invalid"; // x, b, o
  return x;
}

const digitTokens = new WeakMap<ReadonlySet<string>, boolean>();

/** Whether a declared missing-value token starts with a digit (e.g. "999"), cached per set. */
function missingHasDigits(missing: ReadonlySet<string>): boolean {
  let known = digitTokens.get(missing);
  if (known === undefined) {
    known = [...missing].some((t) => /^\s*\d/.test(t));
    digitTokens.set(missing, known);
  }
  return known;
}
