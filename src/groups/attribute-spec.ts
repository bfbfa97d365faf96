/** How one protected attribute turns a raw cell into a group label. */
export interface AttributeSpec {
  /** the attribute's name in reports and policies (defaults to the column) */
  name: string;
  column: string;
  /** ascending numeric edges: [30, 60] → "<30", "30-59", "60+" */
  bins?: readonly number[];
  /** raw value → group label; several raw values may map to one label (merging) */
  map?: Readonly<Record<string, string>>;
}

export const MISSING_GROUP = "(missing)";

/** Labels of the bins that `edges` make, lowest first. */
export function binLabels(edges: readonly number[]): string[] {
  const integral = edges.every(Number.isInteger);
  const labels: string[] = [];
  const first = edges[0];
  if (first === undefined) return labels;
  labels.push(`<${first}`);
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = edges[i] as number;
    const hi = edges[i + 1] as number;
    labels.push(
      integral && hi - 1 >= lo ? (hi - 1 === lo ? `${lo}` : `${lo}-${hi - 1}`) : `[${lo}, ${hi})`,
    );
  }
  labels.push(`${edges[edges.length - 1]}+`);
  return labels;
}

/** Index of the bin holding x: the number of edges ≤ x. */
export function binIndex(edges: readonly number[], x: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
