/**
 * An error the user can fix (bad usage, config or data). The shell prints `message` alone,
 * prefixed by the location, and exits with code 2. Anything else is a bug and surfaces as such.
 * Messages never contain row-level values: they name the file, line and column instead.
 */
export interface ErrorLocation {
  file?: string;
  line?: number;
  /** 1-based field index */
  column?: number;
  /** the column's header name */
  columnName?: string;
  /** a config/policy key path such as `rules[2].min` */
  key?: string;
}

export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    message: string,
    readonly location: ErrorLocation = {},
    readonly code = "invalid_input",
  ) {
    super(message);
  }
}

export function formatLocation(loc: ErrorLocation): string {
  const parts: string[] = [];
  if (loc.file !== undefined) parts.push(loc.file);
  if (loc.line !== undefined) parts.push(`line ${loc.line}`);
  if (loc.column !== undefined) {
    parts.push(
      loc.columnName === undefined
        ? `column ${loc.column}`
        : `column ${loc.column} (${loc.columnName})`,
    );
  } else if (loc.columnName !== undefined) parts.push(`column ${loc.columnName}`);
  if (loc.key !== undefined) parts.push(`key ${loc.key}`);
  return parts.join(", ");
}

export function formatUserError(error: UserError): string {
  const where = formatLocation(error.location);
  return where === "" ? error.message : `${where}: ${error.message}`;
}
