import { open } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { readCsvHeader } from "../io/csv-file.js";
import type { ColumnSample } from "./propose-config.js";

const SAMPLE_BYTES = 512 * 1024;

/**
 * The header and the first rows (up to 512 KiB) of a CSV, column by column. Only `init` reads
 * values this way, to tell a 0/1 decision from a score and a numeric age from age bands.
 */
export async function readSample(path: string): Promise<ColumnSample[]> {
  const header = await readCsvHeader(path);
  const handle = await open(path, "r");
  let text: string;
  try {
    const buffer = Buffer.alloc(Math.min(SAMPLE_BYTES, header.bytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    text = buffer.subarray(0, bytesRead).toString("utf8");
  } finally {
    await handle.close();
  }
  if (header.bytes > SAMPLE_BYTES) text = text.slice(0, text.lastIndexOf("\n") + 1);
  const rows = parse(text, {
    delimiter: header.delimiter,
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    from_line: 2,
    skip_empty_lines: true,
  }) as string[][];
  return header.columns.map((name, i) => ({ name, values: rows.map((r) => r[i] ?? "") }));
}
