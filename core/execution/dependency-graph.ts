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
  const number = (id: string): number => {
    let n = seen.get(id);
    if (n === undefined) {
      if (!known.has(id)) return -1;
      n = firstIds.length;
      seen.set(id, n);
      firstIds.push(id);
    }
    return n;
  };
  const from: number[] = [];
  const to: number[] = [];
  const record: number[] = [];
  for (let i = 0; i < dependencies.length; i++) {
    const d = dependencies[i] as Dependency;
    const f = number(d.from);
    if (f < 0) continue;
    const t = number(d.to);
    if (t < 0) continue;
    from.push(f);
    to.push(t);
    record.push(i);
  }

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

  // Counting sort by `from` keeps record order inside each bucket; then each bucket is sorted by `to`
  // (stable, so the first record of a repeated edge comes first) and its repeats are dropped.
  const n = ids.length;
  const start = new Int32Array(n + 1);
  for (const f of from) bump(start, (renumber[f] as number) + 1);
  accumulate(start);
  const fill = start.slice(0, n);
  const bucketTo = new Int32Array(from.length);
  const bucketRecord = new Int32Array(from.length);
  for (let e = 0; e < from.length; e++) {
    const at = bump(fill, renumber[from[e] as number] as number);
    bucketTo[at] = renumber[to[e] as number] as number;
    bucketRecord[at] = record[e] as number;
  }
  const outStart = new Int32Array(n + 1);
  const out = new Int32Array(from.length);
  const outRecord = new Int32Array(from.length);
  let m = 0;
  for (let node = 0; node < n; node++) {
    outStart[node] = m;
    const first = m;
    for (let e = start[node] as number; e < (start[node + 1] as number); e++) {
      // Insertion sort into place: buckets are small (a few dependencies per item).
      const t = bucketTo[e] as number;
      const r = bucketRecord[e] as number;
      let at = m;
      while (
        at > first &&
        ((out[at - 1] as number) > t || (out[at - 1] === t && (outRecord[at - 1] as number) > r))
      ) {
        out[at] = out[at - 1] as number;
        outRecord[at] = outRecord[at - 1] as number;
        at--;
      }
      out[at] = t;
      outRecord[at] = r;
      m++;
    }
    let kept = first;
    for (let e = first; e < m; e++) {
      if (e > first && out[e] === out[kept - 1]) continue;
      out[kept] = out[e] as number;
      outRecord[kept] = outRecord[e] as number;
      kept++;
    }
    m = kept;
  }
  outStart[n] = m;

  // The reverse edges: walking `from` in ascending order fills each bucket in ascending order.
  const intoStart = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) bump(intoStart, (out[e] as number) + 1);
  accumulate(intoStart);
  const intoFill = intoStart.slice(0, n);
  const into = new Int32Array(m);
  for (let node = 0; node < n; node++) {
    for (let e = outStart[node] as number; e < (outStart[node + 1] as number); e++) {
      into[bump(intoFill, out[e] as number)] = node;
    }
  }
  return {
    ids,
    nodeOf,
    outStart,
    out: out.slice(0, m),
    outRecord: outRecord.slice(0, m),
    intoStart,
    into,
  };
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

/** Adds one to `counts[i]` and returns its value before. */
function bump(counts: Int32Array, i: number): number {
  const before = counts[i] as number;
  counts[i] = before + 1;
  return before;
}

/** Turns counts into running totals, in place: bucket i then starts at `counts[i]`. */
function accumulate(counts: Int32Array): void {
  for (let i = 1; i < counts.length; i++) counts[i] = (counts[i] as number) + (counts[i - 1] as number);
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
