/**
 * The dependency graph between key results and initiatives (`from` depends on `to`), and the two
 * questions asked of it: where does it loop (`dependency_cycle`), and what waits on an item (its blast
 * radius). Iterative algorithms throughout: 20k dependencies must not overflow the stack.
 *
 * Nodes are numbered in the code-unit order of their ids, and edges are kept as compressed adjacency
 * arrays (CSR), so sorting a list of nodes by id is sorting numbers and the hot loops touch no strings.
 */
import type { Dependency } from "../model/document.ts";
import type { LintFinding } from "../model/report.ts";
import { compareIds } from "./wsjf.ts";

export interface DependencyGraph {
  /** Every known id that takes part in at least one dependency, sorted; node n is `ids[n]`. */
  ids: readonly string[];
  nodeOf: ReadonlyMap<string, number>;
  /** Node n depends on `out[outStart[n]] … out[outStart[n + 1] - 1]`, ascending, each once. */
  outStart: Int32Array;
  out: Int32Array;
  /** For each entry of `out`, the index of the first dependency record of that edge. */
  outRecord: Int32Array;
  /** Node n is depended on by `into[intoStart[n]] … into[intoStart[n + 1] - 1]`, ascending. */
  intoStart: Int32Array;
  into: Int32Array;
}

/**
 * Builds the graph from the dependency records whose both ends are known ids; records naming an unknown
 * id are reported by `executionReferences` and left out here.
 *
 * @example
 * const g = buildDependencyGraph([{ from: "i1", to: "kr1" }], new Set(["i1", "kr1"]));
 * dependsOn(g, "i1") // ["kr1"]
 */
export function buildDependencyGraph(
  dependencies: readonly Dependency[],
  known: { has(id: string): boolean },
): DependencyGraph {
  // Number the ends in order of appearance first, then renumber them in id order.
  const seen = new Map<string, number>();
  const firstIds: string[] = [];
  const numberOf = (id: string): number => {
    let n = seen.get(id);
    if (n === undefined) {
      if (!known.has(id)) return -1;
      n = firstIds.length;
      seen.set(id, n);
      firstIds.push(id);
    }
    return n;
  };
  const edges: Edges = { from: [], to: [], record: [] };
  dependencies.forEach((d, i) => {
    const from = numberOf(d.from);
    const to = from < 0 ? -1 : numberOf(d.to);
    if (to < 0) return;
    edges.from.push(from);
    edges.to.push(to);
    edges.record.push(i);
  });

  const order = firstIds
    .map((_, n) => n)
    .sort((a, b) => compareIds(firstIds[a] as string, firstIds[b] as string));
  const ids = order.map((n) => firstIds[n] as string);
  const renumber = new Int32Array(ids.length);
  order.forEach((old, n) => {
    renumber[old] = n;
  });
  const nodeOf = new Map<string, number>();
  ids.forEach((id, n) => {
    nodeOf.set(id, n);
  });
  edges.from = edges.from.map((n) => renumber[n] as number);
  edges.to = edges.to.map((n) => renumber[n] as number);

  const { start: outStart, target: out, record: outRecord } = adjacency(ids.length, edges);
  const reverse: Edges = { from: [], to: [], record: [] };
  for (let node = 0; node < ids.length; node++) {
    for (let e = outStart[node] as number; e < (outStart[node + 1] as number); e++) {
      reverse.from.push(out[e] as number);
      reverse.to.push(node);
      reverse.record.push(outRecord[e] as number);
    }
  }
  const { start: intoStart, target: into } = adjacency(ids.length, reverse);
  return { ids, nodeOf, outStart, out, outRecord, intoStart, into };
}

const INSERTION_SORT_MAX = 32;

/** Edge e runs from node `from[e]` to node `to[e]` and comes from dependency record `record[e]`. */
interface Edges {
  from: number[];
  to: number[];
  record: number[];
}

