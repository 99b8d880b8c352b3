/** One pipeline (DOMAIN §7): every initiative, whatever its type, ranked by the same WSJF criteria. */

import { sortKey } from "../bounds.ts";
import { compareText } from "../compare.ts";
import type { Initiative } from "../model/document.ts";
import { finite } from "./finite.ts";

export interface RankedInitiative {
  initiative: Initiative;
  /** Its index in the initiatives ranked (the document's `initiatives`). */
  position: number;
  /** value + timeCriticality + riskReduction. */
  costOfDelay: number;
  /** costOfDelay / size. */
  priority: number;
  /** 1-based place in the whole pipeline. */
  rank: number;
}

/**
 * Cost of delay of an initiative.
 *
 * @example costOfDelay({ value: 8, timeCriticality: 5, riskReduction: 2 }) // 15
 */
export function costOfDelay(i: Pick<Initiative, "value" | "timeCriticality" | "riskReduction">): number {
  return finite(i.value + i.timeCriticality + i.riskReduction);
}

/**
 * Weighted shortest job first: cost of delay per unit of size (size > 0 by schema).
 *
 * @example wsjf({ value: 8, timeCriticality: 5, riskReduction: 2, size: 5 }) // 3
 */
export function wsjf(i: Pick<Initiative, "value" | "timeCriticality" | "riskReduction" | "size">): number {
  return finite(costOfDelay(i) / i.size);
}

/**
 * Ranks initiatives by priority (highest first); ties go to the higher cost of delay, then to the smaller
 * id. The result never depends on the input's order (ids are unique).
 *
 * @example
 * rankInitiatives([a, b, c]).map((r) => `${r.rank}:${r.initiative.id}`) // ["1:b", "2:a", "3:c"]
 */
export function rankInitiatives(initiatives: readonly Initiative[]): RankedInitiative[] {
  // Compared to 12 significant digits: 3 / 0.9 and 1 / 0.3 are the same priority, and a tie goes to the
  // higher cost of delay as DOMAIN says, not to whichever division rounded up.
  const entries: Entry[] = [];
  for (let position = 0; position < initiatives.length; position++) {
    const initiative = initiatives[position] as Initiative;
    const cost = costOfDelay(initiative);
    const priority = wsjf(initiative);
    entries.push({
      initiative,
      position,
      cost,
      priority,
      costKey: sortKey(cost),
      priorityKey: sortKey(priority),
    });
  }
  entries.sort(byPriority);
  const ranked: RankedInitiative[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as Entry;
    ranked.push({
      initiative: entry.initiative,
      position: entry.position,
      costOfDelay: entry.cost,
      priority: entry.priority,
      rank: i + 1,
    });
  }
  return ranked;
}

/** An initiative with its figures and their sort keys, as the ranking compares them. */
interface Entry {
  initiative: Initiative;
  position: number;
  cost: number;
  priority: number;
  costKey: number;
  priorityKey: number;
}

/** Highest priority first, then the higher cost of delay, then the smaller id. */
function byPriority(a: Entry, b: Entry): number {
  return (
    b.priorityKey - a.priorityKey || b.costKey - a.costKey || compareText(a.initiative.id, b.initiative.id)
  );
}
