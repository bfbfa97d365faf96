import { z } from "zod";
import { auditResultSchema, SCHEMA_VERSION } from "./audit-result.js";

/** JSON Schemas of the public formats, generated from the zod schemas that validate them. */
export function reportJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(auditResultSchema, { target: "draft-2020-12" }),
    $id: `urn:fairaudit:schema:report:${SCHEMA_VERSION}`,
    title: "fairaudit audit report",
  };
}

export function renderJsonSchema(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
