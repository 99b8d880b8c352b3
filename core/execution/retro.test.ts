import { describe, expect, it } from "vitest";
import type { ObjectiveScore, ScoreReport } from "../model/report.ts";
import { buildRetrospective, gradeOf, stretchReading } from "./retro.ts";
import { renderRetrospectiveMarkdown } from "./retro-markdown.ts";
import { keyResult, makeDoc, scored } from "./test-documents.ts";

const doc = makeDoc({
  cycles: [
    { id: "q1", name: "Q1 2026", start: "2026-01-05", end: "2026-03-30" },
    { id: "q2", start: "2026-03-31", end: "2026-06-29" },
  ],
  objectives: [
    { id: "o1", title: "Grow", cycleId: "q1", team: "sales", owner: "Sam" },
    { id: "o2", title: "Retain", cycleId: "q1", team: "sales" },
    { id: "o3", title: "Build", cycleId: "q1", team: "eng" },
    { id: "o4", title: "Hire", cycleId: "q1" },
    { id: "o5", title: "Later", cycleId: "q2", team: "sales" },
  ],
  keyResults: [
    keyResult("k1", {
      objectiveId: "o1",
      title: "Pipeline",
      checkIns: [
        { date: "2026-02-02", value: 10, note: "Slow start: two reps out." },
        { date: "2026-01-12", value: 5, note: "Kick-off." },
        { date: "2026-02-02", value: 11, note: "Corrected." },
        { date: "2026-04-06", value: 90, note: "Next cycle." },
      ],
    }),
    keyResult("k2", { objectiveId: "o2", title: "Renewals", checkIns: [{ date: "2026-01-20", note: "  " }] }),
    keyResult("k3", { objectiveId: "o3", title: "Platform", owner: "Eve" }),
    keyResult("k4", { objectiveId: "o4", title: "Bad" }),
    keyResult("k5", { objectiveId: "o5", title: "Next" }),
    keyResult("held", { objectiveId: "o1", kind: "range", low: 1, high: 2 }),
    keyResult("broke", { objectiveId: "o1", kind: "range", low: 1, high: 2 }),
    keyResult("parked", { objectiveId: "o1", weight: 0 }),
  ],
});

function objectiveScore(id: string, score: number | null): ObjectiveScore {
  return { id, score, expected: 1, status: score === null ? "no_data" : "at_risk", grade: gradeOf(score) };
}

const asked: string[] = [];
const scoreAt = (asOf: string): ScoreReport => {
  asked.push(asOf);
  return {
    asOf,
    organization: "Test Co",
    keyResults: [
      { ...scored("k1", "at_risk"), progress: 0.55 },
      scored("k2", "done"),
      { ...scored("k3", "no_data"), progress: 0 },
      scored("k4", "invalid"),
      scored("k5", "not_started"),
      { ...scored("held", "on_track"), kind: "range", progress: 0.8 },
      { ...scored("broke", "off_track"), kind: "range", progress: 0.5 },
      scored("parked", "off_track"),
    ],
    objectives: [
      objectiveScore("o1", 0.65),
      objectiveScore("o2", 0.95),
      objectiveScore("o3", null),
      objectiveScore("o4", 0.3),
      objectiveScore("o5", 0),
    ],
    goals: [],
    imperatives: [],
    alerts: [],
    lint: [],
    initiatives: [],
    capacity: [],
    health: { metrics: [], areas: [] },
    reallocations: [],
  };
};

