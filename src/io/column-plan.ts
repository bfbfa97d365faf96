import { UserError } from "../errors.js";
import { closestName } from "./closest-name.js";
import type { CsvHeader } from "./csv-file.js";
import type { ColumnRead, ColumnRole } from "./load-spec.js";

/** Columns of a file that the audit materialises, in this order, and why each is read. */
export interface ColumnPlan {
  header: CsvHeader;
  indices: number[];
  reads: ColumnRead[];
  /** position of the column among the materialised fields */
  add(column: string, role: ColumnRole): number;
}

export function planColumns(header: CsvHeader): ColumnPlan {
  const indices: number[] = [];
  const reads: ColumnRead[] = [];
  return {
    header,
    indices,
    reads,
    add(column, role) {
      const at = header.columns.indexOf(column);
      if (at === -1) throw missingColumn(header, column, role);
      const existing = indices.indexOf(at);
      if (!reads.some((r) => r.column === column && r.role === role)) {
        reads.push({ file: header.displayName, column, role });
      }
      if (existing !== -1) return existing;
      indices.push(at);
      return indices.length - 1;
    },
  };
}

export function missingColumn(header: CsvHeader, column: string, role: ColumnRole): UserError {
  // The header's names are not listed: when the file has no header row (or is another file
  // altogether), line 1 is data, and the message would quote a person's row.
  const suggestion = closestName(column, header.columns);
  return new UserError(
    `no column "${column}" (${role}) in the header (${header.columns.length} columns)${suggestion ? `; did you mean "${suggestion}"?` : " — is line 1 the header?"}`,
    { file: header.displayName, line: 1 },
    "missing_column",
  );
}
