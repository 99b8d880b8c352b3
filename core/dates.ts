/**
 * Day arithmetic on ISO calendar dates (`YYYY-MM-DD`, UTC). Dates compare correctly as strings, so
 * only differences and weeks need parsing.
 */
import type { IsoDate } from "./model/report.ts";

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 (UTC) of an ISO date. */
export function dayNumber(date: IsoDate): number {
  return Math.round(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1, +date.slice(8, 10)) / MS_PER_DAY);
}

/**
 * Whole days from `from` to `to` (negative when `to` is earlier).
 *
 * @example daysBetween("2026-01-01", "2026-01-15") // 14
 */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The ISO week (Monday–Sunday) of a date, as the day number of its Monday. Consecutive weeks differ by 7.
 *
 * @example isoWeekStart("2026-01-04") === dayNumber("2025-12-29") // a Sunday belongs to the week before
 */
export function isoWeekStart(date: IsoDate): number {
  const day = dayNumber(date);
  // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
  return day - ((((day + 3) % 7) + 7) % 7);
}

/** Today's date in UTC. */
export function todayUtc(now: Date = new Date()): IsoDate {
  return now.toISOString().slice(0, 10);
}
