import { Command, CommanderError } from "commander";
import { formatUserError, UserError } from "../errors.js";
import { TOOL_VERSION } from "../version.js";
import { addAuditCommand } from "./audit-command.js";
import { addCompareCommand } from "./compare-command.js";
import { addHistoryCommand } from "./history-command.js";
import { addInitCommand } from "./init-command.js";
import { type CliIo, EXIT, type ExitCode, processIo } from "./io.js";
import { guardStdout } from "./process-output.js";
import { addSchemaCommand } from "./schema-command.js";
import { addSqlCommand } from "./sql-command.js";
import { addValidateCommand } from "./validate-command.js";

/** Builds the program; commands report their exit code through `setExit`. */
export function buildProgram(io: CliIo, setExit: (code: ExitCode) => void): Command {
  const program = new Command()
    .name("fairaudit")
    .description("Audit marketing models for algorithmic fairness.")
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  addAuditCommand(program, io, setExit);
  addCompareCommand(program, io, setExit);
  addHistoryCommand(program, io, setExit);
  addInitCommand(program, io, setExit);
  addValidateCommand(program, io, setExit);
  addSchemaCommand(program, io, setExit);
  addSqlCommand(program, io, setExit);
  for (const command of program.commands) command.exitOverride();
  return program;
}

/**
 * The CLI: returns the exit code instead of exiting, so it is testable in-process.
 * User errors become one line on stderr and exit code 2; anything else is a bug and surfaces.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<ExitCode> {
  let code: ExitCode = EXIT.pass;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv]);
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.pass : EXIT.cannotAudit;
    }
    if (error instanceof UserError) {
      io.stderr.write(`fairaudit: error: ${formatUserError(error)}\n`);
      return EXIT.cannotAudit;
    }
    throw error;
  }
}

/**
 * The installed command (bin/fairaudit.js): `main` over the process's streams, with the exit
 * code set on the process. A failed write to stdout may be reported after `main` returned, so
 * the code is settled as the process exits.
 */
export async function runProcess(argv: readonly string[]): Promise<void> {
  const out = guardStdout(process.stdout, process.stderr);
  // A closed stderr leaves nothing to tell anyone; it must not crash the run either.
  process.stderr.on("error", () => {});
  let code: ExitCode = EXIT.cannotAudit;
  process.once("exit", () => {
    process.exitCode = out.failed() ? EXIT.cannotAudit : code;
  });
  code = await main(argv, { ...processIo(), stdout: out.stdout });
  process.exitCode = code;
}
