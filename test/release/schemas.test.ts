import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { JSON_SCHEMAS, renderJsonSchema, SCHEMA_NAMES } from "../../src/cli/json-schemas.js";
import { runCli } from "./run-cli.js";

describe("published JSON Schemas", () => {
  for (const name of SCHEMA_NAMES) {
    it(`schema/${name}.schema.json is current (npx tsx scripts/write-schemas.ts)`, async () => {
      const committed = await readFile(
        new URL(`../../schema/${name}.schema.json`, import.meta.url),
        "utf8",
      );
      expect(committed).toBe(renderJsonSchema(JSON_SCHEMAS[name]()));
    });
    it(`fairaudit schema ${name} prints it`, async () => {
      const run = await runCli(["schema", name]);
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(renderJsonSchema(JSON_SCHEMAS[name]()));
    });
  }
  it("rejects an unknown schema name with exit 2", async () => {
    expect((await runCli(["schema", "nope"])).code).toBe(2);
  });
});
