import { describe, expect, it } from "vitest";
import { documentWith, keyResult, objective } from "../../tests/fixtures/document.ts";
import type { Alert } from "../model/report.ts";
import { alertsInView } from "./alerts-in-view.ts";

const doc = documentWith({
  cycles: [
    { id: "q1", start: "2026-01-05", end: "2026-03-30" },
    { id: "q2", start: "2026-03-31", end: "2026-06-29" },
  ],
  objectives: [
    objective("o-growth", { team: "growth" }),
    objective("o-platform", { team: "platform" }),
    objective("o-growth-q2", { team: "growth", cycleId: "q2" }),
  ],
  keyResults: [
    keyResult("kr-growth", { objectiveId: "o-growth" }),
    keyResult("kr-platform", { objectiveId: "o-platform" }),
    keyResult("kr-growth-q2", { objectiveId: "o-growth-q2" }),
    keyResult("kr-lost", { objectiveId: "nowhere" }),
  ],
  initiatives: [
    {
      id: "ini-growth",
      title: "Launch EU",
      type: "business",
      team: "growth",
      cycleId: "q1",
      size: 1,
      value: 1,
      timeCriticality: 1,
      riskReduction: 1,
    },
  ],
});

const alert = (subject: string): Alert => ({
  code: "off_track",
  severity: "high",
  subject,
  message: subject,
});
const all = ["kr-growth", "kr-platform", "kr-growth-q2", "kr-lost", "ini-growth", "nps"].map(alert);
const subjects = (filters: Parameters<typeof alertsInView>[2]) => {
  const view = alertsInView(doc, all, filters);
  return { shown: view.shown.map((a) => a.subject), hidden: view.hidden };
};

describe("alertsInView", () => {
  it("shows every alert, in order, without filters", () => {
    expect(subjects({})).toEqual({ shown: all.map((a) => a.subject), hidden: 0 });
  });

  it("keeps a team's key results and initiatives, and counts the rest", () => {
    expect(subjects({ team: "growth" })).toEqual({
      shown: ["kr-growth", "kr-growth-q2", "ini-growth"],
      hidden: 3,
    });
  });

  it("applies the cycle and the team together, as the tree does", () => {
    expect(subjects({ team: "growth", cycle: "q2" })).toEqual({ shown: ["kr-growth-q2"], hidden: 5 });
    expect(subjects({ cycle: "q1" })).toEqual({
      shown: ["kr-growth", "kr-platform", "ini-growth"],
      hidden: 3,
    });
  });

  it("leaves out health metrics and key results of unknown objectives under any filter", () => {
    expect(subjects({ team: "platform" })).toEqual({ shown: ["kr-platform"], hidden: 5 });
  });
});
