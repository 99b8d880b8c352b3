import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Dependency } from "../model/document.ts";
import type { KeyResultStatus } from "../model/report.ts";
import { worstStatus } from "./dependencies.ts";
import { blastRadius, buildDependencyGraph, dependencyCycles, dependsOn } from "./dependency-graph.ts";
import { assess, initiative, keyResult, makeDoc } from "./test-documents.ts";

/** An initiative's status from its key results' ids, as the execution layer works it out. */
const initiativeStatus = (ids: string[], statuses: ReadonlyMap<string, KeyResultStatus>) =>
  worstStatus(ids.map((id) => statuses.get(id)));

const graphOf = (deps: Array<[string, string]>) => {
  const dependencies = deps.map(([from, to]) => ({ from, to }));
  return buildDependencyGraph(dependencies, new Set(deps.flat()));
};

describe("initiative status", () => {
  it("is the worst of its key results' statuses", () => {
    const statuses = new Map([
      ["k1", "done"],
      ["k2", "no_data"],
      ["k3", "on_track"],
    ] as const);
    expect(initiativeStatus(["k1", "k2", "k3"], statuses)).toBe("no_data");
    expect(initiativeStatus(["k1", "k3"], statuses)).toBe("on_track");
  });

  it("orders off_track, at_risk, no_data, on_track, not_started, done from worst", () => {
    const order = ["off_track", "at_risk", "no_data", "on_track", "not_started", "done"] as const;
    order.forEach((worse, i) => {
      for (const better of order.slice(i + 1)) {
        const statuses = new Map([
          ["a", worse],
          ["b", better],
        ]);
        expect(initiativeStatus(["b", "a"], statuses)).toBe(worse);
      }
    });
  });

  it("ignores invalid and unknown key results, and has none without key results", () => {
    const statuses = new Map([
      ["bad", "invalid"],
      ["ok", "not_started"],
    ] as const);
    expect(initiativeStatus(["bad", "ok", "ghost"], statuses)).toBe("not_started");
    expect(initiativeStatus(["bad"], statuses)).toBeNull();
    expect(initiativeStatus([], statuses)).toBeNull();
  });

  it("shows in the initiative report", () => {
    const doc = makeDoc({
      keyResults: [keyResult("k1"), keyResult("k2")],
      initiatives: [initiative("a", { keyResultIds: ["k1", "k2"] }), initiative("b")],
    });
    const result = assess(doc, { statuses: { k1: "on_track", k2: "at_risk" } });
    expect(result.initiatives.map((i) => [i.id, i.status])).toEqual([
      ["a", "at_risk"],
      ["b", null],
    ]);
  });
});

describe("dependency_at_risk", () => {
  // A chain: launch (initiative) depends on api (KR), which depends on infra (KR).
  const doc = makeDoc({
    keyResults: [keyResult("api", { title: "API ready" }), keyResult("infra", { title: "Infra migrated" })],
    initiatives: [initiative("launch", { keyResultIds: ["api"] })],
    dependencies: [
      { from: "launch", to: "api" },
      { from: "api", to: "infra" },
    ],
  });

  it("goes to the item that depends on an off-track one, high, saying what is blocked and by what", () => {
    const result = assess(doc, { statuses: { api: "on_track", infra: "off_track" } });
    expect(result.alerts).toEqual([
      {
        code: "dependency_at_risk",
        severity: "high",
        subject: "api",
        message: "API ready (key result) is blocked by Infra migrated (off track).",
      },
    ]);
  });

  it("is medium when what it depends on is at risk, and reaches initiatives through their status", () => {
    const result = assess(doc, { statuses: { api: "at_risk", infra: "on_track" } });
    expect(result.alerts).toEqual([
      {
        code: "dependency_at_risk",
        severity: "medium",
        subject: "launch",
        message: "Initiative launch (initiative) is blocked by API ready (at risk).",
      },
    ]);
    expect(result.initiatives[0]).toMatchObject({
      dependsOn: ["api"],
      blockedBy: ["api"],
      status: "at_risk",
    });
  });

  it("names every blocker, off-track ones first, in one alert", () => {
    const two = makeDoc({
      keyResults: [keyResult("a"), keyResult("b"), keyResult("c")],
      dependencies: [
        { from: "c", to: "a" },
        { from: "c", to: "b" },
      ],
    });
    const result = assess(two, { statuses: { a: "at_risk", b: "off_track", c: "on_track" } });
    expect(result.alerts).toHaveLength(1);
    expect(result.alerts[0]).toMatchObject({ severity: "high", subject: "c" });
    expect(result.alerts[0]?.message).toBe(
      "KR c (key result) is blocked by KR b (off track) and KR a (at risk).",
    );
  });

  it("is not raised when the dependent's own cycle is not in progress", () => {
    const result = assess(doc, { statuses: { api: "on_track", infra: "off_track" }, inProgress: [] });
    expect(result.alerts).toEqual([]);
  });

  it("is not raised for done, on-track or unscored blockers", () => {
    const result = assess(doc, { statuses: { api: "done", infra: "no_data" } });
    expect(result.alerts).toEqual([]);
  });
});

