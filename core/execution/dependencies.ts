/**
 * Dependencies as hard constraints (DOMAIN §7): the status of an initiative from its key results, and
 * the `dependency_at_risk` alert an item gets when something it depends on is at risk or off track.
 */
import type { InitiativeStatus } from "../model/execution.ts";
import type { Alert, KeyResultStatus } from "../model/report.ts";
import type { DependencyGraph } from "./dependency-graph.ts";

/** From worst to best. */
const STATUS_ORDER: readonly InitiativeStatus[] = [
  "off_track",
  "at_risk",
  "no_data",
  "on_track",
  "not_started",
  "done",
];

/**
 * An initiative's status: the worst of its key results' statuses; `invalid` and unknown key results are
 * ignored; null when none is left.
 *
 * @example initiativeStatus(["kr1", "kr2"], new Map([["kr1", "done"], ["kr2", "at_risk"]])) // "at_risk"
 */
export function initiativeStatus(
  keyResultIds: readonly string[],
  statuses: { get(id: string): KeyResultStatus | undefined },
): InitiativeStatus | null {
  let worst: number | null = null;
  for (const id of keyResultIds) {
    const status = statuses.get(id);
    if (status === undefined || status === "invalid") continue;
    const rank = STATUS_ORDER.indexOf(status);
    if (worst === null || rank < worst) worst = rank;
  }
  return worst === null ? null : (STATUS_ORDER[worst] as InitiativeStatus);
}

/** True for the statuses that put what depends on an item at risk. */
export function isBlocking(status: KeyResultStatus | null | undefined): boolean {
  return status === "off_track" || status === "at_risk";
}

/**
 * What blocks each item: its direct dependencies that are at risk or off track, sorted (a
 * self-dependency is a cycle, not a blocker). Only items with a blocker are keys, in id order. Each
 * item's status is looked up once; the edges then only compare numbers.
 *
 * @example blockersOf(graph, statusOf).get("i2") // ["kr1"]
 */
export function blockersOf(
  graph: DependencyGraph,
  statusOf: (id: string) => KeyResultStatus | null,
): Map<string, string[]> {
  const blocking = new Uint8Array(graph.ids.length);
  graph.ids.forEach((id, node) => {
    if (isBlocking(statusOf(id))) blocking[node] = 1;
  });
  const blockers = new Map<string, string[]>();
  graph.ids.forEach((from, node) => {
    const list: string[] = [];
    for (let e = graph.outStart[node] as number; e < (graph.outStart[node + 1] as number); e++) {
      const to = graph.out[e] as number;
      if (to !== node && blocking[to] === 1) list.push(graph.ids[to] as string);
    }
    if (list.length > 0) blockers.set(from, list);
  });
  return blockers;
}

export interface DependencyContext {
  /** Status of a key result or initiative; null when it has none. */
  statusOf: (id: string) => KeyResultStatus | null;
  /** Whether the cycle the item belongs to is in progress on asOf. */
  inProgress: (id: string) => boolean;
  titleOf: (id: string) => string;
}

/**
 * One `dependency_at_risk` alert per item whose cycle is in progress and that has a blocker (what
 * `blockersOf` returns); high when one of those is off track. The message names every blocker,
 * off-track ones first. Sorted by subject.
 *
 * @example dependencyAlerts(blockersOf(graph, ctx.statusOf), ctx)[0] // { code: "dependency_at_risk", severity: "high", subject: "i2", message: 'Blocked by kr1 "Ship billing" (off track).' }
 */
export function dependencyAlerts(
  blockers: ReadonlyMap<string, readonly string[]>,
  ctx: DependencyContext,
): Alert[] {
  const alerts: Alert[] = [];
  for (const [from, list] of blockers) {
    if (!ctx.inProgress(from)) continue;
    const offTrack = list.filter((id) => ctx.statusOf(id) === "off_track");
    const atRisk = list.filter((id) => ctx.statusOf(id) !== "off_track");
    const names = [...offTrack, ...atRisk].map(
      (id) => `${id} "${ctx.titleOf(id)}" (${(ctx.statusOf(id) as string).replace("_", " ")})`,
    );
    alerts.push({
      code: "dependency_at_risk",
      severity: offTrack.length > 0 ? "high" : "medium",
      subject: from,
      message: `Blocked by ${joinAnd(names)}.`,
    });
  }
  return alerts;
}

/**
 * "a", "a and b", "a, b and c".
 *
 * @example joinAnd(["a", "b", "c"]) // "a, b and c"
 */
export function joinAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
