/**
 * The dependency graph between key results and initiatives (`from` depends on `to`), and the two
 * questions asked of it: where does it loop (`dependency_cycle`), and what waits on an item (its blast
 * radius). Iterative algorithms throughout: 20k dependencies must not overflow the stack.
 *
 * Nodes are numbered in order of appearance and edges are kept as compressed adjacency arrays (CSR), so
 * the hot loops touch no strings. Each node's dependencies are kept in id order (code units), which
 * makes every list and every loop reported the same whatever the document's order.
 */
import { compareText } from "../compare.ts";
import type { CascadeDocument, Dependency } from "../model/document.ts";
import type { LintFinding } from "../model/report.ts";

export interface DependencyGraph {
  /** Every known id that takes part in a dependency between known ids; node n is `ids[n]`. */
  ids: readonly string[];
  /** The node of an id; undefined when it takes part in no dependency. */
  nodeOf(id: string): number | undefined;
  /** The node of an item (as numbered by whoever resolved the ends), or -1. */
  nodeOfItem: Int32Array;
  /** The item of each node: `nodeOfItem` read backwards. */
  itemOfNode: Int32Array;
  /** Node n depends on `out[outStart[n]] … out[outStart[n + 1] - 1]`, in id order, each once. */
  outStart: Int32Array;
  out: Int32Array;
  /** For each entry of `out`, the index of the first dependency record of that edge. */
  outRecord: Int32Array;
  /** Node n is depended on by `into[intoStart[n]] … into[intoStart[n + 1] - 1]`, in no set order. */
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
  const numberOf = new Map<string, number>();
  const names: string[] = [];
  const from = new Int32Array(dependencies.length);
  const to = new Int32Array(dependencies.length);
  for (let i = 0; i < dependencies.length; i++) {
    const d = dependencies[i] as Dependency;
    from[i] = numberFor(d.from, known, numberOf, names);
    to[i] = numberFor(d.to, known, numberOf, names);
  }
  return graphOfResolved({ from, to }, { ids: names, itemOf: numberOf });
}

/** The number of a known id, numbering it if it is new; -1 for an unknown id. */
function numberFor(
  id: string,
  known: { has(id: string): boolean },
  numberOf: Map<string, number>,
  names: string[],
): number {
  let n = numberOf.get(id);
  if (n === undefined) {
    if (!known.has(id)) return -1;
    n = names.length;
    numberOf.set(id, n);
    names.push(id);
  }
  return n;
}

/**
 * The graph of a document's dependencies between its key results and initiatives (for the agenda and
 * the pipeline's blast radius; the report's own sections use `graphOfResolved` on resolved items).
 *
 * @example blastRadius(documentGraph(doc), "kr-1") // everything that waits on kr-1
 */
export function documentGraph(
  doc: Pick<CascadeDocument, "keyResults" | "initiatives" | "dependencies">,
): DependencyGraph {
  const known = new Set([...doc.keyResults.map((k) => k.id), ...(doc.initiatives ?? []).map((i) => i.id)]);
  return buildDependencyGraph(doc.dependencies ?? [], known);
}

/** Numbered things with ids, as `indexItems` numbers key results and initiatives. */
export interface Numbering {
  /** The id of each item. */
  ids: readonly string[];
  itemOf: ReadonlyMap<string, number>;
}

/**
 * The graph of dependency records whose ends are already resolved to numbers (-1: unknown), each item
 * having its own id. Records with an unknown end are left out.
 */
