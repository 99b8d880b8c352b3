/**
 * The execution layer's one index of the things dependencies and initiatives point at: the document's
 * key results and initiatives, numbered once. Every reference of the execution sections (an
 * initiative's key results, both ends of a dependency) is resolved to such a number here, once, and the
 * status, blockers, alerts, rows and lint then read arrays instead of looking ids up again. On a
 * document with 10k initiatives and 20k dependencies that is ~60k lookups instead of ~200k.
 */
import type { CascadeDocument, Dependency, Initiative, KeyResult } from "../model/document.ts";

/** Key result k is item k; initiative i is item `keyResultCount + i`; -1 names nothing. */
export interface ExecutionItems {
  keyResults: readonly KeyResult[];
  initiatives: readonly Initiative[];
  keyResultCount: number;
  /** Key results plus initiatives. */
  count: number;
  /** The id of each item. */
  ids: readonly string[];
  /**
   * Id → item of its first key result, else of its first initiative (as lint reports duplicates). Key
   * results are left out of a document without initiatives and dependencies, where nothing names them.
   */
  itemOf: ReadonlyMap<string, number>;
  /** Initiative id → position of its first initiative. */
  initiativeOf: { get(id: string): number | undefined; has(id: string): boolean };
  /** For each initiative position, the item its id resolves to (a key result's when they share it). */
  itemOfInitiative: Int32Array;
  /** For each initiative position, the position of the first initiative with its id. */
  firstInitiative: Int32Array;
  /** Initiative i's key results are `keyResultItems[keyResultStart[i]] … [keyResultStart[i + 1] - 1]`. */
  keyResultStart: Int32Array;
  /** Resolved `keyResultIds`, in their order: a key result's item, or -1 (unknown, or an initiative). */
  keyResultItems: Int32Array;
  /** For each dependency record, its resolved `from` and `to` (-1: names nothing). */
  dependencyFrom: Int32Array;
  dependencyTo: Int32Array;
}

/**
 * Numbers the document's key results and initiatives and resolves the execution sections' references.
 *
 * @example
 * const items = indexItems(doc);
 * items.dependencyFrom[0] // the item of doc.dependencies[0].from, or -1
 */
export function indexItems(doc: CascadeDocument): ExecutionItems {
  const keyResults = doc.keyResults;
  const initiatives = doc.initiatives ?? [];
  const keyResultCount = keyResults.length;
  const ids: string[] = [];
  for (const kr of keyResults) ids.push(kr.id);
  for (const init of initiatives) ids.push(init.id);
  // Set from the last to the first, so that the first of an id is what stays: one write per item. A key
  // result keeps its id from any initiative.
  const itemOf = new Map<string, number>();
  // Only initiatives and dependencies name key results: without either, no key result id is looked up.
  const keyResultsNamed = initiatives.length > 0 || (doc.dependencies?.length ?? 0) > 0;
  for (let k = keyResultsNamed ? keyResultCount - 1 : -1; k >= 0; k--) {
    itemOf.set((keyResults[k] as KeyResult).id, k);
  }
  for (let i = initiatives.length - 1; i >= 0; i--) {
    const id = (initiatives[i] as Initiative).id;
    const item = itemOf.get(id);
    if (item === undefined || item >= keyResultCount) itemOf.set(id, keyResultCount + i);
  }
  // Initiatives by id come from itemOf, except for an id a key result holds too (only a document lint
  // rejects has one): for those a map of the initiatives alone is built, on first need.
  let shadowed: Map<string, number> | undefined;
  const initiativeOf = {
    get(id: string): number | undefined {
      const item = itemOf.get(id);
      if (item === undefined) return undefined;
      if (item >= keyResultCount) return item - keyResultCount;
      if (shadowed === undefined) {
        shadowed = new Map();
        for (let i = initiatives.length - 1; i >= 0; i--) shadowed.set((initiatives[i] as Initiative).id, i);
      }
      return shadowed.get(id);
    },
    has: (id: string) => initiativeOf.get(id) !== undefined,
  };
  const itemOfInitiative = new Int32Array(initiatives.length);
  const firstInitiative = new Int32Array(initiatives.length);
  let referenced = 0;
  for (let i = 0; i < initiatives.length; i++) {
    const init = initiatives[i] as Initiative;
    const item = itemOf.get(init.id) as number;
    itemOfInitiative[i] = item;
    firstInitiative[i] =
      item >= keyResultCount ? item - keyResultCount : (initiativeOf.get(init.id) as number);
    referenced += init.keyResultIds?.length ?? 0;
  }

  const keyResultStart = new Int32Array(initiatives.length + 1);
  const keyResultItems = new Int32Array(referenced);
  let at = 0;
  for (let i = 0; i < initiatives.length; i++) {
    keyResultStart[i] = at;
    for (const id of (initiatives[i] as Initiative).keyResultIds ?? []) {
      const item = itemOf.get(id);
      keyResultItems[at++] = item !== undefined && item < keyResultCount ? item : -1;
    }
  }
  keyResultStart[initiatives.length] = at;

  const dependencies = doc.dependencies ?? [];
  const dependencyFrom = new Int32Array(dependencies.length);
  const dependencyTo = new Int32Array(dependencies.length);
  for (let i = 0; i < dependencies.length; i++) {
    const d = dependencies[i] as Dependency;
    dependencyFrom[i] = itemOf.get(d.from) ?? -1;
    dependencyTo[i] = itemOf.get(d.to) ?? -1;
  }

  return {
    keyResults,
    initiatives,
    keyResultCount,
    count: keyResultCount + initiatives.length,
    ids,
    itemOf,
    initiativeOf,
    itemOfInitiative,
    firstInitiative,
    keyResultStart,
    keyResultItems,
    dependencyFrom,
    dependencyTo,
  };
}
