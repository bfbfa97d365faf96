import { Chalk } from "chalk";
import type { FormatId } from "../report/format-ids.js";
import { RENDERERS } from "../report/registry.js";
import type { AuditResult } from "../result/audit-result.js";

export interface RenderOptions {
  /** ANSI colours in the terminal format (default false) */
  color?: boolean;
  /** the terminal format's short form: verdict and failing findings only (default false) */
  quiet?: boolean;
}

/** A report in one of the formats the CLI writes (terminal, json, csv, markdown, html, junit). */
export function renderReport(
  result: AuditResult,
  format: FormatId,
  options: RenderOptions = {},
): string {
  return RENDERERS[format](result, {
    color: new Chalk({ level: options.color === true ? 1 : 0 }),
    quiet: options.quiet === true,
  });
}
