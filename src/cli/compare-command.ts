import { basename, resolve } from "node:path";
import { Chalk } from "chalk";
import { type Command, Option } from "commander";
import { compareReports } from "../compare/compare-reports.js";
import {
  COMPARE_FORMAT_IDS,
  COMPARE_RENDERERS,
  type CompareFormatId,
} from "../compare/render-comparison.js";
import { DEFAULT_WIDTH } from "../report/terminal-text.js";
import { readReport } from "../result/load-baseline.js";
import { type CliIo, EXIT, type ExitCode } from "./io.js";
import { parseWidthArg, terminalWidth, WIDTH_HELP } from "./terminal-width.js";
import { writeOutputFile } from "./write-output.js";

interface CompareFlags {
  format?: CompareFormatId;
  out?: string;
  color?: boolean;
  width?: number;
}

export function addCompareCommand(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  program
    .command("compare")
    .description("show finding by finding how two JSON reports differ (old, new, change, verdict)")
    .argument("<old>", "the earlier report (fairaudit audit --format json)")
    .argument("<new>", "the later report")
    .addOption(
      new Option("-f, --format <format>", "output format (default: terminal)").choices(
        COMPARE_FORMAT_IDS,
      ),
    )
    .option("-o, --out <file>", "write the comparison to this file instead of stdout")
    .option("--no-color", "never colour the terminal output (NO_COLOR is honoured too)")
    .option("--width <n>", WIDTH_HELP, parseWidthArg)
    .addHelpText(
      "after",
      `
Examples:
  $ fairaudit compare released/fairaudit-report.json reports/fairaudit-report.json
  $ fairaudit compare old.json new.json --format markdown --out comment.md

Exit codes: 0 compared (whatever changed; gate releases with audit --baseline), 2 a report is unreadable.
`,
    )
    .action(async (oldPath: string, newPath: string, flags: CompareFlags) => {
      setExit(await compare(oldPath, newPath, flags, io));
    });
}

async function compare(
  oldPath: string,
  newPath: string,
  flags: CompareFlags,
  io: CliIo,
): Promise<ExitCode> {
  const older = await readReport(resolve(io.cwd, oldPath), "old report");
  const newer = await readReport(resolve(io.cwd, newPath), "new report");
  const comparison = compareReports(older, newer);
  const format = flags.format ?? "terminal";
  const colour =
    flags.out === undefined &&
    flags.color !== false &&
    io.stdout.isTTY === true &&
    io.env.NO_COLOR === undefined;
  const text = COMPARE_RENDERERS[format](comparison, {
    color: new Chalk({ level: colour ? 1 : 0 }),
    oldName: basename(oldPath),
    newName: basename(newPath),
    width:
      flags.out === undefined ? terminalWidth(io, flags.width) : (flags.width ?? DEFAULT_WIDTH),
  });
  if (flags.out === undefined) io.stdout.write(text);
  else await writeOutputFile(resolve(io.cwd, flags.out), text);
  return EXIT.pass;
}
