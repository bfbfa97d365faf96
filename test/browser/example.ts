import { resolve } from "node:path";
import { main } from "../../src/cli/main.js";
import { type AuditResult, auditResultSchema } from "../../src/result/audit-result.js";

/** The bundled example campaign audited through the CLI, as a user would run it. */
export function auditExample(): Promise<AuditResult> {
  return auditWith(["--config", "fixtures/example-campaign/audit.yml"]);
}

/**
 * A wide real dataset: COMPAS (fixtures/real, see its README) by race, sex and age and their
 * intersection under the Aequitas preset, which bounds every rate: hundreds of findings, long
 * intersection labels, twelve metrics per group.
 */
export function auditCompas(): Promise<AuditResult> {
  return auditWith([
    "fixtures/real/compas_for_aequitas.csv",
    "--protected",
    "race,sex,age_cat",
    "--intersect",
    "--decision",
    "score",
    "--label",
    "label_value",
    "--policy",
    "aequitas",
  ]);
}

async function auditWith(args: readonly string[]): Promise<AuditResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(["node", "fairaudit", "audit", ...args, "--format", "json"], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    cwd: resolve("."),
  });
  if (code === 2) throw new Error(`${args.join(" ")} did not audit: ${stderr}`);
  return auditResultSchema.parse(JSON.parse(stdout));
}
