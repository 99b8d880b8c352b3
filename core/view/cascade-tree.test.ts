import { describe, expect, it } from "vitest";
import type { CascadeDocument, KeyResult, Objective } from "../model/document.ts";
import { scoreCascade } from "../report.ts";
import {
  type CascadeTree,
  type CascadeTreeFilters,
  cascadeTree,
  type ObjectiveNode,
} from "./cascade-tree.ts";

const AS_OF = "2026-02-16";

function objective(id: string, fields: Partial<Objective> = {}): Objective {
  return { id, title: `Objective ${id}`, cycleId: "q1", ...fields };
}

function keyResult(id: string, objectiveId: string, fields: Partial<KeyResult> = {}): KeyResult {
  return { id, objectiveId, title: `KR ${id}`, kind: "increase", start: 0, target: 100, ...fields };
}

/**
 * Two imperatives with a goal each, plus an empty goal; growth's `sell` has platform's `speed` below it,
 * which has growth's `docs` below it; platform's `uptime` stands alone.
 */
function documentWith(parts: Partial<CascadeDocument> = {}): CascadeDocument {
  return {
    version: 1,
    organization: "Test Co",
    cycles: [
      { id: "q1", start: "2026-01-05", end: "2026-03-30" },
      { id: "q2", start: "2026-03-30", end: "2026-06-29" },
    ],
    imperatives: [
      { id: "win", title: "Win" },
      { id: "trust", title: "Be trusted" },
    ],
    goals: [
      { id: "grow", title: "Grow", imperativeId: "win", year: 2026 },
      { id: "idle", title: "Nobody works on this", imperativeId: "win", year: 2026 },
      { id: "reliable", title: "Stay up", imperativeId: "trust", year: 2026 },
    ],
    objectives: [
      objective("sell", { goalId: "grow", team: "growth" }),
      objective("speed", { parentId: "sell", team: "platform" }),
      objective("docs", { parentId: "speed", team: "growth", cycleId: "q2" }),
      objective("uptime", { goalId: "reliable", team: "platform" }),
    ],
    keyResults: [
      keyResult("sell-b", "sell"),
      keyResult("sell-a", "sell", { checkIns: [{ date: "2026-02-09", value: 40 }] }),
      keyResult("speed-1", "speed"),
      keyResult("docs-1", "docs"),
      keyResult("uptime-1", "uptime"),
    ],
    ...parts,
  };
}

function treeOf(doc: CascadeDocument, filters: CascadeTreeFilters = {}): CascadeTree {
  return cascadeTree(doc, scoreCascade(doc, AS_OF), filters);
}

/** Every objective node of the tree, depth first, as `id` or `id (context)`. */
function objectivesShown(tree: CascadeTree): string[] {
  const out: string[] = [];
  const walk = (nodes: ObjectiveNode[]) => {
    for (const node of nodes) {
      out.push(node.context ? `${node.id} (context)` : node.id);
      walk(node.children);
    }
  };
  for (const imperative of tree.imperatives) for (const goal of imperative.goals) walk(goal.objectives);
  for (const goal of tree.unlinked.goals) walk(goal.objectives);
  walk(tree.unlinked.objectives);
  return out;
}

function findObjective(tree: CascadeTree, id: string): ObjectiveNode | undefined {
  const stack: ObjectiveNode[] = [];
  for (const imperative of tree.imperatives)
    for (const goal of imperative.goals) stack.push(...goal.objectives);
  stack.push(...tree.unlinked.objectives);
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node.id === id) return node;
    stack.push(...node.children);
  }
  return undefined;
}

