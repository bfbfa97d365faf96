import { InvalidArgumentError } from "commander";
import { FORMAT_IDS, type FormatId } from "../report/format-ids.js";

/** Commander argument parsers: a bad value is a usage error (exit 2) naming the flag. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function collectList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return [...(previous ?? []), ...items];
}

export function parseNumberArg(value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isFinite(x))
    throw new InvalidArgumentError("expected a number");
  return x;
}

export function parseLevelArg(value: string): number {
  const x = parseNumberArg(value);
  if (!(x > 0 && x < 1))
    throw new InvalidArgumentError("expected a level between 0 and 1, e.g. 0.95");
  return x;
}

export function parseShareArg(value: string): number {
  const x = parseNumberArg(value);
  if (!(x >= 0 && x <= 1))
    throw new InvalidArgumentError("expected a share between 0 and 1, e.g. 0.05");
  return x;
}

export function parseIntArg(value: string): number {
  const x = parseNumberArg(value);
  if (!Number.isInteger(x) || x < 0) throw new InvalidArgumentError("expected a whole number ≥ 0");
  return x;
}

export function parseFormats(value: string, previous: FormatId[] | undefined): FormatId[] {
  const out = [...(previous ?? [])];
  for (const item of value.split(",").map((s) => s.trim())) {
    if (!(FORMAT_IDS as readonly string[]).includes(item)) {
      throw new InvalidArgumentError(
        `unknown format "${item}" (formats: ${FORMAT_IDS.join(", ")})`,
      );
    }
    if (!out.includes(item as FormatId)) out.push(item as FormatId);
  }
  return out;
}

export function parsePositiveIntArg(value: string): number {
  const x = parseIntArg(value);
  if (x < 1) throw new InvalidArgumentError("expected a whole number ≥ 1");
  return x;
}
