import { fileURLToPath } from "node:url";
import { main } from "../../src/cli/main.js";

export const BAD = fileURLToPath(new URL("../../fixtures/bad/", import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI in-process, with captured output and no colour. */
export async function runCli(args: readonly string[], cwd = BAD): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    env: {},
    cwd,
  };
  const code = await main(["node", "fairaudit", ...args], io);
  return { code, stdout, stderr };
}

/** Every value that identifies a row in the fixtures: none may appear in any output. */
export const ROW_VALUE = /\bC\d{4,5}\b|\bZ\d{5}\b|@example\.org|DE89370400/;
