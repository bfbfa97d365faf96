// Regenerates the committed JSON Schemas (a test fails when they are out of date).
import { writeFileSync } from "node:fs";
import { renderJsonSchema, reportJsonSchema } from "../src/report/json-schemas.js";

writeFileSync(
  new URL("../schema/report.schema.json", import.meta.url),
  renderJsonSchema(reportJsonSchema()),
);
console.log("wrote schema/report.schema.json");
