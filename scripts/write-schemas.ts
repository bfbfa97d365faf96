// Regenerates the committed JSON Schemas (a test fails when they are out of date).
import { writeFileSync } from "node:fs";
import { JSON_SCHEMAS, renderJsonSchema, SCHEMA_NAMES } from "../src/cli/json-schemas.js";

for (const name of SCHEMA_NAMES) {
  writeFileSync(
    new URL(`../schema/${name}.schema.json`, import.meta.url),
    renderJsonSchema(JSON_SCHEMAS[name]()),
  );
  console.log(`wrote schema/${name}.schema.json`);
}
