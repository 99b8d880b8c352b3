/**
 * Organizational health metrics (DOMAIN §7): KPIs outside the OKRs, read against their green and red
 * thresholds in the metric's direction, with alerts that do not depend on cycles.
 */
import { compareText } from "../compare.ts";
import type { HealthArea, HealthMetric } from "../model/document.ts";
import type {
  HealthAreaSummary,
  HealthMetricReport,
  HealthReport,
  HealthStatus,
} from "../model/execution.ts";
import type { Alert, IsoDate } from "../model/report.ts";
import { worsensTwiceInARow } from "../scoring/weekly-trend.ts";

/** The six areas of the health dashboard, in display order. */
export const HEALTH_AREAS: readonly HealthArea[] = [
  "growth",
  "operations",
  "finance",
  "talent",
  "culture",
  "innovation",
];

/**
 * The latest value dated ≤ asOf (same date: the later one in the array), or null.
 *
 * @example latestValue(metric.values, "2026-03-01") // { date: "2026-02-23", value: 41 }
 */
export function latestValue(
  values: HealthMetric["values"],
  asOf: IsoDate,
): { date: IsoDate; value: number } | null {
  let latest: { date: IsoDate; value: number } | null = null;
  for (const v of values) {
    if (v.date <= asOf && (latest === null || v.date >= latest.date)) latest = v;
  }
  return latest;
}

/**
 * Status of a value: `red` if at or worse than `red`, `green` if at or better than `green`, else
 * `yellow`. When misconfigured thresholds make a value both, red wins: a bad threshold must not hide a
 * problem.
 *
 * @example healthStatus(20, { direction: "lower_is_better", green: 10, red: 20 }) // "red"
 */
export function healthStatus(
  value: number,
  metric: Pick<HealthMetric, "direction" | "green" | "red">,
): HealthStatus {
  const higher = metric.direction === "higher_is_better";
  if (higher ? value <= metric.red : value >= metric.red) return "red";
  if (higher ? value >= metric.green : value <= metric.green) return "green";
  return "yellow";
}

/**
 * Reads one metric on asOf.
 *
 * @example assessHealthMetric(nps, "2026-03-01").status // "yellow"
 */
export function assessHealthMetric(metric: HealthMetric, asOf: IsoDate): HealthMetricReport {
  const latest = latestValue(metric.values, asOf);
  return {
    id: metric.id,
    title: metric.title,
    area: metric.area,
    direction: metric.direction,
    green: metric.green,
    red: metric.red,
    value: latest?.value ?? null,
    date: latest?.date ?? null,
    status: latest === null ? null : healthStatus(latest.value, metric),
    worsening: worsensTwiceInARow(metric.values, asOf, metric.direction),
  };
}

/**
 * Every metric read on asOf, the per-area summary of the six areas, and the `health_red` (high) and
 * `health_worsening` (medium) alerts.
 *
 * @example assessHealth(doc.healthMetrics ?? [], "2026-03-01").report.areas.length // 6
 */
export function assessHealth(
  metrics: readonly HealthMetric[],
  asOf: IsoDate,
): { report: HealthReport; alerts: Alert[] } {
  const reports = metrics
    .map((m) => assessHealthMetric(m, asOf))
    .sort((a, b) => HEALTH_AREAS.indexOf(a.area) - HEALTH_AREAS.indexOf(b.area) || compareText(a.id, b.id));
  const alerts: Alert[] = [];
  for (const m of reports) {
    const at = `${m.value} on ${m.date}`;
    if (m.status === "red") {
      const side = m.direction === "higher_is_better" ? "at or below" : "at or above";
      alerts.push({
        code: "health_red",
        severity: "high",
        subject: m.id,
        message: `"${m.title}" is red: ${at}, ${side} the red threshold ${m.red}.`,
      });
    }
    if (m.worsening) {
      alerts.push({
        code: "health_worsening",
        severity: "medium",
        subject: m.id,
        message: `"${m.title}" worsened two weeks in a row (latest ${at}): time for a countermove.`,
      });
    }
  }
  return {
    report: { metrics: reports, areas: HEALTH_AREAS.map((area) => summarize(area, reports)) },
    alerts,
  };
}

const WORST_FIRST: readonly HealthStatus[] = ["red", "yellow", "green"];

function summarize(area: HealthArea, reports: readonly HealthMetricReport[]): HealthAreaSummary {
  const inArea = reports.filter((m) => m.area === area);
  const count = (status: HealthStatus | null) => inArea.filter((m) => m.status === status).length;
  const summary = {
    area,
    metrics: inArea.length,
    green: count("green"),
    yellow: count("yellow"),
    red: count("red"),
    noData: count(null),
  };
  return { ...summary, worst: WORST_FIRST.find((s) => summary[s] > 0) ?? null };
}
