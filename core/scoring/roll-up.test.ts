import { describe, expect, it } from "vitest";
import { documentWith, keyResult, objective } from "../../tests/fixtures/document.ts";
import type { CascadeDocument } from "../model/document.ts";
import { scoreCascade } from "../report.ts";
import { weightedMean, weightedMeanInOrder } from "./roll-up.ts";

const ASOF = "2026-02-16"; // day 42 of 84: expected 0.5

function scoresOf(doc: CascadeDocument, asOf = ASOF) {
  const report = scoreCascade(doc, asOf);
  const objectives = new Map(report.objectives.map((o) => [o.id, o]));
  const goals = new Map(report.goals.map((g) => [g.id, g.score]));
  const imperatives = new Map(report.imperatives.map((i) => [i.id, i.score]));
  return { report, objectives, goals, imperatives };
}

describe("objective roll-up", () => {
  it("averages KRs at 0.27 and 0.18 with a child objective at 0.73 into 0.39", () => {
    const doc = documentWith({
      objectives: [objective("o1"), objective("o2", { parentId: "o1", goalId: undefined })],
      keyResults: [
        keyResult("a", { current: 27 }),
        keyResult("b", { current: 18 }),
        keyResult("c", { objectiveId: "o2", current: 73 }),
      ],
    });
    const { objectives } = scoresOf(doc);
    expect(objectives.get("o2")?.score).toBeCloseTo(0.73, 12);
    expect(objectives.get("o1")?.score).toBeCloseTo(0.39333, 4);
    expect(objectives.get("o1")?.grade).toBe("red");
    expect(objectives.get("o1")?.status).toBe("at_risk"); // 0.393 / 0.5 = 0.79
  });

  it("counts no_data KRs as 0, leaves out invalid KRs and weight-0 contributors", () => {
    const doc = documentWith({
      keyResults: [
        keyResult("a", { current: 80 }),
        keyResult("b"), // no data: counts 0
        keyResult("c", { start: 5, target: 5, current: 5 }), // invalid: left out
        keyResult("d", { current: 0, weight: 0 }), // weight 0: left out
        keyResult("e", { current: 50, weight: 2 }),
      ],
    });
    // (0.8·1 + 0·1 + 0.5·2) / 4 = 0.45
    expect(scoresOf(doc).objectives.get("o1")?.score).toBeCloseTo(0.45, 12);
  });

  it("gives null and no_data when all weights are 0 or there is nothing to count", () => {
    const doc = documentWith({
      objectives: [objective("o1"), objective("o2")],
      keyResults: [keyResult("a", { current: 80, weight: 0 })],
    });
    const { objectives } = scoresOf(doc);
    expect(objectives.get("o1")).toMatchObject({ score: null, status: "no_data", grade: null });
    expect(objectives.get("o2")).toMatchObject({ score: null, status: "no_data", grade: null });
  });

  it("rolls up objectives nested three deep", () => {
    const doc = documentWith({
      objectives: [
        objective("o1"),
        objective("o2", { parentId: "o1", goalId: undefined }),
        objective("o3", { parentId: "o2", goalId: undefined, weight: 3 }),
      ],
      keyResults: [
        keyResult("a", { current: 100 }),
        keyResult("b", { objectiveId: "o2", current: 40 }),
        keyResult("c", { objectiveId: "o3", current: 20 }),
      ],
    });
    const { objectives } = scoresOf(doc);
    expect(objectives.get("o3")?.score).toBeCloseTo(0.2, 12);
    expect(objectives.get("o2")?.score).toBeCloseTo((0.4 + 0.2 * 3) / 4, 12); // 0.25
    expect(objectives.get("o1")?.score).toBeCloseTo((1 + 0.25) / 2, 12);
    expect(objectives.get("o1")?.grade).toBe("yellow");
  });

  it("terminates on a loop of parents, ignoring the looping links", () => {
    const doc = documentWith({
      objectives: [
        objective("o1", { parentId: "o2" }),
        objective("o2", { parentId: "o1" }),
        objective("o3", { parentId: "o1", goalId: undefined }),
      ],
      keyResults: [
        keyResult("a", { current: 60 }),
        keyResult("b", { objectiveId: "o2", current: 10 }),
        keyResult("c", { objectiveId: "o3", current: 20 }),
      ],
    });
    const { objectives, report } = scoresOf(doc);
    expect(objectives.get("o1")?.score).toBeCloseTo(0.4, 12);
    expect(objectives.get("o2")?.score).toBeCloseTo(0.1, 12);
    expect(report.lint.filter((f) => f.code === "parent_cycle")).toHaveLength(1);
  });
});

