import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderJsonSchema, reportJsonSchema } from "../../src/cli/json-schemas.js";
import { auditResultSchema } from "../../src/result/audit-result.js";
import { runCli } from "../helpers/run-cli.js";

describe("the published report schema", () => {
  it("is current (regenerate with npx tsx scripts/write-schemas.ts)", () => {
    expect(readFileSync("schema/report.schema.json", "utf8")).toBe(
      renderJsonSchema(reportJsonSchema()),
    );
  });

  it("validates a real report", async () => {
    const run = await runCli([
      "audit",
      "--config",
      "fixtures/example-campaign/audit.yml",
      "--format",
      "json",
    ]);
    const report = JSON.parse(run.stdout) as unknown;
    const parsed = auditResultSchema.safeParse(report);
    expect(parsed.success, JSON.stringify(parsed.error?.issues.slice(0, 3))).toBe(true);
  });
});
