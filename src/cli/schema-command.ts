import type { Command } from "commander";
import { Argument } from "commander";
import { type CliIo, EXIT, type ExitCode } from "./io.js";
import { JSON_SCHEMAS, renderJsonSchema, SCHEMA_NAMES, type SchemaName } from "./json-schemas.js";

export function addSchemaCommand(
  program: Command,
  io: CliIo,
  setExit: (code: ExitCode) => void,
): void {
  program
    .command("schema")
    .description("print the JSON Schema of a config file, a policy file or the JSON report")
    .addArgument(new Argument("<name>", "which schema").choices(SCHEMA_NAMES))
    .addHelpText(
      "after",
      `
Examples:
  $ fairaudit schema config > fairaudit-config.schema.json   # for editor completion
  $ fairaudit schema report                                   # what --format json follows
`,
    )
    .action((name: SchemaName) => {
      io.stdout.write(renderJsonSchema(JSON_SCHEMAS[name]()));
      setExit(EXIT.pass);
    });
}
