/**
 * Layout primitives of every terminal rendering (audit, comparison, history), for a terminal of
 * any width: text is measured in terminal cells (wide and combining characters counted as the
 * terminal draws them), prose wraps at word boundaries, labels shrink with an ellipsis, numbers
 * are never cut, and a table that cannot fit is printed stacked, one block per row.
 */

/** The width when the shell knows none (output piped to a file or another program). */
export const DEFAULT_WIDTH = 100;
/** Narrower than this and not even a stacked row can hold a number with its name. */
export const MIN_WIDTH = 40;

// biome-ignore lint/suspicious/noControlCharactersInRegex: our own colour escapes are not drawn
const COLOUR_ESCAPES = /\u001b\[[0-9;]*m/g;
const ZERO_WIDTH = /^(?:\p{Mark}|[\u200b-\u200f\u2060\ufeff])/u;
const segmenter = new Intl.Segmenter();

/** East Asian wide and fullwidth ranges, and emoji drawn two cells wide. */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

function graphemeWidth(g: string): number {
  if (ZERO_WIDTH.test(g)) return 0;
  const cp = g.codePointAt(0) ?? 0;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (isWide(cp) || g.includes("\ufe0f")) return 2;
  return 1;
}

function graphemes(text: string): string[] {
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** Terminal cells the text occupies (colour escapes excluded). */
export function displayWidth(text: string): number {
  let w = 0;
  for (const g of graphemes(text.replace(COLOUR_ESCAPES, ""))) w += graphemeWidth(g);
  return w;
}

function padEnd(text: string, width: number): string {
  return text + " ".repeat(Math.max(0, width - displayWidth(text)));
}

function padStart(text: string, width: number): string {
  return " ".repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** The leading graphemes of `text` that fit in `max` cells. */
function takeHead(gs: readonly string[], max: number): string {
  let out = "";
  let w = 0;
  for (const g of gs) {
    const gw = graphemeWidth(g);
    if (w + gw > max) break;
    out += g;
    w += gw;
  }
  return out;
}

function takeTail(gs: readonly string[], max: number): string {
  let out = "";
  let w = 0;
  for (let i = gs.length - 1; i >= 0; i--) {
    const g = gs[i] as string;
    const gw = graphemeWidth(g);
    if (w + gw > max) break;
    out = g + out;
    w += gw;
  }
  return out;
}

/**
 * A label shrunk to `max` cells with an ellipsis in the middle, so both ends stay readable:
 * intersections ("Female & 60+ & Süd") differ at their end as often as at their start.
 */
export function shrinkLabel(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  if (max <= 1) return "…";
  const gs = graphemes(text);
  const head = Math.ceil((max - 1) / 2);
  return `${takeHead(gs, head)}…${takeTail(gs, max - 1 - head)}`;
}

/**
 * Words wrapped at `width` cells, continuation lines indented. A word wider than a whole line
 * is cut across lines (only a label is ever that long, never a number).
 */
export function wrap(text: string, indent: string, width: number = DEFAULT_WIDTH): string[] {
  const lead = /^ */.exec(text)?.[0] ?? "";
  const indentWidth = displayWidth(indent);
  const lines: string[] = [];
  let line = lead;
  let lineWidth = lead.length;
  let empty = true;
  const newLine = () => {
    lines.push(line);
    line = indent;
    lineWidth = indentWidth;
    empty = true;
  };
  // runs of spaces between words are kept on a line, dropped at a break
  const parts = text.slice(lead.length).split(/( +)/);
  for (let k = 0; k < parts.length; k += 2) {
    let rest = parts[k] ?? "";
    const gap = parts[k - 1] ?? " ";
    while (rest !== "") {
      const w = displayWidth(rest);
      const sep = empty ? "" : gap;
      if (lineWidth + sep.length + w <= width) {
        line += sep + rest;
        lineWidth += sep.length + w;
        empty = false;
        break;
      }
      if (!empty) {
        newLine();
        continue;
      }
      const gs = graphemes(rest);
      const head = takeHead(gs, width - lineWidth) || (gs[0] as string);
      line += head;
      empty = false;
      rest = rest.slice(head.length);
      if (rest !== "") newLine();
      else lineWidth += displayWidth(head);
    }
  }
  if (!empty) lines.push(line);
  return lines;
}

export interface Column {
  header: string;
  /**
   * label: data (a group, an attribute, a rule name) that may shrink with an ellipsis;
   * fixed: numbers and vocabulary, never cut;
   * note: text that moves under its row (wrapped) when the row would not fit.
   */
  kind: "label" | "fixed" | "note";
  align?: "left" | "right";
  /** the name used in a stacked block and under a row, where the header is not above it */
  name?: string;
  /** in a stacked block, on its first line (without a name) */
  head?: boolean;
}

/** Labels never shrink below this (or their header) */
const MIN_LABEL = 10;
const NOTE_INDENT = "      ";

/**
 * Rows laid out in `width` cells: first in columns; then with the note columns moved under
 * their row; then with labels shrunk (never so far that two labels look alike); and when even
 * that does not fit, stacked: a row's first cell, then its other cells as "name value" pairs.
 * Returns the lines of the header (if any) and, per row, its lines.
 */
export function layoutTable(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  width: number = DEFAULT_WIDTH,
): { header: string[]; rows: string[][] } {
  const notes = columns.map((c, i) => (c.kind === "note" ? i : -1)).filter((i) => i >= 0);
  const inline = columns.map((_, i) => i);
  const natural = columns.map((c, i) =>
    Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i] ?? ""))),
  );
  const total = (shown: readonly number[], widths: readonly number[]) =>
    2 + shown.reduce((a, i) => a + (widths[i] ?? 0), 0) + 2 * (shown.length - 1);

  let shown = inline;
  const widths = [...natural];
  // note columns move under their row, the rightmost first
  for (const i of [...notes].reverse()) {
    if (total(shown, widths) <= width) break;
    shown = shown.filter((k) => k !== i);
  }
  const floor = (i: number) => Math.max(MIN_LABEL, displayWidth(columns[i]?.header ?? ""));
  const frozen = new Set<number>();
  while (total(shown, widths) > width) {
    // shrink the widest label, at most to the next widest, never so far that two labels of
    // the column look alike
    const labels = shown
      .filter((i) => columns[i]?.kind === "label" && !frozen.has(i))
      .filter((i) => (widths[i] ?? 0) > floor(i))
      .sort((a, b) => (widths[b] ?? 0) - (widths[a] ?? 0));
    const at = labels[0];
    if (at === undefined) return stacked(columns, rows, width);
    const now = widths[at] ?? 0;
    const next = Math.max(floor(at), widths[labels[1] ?? -1] ?? 0);
    let step = Math.max(1, Math.min(total(shown, widths) - width, now - next));
    while (step > 0 && !distinct(rows, at, now - step)) step = Math.floor(step / 2);
    if (step === 0) frozen.add(at);
    else widths[at] = now - step;
  }
  const moved = inline.filter((i) => !shown.includes(i));
  const line = (cells: readonly string[]) => {
    const parts = shown.map((i, k) => {
      const col = columns[i] as Column;
      const w = widths[i] ?? 0;
      const text = col.kind === "label" ? shrinkLabel(cells[i] ?? "", w) : (cells[i] ?? "");
      if (k === shown.length - 1 && col.align !== "right") return text;
      return col.align === "right" ? padStart(text, w) : padEnd(text, w);
    });
    return `  ${parts.join("  ")}`.trimEnd();
  };
  return {
    header: [line(columns.map((c) => c.header))],
    rows: rows.map((r) => {
      const under = moved
        .filter((i) => (r[i] ?? "") !== "")
        .map((i) => (columns[i]?.name ? `${columns[i]?.name} ${r[i]}` : (r[i] ?? "")))
        .join("; ");
      return [line(r), ...(under === "" ? [] : wrap(`${NOTE_INDENT}${under}`, NOTE_INDENT, width))];
    }),
  };
}

