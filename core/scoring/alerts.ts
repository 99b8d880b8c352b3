/**
 * Key-result alerts (DOMAIN §5) for cycles in progress on asOf. Dependency and health alerts belong to
 * the execution layer (core/execution).
 */
import { nearlyEqual } from "../bounds.ts";
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

/** The sources a key result can be bound to, by `source.type`, as messages name them. */
const BOUND_SOURCES: Readonly<Record<string, string>> = { coda: "Coda", notion: "Notion" };

/** The latest day a key result's bound source and another surface disagree on, and how many days do. */
export interface SourceConflict {
  /** The latest day in conflict. */
  date: IsoDate;
  /** What the bound source gave that day (its latest check-in with a value that day). */
  sourceValue: number;
  /** What the other surfaces said that day (their latest check-in with a value that day). */
  otherValue: number;
  /** How many days are in conflict. */
  days: number;
}

/**
 * The `source_conflict` rule (DOMAIN §5, docs/scoring.md). A key result whose `source.type` is "coda"
 * or "notion" is bound to that source, and a check-in whose `source` is that same type came from it (the
 * worker's reconciliation marks pulled check-ins so). On each day of its cycle up to asOf, the latest
 * source check-in with a value and the latest other one with a value (latest: later in the array) are
 * compared; the day is in conflict when they differ by more than rounding. Null when no day is, or the
 * key result is bound to no source.
 *
 * @example
 * sourceConflict({ source: { type: "coda" }, checkIns: [{ date: "2026-02-10", value: 120, source: "coda" },
 *   { date: "2026-02-10", value: 118 }], ... }, cycle, "2026-02-16") // { date: "2026-02-10", sourceValue: 120, otherValue: 118, days: 1 }
 */
export function sourceConflict(
  kr: Pick<KeyResult, "source" | "checkIns">,
  cycle: Pick<Cycle, "start" | "end">,
  asOf: IsoDate,
): SourceConflict | null {
  const bound = kr.source?.type;
  if (bound === undefined || !Object.hasOwn(BOUND_SOURCES, bound) || kr.checkIns === undefined) return null;
  const until = cycle.end < asOf ? cycle.end : asOf;
  // Per day: the latest value from the source and from anywhere else.
  const fromSource = new Map<IsoDate, number>();
  const fromOthers = new Map<IsoDate, number>();
  for (const c of kr.checkIns) {
    if (c.value === undefined || c.date < cycle.start || c.date > until) continue;
    (c.source === bound ? fromSource : fromOthers).set(c.date, c.value);
  }
  let latest: SourceConflict | null = null;
  let days = 0;
  for (const [date, sourceValue] of fromSource) {
    const otherValue = fromOthers.get(date);
    if (otherValue === undefined || nearlyEqual(sourceValue, otherValue)) continue;
    days++;
    if (latest === null || date > latest.date) latest = { date, sourceValue, otherValue, days: 0 };
  }
  return latest === null ? null : { ...latest, days };
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
  const conflict = sourceConflict(kr, cycle, asOf);
  if (conflict !== null) {
    const unit = kr.unit ? ` ${kr.unit}` : "";
    const source = BOUND_SOURCES[kr.source?.type as string];
    alerts.push({
      code: "source_conflict",
      severity: "medium",
      subject,
      message: `${kr.title}: on ${conflict.date} ${source} gave ${formatValue(conflict.sourceValue)}${unit} but a check-in says ${formatValue(conflict.otherValue)}${unit} (${conflict.days} ${conflict.days === 1 ? "day" : "days"} in conflict). Correct the source or record the agreed value.`,
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

/** A projection as a person reads it: whole numbers from 100 up, else two decimals at most. */
function round(x: number): string {
  return String(Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 100) / 100);
}

/**
 * A value as a message shows it: 12 significant digits, enough to tell apart two values that differ
 * by more than rounding (one part in a billion), without the last bits of floating point.
 */
function formatValue(x: number): string {
  return String(Number(x.toPrecision(12)));
}
