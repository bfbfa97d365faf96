/**
 * fairaudit as a library: `import { audit, renderReport } from "fairaudit"`. This file is the
 * whole public surface; everything else in the package is internal and may change.
 */
export { type AuditOptions, audit } from "./api/audit.js";
export { type RenderOptions, renderReport } from "./api/render.js";
export type { AuditStage, OnStage } from "./audit.js";
export {
  type ComparisonRow,
  compareReports,
  type ReportComparison,
} from "./compare/compare-reports.js";
export { type AuditConfig, configSchema } from "./config/config-schema.js";
export { type ErrorLocation, UserError } from "./errors.js";
export type { LoadProgress, ProgressCallback } from "./io/load-spec.js";
export { type Policy, policySchema } from "./policy/policy-schema.js";
export { FORMAT_IDS, type FormatId } from "./report/format-ids.js";
export {
  type AuditResult,
  auditResultSchema,
  type FindingResult,
  SCHEMA_VERSION,
} from "./result/audit-result.js";
export { parseReport } from "./result/load-baseline.js";
export { TOOL_VERSION as VERSION } from "./version.js";
