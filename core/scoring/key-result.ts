/**
 * Key-result scoring (DOMAIN §3): current value, validity, attainment, progress and status.
 */
import type { CheckIn, Cycle, KeyResult } from "../model/document.ts";
import type { IsoDate, KeyResultScore, KeyResultStatus } from "../model/report.ts";
import type { ResolvedSettings } from "../settings.ts";
import { expectedProgress } from "./expected.ts";
import { forecastKeyResult } from "./forecast.ts";
import { clamp01, type PaceStatus, shareOfWay, statusAgainstPace } from "./pace.ts";

/**
 * The latest check-in dated ≤ asOf, optionally only among those with a value. On the same date the
 * later one in the array wins, so a correction entered after a mistake replaces it.
 *
 * @example latestCheckIn([{ date: "2026-01-05", value: 3 }], "2026-01-04") // undefined
 */
export function latestCheckIn(
  checkIns: readonly CheckIn[] | undefined,
  asOf: IsoDate,
  withValue = false,
): CheckIn | undefined {
  let latest: CheckIn | undefined;
  for (const c of checkIns ?? []) {
    if (c.date > asOf || (withValue && c.value === undefined)) continue;
    if (latest === undefined || c.date >= latest.date) latest = c;
  }
  return latest;
}

/**
 * Current value: the latest check-in value dated ≤ asOf, else the `current` field, else null.
 *
 * @example currentValue({ current: 4, checkIns: [{ date: "2026-02-01", value: 7 }] }, "2026-03-01") // 7
 */
export function currentValue(kr: Pick<KeyResult, "checkIns" | "current">, asOf: IsoDate): number | null {
  const latest = latestCheckIn(kr.checkIns, asOf, true);
  if (latest?.value !== undefined) return latest.value;
  return kr.current ?? null;
}

/**
 * Why a key result's kind and numbers disagree, or null when it can be scored.
 *
 * @example invalidReason({ kind: "increase", start: 10, target: 5 }) // "an increase needs start < target (start 10, target 5)"
 */
export function invalidReason(
  kr: Pick<KeyResult, "kind" | "start" | "target" | "low" | "high" | "milestones">,
): string | null {
  switch (kr.kind) {
    case "increase":
    case "decrease": {
      if (kr.start === undefined || kr.target === undefined) {
        return `${kr.kind === "increase" ? "an increase" : "a decrease"} needs both start and target`;
      }
      if (kr.start === kr.target) return `target equals start (${kr.start}): progress is undefined`;
      if (kr.kind === "increase" && kr.target < kr.start) {
        return `an increase needs start < target (start ${kr.start}, target ${kr.target})`;
      }
      if (kr.kind === "decrease" && kr.target > kr.start) {
        return `a decrease needs start > target (start ${kr.start}, target ${kr.target})`;
      }
      return null;
    }
    case "range": {
      if (kr.low === undefined && kr.high === undefined) return "a range needs low and/or high";
      if (kr.low !== undefined && kr.high !== undefined && kr.low > kr.high) {
        return `a range needs low ≤ high (low ${kr.low}, high ${kr.high})`;
      }
      return null;
    }
    case "milestone": {
      const milestones = kr.milestones ?? [];
      if (milestones.length === 0) return "a milestone key result needs at least one milestone";
      let total = 0;
      for (const m of milestones) total += m.weight ?? 1;
      if (total <= 0) return "milestone weights sum to 0";
      return null;
    }
  }
}

/** Whether a value lies inside a range KR's inclusive bounds. */
export function insideRange(kr: Pick<KeyResult, "low" | "high">, value: number): boolean {
  return (kr.low === undefined || value >= kr.low) && (kr.high === undefined || value <= kr.high);
}

