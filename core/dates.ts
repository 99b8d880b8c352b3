/**
 * Day arithmetic on ISO calendar dates (`YYYY-MM-DD`, UTC). Dates compare correctly as strings, so
 * only differences and weeks need parsing.
 */
import type { IsoDate } from "./model/report.ts";

/**
 * Days since 1970-01-01 (UTC) of an ISO date. Plain arithmetic (Howard Hinnant's days_from_civil):
 * scoring calls this for every check-in, so it avoids Date objects and substrings.
 *
 * @example dayNumber("1970-01-02") // 1
 */
export function dayNumber(date: IsoDate): number {
  // "0" is char code 48; ISO digits sit at fixed positions.
  const year =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48);
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const day = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
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