export function graphOfResolved(
  ends: { from: Int32Array; to: Int32Array },
  numbering: Numbering,
): DependencyGraph {
  // The items that take part, numbered as nodes in order of appearance, and the edges between them.
  const nodes: Nodes = {
    itemIds: numbering.ids,
    nodeOfItem: new Int32Array(numbering.ids.length).fill(-1),
    ids: [],
    members: [],
  };
  const { nodeOfItem, ids, members } = nodes;
  const records = ends.from.length;
  const edges: Edges = {
    from: new Int32Array(records),
    to: new Int32Array(records),
    record: new Int32Array(records),
  };
  let count = 0;
  for (let e = 0; e < records; e++) {
    const from = ends.from[e] as number;
    const to = ends.to[e] as number;
    if (from < 0 || to < 0) continue;
    join(nodes, from);
    join(nodes, to);
    edges.from[count] = nodeOfItem[from] as number;
    edges.to[count] = nodeOfItem[to] as number;
    edges.record[count++] = e;
  }
  const kept = (array: Int32Array) => array.subarray(0, count);

  const {
    start: outStart,
    target: out,
    record: outRecord,
  } = adjacency(ids.length, { from: kept(edges.from), to: kept(edges.to), record: kept(edges.record) }, ids);
  // Every edge turned round: the source of each entry of `out` is found by walking outStart.
  const sources = new Int32Array(out.length);
  for (let node = 0; node < ids.length; node++) {
    for (let e = outStart[node] as number; e < (outStart[node + 1] as number); e++) sources[e] = node;
  }
  const { start: intoStart, target: into } = adjacency(
    ids.length,
    { from: out, to: sources, record: outRecord },
    null,
  );
  const nodeOf = (id: string): number | undefined => {
    const item = numbering.itemOf.get(id);
    const node = item === undefined || item < 0 ? -1 : (nodeOfItem[item] as number);
    return node < 0 ? undefined : node;
  };
  const itemOfNode = Int32Array.from(members);
  return { ids, nodeOf, nodeOfItem, itemOfNode, outStart, out, outRecord, intoStart, into };
}

/** The nodes of a graph being built: items numbered in order of appearance. */
interface Nodes {
  itemIds: readonly string[];
  nodeOfItem: Int32Array;
  /** The id and the item of each node. */
  ids: string[];
  members: number[];
}

/** Numbers an item as the next node unless it has a node already. */
function join(nodes: Nodes, item: number): void {
  if (nodes.nodeOfItem[item] !== -1) return;
  nodes.nodeOfItem[item] = nodes.ids.length;
  nodes.ids.push(nodes.itemIds[item] as string);
  nodes.members.push(item);
}

const INSERTION_SORT_MAX = 32;

/** Edge e runs from node `from[e]` to node `to[e]` and comes from dependency record `record[e]`. */
interface Edges {
  from: Int32Array;
  to: Int32Array;
  record: Int32Array;
}

/**
 * Compressed adjacency of `nodes` nodes: the targets of node n are `target[start[n]] …
 * target[start[n + 1] - 1]`. Given the nodes' `ids`, they are sorted by id, each once, with the smallest
 * record of each; without, they keep the edges' order.
 */
