import { writeFile } from "node:fs/promises";
import { dirname, relative, resolve } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { proposeConfig } from "../init/propose-config.js";
import { readSample } from "../init/read-sample.js";
import { renderProposal } from "../init/render-proposal.js";
import { type CliIo, EXIT, type ExitCode } from "./io.js";

interface InitFlags {
  predictions?: string;
  out?: string;
  force?: boolean;
  print?: boolean;
}

export const DEFAULT_CONFIG_NAME = "fairaudit.yml";

export function addInitCommand(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  program
    .command("init")
    .description("propose a commented config from a dataset's header and a sample of its rows")
    .argument("<data>", "the campaign dataset (CSV)")
    .option("--predictions <file>", "model output in a second CSV")
    .option("-o, --out <file>", `where to write the config (default: ${DEFAULT_CONFIG_NAME})`)
    .option("--force", "overwrite an existing config file")
    .option("--print", "print the proposal instead of writing it")
    .addHelpText(
      "after",
      `
Examples:
  $ fairaudit init customers.csv --predictions model-output.csv
  $ fairaudit init campaign.csv --print

Never overwrites an existing file without --force.
`,
    )
    .action(async (data: string, flags: InitFlags) => {
      setExit(await init(data, flags, io));
    });
}

async function init(data: string, flags: InitFlags, io: CliIo): Promise<ExitCode> {
  const dataPath = resolve(io.cwd, data);
  const predictionsPath =
    flags.predictions === undefined ? undefined : resolve(io.cwd, flags.predictions);
  const proposal = proposeConfig(
    await readSample(dataPath),
    predictionsPath === undefined ? [] : await readSample(predictionsPath),
  );
  const target = resolve(io.cwd, flags.out ?? DEFAULT_CONFIG_NAME);
  const rel = (p: string) => relative(dirname(target), p).replaceAll("\\", "/") || ".";
  const paths: { data: string; predictions?: string } = { data: rel(dataPath) };
  if (predictionsPath !== undefined) paths.predictions = rel(predictionsPath);
  const text = renderProposal(proposal, paths);
  if (flags.print) {
    io.stdout.write(text);
    return EXIT.pass;
  }
  try {
    await writeFile(target, text, { encoding: "utf8", flag: flags.force ? "w" : "wx" });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST")
      throw new UserError(
        "the file exists; use --force to overwrite it",
        { file: target },
        "exists",
      );
    throw new UserError(`cannot write the config (${code})`, { file: target }, "output");
  }
  io.stdout.write(`wrote ${rel(target)} — check it, then: fairaudit validate ${rel(target)}\n`);
  return EXIT.pass;
}
