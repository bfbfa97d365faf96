import { InvalidArgumentError } from "commander";
import { DEFAULT_WIDTH, MIN_WIDTH } from "../report/terminal-text.js";
import type { CliIo } from "./io.js";

/** `--width <n>`: a whole number of terminal columns, at least MIN_WIDTH. */
export function parseWidthArg(value: string): number {
  const x = Number(value);
  if (value.trim() === "" || !Number.isInteger(x) || x < MIN_WIDTH)
    throw new InvalidArgumentError(`expected a whole number of columns ≥ ${MIN_WIDTH}`);
  return x;
}

export const WIDTH_HELP = `lay terminal output out in n columns (default: the terminal's width; when not a terminal, COLUMNS or ${DEFAULT_WIDTH})`;

/**
 * The width terminal output is laid out in: --width, else the terminal's own width, else
 * COLUMNS (set by shells, and by people piping into a pager), else DEFAULT_WIDTH.
 */
export function terminalWidth(io: CliIo, flag: number | undefined): number {
  if (flag !== undefined) return flag;
  const tty = io.stdout.isTTY === true ? io.stdout.columns : undefined;
  if (tty !== undefined && tty > 0) return Math.max(MIN_WIDTH, tty);
  const columns = Number(io.env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return Math.max(MIN_WIDTH, columns);
  return DEFAULT_WIDTH;
}