describe("goal and imperative roll-up", () => {
  it("counts top-level objectives of the goal whose cycle has started, with their weights", () => {
    const doc = documentWith({
      cycles: [
        { id: "q1", start: "2026-01-05", end: "2026-03-30" },
        { id: "q2", start: "2026-04-01", end: "2026-06-30" },
      ],
      goals: [
        { id: "g1", title: "G1", imperativeId: "i1", year: 2026 },
        { id: "g2", title: "G2", imperativeId: "i1", year: 2026, weight: 3 },
        { id: "g3", title: "G3", imperativeId: "i1", year: 2026 },
      ],
      objectives: [
        objective("o1"),
        objective("o2", { weight: 3 }),
        objective("o3", { parentId: "o1" }), // has a parent: not a direct contributor of g1
        objective("o4", { cycleId: "q2" }), // cycle not started
        objective("o5", { goalId: "g2" }),
        objective("o6", { goalId: "g3" }), // no key results: null score
      ],
      keyResults: [
        keyResult("a", { current: 20 }),
        keyResult("b", { objectiveId: "o2", current: 60 }),
        keyResult("c", { objectiveId: "o3", current: 100 }),
        keyResult("d", { objectiveId: "o4", current: 100 }),
        keyResult("e", { objectiveId: "o5", current: 100 }),
      ],
    });
    const { goals, imperatives, objectives } = scoresOf(doc);
    const o1 = objectives.get("o1")?.score as number; // (0.2 + 1) / 2 = 0.6
    expect(o1).toBeCloseTo(0.6, 12);
    expect(goals.get("g1")).toBeCloseTo((0.6 + 0.6 * 3) / 4, 12);
    expect(goals.get("g2")).toBe(1);
    expect(goals.get("g3")).toBeNull();
    expect(imperatives.get("i1")).toBeCloseTo((0.6 + 1 * 3) / 4, 12);
  });

  it("gives null to an imperative without scored goals", () => {
    const doc = documentWith({
      imperatives: [
        { id: "i1", title: "Win" },
        { id: "i2", title: "Other" },
      ],
    });
    expect(scoresOf(doc).imperatives.get("i2")).toBeNull();
  });
});

describe("weightedMean", () => {
  it("returns null with no positive weight", () => {
    expect(weightedMean([{ key: "a", score: 1, weight: 0 }])).toBeNull();
    expect(weightedMean([])).toBeNull();
    expect(
      weightedMeanInOrder([
        { score: 1, weight: 0 },
        { score: 1, weight: Number.NaN },
      ]),
    ).toBeNull();
  });

  it("sums in key order whatever the order given; the in-order mean sums as listed", () => {
    // 0.1 + 0.2 + 0.3 and 0.3 + 0.2 + 0.1 differ in the last bit: the order of the sum shows.
    const a = { key: "a", score: 0.1, weight: 1 };
    const b = { key: "b", score: 0.2, weight: 1 };
    const c = { key: "c", score: 0.3, weight: 1 };
    expect((0.1 + 0.2 + 0.3) / 3).not.toBe((0.3 + 0.2 + 0.1) / 3);
    expect(weightedMean([c, b, a])).toBe((0.1 + 0.2 + 0.3) / 3);
    expect(weightedMeanInOrder([a, b, c])).toBe((0.1 + 0.2 + 0.3) / 3);
    expect(weightedMeanInOrder([c, b, a])).toBe((0.3 + 0.2 + 0.1) / 3);
  });

  it("weighs, leaves weight 0 out, and stays within the scores' min and max", () => {
    expect(
      weightedMeanInOrder([
        { score: 1, weight: 3 },
        { score: 0, weight: 1 },
        { score: 0.5, weight: 0 },
      ]),
    ).toBe(0.75);
    expect(
      weightedMeanInOrder([
        { score: 0.7, weight: 1 },
        { score: 0.7, weight: 2 },
        { score: 0.7, weight: 4 },
      ]),
    ).toBe(0.7);
  });
});

describe("deep nesting", () => {
  it("scores a chain of 20,000 nested objectives without running out of stack", () => {
    const depth = 20_000;
    const objectives = Array.from({ length: depth }, (_, i) =>
      objective(`o${i}`, i === 0 ? {} : { goalId: undefined, parentId: `o${i - 1}` }),
    );
    const doc = documentWith({
      objectives,
      keyResults: [keyResult("kr", { objectiveId: `o${depth - 1}`, current: 50 })],
    });
    const report = scoreCascade(doc, "2026-02-01");
    // One key result at 50 % rolls up unchanged through every level.
    expect(report.objectives.find((o) => o.id === "o0")?.score).toBe(0.5);
    expect(report.objectives).toHaveLength(depth);
  });
});
