/** The few spellings in which the supported SQL engines differ. */
export const DIALECT_IDS = ["postgres", "duckdb", "bigquery", "spark"] as const;
export type DialectId = (typeof DIALECT_IDS)[number];

export interface Dialect {
  id: DialectId;
  identifier(name: string): string;
  string(value: string): string;
  /** any column as text, NULL as "" and surrounding whitespace removed (the loader's view of a field) */
  text(expr: string): string;
  /** whole-string regular-expression match */
  matches(expr: string, pattern: string): string;
  toDouble(expr: string): string;
}

/** Space, tab, line feed, carriage return: what the CSV loader's trim removes in practice. */
const WHITESPACE = " \t\n\r";

/** Standard SQL quoting ('' for a quote), as PostgreSQL and DuckDB read it. */
function standardString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** BigQuery and Spark read backslash escapes inside quoted strings. */
function escapedString(value: string): string {
  const body = value
    .replaceAll("\\", "\\\\")
    .replaceAll("'", "\\'")
    .replaceAll("\n", "\\n")
    .replaceAll("\r", "\\r")
    .replaceAll("\t", "\\t");
  return `'${body}'`;
}

const whitespaceChr = "' ' || CHR(9) || CHR(10) || CHR(13)";

export const DIALECTS: Record<DialectId, Dialect> = {
  postgres: {
    id: "postgres",
    identifier: (name) => `"${name.replaceAll('"', '""')}"`,
    string: standardString,
    text: (expr) => `COALESCE(BTRIM(CAST(${expr} AS TEXT), ${whitespaceChr}), '')`,
    matches: (expr, pattern) => `(${expr} ~ ${standardString(`^(${pattern})$`)})`,
    toDouble: (expr) => `CAST(${expr} AS DOUBLE PRECISION)`,
  },
  duckdb: {
    id: "duckdb",
    identifier: (name) => `"${name.replaceAll('"', '""')}"`,
    string: standardString,
    text: (expr) => `COALESCE(TRIM(CAST(${expr} AS VARCHAR), ${whitespaceChr}), '')`,
    matches: (expr, pattern) => `regexp_full_match(${expr}, ${standardString(pattern)})`,
    toDouble: (expr) => `CAST(${expr} AS DOUBLE)`,
  },
  bigquery: {
    id: "bigquery",
    identifier: (name) => `\`${name.replaceAll("\\", "\\\\").replaceAll("`", "\\`")}\``,
    string: escapedString,
    text: (expr) => `COALESCE(TRIM(CAST(${expr} AS STRING), ${escapedString(WHITESPACE)}), '')`,
    matches: (expr, pattern) => `REGEXP_CONTAINS(${expr}, ${escapedString(`^(${pattern})$`)})`,
    toDouble: (expr) => `CAST(${expr} AS FLOAT64)`,
  },
  spark: {
    id: "spark",
    identifier: (name) => `\`${name.replaceAll("`", "``")}\``,
    string: escapedString,
    text: (expr) =>
      `COALESCE(TRIM(BOTH ${escapedString(WHITESPACE)} FROM CAST(${expr} AS STRING)), '')`,
    matches: (expr, pattern) => `(${expr} RLIKE ${escapedString(`^(${pattern})$`)})`,
    toDouble: (expr) => `CAST(${expr} AS DOUBLE)`,
  },
};

/**
 * The loader's finite decimal number (`parseNumber` in src/io/values.ts), written without
 * backslashes so that it reads the same in every dialect's string literal.
 */
export const NUMBER_PATTERN = "[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?";

/** A table reference: `schema.table` parts are quoted one by one. */
export function tableName(dialect: Dialect, name: string): string {
  return name
    .split(".")
    .map((part) => dialect.identifier(part))
    .join(".");
}
