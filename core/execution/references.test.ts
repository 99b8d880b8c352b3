import { describe, expect, it } from "vitest";
import { executionReferences } from "./references.ts";
import { initiative, keyResult, makeDoc } from "./test-documents.ts";

describe("unknown_reference in the execution sections", () => {
  const doc = makeDoc({
    teams: [{ id: "core" }],
    keyResults: [keyResult("k1")],
    initiatives: [
      initiative("ok", { keyResultIds: ["k1"] }),
      initiative("other", { team: "ops", cycleId: "q9", keyResultIds: ["k1", "k404"] }),
    ],
    tradeOffs: [
      {
        id: "t1",
        cycleId: "q1",
        team: "core",
        admitted: "ghost",
        dropped: ["ok", "other"],
        decidedBy: "CEO",
        date: "2026-02-01",
        reason: "focus",
      },
    ],
    dependencies: [
      { from: "ok", to: "k1" },
      { from: "nobody", to: "k2" },
    ],
    reallocations: [{ id: "r1", date: "2026-02-01", from: "ok", to: "k1", amount: 5 }],
  });

  it("names the JSON path of every field that resolves to nothing", () => {
    expect(executionReferences(doc).map((f) => [f.subject, f.path])).toEqual([
      ["other", "initiatives[1].team"],
      ["other", "initiatives[1].cycleId"],
      ["other", "initiatives[1].keyResultIds[1]"],
      ["t1", "tradeOffs[0].admitted"],
      ["t1", "tradeOffs[0].dropped[1]"],
      ["nobody", "dependencies[1].from"],
      ["nobody", "dependencies[1].to"],
      ["r1", "reallocations[0].to"],
    ]);
  });

  it("says what was expected and what it found", () => {
    const findings = executionReferences(doc);
    expect(findings[2]).toEqual({
      code: "unknown_reference",
      severity: "error",
      subject: "other",
      path: "initiatives[1].keyResultIds[1]",
      message: 'initiatives[1].keyResultIds[1] names key result "k404", which is not in the document.',
    });
    expect(findings[4]?.message).toBe(
      'tradeOffs[0].dropped[1] names initiative "other" of team ops, cycle q9, not of this trade-off\'s ' +
        "team core, cycle q1.",
    );
  });

  it("treats teams as free text while the document declares none", () => {
    const noTeams = makeDoc({ initiatives: [initiative("x", { team: "anything" })] });
    expect(executionReferences(noTeams)).toEqual([]);
  });
});
