/**
 * Items by id, keeping the first of each id: lookups stay defined (and the same for every surface) when
 * lint reports a duplicate id.
 *
 * @example firstById([{ id: "a", n: 1 }, { id: "a", n: 2 }]).get("a") // { id: "a", n: 1 }
 */
export function firstById<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) if (!map.has(item.id)) map.set(item.id, item);
  return map;
}
