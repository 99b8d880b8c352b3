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
 * An initiative's status from its key results' statuses: the worst of them, skipping `invalid` and
 * unknown (undefined) ones; null when none is left.
 *
 * @example worstStatus(["done", undefined, "at_risk"]) // "at_risk"
 */
export function worstStatus(statuses: ReadonlyArray<KeyResultStatus | undefined>): InitiativeStatus | null {
  let worst: number | null = null;
  for (const status of statuses) {
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
 * What blocks each node of the graph: its direct dependencies that are at risk or off track, in id
 * order (a self-dependency is a cycle, not a blocker). Undefined for a node without blockers.
 * `status[node]` is the status of the node's key result or initiative (null: it has none).
 *
 * @example graph.ids[blockersOf(graph, statusOfNodes)[graph.nodeOf("i2")]?.[0]] // "kr1"
 */
export function blockersOf(
  graph: DependencyGraph,
  status: ReadonlyArray<KeyResultStatus | null>,
): Array<number[] | undefined> {
  const nodes = graph.ids.length;
  const blockers = new Array<number[] | undefined>(nodes).fill(undefined);
  for (let node = 0; node < nodes; node++) {
    let list: number[] | undefined; // most nodes have no blocker: no list for them
    for (let e = graph.outStart[node] as number; e < (graph.outStart[node + 1] as number); e++) {
      const to = graph.out[e] as number;
      if (to === node || !isBlocking(status[to])) continue;
      if (list === undefined) list = [];
      list.push(to);
    }
    blockers[node] = list;
  }
  return blockers;
}

/** What the alerts say of each node of the graph, by node. */
export interface NodeFacts {
  /** Status of the key result or initiative of the node; null when it has none. */
  status: ReadonlyArray<KeyResultStatus | null>;
  /** 1 when the cycle the node's item belongs to is in progress on asOf. */
  inProgress: Uint8Array;
  title: readonly string[];
  /** 1 when the node's item is an initiative, 0 for a key result. */
  initiative: Uint8Array;
}

/**
 * One `dependency_at_risk` alert per node whose cycle is in progress and that has a blocker (what
 * `blockersOf` returns); high when one of those is off track. The message says what is blocked, by its
 * name and kind, then names every blocker (id and name), off-track ones first. In node order: sort
 * them for a report.
 *
 * @example dependencyAlerts(graph, blockers, nodes)[0] // { code: "dependency_at_risk", severity: "high", subject: "i2", message: "Launch EU (initiative) is blocked by Ship billing (off track)." }
 */
export function dependencyAlerts(
  graph: DependencyGraph,
  blockers: ReadonlyArray<readonly number[] | undefined>,
  nodes: NodeFacts,
): Alert[] {
  const alerts: Alert[] = [];
  // A blocker usually blocks several items: its name is written once.
  const names = new Array<string | undefined>(graph.ids.length);
  for (let from = 0; from < blockers.length; from++) {
    const list = blockers[from];
    if (list === undefined || nodes.inProgress[from] !== 1) continue;
    const first: string[] = [];
    const then: string[] = [];
    for (const node of list) {
      const status = nodes.status[node] as KeyResultStatus;
      let name = names[node];
      if (name === undefined) {
        name = `${nodes.title[node]} (${status.replace("_", " ")})`;
        names[node] = name;
      }
      (status === "off_track" ? first : then).push(name);
    }
    alerts.push({
      code: "dependency_at_risk",
      severity: first.length > 0 ? "high" : "medium",
      subject: graph.ids[from] as string,
      message: `${nodes.title[from]} (${nodes.initiative[from] === 1 ? "initiative" : "key result"}) is blocked by ${joinAnd(first.concat(then))}.`,
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