describe("the retrospective", () => {
  const retro = buildRetrospective(doc, "q1", scoreAt);

  it("scores the cycle as of its end", () => {
    expect(asked).toEqual(["2026-03-30"]);
    expect(retro).toMatchObject({ cycleId: "q1", cycleName: "Q1 2026", asOf: "2026-03-30" });
  });

  it("gives the final score and grade per objective of the cycle", () => {
    expect(retro?.objectives.map((o) => [o.id, o.team, o.score, o.grade])).toEqual([
      ["o4", null, 0.3, "red"],
      ["o3", "eng", null, null],
      ["o1", "sales", 0.65, "yellow"],
      ["o2", "sales", 0.95, "green"],
    ]);
  });

  it("gives each team the plain mean of its objectives' scores", () => {
    expect(retro?.teams).toEqual([
      { team: "eng", objectives: 1, score: null, grade: null },
      { team: "sales", objectives: 2, score: 0.8, grade: "green" },
      { team: null, objectives: 1, score: 0.3, grade: "red" },
    ]);
  });

  it("reads the cycle's mean: (0.65 + 0.95 + 0.3) / 3 = 0.633 is in the stretch zone", () => {
    expect(retro?.mean).toBeCloseTo(0.6333, 4);
    expect(retro?.reading).toBe("stretch_zone");
    expect(retro?.readingText).toMatch(/^Mean 0\.63\. In the 0\.6–0\.7 stretch zone/);
  });

  it("proposes the unfinished key results for carry-over: not invalid, held ranges or weight 0", () => {
    expect(retro?.carryOver).toEqual([
      { id: "broke", title: "KR broke", objectiveId: "o1", owner: "Sam", progress: 0.5, status: "off_track" },
      { id: "k1", title: "Pipeline", objectiveId: "o1", owner: "Sam", progress: 0.55, status: "at_risk" },
      { id: "k3", title: "Platform", objectiveId: "o3", owner: "Eve", progress: 0, status: "no_data" },
    ]);
  });

  it("gathers the cycle's check-in notes by date, keeping same-day notes in document order", () => {
    expect(retro?.notes).toEqual([
      { date: "2026-01-12", keyResultId: "k1", keyResultTitle: "Pipeline", note: "Kick-off." },
      {
        date: "2026-02-02",
        keyResultId: "k1",
        keyResultTitle: "Pipeline",
        note: "Slow start: two reps out.",
      },
      { date: "2026-02-02", keyResultId: "k1", keyResultTitle: "Pipeline", note: "Corrected." },
    ]);
  });

  it("is null for an unknown cycle", () => {
    expect(buildRetrospective(doc, "q9", scoreAt)).toBeNull();
  });

  it("renders markdown with the reading, tables, carry-over checkboxes and notes", () => {
    const md = renderRetrospectiveMarkdown(retro as NonNullable<typeof retro>);
    expect(md.split("\n")[0]).toBe("# Retrospective: Q1 2026 (2026-01-05 to 2026-03-30)");
    expect(md).toContain("| sales | 2 | 0.8 | green |");
    expect(md).toContain("| (no team) | 1 | 0.3 | red |");
    expect(md).toContain("| Build (`o3`) | eng | – | – | – |");
    expect(md).toContain("- [ ] **Pipeline** (`k1`, owner Sam): 55% done, at risk.");
    expect(md).toContain("- 2026-02-02, Pipeline (`k1`): Slow start: two reps out.");
  });

  it("reads a computed mean that lands a rounding error off a bound as on it", () => {
    // (0.85 + 0.95) / 2 is 0.8999999999999999 and (0.1 + 0.7) / 2 is 0.39999999999999997 in floating point.
    const withScores = (a: number, b: number) =>
      buildRetrospective(doc, "q1", (asOf) => {
        const report = scoreAt(asOf);
        const scores = [objectiveScore("o1", a), objectiveScore("o2", b)];
        return { ...report, objectives: [...scores, objectiveScore("o3", null), objectiveScore("o4", null)] };
      });
    expect(withScores(0.85, 0.95)?.reading).toBe("not_ambitious");
    expect(withScores(0.85, 0.95)?.teams.find((t) => t.team === "sales")?.grade).toBe("green");
    expect(withScores(0.1, 0.7)?.reading).toBe("below_stretch");
    expect(withScores(0.1, 0.7)?.readingText).toMatch(/^Mean 0\.4\. Below the 0\.6–0\.7 stretch zone/);
    expect(withScores(0.6, 0.9)?.reading).toBe("above_stretch");
  });

  it("says so when a cycle has nothing to show", () => {
    const empty = buildRetrospective(makeDoc({ objectives: [] }), "q1", scoreAt);
    expect(empty).toMatchObject({ mean: null, reading: null, objectives: [], carryOver: [], notes: [] });
    const md = renderRetrospectiveMarkdown(empty as NonNullable<typeof empty>);
    expect(md).toContain("No objective of this cycle has a score, so there is no mean to read.");
    expect(md).toContain("No objectives in this cycle.");
    expect(md).toContain("nothing to carry over");
  });
});

describe("stretch reading", () => {
  it("reads the bands at their exact edges", () => {
    expect(stretchReading(0.9)).toBe("not_ambitious");
    expect(stretchReading(0.8999)).toBe("above_stretch");
    expect(stretchReading(0.7001)).toBe("above_stretch");
    expect(stretchReading(0.7)).toBe("stretch_zone");
    expect(stretchReading(0.6)).toBe("stretch_zone");
    expect(stretchReading(0.5999)).toBe("below_stretch");
    expect(stretchReading(0.4)).toBe("below_stretch");
    expect(stretchReading(0.3999)).toBe("over_reach");
    expect(stretchReading(null)).toBeNull();
  });

  it("counts a mean within a rounding error of an edge as on it, and only that", () => {
    expect(stretchReading((0.85 + 0.95) / 2)).toBe("not_ambitious");
    expect(stretchReading(0.9 - 1e-8)).toBe("above_stretch");
    expect(stretchReading(0.7 + Number.EPSILON)).toBe("stretch_zone");
    expect(stretchReading(0.7 + 1e-8)).toBe("above_stretch");
    expect(stretchReading((0.1 + 0.7) / 2)).toBe("below_stretch");
    expect(stretchReading(0.4 - 1e-8)).toBe("over_reach");
  });

  it("grades like Google: green ≥ 0.7, yellow ≥ 0.4, else red", () => {
    expect([gradeOf(0.7), gradeOf(0.6999), gradeOf(0.4), gradeOf(0.3999)]).toEqual([
      "green",
      "yellow",
      "yellow",
      "red",
    ]);
  });
});
