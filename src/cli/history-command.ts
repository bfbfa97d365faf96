import { basename, resolve } from "node:path";
import { Chalk } from "chalk";
import { type Command, Option } from "commander";
import { readHistory } from "../history/append-history.js";
import {
  HISTORY_FORMAT_IDS,
  HISTORY_RENDERERS,
  type HistoryFormatId,
} from "../history/render-history.js";
import { computeTrends, DEFAULT_DRIFT_RUNS } from "../history/trends.js";
import { DEFAULT_WIDTH } from "../report/terminal-text.js";
import { parsePositiveIntArg } from "./arg-parsers.js";
import { type CliIo, EXIT, type ExitCode } from "./io.js";
import { parseWidthArg, terminalWidth, WIDTH_HELP } from "./terminal-width.js";
import { writeOutputFile } from "./write-output.js";

interface HistoryFlags {
  format?: HistoryFormatId;
  out?: string;
  last?: number;
  driftRuns?: number;
  failOnDrift?: boolean;
  color?: boolean;
  width?: number;
}

export function addHistoryCommand(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  program
    .command("history")
    .description("render the trends of a history file written by audit --history, and flag drift")
    .argument("<file>", "the history file (JSON Lines, one audit run a line)")
    .addOption(
      new Option("-f, --format <format>", "output format (default: terminal)").choices(
        HISTORY_FORMAT_IDS,
      ),
    )
    .option("-o, --out <file>", "write to this file instead of stdout (e.g. trends.html)")
    .option("--last <n>", "only the last n runs", parsePositiveIntArg)
    .option(
      "--drift-runs <n>",
      `flag a metric whose distance to its bound never grew and shrank over the last n runs (default ${DEFAULT_DRIFT_RUNS})`,
      parsePositiveIntArg,
    )
    .option("--fail-on-drift", "exit 1 when any finding drifts toward its bound")
    .option("--no-color", "never colour the terminal output (NO_COLOR is honoured too)")
    .option("--width <n>", WIDTH_HELP, parseWidthArg)
    .addHelpText(
      "after",
      `
Examples:
  $ fairaudit history audits.jsonl
  $ fairaudit history audits.jsonl --format html --out trends.html --last 90

Exit codes: 0 rendered, 1 drift found with --fail-on-drift, 2 the history file is unreadable.
`,
    )
    .action(async (file: string, flags: HistoryFlags) => {
      setExit(await history(file, flags, io));
    });
}

async function history(file: string, flags: HistoryFlags, io: CliIo): Promise<ExitCode> {
  const entries = await readHistory(resolve(io.cwd, file));
  const options: { driftRuns?: number; last?: number } = {};
  if (flags.driftRuns !== undefined) options.driftRuns = flags.driftRuns;
  if (flags.last !== undefined) options.last = flags.last;
  const trends = computeTrends(entries, options);
  const format = flags.format ?? "terminal";
  const colour =
    flags.out === undefined &&
    flags.color !== false &&
    io.stdout.isTTY === true &&
    io.env.NO_COLOR === undefined;
  const text = HISTORY_RENDERERS[format](trends, {
    color: new Chalk({ level: colour ? 1 : 0 }),
    name: basename(file),
    width:
      flags.out === undefined ? terminalWidth(io, flags.width) : (flags.width ?? DEFAULT_WIDTH),
  });
  if (flags.out === undefined) io.stdout.write(text);
  else await writeOutputFile(resolve(io.cwd, flags.out), text);
  return flags.failOnDrift === true && trends.drifting > 0 ? EXIT.policyFailed : EXIT.pass;
}
