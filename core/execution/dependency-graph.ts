/**
 * The dependency graph between key results and initiatives (`from` depends on `to`), and the two
 * questions asked of it: where does it loop (`dependency_cycle`), and what waits on an item (its blast
 * radius). Iterative algorithms throughout: 20k dependencies must not overflow the stack.
 */
import type { Dependency } from "../model/document.ts";
import type { LintFinding } from "../model/report.ts";
import { compareIds } from "./wsjf.ts";

export interface DependencyGraph {
  /** Every known id that takes part in at least one dependency, sorted. */
  nodes: string[];
  /** from → the ids it depends on (sorted, unique). */
  dependsOn: ReadonlyMap<string, readonly string[]>;
  /** to → the ids that depend on it (sorted, unique). */
  dependents: ReadonlyMap<string, readonly string[]>;
  /** "from→to" → index of the first dependency record of that edge. */
  edgeIndex: ReadonlyMap<string, number>;
}

const EMPTY: readonly string[] = [];

/**
 * Builds the graph from the dependency records whose both ends are known ids; records naming an unknown
 * id are reported by `executionReferences` and left out here.
 *
 * @example
 * const g = buildDependencyGraph([{ from: "i1", to: "kr1" }], new Set(["i1", "kr1"]));
 * g.dependents.get("kr1") // ["i1"]
 */
export function buildDependencyGraph(
  dependencies: readonly Dependency[],
  known: ReadonlySet<string>,
): DependencyGraph {
  // Each edge is kept once (edgeIndex dedupes), so plain arrays suffice.
  const out = new Map<string, string[]>();
  const inn = new Map<string, string[]>();
  const edgeIndex = new Map<string, number>();
  dependencies.forEach((d, i) => {
    if (!known.has(d.from) || !known.has(d.to)) return;
    const key = edgeKey(d.from, d.to);
    if (edgeIndex.has(key)) return;
    edgeIndex.set(key, i);
    addTo(out, d.from, d.to);
    addTo(inn, d.to, d.from);
    if (!out.has(d.to)) out.set(d.to, []);
    if (!inn.has(d.from)) inn.set(d.from, []);
  });
  for (const list of out.values()) list.sort(compareIds);
  for (const list of inn.values()) list.sort(compareIds);
  return {
    nodes: [...out.keys()].sort(compareIds),
    dependsOn: out,
    dependents: inn,
    edgeIndex,
  };
}

/**
 * One `dependency_cycle` error per knot of mutually dependent items (strongly connected component), so
 * each loop is reported once however many ways round it there are. The subject is the knot's smallest
 * id; the message walks a shortest loop from it and names the rest of the knot.
 *
 * @example dependencyCycles(graph)[0].message // "Dependency cycle: a → b → a. …"
 */
export function dependencyCycles(graph: DependencyGraph): LintFinding[] {
  const findings: LintFinding[] = [];
  for (const component of stronglyConnected(graph)) {
    const first = component[0] as string;
    const selfLoop = graph.edgeIndex.has(edgeKey(first, first));
    if (component.length === 1 && !selfLoop) continue;
    const members = new Set(component);
    const loop = selfLoop ? [first, first] : shortestLoop(graph, first, members);
    const inLoop = new Set(loop);
    const rest = component.filter((id) => !inLoop.has(id));
    const index = graph.edgeIndex.get(edgeKey(first, loop[1] as string));
    findings.push({
      code: "dependency_cycle",
      severity: "error",
      subject: first,
      ...(index === undefined ? {} : { path: `dependencies[${index}]` }),
      message:
        `Dependency cycle: ${showLoop(loop)}: none of them can finish first; remove or reverse one ` +
        "dependency." +
        (rest.length > 0 ? ` Also caught in the same knot: ${showList(rest)}.` : ""),
    });
  }
  return findings.sort((a, b) => compareIds(a.subject, b.subject));
}

/**
 * Everything that depends on `id`, directly or transitively, sorted; never `id` itself.
 *
 * @example blastRadius(graphOf({ b: "a", c: "b" }), "a") // ["b", "c"] (b depends on a, c on b)
 */
export function blastRadius(graph: DependencyGraph, id: string): string[] {
  const seen = new Set<string>([id]);
  const queue = [id];
  for (let head = 0; head < queue.length; head++) {
    for (const next of graph.dependents.get(queue[head] as string) ?? EMPTY) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  seen.delete(id);
  return [...seen].sort(compareIds);
}

/** Tarjan's algorithm without recursion; components come out with sorted members. */
function stronglyConnected(graph: DependencyGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;
  for (const root of graph.nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number };
      const edges = graph.dependsOn.get(frame.node) ?? EMPTY;
      if (frame.next < edges.length) {
        const to = edges[frame.next++] as string;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node) as number, index.get(to) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) {
        low.set(parent.node, Math.min(low.get(parent.node) as number, low.get(frame.node) as number));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component.sort(compareIds));
      }
    }
  }
  return components;
}

/** Shortest path start → … → start inside the component (breadth first, sorted neighbours). */
function shortestLoop(graph: DependencyGraph, start: string, members: ReadonlySet<string>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as string;
    for (const to of graph.dependsOn.get(node) ?? EMPTY) {
      if (!members.has(to)) continue;
      if (to === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== start && at !== undefined; at = previous.get(at)) {
          path.push(at);
        }
        return [start, ...path.slice(1).reverse(), start];
      }
      if (!previous.has(to)) {
        previous.set(to, node);
        queue.push(to);
      }
    }
  }
  return [start, start];
}

const SHOWN = 10;

/** A loop for people: long ones are shortened in the middle. */
function showLoop(loop: readonly string[]): string {
  if (loop.length <= SHOWN + 1) return loop.join(" → ");
  const hidden = loop.length - SHOWN - 1;
  return [...loop.slice(0, SHOWN - 1), `… ${hidden} more`, ...loop.slice(-2)].join(" → ");
}

function showList(ids: readonly string[]): string {
  if (ids.length <= SHOWN) return ids.join(", ");
  return `${ids.slice(0, SHOWN).join(", ")} and ${ids.length - SHOWN} more`;
}

function addTo(m: Map<string, string[]>, key: string, value: string): void {
  const list = m.get(key);
  if (list === undefined) m.set(key, [value]);
  else list.push(value);
}

function edgeKey(from: string, to: string): string {
  return `${from}\u0000${to}`;
}
