import { readFile } from "node:fs/promises";
import { basename, extname } from "node:path";
import { isNode, LineCounter, parseDocument, visit, type YAMLParseError } from "yaml";
import type { z } from "zod";
import { UserError } from "../errors.js";
import { didYouMean } from "./closest-name.js";
import { jsonSyntaxError } from "./json-syntax.js";

/** Reads a YAML or JSON file (by extension; YAML otherwise, which also accepts JSON). */
export async function readStructuredFile(path: string, what: string): Promise<unknown> {
  const name = basename(path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new UserError(`${what} file not found`, { file: path }, "file_not_found");
    if (code === "EISDIR")
      throw new UserError(`${what} path is a directory`, { file: path }, "is_directory");
    throw error;
  }
  return parseStructured(text, name, extname(path).toLowerCase() === ".json");
}

export function parseStructured(text: string, file: string, json: boolean): unknown {
  if (json) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw invalidJson(text, file);
    }
  }
  // The core schema has no custom tags: nothing in a config can construct objects or run code.
  // Explicit tags are refused outright (the library would otherwise resolve some, e.g. !!binary,
  // and only warn about unknown ones).
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    schema: "core",
    uniqueKeys: true,
    logLevel: "silent",
    lineCounter,
  });
  const first = doc.errors[0];
  if (first !== undefined) throw yamlError(first, file);
  let tagged: { tag: string; offset: number | undefined } | undefined;
  visit(doc, (_, node) => {
    if (isNode(node) && node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
      tagged = { tag: node.tag, offset: node.range?.[0] };
      return visit.BREAK;
    }
    return undefined;
  });
  if (tagged !== undefined) {
    const loc: { file: string; line?: number; column?: number } = { file };
    if (tagged.offset !== undefined) {
      const pos = lineCounter.linePos(tagged.offset);
      loc.line = pos.line;
      loc.column = pos.col;
    }
    throw new UserError("YAML tags are not allowed in fairaudit files", loc, "invalid_yaml");
  }
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (error) {
    if (error instanceof Error)
      throw new UserError(
        `invalid YAML: ${error.message.split("\n")[0]}`,
        { file },
        "invalid_yaml",
      );
    throw error;
  }
}

const CORE_TAGS = new Set(
  ["str", "int", "float", "bool", "null", "map", "seq"].map((t) => `tag:yaml.org,2002:${t}`),
);

function yamlError(error: YAMLParseError, file: string): UserError {
  const pos = error.linePos?.[0];
  const loc: { file: string; line?: number; column?: number } = { file };
  if (pos) {
    loc.line = pos.line;
    loc.column = pos.col;
  }
  return new UserError(`invalid YAML: ${error.message.split("\n")[0]}`, loc, "invalid_yaml");
}

/** Validates with zod; the first problem becomes one readable line naming the offending key. */
export function validate<T extends z.ZodType>(schema: T, value: unknown, file: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue ? formatPath(issue.path) : "";
  const message = `${issue?.message ?? "invalid"}${issue ? suggestion(issue, value) : ""}`;
  const more =
    result.error.issues.length > 1
      ? ` (and ${result.error.issues.length - 1} more problem(s))`
      : "";
  throw new UserError(`${message}${more}`, key === "" ? { file } : { file, key }, "invalid_config");
}

/** For a value outside a closed vocabulary (a metric id, a format…): the nearest accepted one. */
function suggestion(issue: z.core.$ZodIssue, value: unknown): string {
  if (issue.code !== "invalid_value") return "";
  let given: unknown = value;
  for (const part of issue.path) {
    if (given === null || typeof given !== "object" || !Object.hasOwn(given, part)) return "";
    given = (given as Record<PropertyKey, unknown>)[part];
  }
  if (typeof given !== "string") return "";
  const accepted = issue.values.filter((v): v is string => typeof v === "string");
  return didYouMean(given, accepted);
}

/** Invalid JSON, located by line and column; JSON.parse's own message would quote the text. */
export function invalidJson(text: string, file: string): UserError {
  const at = jsonSyntaxError(text);
  return new UserError(
    `invalid JSON${at ? ` (${at.problem})` : ""}`,
    at ? { file, line: at.line, column: at.column } : { file },
    "invalid_json",
  );
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}
