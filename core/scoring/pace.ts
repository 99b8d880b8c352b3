import { atLeast } from "../bounds.ts";
import type { Grade, ObjectiveStatus } from "../model/report.ts";
import type { ResolvedSettings } from "../settings.ts";

/** Clamps a number to [0, 1]. */
export function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/** A status against the pace: what `statusAgainstPace` answers, before the confidence cap. */
export type PaceStatus = Exclude<ObjectiveStatus, "no_data">;

/**
 * Status of a progress or score against the expected pace (DOMAIN §3 rules 4–6): `done` at 1,
 * `not_started` before the cycle starts, else the ratio progress / expected against the thresholds.
 *
 * @example statusAgainstPace(0.5, 0.8, DEFAULT_SETTINGS) // "at_risk" (ratio 0.625)
 */
export function statusAgainstPace(
  progress: number,
  expected: number,
  settings: ResolvedSettings,
): PaceStatus {
  if (progress >= 1) return "done";
  if (expected === 0 && progress === 0) return "not_started";
  const ratio = expected === 0 ? Number.POSITIVE_INFINITY : progress / expected;
  if (atLeast(ratio, settings.statusThresholds.onTrack)) return "on_track";
  if (atLeast(ratio, settings.statusThresholds.atRisk)) return "at_risk";
  return "off_track";
}

/**
 * Google's grading convention for an objective score: green ≥ 0.7, yellow ≥ 0.4, else red (a score a
 * rounding error short of a bound is on it, see core/bounds.ts).
 *
 * @example gradeOf(0.7) // "green"
 */
export function gradeOf(score: number): Grade {
  if (atLeast(score, 0.7)) return "green";
  if (atLeast(score, 0.4)) return "yellow";
  return "red";
}

/**
 * Where `value` lies on the way from `from` to `to` (0 at `from`, 1 at `to`), unclamped, for `from ≠ to`.
 * Differences of huge numbers (-1e308 → 1e308) overflow, so those are taken on halves, which is exact
 * for binary floats; halving the tiniest spans (5e-324) would underflow to 0, so those are not.
 *
 * @example shareOfWay(50, 100, 60) // 1.25
 */
export function shareOfWay(value: number, from: number, to: number): number {
  const distance = value - from;
  const span = to - from;
  const share =
    Number.isFinite(distance) && Number.isFinite(span)
      ? distance / span
      : (value / 2 - from / 2) / (to / 2 - from / 2);
  // `+ 0` turns -0 (0 / a negative span) into 0: a report must read the same after a JSON round trip.
  return Number.isFinite(share) ? share + 0 : Math.sign(share) * Number.MAX_VALUE;
}
