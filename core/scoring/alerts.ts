/**
 * Key-result alerts (DOMAIN §5) for cycles in progress on asOf. Dependency and health alerts belong to
 * the execution layer (core/execution).
 */
import { daysBetween } from "../dates.ts";
import type { Cycle, KeyResult } from "../model/document.ts";
import type { Alert, IsoDate, KeyResultScore } from "../model/report.ts";
import type { ResolvedSettings } from "../settings.ts";
import { cycleInProgress } from "./expected.ts";
import { latestCheckIn } from "./key-result.ts";
import { worsensTwiceInARow } from "./weekly-trend.ts";

/** Formats a share as a whole percentage for messages (the report's numbers are never rounded). */
export function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/**
 * Whether a lead measure calls for a countermove (§3): its weekly values got worse twice in a row.
 *
 * @example leadDeclining({ measure: "lead", kind: "increase", checkIns: [...] }, asOf) // true after two weekly drops
 */
export function leadDeclining(kr: KeyResult, asOf: IsoDate): boolean {
  if (kr.measure !== "lead" || (kr.kind !== "increase" && kr.kind !== "decrease")) return false;
  const points: { date: IsoDate; value: number }[] = [];
  for (const c of kr.checkIns ?? []) if (c.value !== undefined) points.push({ date: c.date, value: c.value });
  return worsensTwiceInARow(points, asOf, kr.kind === "increase" ? "higher_is_better" : "lower_is_better");
}

const NO_ALERTS: readonly Alert[] = [];

/** Alerts of one scored key result; none unless its cycle is in progress on asOf. */
export function keyResultAlerts(
  kr: KeyResult,
  score: KeyResultScore,
  cycle: Cycle | undefined,
  asOf: IsoDate,
  settings: ResolvedSettings,
): readonly Alert[] {
  // Most key results of a document sit in cycles not in progress: they share one empty answer.
  if (cycle === undefined || !cycleInProgress(cycle, asOf) || score.status === "invalid") return NO_ALERTS;
  const alerts: Alert[] = [];
  const subject = kr.id;
  const name = `"${kr.title}"`;
  if (score.status === "off_track") {
    alerts.push({
      code: "off_track",
      severity: "high",
      subject,
      message:
        kr.kind === "range"
          ? `${name} is outside its range: ${score.current}${kr.unit ? ` ${kr.unit}` : ""}, range [${kr.low ?? "−∞"}, ${kr.high ?? "∞"}].`
          : `${name} is off track: ${percent(score.progress ?? 0)} done against ${percent(score.expected)} expected by now.`,
    });
  }
  if (leadDeclining(kr, asOf)) {
    alerts.push({
      code: "lead_declining",
      severity: "high",
      subject,
      message: `Lead measure ${name} got worse two weeks in a row: decide a countermove now, before the lag measure follows.`,
    });
  }
  // A finished KR needs no warning about its trend.
  if (
    score.forecast !== null &&
    score.status !== "done" &&
    score.forecast.progress < settings.statusThresholds.onTrack
  ) {
    alerts.push({
      code: "forecast_shortfall",
      severity: "medium",
      subject,
      message: `At the current pace ${name} ends the cycle near ${round(score.forecast.value)}${kr.unit ? ` ${kr.unit}` : ""} (${percent(score.forecast.progress)} of target).`,
    });
  }
  const latest = latestCheckIn(kr.checkIns, asOf);
  if (latest?.confidence !== undefined && latest.confidence <= settings.lowConfidence) {
    alerts.push({
      code: "low_confidence",
      severity: "medium",
      subject,
      message: `The owner's confidence in ${name} is ${latest.confidence}/10 (check-in of ${latest.date}).`,
    });
  }
  if (kr.kind !== "milestone") {
    if (latest === undefined) {
      if (score.expected > 0) {
        alerts.push({
          code: "stale_check_in",
          severity: "medium",
          subject,
          message: `${name} has no check-in yet, ${percent(score.expected)} into the cycle.`,
        });
      }
    } else {
      const age = daysBetween(latest.date, asOf);
      if (age > settings.staleAfterDays) {
        alerts.push({
          code: "stale_check_in",
          severity: "medium",
          subject,
          message: `${name} was last checked in ${age} days ago (${latest.date}); the limit is ${settings.staleAfterDays} days.`,
        });
      }
    }
  }
  return alerts;
}

function round(x: number): string {
  return String(Math.round(x * 100) / 100);
}
