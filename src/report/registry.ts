import type { ChalkInstance } from "chalk";
import type { AuditResult } from "../result/audit-result.js";
import type { FormatId } from "./format-ids.js";
import { renderCsv } from "./render-csv.js";
import { renderHtml } from "./render-html.js";
import { renderJson } from "./render-json.js";
import { renderJunit } from "./render-junit.js";
import { renderMarkdown } from "./render-markdown.js";
import { renderTerminal } from "./render-terminal.js";

export interface RenderContext {
  /** a chalk instance whose level the shell chose (0 when not a TTY or with NO_COLOR) */
  color: ChalkInstance;
  quiet: boolean;
  /** terminal cells per line of the terminal report (default 100) */
  width?: number;
}

export type Renderer = (result: AuditResult, context: RenderContext) => string;

/** Every format: one signature, returns a string; only the shell writes. */
export const RENDERERS = {
  terminal: (result, context) => renderTerminal(result, context),
  json: (result) => renderJson(result),
  csv: (result) => renderCsv(result),
  markdown: (result) => renderMarkdown(result),
  html: (result) => renderHtml(result),
  junit: (result) => renderJunit(result),
} as const satisfies Record<FormatId, Renderer>;