describe("cascadeTree", () => {
  it("nests imperatives, goals, objectives under their parent and key results, in the document's order", () => {
    const tree = treeOf(documentWith());
    expect(tree.imperatives.map((i) => [i.id, i.goals.map((g) => g.id)])).toEqual([
      ["win", ["grow", "idle"]],
      ["trust", ["reliable"]],
    ]);
    const sell = tree.imperatives[0]?.goals[0]?.objectives[0];
    expect(sell?.id).toBe("sell");
    expect(sell?.keyResults.map((k) => k.id)).toEqual(["sell-b", "sell-a"]);
    expect(sell?.children.map((c) => c.id)).toEqual(["speed"]);
    expect(sell?.children[0]?.children.map((c) => c.id)).toEqual(["docs"]);
    expect(tree.unlinked).toEqual({ goals: [], objectives: [] });
  });

  it("shows every goal and imperative without a filter, empty ones too", () => {
    const doc = documentWith({
      imperatives: [...documentWith().imperatives, { id: "later", title: "Later" }],
    });
    const tree = treeOf(doc);
    expect(tree.imperatives.map((i) => i.id)).toEqual(["win", "trust", "later"]);
    expect(tree.imperatives[0]?.goals[1]).toMatchObject({ id: "idle", objectives: [] });
    expect(objectivesShown(tree)).toEqual(["sell", "speed", "docs", "uptime"]);
  });

  it("shows a matching objective's parent as context without its key results", () => {
    const tree = treeOf(documentWith(), { team: "platform" });
    expect(objectivesShown(tree)).toEqual(["sell (context)", "speed", "uptime"]);
    expect(findObjective(tree, "sell")?.keyResults).toEqual([]);
    expect(findObjective(tree, "speed")?.keyResults.map((k) => k.id)).toEqual(["speed-1"]);
  });

  it("keeps every objective above a matching one as context, however deep", () => {
    const tree = treeOf(documentWith(), { cycle: "q2" });
    expect(objectivesShown(tree)).toEqual(["sell (context)", "speed (context)", "docs"]);
  });

  it("hides an objective that does not match and has no matching one below it, even under a matching one", () => {
    const tree = treeOf(documentWith(), { team: "growth", cycle: "q1" });
    expect(objectivesShown(tree)).toEqual(["sell"]);
    expect(findObjective(tree, "sell")?.children).toEqual([]);
  });

  it("hides goals and imperatives with nothing shown when filtering", () => {
    const growth = treeOf(documentWith(), { team: "growth" });
    expect(growth.imperatives.map((i) => [i.id, i.goals.map((g) => g.id)])).toEqual([["win", ["grow"]]]);
    const nobody = treeOf(documentWith(), { team: "nobody" });
    expect(nobody.imperatives).toEqual([]);
    expect(nobody.unlinked).toEqual({ goals: [], objectives: [] });
  });

  it("groups what the cascade's links do not reach, each objective once", () => {
    const base = documentWith();
    const doc = documentWith({
      goals: [...base.goals, { id: "stray", title: "Stray", imperativeId: "gone", year: 2026 }],
      objectives: [
        ...base.objectives,
        objective("no-goal"),
        objective("lost-goal", { goalId: "gone" }),
        objective("under-stray", { goalId: "stray" }),
        objective("orphan", { parentId: "missing", goalId: "grow" }),
        objective("orphan-child", { parentId: "orphan" }),
        objective("loop-a", { parentId: "loop-b" }),
        objective("loop-b", { parentId: "loop-a" }),
        objective("self", { parentId: "self" }),
      ],
    });
    const tree = treeOf(doc);
    expect(tree.unlinked.goals.map((g) => [g.id, g.objectives.map((o) => o.id)])).toEqual([
      ["stray", ["under-stray"]],
    ]);
    expect(tree.unlinked.objectives.map((o) => [o.id, o.children.map((c) => c.id)])).toEqual([
      ["no-goal", []],
      ["lost-goal", []],
      ["orphan", ["orphan-child"]],
      ["loop-a", ["loop-b"]],
      ["self", []],
    ]);
    const shown = objectivesShown(tree);
    expect(shown).toHaveLength(new Set(shown).size);
    expect(new Set(shown)).toEqual(new Set(doc.objectives.map((o) => o.id)));
  });

  it("hides an unlinked goal with nothing shown when filtering", () => {
    const base = documentWith();
    const doc = documentWith({
      goals: [...base.goals, { id: "stray", title: "Stray", imperativeId: "gone", year: 2026 }],
      objectives: [...base.objectives, objective("under-stray", { goalId: "stray", team: "growth" })],
    });
    expect(treeOf(doc).unlinked.goals.map((g) => g.id)).toEqual(["stray"]);
    expect(treeOf(doc, { team: "platform" }).unlinked.goals).toEqual([]);
  });

  it("carries the report's numbers on every node", () => {
    const doc = documentWith();
    const report = scoreCascade(doc, AS_OF);
    const tree = cascadeTree(doc, report);
    const win = tree.imperatives[0];
    expect(win?.score).toBe(report.imperatives.find((i) => i.id === "win")?.score);
    expect(win?.goals[0]?.score).toBe(report.goals.find((g) => g.id === "grow")?.score);
    const sell = findObjective(tree, "sell");
    const sellScore = report.objectives.find((o) => o.id === "sell");
    expect(sell).toMatchObject({
      score: sellScore?.score,
      expected: sellScore?.expected,
      status: sellScore?.status,
      grade: sellScore?.grade,
    });
    const kr = sell?.keyResults.find((k) => k.id === "sell-a");
    const krScore = report.keyResults.find((k) => k.id === "sell-a");
    expect(kr).toMatchObject({
      progress: krScore?.progress,
      expected: krScore?.expected,
      status: krScore?.status,
      current: 40,
    });
  });

  it("lays out a chain of 30,000 nested objectives without running out of stack", () => {
    const count = 30_000;
    const objectives = Array.from({ length: count }, (_, i) =>
      objective(`o${i}`, i === 0 ? { goalId: "grow" } : { parentId: `o${i - 1}` }),
    );
    const doc = documentWith({ objectives, keyResults: [] });
    const empty = scoreCascade(documentWith({ objectives: [], keyResults: [] }), AS_OF);
    const tree = cascadeTree(doc, empty, { cycle: "q1" });
    let depth = 0;
    for (
      let node = tree.imperatives[0]?.goals[0]?.objectives[0];
      node !== undefined;
      node = node.children[0]
    ) {
      depth++;
    }
    expect(depth).toBe(count);
  });
});