describe("blast radius", () => {
  it("lists what depends on an off-track item directly or transitively", () => {
    // c depends on b, b on a, d on a; e is unrelated.
    const graph = graphOf([
      ["b", "a"],
      ["c", "b"],
      ["d", "a"],
      ["e", "f"],
    ]);
    expect(blastRadius(graph, "a")).toEqual(["b", "c", "d"]);
    expect(blastRadius(graph, "b")).toEqual(["c"]);
    expect(blastRadius(graph, "c")).toEqual([]);
  });

  it("never includes the item itself, even in a cycle", () => {
    const graph = graphOf([
      ["a", "b"],
      ["b", "a"],
    ]);
    expect(blastRadius(graph, "a")).toEqual(["b"]);
  });

  it("follows dependencies across key results and initiatives", () => {
    const doc = makeDoc({
      keyResults: [keyResult("k1"), keyResult("k2"), keyResult("k3")],
      initiatives: [initiative("i1", { keyResultIds: ["k3"] })],
      dependencies: [
        { from: "k2", to: "k1" },
        { from: "i1", to: "k2" },
        { from: "k1", to: "k3" },
      ],
    });
    const graph = buildDependencyGraph(doc.dependencies ?? [], new Set(["k1", "k2", "k3", "i1"]));
    expect(blastRadius(graph, "k1")).toEqual(["i1", "k2"]);
  });
});

describe("dependency graph", () => {
  it.each([10, 100])(
    "keeps one edge per pair, in id order, from its first record, for an item with %i dependencies",
    (count) => {
      const targets = Array.from({ length: count }, (_, i) => `t${String(i).padStart(3, "0")}`);
      // Listed backwards and each twice; then one target depends back on the hub.
      const dependencies = [...targets].reverse().flatMap((to) => [
        { from: "hub", to },
        { from: "hub", to },
      ]);
      const back = targets[5] as string;
      dependencies.push({ from: back, to: "hub" });
      const graph = buildDependencyGraph(dependencies, new Set(["hub", ...targets]));
      expect(dependsOn(graph, "hub")).toEqual(targets);
      expect(blastRadius(graph, "hub")).toEqual([back]);
      const cycles = dependencyCycles(graph);
      expect(cycles.map((c) => [c.subject, c.path])).toEqual([
        ["hub", `dependencies[${(count - 1 - 5) * 2}]`],
      ]);
    },
  );
});

describe("dependency_cycle", () => {
  it("reports a loop once, from its smallest id, with the path of its first edge", () => {
    const doc = makeDoc({
      keyResults: [keyResult("a"), keyResult("b"), keyResult("c")],
      dependencies: [
        { from: "b", to: "c" },
        { from: "c", to: "a" },
        { from: "a", to: "b" },
      ],
    });
    const cycles = assess(doc).lint;
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toMatchObject({
      code: "dependency_cycle",
      severity: "error",
      subject: "a",
      path: "dependencies[2]",
    });
    expect(cycles[0]?.message).toMatch(/^Dependency cycle: a → b → c → a:/);
  });

  it("reports separate loops separately and a self-dependency as a loop", () => {
    const graph = graphOf([
      ["a", "b"],
      ["b", "a"],
      ["x", "y"],
      ["y", "x"],
      ["s", "s"],
      ["x", "a"],
    ]);
    expect(dependencyCycles(graph).map((f) => [f.subject, f.message.split(":")[1]])).toEqual([
      ["a", " a → b → a"],
      ["s", " s → s"],
      ["x", " x → y → x"],
    ]);
  });

  it("reports a knot of several loops once, naming the rest of the knot", () => {
    const graph = graphOf([
      ["a", "b"],
      ["b", "a"],
      ["a", "c"],
      ["c", "d"],
      ["d", "a"],
    ]);
    const findings = dependencyCycles(graph);
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toContain("a → b → a");
    expect(findings[0]?.message).toContain("Also caught in the same knot: c, d.");
  });

  it("finds nothing in a chain or a diamond", () => {
    const graph = graphOf([
      ["a", "b"],
      ["a", "c"],
      ["b", "d"],
      ["c", "d"],
    ]);
    expect(dependencyCycles(graph)).toEqual([]);
  });

  it("handles a long chain that loops without running out of stack", () => {
    const n = 50_000;
    const deps: Array<[string, string]> = [];
    for (let i = 0; i < n; i++) deps.push([`n${i}`, `n${(i + 1) % n}`]);
    const findings = dependencyCycles(graphOf(deps));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.subject).toBe("n0");
    expect(findings[0]?.message).toMatch(
      /^Dependency cycle: n0 → n1 → .* → n8 → … 49990 more → n49999 → n0:/,
    );
  });

  it("gives the same findings whatever the order of the dependencies", () => {
    const ids = ["a", "b", "c", "d", "e"];
    const edge = fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids));
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 12 }), (edges) => {
        const toDeps = (list: Array<[string, string]>): Dependency[] =>
          list.map(([from, to]) => ({ from, to }));
        const forward = dependencyCycles(buildDependencyGraph(toDeps(edges), new Set(ids)));
        const backward = dependencyCycles(buildDependencyGraph(toDeps([...edges].reverse()), new Set(ids)));
        expect(forward.map((f) => [f.subject, f.message])).toEqual(
          backward.map((f) => [f.subject, f.message]),
        );
      }),
    );
  });
});