/**
 * Compressed adjacency of `nodes` nodes: the targets of node n are `target[start[n]] …
 * target[start[n + 1] - 1]`, ascending, each once, with the smallest record of each.
 */
function adjacency(
  nodes: number,
  edges: Edges,
): { start: Int32Array; target: Int32Array; record: Int32Array } {
  // Counting sort by source, keeping the edges' order inside each bucket.
  const bucketStart = new Int32Array(nodes + 1);
  for (const from of edges.from) bucketStart[from + 1] = (bucketStart[from + 1] as number) + 1;
  for (let n = 1; n <= nodes; n++) {
    bucketStart[n] = (bucketStart[n] as number) + (bucketStart[n - 1] as number);
  }
  const fill = bucketStart.slice(0, nodes);
  const slots = new Int32Array(edges.from.length);
  edges.from.forEach((from, e) => {
    const at = fill[from] as number;
    fill[from] = at + 1;
    slots[at] = e;
  });

  // Each bucket is sorted by (target, record) into place, then its repeated targets are dropped, keeping
  // the first, which has the smallest record. Buckets usually hold a few edges: insertion sort, unless
  // one item has many dependencies, where its quadratic cost would show.
  const start = new Int32Array(nodes + 1);
  const target = new Int32Array(edges.from.length);
  const record = new Int32Array(edges.from.length);
  const byTargetThenRecord = (a: number, b: number) =>
    (edges.to[a] as number) - (edges.to[b] as number) ||
    (edges.record[a] as number) - (edges.record[b] as number);
  let end = 0;
  for (let node = 0; node < nodes; node++) {
    const first = end;
    start[node] = first;
    const bucket = slots.subarray(bucketStart[node], bucketStart[node + 1]);
    if (bucket.length > INSERTION_SORT_MAX) {
      for (const e of Array.from(bucket).sort(byTargetThenRecord)) {
        target[end] = edges.to[e] as number;
        record[end++] = edges.record[e] as number;
      }
    } else {
      for (const e of bucket) {
        const t = edges.to[e] as number;
        const r = edges.record[e] as number;
        let at = end++;
        for (; at > first; at--) {
          const before = target[at - 1] as number;
          if (before < t || (before === t && (record[at - 1] as number) < r)) break;
          target[at] = before;
          record[at] = record[at - 1] as number;
        }
        target[at] = t;
        record[at] = r;
      }
    }
    let kept = first;
    for (let i = first; i < end; i++) {
      if (i > first && target[i] === target[kept - 1]) continue;
      target[kept] = target[i] as number;
      record[kept] = record[i] as number;
      kept++;
    }
    end = kept;
  }
  start[nodes] = end;
  return { start, target: target.slice(0, end), record: record.slice(0, end) };
}

/**
 * The ids `id` depends on directly, sorted; none for an id outside the graph.
 *
 * @example dependsOn(buildDependencyGraph([{ from: "a", to: "b" }], new Set(["a", "b"])), "a") // ["b"]
 */
export function dependsOn(graph: DependencyGraph, id: string): string[] {
  const node = graph.nodeOf.get(id);
  if (node === undefined) return [];
  const list: string[] = [];
  for (let e = graph.outStart[node] as number; e < (graph.outStart[node + 1] as number); e++) {
    list.push(graph.ids[graph.out[e] as number] as string);
  }
  return list;
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
  const { componentOf, components } = stronglyConnected(graph);
  for (const component of components) {
    const first = component[0] as number;
    const selfLoop = edgeAt(graph, first, first) >= 0;
    if (component.length === 1 && !selfLoop) continue;
    const loop = selfLoop ? [first, first] : shortestLoop(graph, first, componentOf);
    const inLoop = new Set(loop);
    const rest = component.filter((node) => !inLoop.has(node));
    const name = (node: number) => graph.ids[node] as string;
    findings.push({
      code: "dependency_cycle",
      severity: "error",
      subject: name(first),
      path: `dependencies[${graph.outRecord[edgeAt(graph, first, loop[1] as number)]}]`,
      message:
        `Dependency cycle: ${showLoop(loop.map(name))}: none of them can finish first; remove or reverse ` +
        "one dependency." +
        (rest.length > 0 ? ` Also caught in the same knot: ${showList(rest.map(name))}.` : ""),
    });
  }
  // Components come out in no particular order; their first members are distinct nodes.
  return findings.sort((a, b) => compareIds(a.subject, b.subject));
}

