import { describe, expect, it } from "vitest";
import type { FullReport } from "../model/execution.ts";
import type { Alert, AlertCode, KeyResultScore, LintFinding } from "../model/report.ts";
import { buildAgenda } from "./agenda.ts";
import { renderAgendaMarkdown } from "./agenda-markdown.ts";
import { initiative, keyResult, makeDoc, scored } from "./test-documents.ts";

function alert(code: AlertCode, subject: string, severity: Alert["severity"] = "medium"): Alert {
  return { code, severity, subject, message: `${code} message for ${subject}.` };
}

function report(parts: {
  alerts?: Alert[];
  lint?: LintFinding[];
  keyResults?: KeyResultScore[];
}): FullReport {
  return {
    asOf: "2026-02-16",
    organization: "Test Co",
    keyResults: parts.keyResults ?? [],
    objectives: [],
    goals: [],
    imperatives: [],
    alerts: parts.alerts ?? [],
    lint: parts.lint ?? [],
    initiatives: [],
    capacity: [],
    health: { metrics: [], areas: [] },
    reallocations: [],
  };
}

const doc = makeDoc({
  objectives: [{ id: "obj", title: "Objective", cycleId: "q1", goalId: "goal", owner: "Olga" }],
  keyResults: [
    keyResult("api", { title: "API ready", owner: "Ana" }),
    keyResult("lead", { title: "Discovery calls" }),
    keyResult("late", { title: "Late KR" }),
    keyResult("short", { title: "Short KR" }),
    keyResult("shy", { title: "Shy KR", checkIns: [{ date: "2026-02-09", value: 40, confidence: 2 }] }),
    keyResult("calm", { title: "Calm KR", checkIns: [{ date: "2026-02-09", value: 40, confidence: 3 }] }),
    keyResult("quiet", { title: "Quiet KR" }),
  ],
  initiatives: [initiative("launch", { title: "Launch", owner: "Lee" }), initiative("docs")],
  dependencies: [
    { from: "launch", to: "api" },
    { from: "docs", to: "launch" },
  ],
  healthMetrics: [
    {
      id: "nps",
      title: "NPS",
      area: "culture",
      direction: "higher_is_better",
      green: 40,
      red: 20,
      values: [],
    },
    {
      id: "churn",
      title: "Churn",
      area: "finance",
      direction: "lower_is_better",
      green: 2,
      red: 5,
      values: [],
    },
  ],
});

const full = report({
  keyResults: [
    { ...scored("api", "off_track"), progress: 0.2, expected: 0.5 },
    scored("late", "off_track"),
    scored("shy", "at_risk"),
    scored("calm", "off_track"),
  ],
  alerts: [
    alert("stale_check_in", "quiet"),
    alert("low_confidence", "calm"),
    alert("low_confidence", "shy"),
    alert("forecast_shortfall", "short"),
    alert("health_worsening", "churn"),
    alert("off_track", "late", "high"),
    alert("dependency_at_risk", "launch", "high"),
    alert("health_red", "nps", "high"),
    alert("lead_declining", "lead", "high"),
    alert("off_track", "api", "high"),
    alert("forecast_shortfall", "late"),
    alert("stale_check_in", "late"),
  ],
  lint: [
    { code: "too_many_wigs", severity: "warning", subject: "obj", message: "Too many." },
    {
      code: "unknown_reference",
      severity: "error",
      subject: "obj",
      path: "objectives[0].goalId",
      message: "Bad.",
    },
  ],
});

