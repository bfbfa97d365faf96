import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/run-cli.js";
import { tempFiles } from "../helpers/temp-files.js";

/**
 * A value only the file's content holds: no error message may repeat it. The JSON positions are
 * Python's (json.JSONDecodeError.lineno, .colno on the same text).
 */
const SECRET = "SECRET-4711";

const ROWS = `17,${SECRET}@example.invalid,Female,1\n18,other@example.invalid,Male,0\n`;

describe("errors name the place, never the content", () => {
  it.each([
    [
      "a CSV without its header row",
      { "data.csv": ROWS },
      ["audit", "data.csv", "--protected", "gender", "--decision", "targeted"],
      'data.csv, line 1: no column "targeted" (decision) in the header (4 columns) — is line 1 the header?',
    ],
    [
      "a CSV whose first row repeats a value",
      { "data.csv": `${SECRET},${SECRET},1\n` },
      ["audit", "data.csv", "--protected", "gender", "--decision", "targeted"],
      "data.csv, line 1, column 2: this column has the same name as column 1",
    ],
    [
      "a config whose data is another file",
      {
        "notes.txt": `${SECRET}: customer complaint, call back\n`,
        "audit.yml": "data: notes.txt\nprotected: [gender]\ndecision: targeted\n",
      },
      ["audit", "--config", "audit.yml"],
      "notes.txt, line 1: no column",
    ],
    [
      "a baseline that is not JSON",
      { "base.json": `{"customer": ${SECRET}}` },
      ["audit", "--config", "CONFIG", "--baseline", "base.json"],
      "base.json, line 1, column 14: the baseline report is not valid JSON (unexpected character)",
    ],
    [
      "a compare input that is not JSON",
      { "old.json": `{\n  "email": "${SECRET}@example.invalid",\n  oops\n}`, "new.json": "{}" },
      ["compare", "old.json", "new.json"],
      "old.json, line 3, column 3: the old report is not valid JSON (unexpected character)",
    ],
    [
      "a JSON config that is not JSON",
      { "audit.json": `{"data": "x.csv", "where": {"email": ${SECRET}}}` },
      ["audit", "--config", "audit.json"],
      "audit.json, line 1, column 38: invalid JSON (unexpected character)",
    ],
    [
      "aggregates that are not JSON",
      { "cells.json": `[{"status": "audited", "g": ${SECRET}}]` },
      ["audit", "--protected", "g", "--decision", "d", "--aggregates", "cells.json"],
      "cells.json, line 1, column 29: invalid JSON (unexpected character)",
    ],
    [
      "aggregates that are malformed CSV",
      { "cells.csv": `status,g,n\naudited,"${SECRET}"x,1\n` },
      ["audit", "--protected", "g", "--decision", "d", "--aggregates", "cells.csv"],
      "cells.csv, line 2: invalid CSV (CSV_INVALID_CLOSING_QUOTE)",
    ],
  ])("%s", async (_, files, args, message) => {
    const f = tempFiles(files);
    const config = tempFiles({
      "audit.yml": `data: ${process.cwd()}/fixtures/example-campaign/customers.csv\nprotected: [gender]\nprice: offer_price\n`,
    });
    const resolved = args.map((a) =>
      a === "CONFIG" ? config.path("audit.yml") : a in files ? f.path(a) : a,
    );
    const run = await runCli(resolved);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toContain(SECRET);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain(message);
  });
});
