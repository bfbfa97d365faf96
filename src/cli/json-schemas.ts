import { z } from "zod";
import { configFileSchema } from "../config/config-schema.js";
import { policySchema } from "../policy/policy-schema.js";
import { auditResultSchema, SCHEMA_VERSION } from "../result/audit-result.js";

/** JSON Schemas of the public formats, generated from the zod schemas that validate them. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(auditResultSchema, { target: "draft-2020-12" }),
    $id: `urn:fairaudit:schema:report:${SCHEMA_VERSION}`,
    title: "fairaudit audit report",
  };
}

/** What a config file may contain (flags may supply the rest), as an editor sees it. */
export function configJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(configFileSchema, { target: "draft-2020-12", io: "input" }),
    $id: `urn:fairaudit:schema:config:${SCHEMA_VERSION}`,
    title: "fairaudit audit configuration",
  };
}

export function policyJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(policySchema, { target: "draft-2020-12", io: "input" }),
    $id: `urn:fairaudit:schema:policy:${SCHEMA_VERSION}`,
    title: "fairaudit fairness policy",
  };
}

/** The published schemas by name: `fairaudit schema <name>` and schema/<name>.schema.json. */
export const JSON_SCHEMAS = {
  config: configJsonSchema,
  policy: policyJsonSchema,
  report: reportJsonSchema,
} as const satisfies Record<string, () => Record<string, unknown>>;

export type SchemaName = keyof typeof JSON_SCHEMAS;
export const SCHEMA_NAMES = Object.keys(JSON_SCHEMAS) as SchemaName[];

export function renderJsonSchema(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
