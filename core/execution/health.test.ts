import { describe, expect, it } from "vitest";
import type { HealthMetric } from "../model/document.ts";
import { assessHealth, healthStatus, latestValue } from "./health.ts";
import { assess, makeDoc } from "./test-documents.ts";

function metric(id: string, fields: Partial<HealthMetric> = {}): HealthMetric {
  return {
    id,
    title: `Metric ${id}`,
    area: "growth",
    direction: "higher_is_better",
    green: 50,
    red: 30,
    values: [],
    ...fields,
  };
}

describe("health status", () => {
  const higher = { direction: "higher_is_better", green: 50, red: 30 } as const;
  const lower = { direction: "lower_is_better", green: 10, red: 20 } as const;

  it("is green at or above green when higher is better", () => {
    expect(healthStatus(50, higher)).toBe("green");
    expect(healthStatus(80, higher)).toBe("green");
    expect(healthStatus(49.99, higher)).toBe("yellow");
  });

  it("is red at or below red when higher is better", () => {
    expect(healthStatus(30, higher)).toBe("red");
    expect(healthStatus(-5, higher)).toBe("red");
    expect(healthStatus(30.01, higher)).toBe("yellow");
  });

  it("is green at or below green and red at or above red when lower is better", () => {
    expect(healthStatus(10, lower)).toBe("green");
    expect(healthStatus(10.01, lower)).toBe("yellow");
    expect(healthStatus(20, lower)).toBe("red");
    expect(healthStatus(19.99, lower)).toBe("yellow");
    expect(healthStatus(0, lower)).toBe("green");
  });

  it("is red when misconfigured thresholds make a value both green and red", () => {
    expect(healthStatus(55, { direction: "higher_is_better", green: 50, red: 60 })).toBe("red");
  });
});

describe("latest value", () => {
  it("is the latest dated on or before asOf; the later in the array on the same date", () => {
    const values = [
      { date: "2026-02-02", value: 1 },
      { date: "2026-02-09", value: 2 },
      { date: "2026-02-09", value: 3 },
      { date: "2026-02-20", value: 9 },
      { date: "2026-01-01", value: 0 },
    ];
    expect(latestValue(values, "2026-02-16")).toEqual({ date: "2026-02-09", value: 3 });
    expect(latestValue(values, "2026-01-01")).toEqual({ date: "2026-01-01", value: 0 });
    expect(latestValue(values, "2025-12-31")).toBeNull();
  });
});

describe("health alerts and report", () => {
  it("raises health_red (high) for a red metric, with no status or alert without a value", () => {
    const { report, alerts } = assessHealth(
      [
        metric("nps", { values: [{ date: "2026-02-09", value: 25 }] }),
        metric("empty"),
        metric("late", { values: [{ date: "2026-03-01", value: 0 }] }),
      ],
      "2026-02-16",
    );
    expect(alerts).toEqual([
      {
        code: "health_red",
        severity: "high",
        subject: "nps",
        message: '"Metric nps" is red: 25 on 2026-02-09, at or below the red threshold 30.',
      },
    ]);
    expect(report.metrics.map((m) => [m.id, m.status, m.value, m.date])).toEqual([
      ["empty", null, null, null],
      ["late", null, null, null],
      ["nps", "red", 25, "2026-02-09"],
    ]);
  });

  it("raises health_worsening (medium) after two weekly declines in a row, in the metric's direction", () => {
    // Weeks of 2026-01-26, 02-02, 02-09: churn (lower is better) rises 2 → 3 → 4; still green-ish values.
    const churn = metric("churn", {
      area: "finance",
      direction: "lower_is_better",
      green: 5,
      red: 10,
      values: [
        { date: "2026-01-26", value: 2 },
        { date: "2026-02-03", value: 3 },
        { date: "2026-02-13", value: 4 },
      ],
    });
    const { report, alerts } = assessHealth([churn], "2026-02-16");
    expect(report.metrics[0]).toMatchObject({ status: "green", worsening: true });
    expect(alerts.map((a) => [a.code, a.severity, a.subject])).toEqual([
      ["health_worsening", "medium", "churn"],
    ]);
  });

  it("does not call two declines across a gap week worsening", () => {
    const gap = metric("g", {
      values: [
        { date: "2026-01-19", value: 90 },
        { date: "2026-02-02", value: 80 },
        { date: "2026-02-09", value: 70 },
      ],
    });
    expect(assessHealth([gap], "2026-02-16").alerts).toEqual([]);
  });

  it("does not depend on cycles being in progress", () => {
    const doc = makeDoc({ healthMetrics: [metric("nps", { values: [{ date: "2026-02-09", value: 1 }] })] });
    expect(assess(doc, { inProgress: [] }).alerts.map((a) => a.code)).toEqual(["health_red"]);
  });

  it("summarizes the six areas in order, with counts and the worst status", () => {
    const { report } = assessHealth(
      [
        metric("g1", { area: "growth", values: [{ date: "2026-02-01", value: 60 }] }),
        metric("g2", { area: "growth", values: [{ date: "2026-02-01", value: 40 }] }),
        metric("g3", { area: "growth" }),
        metric("t1", { area: "talent", values: [{ date: "2026-02-01", value: 10 }] }),
        metric("c1", { area: "culture" }),
      ],
      "2026-02-16",
    );
    expect(report.areas).toEqual([
      { area: "growth", metrics: 3, green: 1, yellow: 1, red: 0, noData: 1, worst: "yellow" },
      { area: "operations", metrics: 0, green: 0, yellow: 0, red: 0, noData: 0, worst: null },
      { area: "finance", metrics: 0, green: 0, yellow: 0, red: 0, noData: 0, worst: null },
      { area: "talent", metrics: 1, green: 0, yellow: 0, red: 1, noData: 0, worst: "red" },
      { area: "culture", metrics: 1, green: 0, yellow: 0, red: 0, noData: 1, worst: null },
      { area: "innovation", metrics: 0, green: 0, yellow: 0, red: 0, noData: 0, worst: null },
    ]);
    expect(report.metrics.map((m) => m.id)).toEqual(["g1", "g2", "g3", "t1", "c1"]);
  });
});
