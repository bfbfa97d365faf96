/**
 * Cells are keyed by a number (mixed radix over the group ids) when it fits exactly in a double,
 * which spares a string per row; otherwise by the joined ids.
 */
export function cellKeyFunction(
  attributes: number,
  maxGroups: number,
): (ids: readonly number[]) => number | string {
  const radix = 2 ** Math.ceil(Math.log2(maxGroups + 1));
  if (radix ** attributes > Number.MAX_SAFE_INTEGER) return (ids) => ids.join(",");
  return (ids) => {
    let key = 0;
    for (let i = ids.length - 1; i >= 0; i--) key = key * radix + (ids[i] as number);
    return key;
  };
}
