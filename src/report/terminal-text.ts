/** Layout primitives of every terminal rendering (audit, comparison, history): 100 columns. */
export const WIDTH = 100;

/** A cell cut to `max` characters so one long group name cannot push the table past WIDTH. */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Columns padded to their widest cell; the last column is truncated to keep within WIDTH. */
export function alignTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
  return all.map((r) => {
    const line = `  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")}`;
    return line.length > WIDTH ? `${line.slice(0, WIDTH - 1)}…` : line;
  });
}

/** Words wrapped at WIDTH, continuation lines indented. */
export function wrap(text: string, indent: string): string[] {
  const words = text.split(" ");
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line !== "" && line.length + 1 + w.length > WIDTH) {
      lines.push(line);
      line = indent + w;
    } else line = line === "" ? w : `${line} ${w}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}
