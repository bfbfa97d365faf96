import { basename, dirname, resolve } from "node:path";
import { UserError } from "../errors.js";
import { readStructuredFile, validate } from "../io/parse-structured.js";
import { type AuditConfig, configFileSchema, configSchema } from "./config-schema.js";
import { isPresetId } from "./load-policy.js";

export type PartialConfig = Partial<AuditConfig>;

/** Keys holding paths: a config's paths are relative to the config file, a flag's to the cwd. */
const PATH_KEYS = ["data", "predictions", "policy", "out"] as const;

export function resolvePaths(config: PartialConfig, base: string): PartialConfig {
  const out: PartialConfig = { ...config };
  for (const key of PATH_KEYS) {
    const value = out[key];
    if (value === undefined || (key === "policy" && isPresetId(value as string))) continue;
    if (key === "data" && Array.isArray(value)) out.data = value.map((v) => resolve(base, v));
    else out[key] = resolve(base, value as string);
  }
  return out;
}

export async function loadConfigFile(path: string): Promise<PartialConfig> {
  const raw = await readStructuredFile(path, "config");
  const parsed = validate(configFileSchema, raw ?? {}, basename(path));
  return resolvePaths(parsed, dirname(resolve(path)));
}

/** Flags win over the config file; the merged whole is validated once. */
export function mergeConfig(
  file: PartialConfig | undefined,
  flags: PartialConfig,
  source: string,
): AuditConfig {
  const merged: Record<string, unknown> = { ...(file ?? {}) };
  for (const [key, value] of Object.entries(flags)) if (value !== undefined) merged[key] = value;
  if (merged.data === undefined) {
    throw new UserError(
      "no data file: give one (fairaudit audit <data.csv>) or set data in --config",
      {},
      "usage",
    );
  }
  return validate(configSchema, merged, source);
}
