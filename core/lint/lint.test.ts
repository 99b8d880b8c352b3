import { describe, expect, it } from "vitest";
import { CYCLE, documentWith, keyResult, objective } from "../../tests/fixtures/document.ts";
import { DUPLICATE_ID_PROBLEMS, duplicateIdsDocument } from "../../tests/fixtures/duplicate-ids.ts";
import type { CascadeDocument } from "../model/document.ts";
import { resolveSettings } from "../settings.ts";
import { lintDocument } from "./index.ts";
import { duplicateIdProblems } from "./references.ts";

const threeKrs = (objectiveId: string) =>
  [1, 2, 3].map((n) => keyResult(`${objectiveId}-k${n}`, { objectiveId, current: 10 }));

function findings(parts: Partial<CascadeDocument>) {
  const doc = documentWith({ keyResults: threeKrs("o1"), ...parts });
  return lintDocument(doc, resolveSettings(doc)).map((f) => ({
    code: f.code,
    severity: f.severity,
    subject: f.subject,
    path: f.path,
  }));
}

describe("lintDocument", () => {
  it("finds nothing in a well-aligned document", () => {
    expect(findings({})).toEqual([]);
  });

  it("reports an id used twice across sections", () => {
    const result = findings({
      goals: [{ id: "o1", title: "G", imperativeId: "i1", year: 2026 }],
      objectives: [objective("o1", { goalId: "o1" })],
    });
    expect(result).toContainEqual({
      code: "duplicate_id",
      severity: "error",
      subject: "o1",
      path: "objectives[0].id",
    });
  });

  it("names, for refusing an ambiguous document, each later use of an id and where it was first used", () => {
    expect(duplicateIdProblems(duplicateIdsDocument())).toEqual(DUPLICATE_ID_PROBLEMS);
    const thrice = documentWith({ keyResults: [keyResult("k"), keyResult("k"), keyResult("k")] });
    expect(duplicateIdProblems(thrice)).toEqual([
      { path: "keyResults[1].id", message: 'duplicate id "k" (also keyResults[0].id)' },
      { path: "keyResults[2].id", message: 'duplicate id "k" (also keyResults[0].id)' },
    ]);
    expect(duplicateIdProblems(documentWith({ keyResults: threeKrs("o1") }))).toEqual([]);
  });

  it("names the field path of each unknown reference", () => {
    const result = findings({
      objectives: [objective("o1", { cycleId: "q9", parentId: "nope", team: "t9" })],
      teams: [{ id: "t1", capacity: { q7: 10 } }],
      keyResults: [...threeKrs("o1"), keyResult("x", { objectiveId: "o9", current: 1 })],
    });
    const paths = result.filter((f) => f.code === "unknown_reference").map((f) => f.path);
    expect(paths.sort()).toEqual(
      [
        "keyResults[3].objectiveId",
        "objectives[0].cycleId",
        "objectives[0].parentId",
        "objectives[0].team",
        "teams[0].capacity.q7",
      ].sort(),
    );
  });

  it("reports orphan objectives, goals without imperatives and unsupported goals", () => {
    const result = findings({
      goals: [
        { id: "g1", title: "G1", imperativeId: "i1", year: 2026 },
        { id: "g2", title: "G2", imperativeId: "ix", year: 2026 },
      ],
      objectives: [objective("o1"), objective("o2", { goalId: undefined })],
      keyResults: [...threeKrs("o1"), ...threeKrs("o2")],
    });
    expect(result).toContainEqual({
      code: "orphan_objective",
      severity: "error",
      subject: "o2",
      path: "objectives[1]",
    });
    expect(result).toContainEqual({
      code: "goal_without_imperative",
      severity: "error",
      subject: "g2",
      path: "goals[1].imperativeId",
    });
    expect(result).toContainEqual({
      code: "unsupported_goal",
      severity: "warning",
      subject: "g2",
      path: "goals[1]",
    });
  });

  it("accepts an objective aligned through its parent", () => {
    const result = findings({
      objectives: [objective("o1"), objective("o2", { goalId: undefined, parentId: "o1" })],
      keyResults: [...threeKrs("o1"), ...threeKrs("o2")],
    });
    expect(result).toEqual([]);
  });

  it("reports one parent_cycle per loop and the looping objectives as orphans when no goal is reached", () => {
    const result = findings({
      objectives: [
        objective("o1"),
        objective("a", { goalId: undefined, parentId: "b" }),
        objective("b", { goalId: undefined, parentId: "c" }),
        objective("c", { goalId: undefined, parentId: "a" }),
      ],
      keyResults: [...threeKrs("o1"), ...threeKrs("a"), ...threeKrs("b"), ...threeKrs("c")],
    });
    expect(result.filter((f) => f.code === "parent_cycle")).toEqual([
      { code: "parent_cycle", severity: "error", subject: "a", path: "objectives[1].parentId" },
    ]);
    expect(
      result
        .filter((f) => f.code === "orphan_objective")
        .map((f) => f.subject)
        .sort(),
    ).toEqual(["a", "b", "c"]);
  });

  it("reports objectives without key results or children, and invalid key results", () => {
    const result = findings({
      objectives: [objective("o1"), objective("o2")],
      keyResults: [...threeKrs("o1"), keyResult("bad", { start: 3, target: 3 })],
    });
    expect(result).toContainEqual({
      code: "objective_without_key_results",
      severity: "error",
      subject: "o2",
      path: "objectives[1]",
    });
    expect(result).toContainEqual({
      code: "invalid_key_result",
      severity: "error",
      subject: "bad",
      path: "keyResults[3]",
    });
  });

  it("warns about too many objectives and wildly important goals per team and cycle", () => {
    const objectives = [1, 2, 3, 4, 5, 6].map((n) => objective(`o${n}`, { team: "t1", wig: n <= 3 }));
    const result = findings({ objectives, keyResults: objectives.flatMap((o) => threeKrs(o.id)) });
    expect(result).toContainEqual({
      code: "too_many_objectives",
      severity: "warning",
      subject: "t1",
      path: undefined,
    });
    expect(result).toContainEqual({
      code: "too_many_wigs",
      severity: "warning",
      subject: "t1",
      path: undefined,
    });
  });

  it("respects the limits set in the document", () => {
    const objectives = [1, 2, 3].map((n) => objective(`o${n}`, { team: "t1" }));
    const result = findings({
      settings: { limits: { objectivesPerTeam: 2, minKeyResults: 1, maxKeyResults: 2 } },
      objectives,
      keyResults: objectives.flatMap((o) => threeKrs(o.id)),
    });
    expect(result.filter((f) => f.code === "too_many_objectives")).toHaveLength(1);
    expect(result.filter((f) => f.code === "key_result_count")).toHaveLength(3);
  });

  it("warns about an objective with fewer than minKeyResults or more than maxKeyResults", () => {
    const six = [1, 2, 3, 4, 5, 6].map((n) => keyResult(`k${n}`, { current: 1 }));
    expect(findings({ keyResults: six })).toContainEqual({
      code: "key_result_count",
      severity: "warning",
      subject: "o1",
      path: "objectives[0]",
    });
    expect(findings({ keyResults: six.slice(0, 2) })).toContainEqual({
      code: "key_result_count",
      severity: "warning",
      subject: "o1",
      path: "objectives[0]",
    });
    expect(findings({ keyResults: six.slice(0, 5) })).toEqual([]);
  });

  it("warns when a cycle uses perspectives but misses one of the four", () => {
    const objectives = (["financial", "customer", "internal"] as const).map((perspective, n) =>
      objective(`o${n}`, { perspective }),
    );
    const result = findings({ objectives, keyResults: objectives.flatMap((o) => threeKrs(o.id)) });
    expect(result).toContainEqual({
      code: "perspective_gap",
      severity: "warning",
      subject: "q1",
      path: undefined,
    });
  });
});

describe("check_in_outside_cycle", () => {
  it("warns once per key result, naming the check-ins dated outside its objective's cycle", () => {
    const doc = documentWith({
      keyResults: [
        keyResult("kr-out", {
          checkIns: [
            { date: "2026-04-02", value: 9 },
            { date: "2026-01-01", value: 1 },
            { date: "2026-02-01", value: 5 },
          ],
        }),
        keyResult("kr-in", {
          checkIns: [
            { date: CYCLE.start, value: 2 },
            { date: CYCLE.end, value: 3 },
          ],
        }),
      ],
    });
    const findings = lintDocument(doc, resolveSettings(doc)).filter(
      (f) => f.code === "check_in_outside_cycle",
    );
    expect(findings).toEqual([
      {
        code: "check_in_outside_cycle",
        severity: "warning",
        subject: "kr-out",
        path: "keyResults[0].checkIns",
        message: `2 check-ins are dated outside cycle q1 (${CYCLE.start} to ${CYCLE.end}): 2026-01-01, 2026-04-02. They still count.`,
      },
    ]);
  });
});