function adjacency(
  nodes: number,
  edges: Edges,
  ids: readonly string[] | null,
): { start: Int32Array; target: Int32Array; record: Int32Array } {
  // Counting sort by source, keeping the edges' order inside each bucket.
  const count = edges.from.length;
  const bucketStart = new Int32Array(nodes + 1);
  for (let e = 0; e < count; e++) {
    const from = edges.from[e] as number;
    bucketStart[from + 1] = (bucketStart[from + 1] as number) + 1;
  }
  for (let n = 1; n <= nodes; n++) {
    bucketStart[n] = (bucketStart[n] as number) + (bucketStart[n - 1] as number);
  }
  const fill = bucketStart.slice(0, nodes);
  const target = new Int32Array(count);
  const record = new Int32Array(count);
  for (let e = 0; e < count; e++) {
    const from = edges.from[e] as number;
    const at = fill[from] as number;
    fill[from] = at + 1;
    target[at] = edges.to[e] as number;
    record[at] = edges.record[e] as number;
  }
  if (ids === null) return { start: bucketStart, target, record };

  // Records ascend inside each bucket. Each bucket is sorted stably by target, so the first edge of a
  // repeated target has its smallest record, and the repeats are dropped. Buckets usually hold a few
  // edges: insertion sort, unless one item has many dependencies, where its quadratic cost would show.
  const start = new Int32Array(nodes + 1);
  let end = 0;
  for (let node = 0; node < nodes; node++) {
    const first = end;
    start[node] = first;
    const from = bucketStart[node] as number;
    const to = bucketStart[node + 1] as number;
    if (to - from > INSERTION_SORT_MAX) {
      const bucket = Array.from(target.subarray(from, to), (t, i) => ({ t, r: record[from + i] as number }));
      for (const edge of bucket.sort((a, b) => compareText(ids[a.t] as string, ids[b.t] as string))) {
        target[end] = edge.t;
        record[end++] = edge.r;
      }
    } else {
      for (let e = from; e < to; e++) {
        const t = target[e] as number;
        const r = record[e] as number;
        let at = end++;
        for (
          ;
          at > first && compareText(ids[target[at - 1] as number] as string, ids[t] as string) > 0;
          at--
        ) {
          target[at] = target[at - 1] as number;
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
  const node = graph.nodeOf(id);
  return node === undefined ? [] : dependsOnNode(graph, node);
}

/** The ids node `node` depends on directly, sorted. */
export function dependsOnNode(graph: DependencyGraph, node: number): string[] {
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
  const { componentOf, knots } = stronglyConnected(graph);
  for (const component of knots) {
    const first = component[0] as number;
    const selfLoop = edgeAt(graph, first, first) >= 0;
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
  return findings.sort((a, b) => compareText(a.subject, b.subject));
}

/**
 * Everything that depends on `id`, directly or transitively, sorted; never `id` itself.
 *
 * @example blastRadius(graphOf({ b: "a", c: "b" }), "a") // ["b", "c"] (b depends on a, c on b)
 */
export function blastRadius(graph: DependencyGraph, id: string): string[] {
  const start = graph.nodeOf(id);
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
    .map((node) => graph.ids[node] as string)
    .sort(compareText);
}

/** Position in `out` of the edge from → to, or -1. */
function edgeAt(graph: DependencyGraph, from: number, to: number): number {
  for (let e = graph.outStart[from] as number; e < (graph.outStart[from + 1] as number); e++) {
    if (graph.out[e] === to) return e;
  }
  return -1;
}

/**
 * Tarjan's algorithm without recursion. `componentOf` numbers every node's strongly connected component;
 * `knots` are the components that loop (more than one member, or one that depends on itself), each with
 * its members in id order (so its first member has the smallest id). Lone nodes, nearly all of them in a
 * real plan, get a number and no list.
 */
function stronglyConnected(graph: DependencyGraph): { componentOf: Int32Array; knots: number[][] } {
  const n = graph.ids.length;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  let stackTop = 0;
  const workNode = new Int32Array(n);
  const workNext = new Int32Array(n);
  const componentOf = new Int32Array(n);
  let componentCount = 0;
  const knots: number[][] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    let enter = root; // the node to visit next, or -1
    while (depth >= 0) {
      if (enter !== -1) {
        index[enter] = counter;
        low[enter] = counter++;
        stack[stackTop++] = enter;
        onStack[enter] = 1;
        workNode[depth] = enter;
        workNext[depth] = graph.outStart[enter] as number;
        enter = -1;
      }
      const node = workNode[depth] as number;
      const next = workNext[depth] as number;
      if (next < (graph.outStart[node + 1] as number)) {
        workNext[depth] = next + 1;
        const to = graph.out[next] as number;
        if (index[to] === -1) {
          enter = to;
          depth++;
        } else if (onStack[to] === 1) low[node] = Math.min(low[node] as number, index[to] as number);
        continue;
      }
      depth--;
      if (depth >= 0) {
        const parent = workNode[depth] as number;
        low[parent] = Math.min(low[parent] as number, low[node] as number);
      }
      if (low[node] !== index[node]) continue;
      const component = componentCount++;
      if (stack[stackTop - 1] === node) {
        stackTop--;
        onStack[node] = 0;
        componentOf[node] = component;
        if (edgeAt(graph, node, node) >= 0) knots.push([node]);
        continue;
      }
      const members: number[] = [];
      let member: number;
      do {
        member = stack[--stackTop] as number;
        onStack[member] = 0;
        componentOf[member] = component;
        members.push(member);
      } while (member !== node);
      knots.push(members.sort((a, b) => compareText(graph.ids[a] as string, graph.ids[b] as string)));
    }
  }
  return { componentOf, knots };
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