describe("the weekly agenda", () => {
  const agenda = buildAgenda(doc, full);

  it("takes the hot items in DOMAIN's order", () => {
    expect(agenda.items.map((i) => [i.kind, i.subject])).toEqual([
      ["blocking_off_track", "api"],
      ["lead_declining", "lead"],
      ["health_red", "nps"],
      ["dependency_at_risk", "launch"],
      ["off_track", "late"],
      ["health_worsening", "churn"],
      ["forecast_shortfall", "short"],
      ["low_confidence_at_risk", "shy"],
      ["stale_check_in", "quiet"],
      ["lint_error", "obj"],
    ]);
  });

  it("says why an off-track key result others depend on comes first, with its blast radius", () => {
    expect(agenda.items[0]).toEqual({
      kind: "blocking_off_track",
      subject: "api",
      title: "API ready",
      owner: "Ana",
      why: "Off track at 20% done against 50% expected, and 2 items depend on it: Initiative docs and Launch.",
      also: [],
    });
  });

  it("lists a subject once, at its hottest kind, with the other kinds in also", () => {
    expect(agenda.items.find((i) => i.subject === "late")).toMatchObject({
      kind: "off_track",
      why: "off_track message for late.",
      also: ["forecast_shortfall", "stale_check_in"],
    });
  });

  it("names titles and owners: a key result's own owner, else its objective's; metrics have none", () => {
    const who = Object.fromEntries(agenda.items.map((i) => [i.subject, [i.title, i.owner]]));
    expect(who.lead).toEqual(["Discovery calls", "Olga"]);
    expect(who.launch).toEqual(["Launch", "Lee"]);
    expect(who.nps).toEqual(["NPS", null]);
    expect(who.obj).toEqual(["Objective", "Olga"]);
  });

  it("takes low confidence only for at-risk key results, quoting the confidence", () => {
    expect(agenda.items.find((i) => i.subject === "shy")?.why).toBe(
      "At risk, and its owner's confidence is only 2/10 (check-in of 2026-02-09).",
    );
    expect(agenda.items.some((i) => i.subject === "calm")).toBe(false);
  });

  it("takes lint errors, not warnings, with the path", () => {
    expect(agenda.items.filter((i) => i.kind === "lint_error").map((i) => i.why)).toEqual([
      "Bad. (at objectives[0].goalId)",
    ]);
  });

  it("does not depend on the order of the report's alerts", () => {
    const reversed = buildAgenda(doc, { ...full, alerts: [...full.alerts].reverse() });
    expect(reversed).toEqual(agenda);
  });
});

describe("the agenda in markdown", () => {
  it("has a heading per kind, numbered items with id, owner and why, in order", () => {
    const md = renderAgendaMarkdown(buildAgenda(doc, full));
    const lines = md.split("\n");
    expect(lines[0]).toBe("# Leadership agenda: Test Co, 2026-02-16");
    expect(lines[2]).toBe("10 hot items, hottest first.");
    expect(lines.filter((l) => l.startsWith("## "))).toEqual([
      "## Off-track key results others depend on",
      "## Lead measures declining: countermove needed",
      "## Health metrics in the red",
      "## Blocked by a dependency",
      "## Off track",
      "## Health metrics worsening",
      "## Forecast short of target",
      "## At risk, with low confidence",
      "## Stale or missing check-ins",
      "## Errors in the cascade document",
    ]);
    expect(md).toContain(
      "1. **API ready** (`api`, owner Ana): Off track at 20% done against 50% expected, and 2 items depend on it: Initiative docs and Launch.",
    );
    expect(md).toContain("3. **NPS** (`nps`, no owner): health\\_red message for nps.");
    expect(md).toContain("   Also: forecast short, check-in stale.");
    expect(md).toContain("10. **Objective** (`obj`, owner Olga): Bad. (at objectives\\[0\\].goalId)");
  });

  it("says in one line when nothing is hot", () => {
    const md = renderAgendaMarkdown(buildAgenda(makeDoc(), report({})));
    expect(md).toBe(
      "# Leadership agenda: Test Co, 2026-02-16\n\nNothing hot as of 2026-02-16: no alerts and no errors in the cascade document.\n",
    );
  });

  it("escapes markup in titles", () => {
    const md = renderAgendaMarkdown({
      asOf: "2026-02-16",
      organization: "A | B",
      items: [
        { kind: "off_track", subject: "k", title: "Cut *all* [costs]", owner: null, why: "x.", also: [] },
      ],
    });
    expect(md).toContain("# Leadership agenda: A \\| B, 2026-02-16");
    expect(md).toContain("**Cut \\*all\\* \\[costs\\]**");
  });
});