/** Unclamped attainment of a valid KR with data (§3 table). */
function attainmentOf(
  kr: KeyResult,
  current: number | null,
  cycle: Cycle | undefined,
  asOf: IsoDate,
): number | null {
  switch (kr.kind) {
    case "increase":
    case "decrease": {
      if (current === null) return null;
      return shareOfWay(current, kr.start as number, kr.target as number);
    }
    case "range": {
      if (current === null) return null;
      const until = cycle === undefined || cycle.end > asOf ? asOf : cycle.end;
      let counted = 0;
      let inside = 0;
      for (const c of kr.checkIns ?? []) {
        if (c.value === undefined || c.date > until || (cycle !== undefined && c.date < cycle.start))
          continue;
        counted++;
        if (insideRange(kr, c.value)) inside++;
      }
      if (counted === 0) return insideRange(kr, current) ? 1 : 0;
      return inside / counted;
    }
    case "milestone": {
      let total = 0;
      let done = 0;
      for (const m of kr.milestones ?? []) {
        const w = m.weight ?? 1;
        total += w;
        if (m.done) done += w;
      }
      return done / total;
    }
  }
}

/**
 * Scores one key result on `asOf` in its objective's cycle (undefined when the reference is broken:
 * the KR is then scored with expected progress 0 and no forecast). `expected` may be passed in when
 * the caller scores many KRs of the same cycle.
 *
 * @example
 * scoreKeyResult({ id: "k", objectiveId: "o", title: "t", kind: "decrease", start: 100, target: 60,
 *   current: 50 }, cycle, "2026-02-01", DEFAULT_SETTINGS).attainment // 1.25
 */
export function scoreKeyResult(
  kr: KeyResult,
  cycle: Cycle | undefined,
  asOf: IsoDate,
  settings: ResolvedSettings,
  expected: number = cycle === undefined ? 0 : expectedProgress(cycle, asOf),
): KeyResultScore {
  const current = currentValue(kr, asOf);
  if (invalidReason(kr) !== null) {
    const { id, objectiveId, kind } = kr;
    return {
      id,
      objectiveId,
      kind,
      current,
      attainment: null,
      progress: null,
      expected,
      status: "invalid",
      forecast: null,
    };
  }
  const attainment = attainmentOf(kr, current, cycle, asOf);
  const progress = attainment === null ? 0 : clamp01(attainment);
  return {
    id: kr.id,
    objectiveId: kr.objectiveId,
    kind: kr.kind,
    current,
    attainment,
    progress,
    expected,
    status: keyResultStatus(kr, current, progress, expected, asOf, settings),
    forecast: cycle === undefined ? null : forecastKeyResult(kr, cycle, asOf),
  };
}

function keyResultStatus(
  kr: KeyResult,
  current: number | null,
  progress: number,
  expected: number,
  asOf: IsoDate,
  settings: ResolvedSettings,
): KeyResultStatus {
  if (kr.kind !== "milestone" && current === null) return "no_data";
  const status =
    kr.kind === "range"
      ? insideRange(kr, current as number)
        ? "on_track"
        : "off_track"
      : statusAgainstPace(progress, expected, settings);
  // Only an on-track status can be capped: the check-ins are scanned for a confidence only then.
  if (status !== "on_track") return status;
  return statusWithConfidence(status, latestCheckIn(kr.checkIns, asOf)?.confidence, settings);
}

/**
 * The confidence cap (DOMAIN §3 rule 7): a key result on track whose latest check-in dated ≤ asOf
 * carries a confidence ≤ `settings.lowConfidence` is at risk. `status` is its status against the pace
 * (`statusAgainstPace`) or, for a range, against its bounds; `confidence` is undefined when that
 * check-in carries none.
 *
 * @example statusWithConfidence(statusAgainstPace(0.8, 0.8, DEFAULT_SETTINGS), 2, DEFAULT_SETTINGS) // "at_risk"
 */
export function statusWithConfidence(
  status: PaceStatus,
  confidence: number | undefined,
  settings: ResolvedSettings,
): PaceStatus {
  return status === "on_track" && confidence !== undefined && confidence <= settings.lowConfidence
    ? "at_risk"
    : status;
}
