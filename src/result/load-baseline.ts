import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { UserError } from "../errors.js";
import { jsonSyntaxError } from "../io/json-syntax.js";
import { formatPath } from "../io/parse-structured.js";
import type { BaselineSource } from "./apply-baseline.js";
import { type AuditResult, auditResultSchema } from "./audit-result.js";

/**
 * Reads a previous report. A missing file is an error (exit 2): a misspelt path would otherwise
 * pass the gate without comparing anything. Only when the caller says the baseline is optional
 * (`--baseline-optional`: the first release has none) are change rules skipped, and every report
 * says so. A file that is not a valid fairaudit JSON report is always an error.
 */
export async function loadBaseline(
  path: string | undefined,
  optional = false,
): Promise<BaselineSource> {
  if (path === undefined) return { status: "not_given" };
  const file = basename(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      if (optional) return { status: "not_found", file };
      throw new UserError(
        "the baseline report does not exist (for a first release without one, add --baseline-optional)",
        { file: path },
        "file_not_found",
      );
    }
    throw new UserError(`cannot read the baseline report (${code})`, { file: path }, "baseline");
  }
  const report = parseReport(bytes.toString("utf8"), path, "baseline report");
  return {
    status: "compared",
    file,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    report,
  };
}

/** Parses and validates a JSON report; any problem names the file. */
export function parseReport(text: string, path: string, what: string): AuditResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text: name the place instead.
    const at = jsonSyntaxError(text);
    throw new UserError(
      `the ${what} is not valid JSON${at ? ` (${at.problem})` : ""}; give a report written by fairaudit audit --format json`,
      at ? { file: path, line: at.line, column: at.column } : { file: path },
      "invalid_report",
    );
  }
  const parsed = auditResultSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? formatPath(issue.path) : "";
    throw new UserError(
      `the ${what} is not a fairaudit JSON report (${where === "" ? "" : `${where}: `}${issue?.message ?? "invalid"})`,
      { file: path },
      "invalid_report",
    );
  }
  return parsed.data;
}

/** Reads a report for `compare`: here a missing file is an error. */
export async function readReport(path: string, what: string): Promise<AuditResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === "ENOENT" ? `${what} not found` : `cannot read the ${what} (${code})`,
      { file: path },
      "file_not_found",
    );
  }
  return parseReport(text, path, what);
}
