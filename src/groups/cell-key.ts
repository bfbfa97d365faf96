/**
 * Cells are keyed by a number, Σ id_i · radix^i over the group ids, when every such number is an
 * exact double, which spares a string per row; otherwise by the joined ids. The radix, or null
 * when the keys must be strings.
 */
export function cellKeyRadix(attributes: number, maxGroups: number): number | null {
  const radix = 2 ** Math.ceil(Math.log2(maxGroups + 1));
  return radix ** attributes > Number.MAX_SAFE_INTEGER ? null : radix;
}
