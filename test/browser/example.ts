import { resolve } from "node:path";
import { main } from "../../src/cli/main.js";
import { type AuditResult, auditResultSchema } from "../../src/result/audit-result.js";

/** The bundled example campaign audited through the CLI, as a user would run it. */
export async function auditExample(): Promise<AuditResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(
    [
      "node",
      "fairaudit",
      "audit",
      "--config",
      "fixtures/example-campaign/audit.yml",
      "--format",
      "json",
    ],
    {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: { write: (s: string) => (stderr += s) },
      env: {},
      cwd: resolve("."),
    },
  );
  if (code === 2) throw new Error(`the example did not audit: ${stderr}`);
  return auditResultSchema.parse(JSON.parse(stdout));
}
