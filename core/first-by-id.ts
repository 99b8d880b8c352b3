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

/** Lookup by id: a `Map` or anything that answers like one. */
export interface ById<T> {
  get(id: string): T | undefined;
  has(id: string): boolean;
}

/**
 * `firstById`, built on the first lookup: a document without initiatives or dependencies never pays for
 * an index of its 100k key results that nothing reads.
 *
 * @example lazyFirstById(doc.keyResults).get("kr-1")?.title
 */
export function lazyFirstById<T extends { id: string }>(items: readonly T[]): ById<T> {
  let map: Map<string, T> | undefined;
  const index = (): Map<string, T> => {
    if (map === undefined) map = firstById(items);
    return map;
  };
  return { get: (id) => index().get(id), has: (id) => index().has(id) };
}
