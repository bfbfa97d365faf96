import { parse as parseCsv } from "csv-parse/sync";
import type { z } from "zod";
import { type ErrorLocation, UserError } from "../errors.js";
import { invalidJson } from "../io/parse-structured.js";

/** Raw records of an aggregates file, CSV or JSON, and their validation with a location. */

/** One record of a file before validation: column → raw value, with its position. */
export interface RawRecord {
  values: Record<string, unknown>;
  line: number;
  /** 1-based field positions by column name (CSV only) */
  positions?: Map<string, number>;
}

export function check(schema: z.ZodType, record: RawRecord, file: string): unknown {
  const result = schema.safeParse(record.values);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where: ErrorLocation = { file, line: record.line };
  let message = issue?.message ?? "invalid";
  if (issue?.code === "unrecognized_keys") {
    message = `unknown column${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: not an aggregates column nor a protected attribute of the config`;
  } else {
    const column = issue?.path[0];
    if (typeof column === "string") {
      const position = record.positions?.get(column);
      if (position !== undefined) where.column = position;
      where.columnName = column;
      if (issue?.code === "invalid_type" && record.values[column] === undefined) {
        message = "this column is required";
      }
    }
  }
  throw new UserError(message, where, "invalid_aggregates");
}

export function csvRecords(text: string, file: string): RawRecord[] {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.slice(0, body.search(/\r?\n|$/));
  const delimiter = [",", ";", "\t"].reduce((best, d) =>
    firstLine.split(d).length > firstLine.split(best).length ? d : best,
  );
  let rows: { record: string[]; info: { lines: number } }[];
  try {
    rows = parseCsv(body, {
      delimiter,
      info: true,
      skip_empty_lines: true,
    }) as unknown as typeof rows;
  } catch (error) {
    // csv-parse's message quotes the offending characters: its code names the problem instead.
    const e = error as { code?: string; lines?: number };
    const where: ErrorLocation = { file };
    if (e.lines !== undefined) where.line = e.lines;
    throw new UserError(`invalid CSV (${e.code ?? "malformed"})`, where, "invalid_csv");
  }
  const header = rows[0]?.record.map((c) => c.trim());
  if (header === undefined) throw new UserError("the file is empty", { file }, "empty_file");
  const positions = new Map(header.map((c, i) => [c, i + 1]));
  return rows.slice(1).map(({ record, info }) => {
    if (record.length !== header.length) {
      throw new UserError(
        `this row has ${record.length} fields but the header has ${header.length}`,
        { file, line: info.lines },
        "ragged_row",
      );
    }
    const values: Record<string, unknown> = {};
    header.forEach((c, i) => {
      values[c] = record[i];
    });
    return { values, line: info.lines, positions };
  });
}

/** A JSON array of row objects, or `{ "cells": [...], "prices": [...] }`. */
export function jsonRecords(text: string, file: string): RawRecord[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw invalidJson(text, file);
  }
  let rows: unknown[];
  if (Array.isArray(data)) rows = data;
  else if (typeof data === "object" && data !== null) {
    const o = data as Record<string, unknown>;
    rows = [
      ...(Array.isArray(o.cells) ? o.cells : []),
      ...(Array.isArray(o.prices) ? o.prices : []),
    ];
    if (!Array.isArray(o.cells)) {
      throw new UserError(
        'expected an array of rows or an object with "cells"',
        { file },
        "invalid_aggregates",
      );
    }
  } else throw new UserError("expected an array of rows", { file }, "invalid_aggregates");
  return rows.map((row, i) => {
    if (typeof row !== "object" || row === null || Array.isArray(row)) {
      throw new UserError(
        `row ${i + 1} is not an object`,
        { file, key: `[${i}]` },
        "invalid_aggregates",
      );
    }
    // JSON has no lines worth naming: the row's 1-based position stands in for it.
    return { values: row as Record<string, unknown>, line: i + 1 };
  });
}
