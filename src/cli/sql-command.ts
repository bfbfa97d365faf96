import { basename, extname } from "node:path";
import { type Command, Option } from "commander";
import { loadConfigFile, mergeConfig, resolvePaths } from "../config/load-config.js";
import { loadPolicy } from "../config/load-policy.js";
import { resolvePlan } from "../config/resolve-plan.js";
import { UserError } from "../errors.js";
import { buildAggregateQueries } from "../warehouse/build-query.js";
import { DIALECT_IDS, DIALECTS, type DialectId } from "../warehouse/dialect.js";
import type { CliIo, ExitCode } from "./io.js";
import { EXIT } from "./io.js";

interface SqlFlags {
  config: string;
  dialect: DialectId;
  table?: string;
  predictionsTable?: string;
  part?: "cells" | "prices" | "both";
}

const EXAMPLES = `
Examples:
  # print both queries for PostgreSQL; the tables default to the config's file names
  $ fairaudit sql --config audit.yml --dialect postgres

  # name the tables; print only the cells query (e.g. to pipe into psql)
  $ fairaudit sql --config audit.yml --dialect duckdb --table crm.customers \\
      --predictions-table crm.model_output --part cells

  # then audit from the exported results (docs/aggregates.md)
  $ fairaudit audit --config audit.yml --aggregates cells.csv prices.csv
`;

export function addSqlCommand(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  program
    .command("sql")
    .description(
      "print the GROUP BY queries that compute the audit's aggregates inside a database (see docs/aggregates.md)",
    )
    .requiredOption("-c, --config <file>", "the audit configuration (YAML or JSON)")
    .addOption(
      new Option("--dialect <dialect>", "the SQL engine")
        .choices(DIALECT_IDS)
        .makeOptionMandatory(),
    )
    .option("--table <name>", "the table holding the data (default: the data file's name)")
    .option(
      "--predictions-table <name>",
      "the table holding the model output (default: the predictions file's name)",
    )
    .addOption(
      new Option("--part <part>", "which query to print (default: both)").choices([
        "cells",
        "prices",
        "both",
      ]),
    )
    .addHelpText("after", EXAMPLES)
    .action(async (flags: SqlFlags) => {
      setExit(await sql(flags, io));
    });
}

async function sql(flags: SqlFlags, io: CliIo): Promise<ExitCode> {
  const path = resolvePaths({ data: flags.config }, io.cwd).data as string;
  const fileConfig = await loadConfigFile(path);
  const config = mergeConfig(fileConfig, {}, flags.config);
  const plan = resolvePlan(config, await loadPolicy(config.policy, config.decisionMeaning));
  const tables: { data: string; predictions?: string } = {
    data: flags.table ?? tableFromFile(plan.load.data),
  };
  const predictions = flags.predictionsTable ?? plan.load.predictions?.path;
  if (predictions !== undefined) {
    tables.predictions =
      flags.predictionsTable ?? tableFromFile(plan.load.predictions?.path as string);
  }
  const queries = buildAggregateQueries(plan.load, DIALECTS[flags.dialect], tables);
  const part = flags.part ?? "both";
  if (part === "prices" && queries.prices === null) {
    throw new UserError("the config names no price, so there is no price query", {}, "usage");
  }
  const out: string[] = [];
  if (part !== "prices") {
    out.push(
      part === "both"
        ? `-- 1. cells: save the result as CSV or JSON, e.g. aggregates.csv\n${queries.cells};\n`
        : `${queries.cells};\n`,
    );
  }
  if (part !== "cells" && queries.prices !== null) {
    out.push(
      part === "both"
        ? `-- 2. exact price histogram: save it too, e.g. aggregates-prices.csv\n${queries.prices};\n`
        : `${queries.prices};\n`,
    );
  }
  io.stdout.write(out.join("\n"));
  return EXIT.pass;
}

/** `data/customers.csv` → `customers`. */
function tableFromFile(path: string): string {
  return basename(path, extname(path));
}
