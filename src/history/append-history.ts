import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { UserError } from "../errors.js";
import { formatHistoryLine } from "./history-entry.js";
import { type HistoryEntry, historyEntrySchema } from "./history-schema.js";

/**
 * Appends one line. A single append of a line well under PIPE_BUF-sized writes is what
 * log files rely on; a crash can at worst leave a last partial line, which readHistory reports.
 */
export async function appendHistory(path: string, entry: HistoryEntry): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await appendFile(path, formatHistoryLine(entry), "utf8");
  } catch (error) {
    throw new UserError(
      `cannot append to the history file (${(error as NodeJS.ErrnoException).code ?? "error"})`,
      { file: path },
      "output",
    );
  }
}

export async function readHistory(path: string): Promise<HistoryEntry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === "ENOENT" ? "history file not found" : `cannot read the history file (${code})`,
      { file: path },
      "file_not_found",
    );
  }
  return parseHistory(text, path);
}

/** Parses JSON Lines; blank lines are skipped, any other bad line names its number. */
export function parseHistory(text: string, file: string): HistoryEntry[] {
  const out: HistoryEntry[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new UserError("not a JSON line", { file, line: i + 1 }, "invalid_history");
    }
    const parsed = historyEntrySchema.safeParse(raw);
    if (!parsed.success) {
      throw new UserError(
        `not a fairaudit history line (${parsed.error.issues[0]?.message ?? "invalid"})`,
        { file, line: i + 1 },
        "invalid_history",
      );
    }
    out.push(parsed.data);
  });
  return out;
}