/** Would cutting column `i` to `max` cells keep its distinct labels distinct? */
function distinct(rows: readonly (readonly string[])[], i: number, max: number): boolean {
  const values = new Set(rows.map((r) => r[i] ?? ""));
  const cut = new Set([...values].map((v) => shrinkLabel(v, max)));
  return cut.size === values.size;
}

/** One block per row: its head cells in full, then "name value" pairs packed and wrapped. */
function stacked(
  columns: readonly Column[],
  rows: readonly (readonly string[])[],
  width: number,
): { header: string[]; rows: string[][] } {
  return {
    header: [],
    rows: rows.map((r) => {
      const isHead = (c: Column, i: number) => c.head === true || i === 0;
      const head = columns
        .map((c, i) => (isHead(c, i) ? (r[i] ?? "") : ""))
        .filter((v) => v !== "");
      const pairs = columns
        .map((c, i) => ({ name: c.name ?? c.header, value: r[i] ?? "", head: isHead(c, i) }))
        .filter((p) => p.value !== "" && !p.head)
        .map((p) => (p.name === "" ? p.value : `${p.name} ${p.value}`));
      const out = wrap(`  ${head.join("  ")}`, "    ", width);
      let line = NOTE_INDENT;
      for (const p of pairs) {
        const sep = line.trim() === "" ? "" : "  ";
        if (displayWidth(line) + sep.length + displayWidth(p) <= width) line += sep + p;
        else {
          if (line.trim() !== "") out.push(line);
          if (displayWidth(NOTE_INDENT + p) <= width) line = NOTE_INDENT + p;
          else {
            out.push(...wrap(NOTE_INDENT + p, `${NOTE_INDENT}  `, width));
            line = NOTE_INDENT;
          }
        }
      }
      if (line.trim() !== "") out.push(line);
      return out;
    }),
  };
}

/** A layout flattened: header lines then every row's lines. */
export function tableLines(layout: { header: string[]; rows: string[][] }): string[] {
  return [...layout.header, ...layout.rows.flat()];
}