/**
 * Everything that depends on `id`, directly or transitively, sorted; never `id` itself.
 *
 * @example blastRadius(graphOf({ b: "a", c: "b" }), "a") // ["b", "c"] (b depends on a, c on b)
 */
export function blastRadius(graph: DependencyGraph, id: string): string[] {
  const start = graph.nodeOf.get(id);
  if (start === undefined) return [];
  const seen = new Uint8Array(graph.ids.length);
  seen[start] = 1;
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (let e = graph.intoStart[node] as number; e < (graph.intoStart[node + 1] as number); e++) {
      const next = graph.into[e] as number;
      if (seen[next] === 0) {
        seen[next] = 1;
        queue.push(next);
      }
    }
  }
  return queue
    .slice(1)
    .sort((a, b) => a - b)
    .map((node) => graph.ids[node] as string);
}

/** Position in `out` of the edge from → to, or -1. */
function edgeAt(graph: DependencyGraph, from: number, to: number): number {
  for (let e = graph.outStart[from] as number; e < (graph.outStart[from + 1] as number); e++) {
    if (graph.out[e] === to) return e;
  }
  return -1;
}

/**
 * Tarjan's algorithm without recursion. Each component comes out with its members ascending (so its
 * first member has the smallest id); `componentOf` numbers them.
 */
function stronglyConnected(graph: DependencyGraph): { componentOf: Int32Array; components: number[][] } {
  const n = graph.ids.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let stackTop = 0;
  const workNode = new Int32Array(n);
  const workNext = new Int32Array(n);
  const componentOf = new Int32Array(n);
  const components: number[][] = [];
  let counter = 0;
  const visit = (node: number, depth: number) => {
    index[node] = counter;
    low[node] = counter++;
    stack[stackTop++] = node;
    onStack[node] = 1;
    workNode[depth] = node;
    workNext[depth] = graph.outStart[node] as number;
  };
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    visit(root, depth);
    while (depth >= 0) {
      const node = workNode[depth] as number;
      const next = workNext[depth] as number;
      if (next < (graph.outStart[node + 1] as number)) {
        workNext[depth] = next + 1;
        const to = graph.out[next] as number;
        if (index[to] === -1) visit(to, ++depth);
        else if (onStack[to] === 1) low[node] = Math.min(low[node] as number, index[to] as number);
        continue;
      }
      depth--;
      if (depth >= 0) {
        const parent = workNode[depth] as number;
        low[parent] = Math.min(low[parent] as number, low[node] as number);
      }
      if (low[node] === index[node]) {
        const component: number[] = [];
        let member: number;
        do {
          member = stack[--stackTop] as number;
          onStack[member] = 0;
          componentOf[member] = components.length;
          component.push(member);
        } while (member !== node);
        components.push(component.sort((a, b) => a - b));
      }
    }
  }
  return { componentOf, components };
}

/** Shortest path start → … → start inside start's component (breadth first, neighbours in id order). */
function shortestLoop(graph: DependencyGraph, start: number, componentOf: Int32Array): number[] {
  const previous = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head] as number;
    for (let e = graph.outStart[node] as number; e < (graph.outStart[node + 1] as number); e++) {
      const to = graph.out[e] as number;
      if (componentOf[to] !== componentOf[start]) continue;
      if (to === start) {
        const path: number[] = [];
        for (let at: number | undefined = node; at !== start && at !== undefined; at = previous.get(at)) {
          path.push(at);
        }
        return [start, ...path.reverse(), start];
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
