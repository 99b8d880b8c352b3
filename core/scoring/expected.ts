import { daysBetween } from "../dates.ts";
import type { Cycle } from "../model/document.ts";
import type { IsoDate } from "../model/report.ts";
import { clamp01 } from "./pace.ts";

/**
 * Share of the cycle elapsed on `asOf`, in days, clamped to [0, 1]. A one-day cycle (start = end)
 * is 1 from its start on.
 *
 * @example expectedProgress({ id: "q", start: "2026-01-01", end: "2026-01-11" }, "2026-01-06") // 0.5
 */
export function expectedProgress(cycle: Pick<Cycle, "start" | "end">, asOf: IsoDate): number {
  const span = daysBetween(cycle.start, cycle.end);
  if (span <= 0) return asOf >= cycle.start ? 1 : 0;
  return clamp01(daysBetween(cycle.start, asOf) / span);
}

/** Whether the cycle is in progress on `asOf` (start ≤ asOf ≤ end): alerts are raised only then. */
export function cycleInProgress(cycle: Pick<Cycle, "start" | "end">, asOf: IsoDate): boolean {
  return cycle.start <= asOf && asOf <= cycle.end;
}
