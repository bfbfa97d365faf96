import type { Grouper, GroupResult } from "../groups/grouper.js";
import { canonicalInteger } from "./id-index.js";
import { type BinaryResult, type NumberResult, parseBinary, parseNumber } from "./values.js";

/**
 * One record's wanted fields, read by what the audit needs of them. `pos` is a field's position
 * among the materialised fields (the column plan's order). Two readers implement it: one over
 * decoded strings (any CSV, through the quote-aware parser) and one straight over the bytes of an
 * unquoted record (byte-fields.ts), which answers the same questions without making a string per
 * field. Every answer must be the one the string reader gives: the row logic relies on it.
 */
export interface RowFields {
  /** whether the field, trimmed, equals `value` (the segment filter) */
  equals(pos: number, value: string): boolean;
  binary(pos: number, positive: string | undefined): BinaryResult;
  number(pos: number): NumberResult;
  /** the field's group id from `grouper` (which trims, maps and bins) */
  group(pos: number, grouper: Grouper): GroupResult;
  /** the field, trimmed */
  text(pos: number): string;
  /** the trimmed field as a canonical non-negative integer (see `canonicalInteger`), else -1 */
  integer(pos: number): number;
}

/** The reader over decoded fields; `fields` is replaced (or refilled) for every record. */
export class StringFields implements RowFields {
  fields: readonly string[] = [];

  constructor(private readonly missing: ReadonlySet<string>) {}

  equals(pos: number, value: string): boolean {
    return (this.fields[pos] as string).trim() === value;
  }

  binary(pos: number, positive: string | undefined): BinaryResult {
    return parseBinary(this.fields[pos] as string, this.missing, positive);
  }

  number(pos: number): NumberResult {
    return parseNumber(this.fields[pos] as string, this.missing);
  }

  group(pos: number, grouper: Grouper): GroupResult {
    return grouper.classify(this.fields[pos] as string);
  }

  text(pos: number): string {
    return (this.fields[pos] as string).trim();
  }

  integer(pos: number): number {
    return canonicalInteger(this.text(pos));
  }
}
