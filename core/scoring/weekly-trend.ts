import { isoWeekStart } from "../dates.ts";
import type { IsoDate } from "../model/report.ts";

export interface DatedValue {
  date: IsoDate;
  value: number;
}

/**
 * The "two weekly declines" rule shared by leading indicators (§3) and health metrics (§7): take the
 * last value of each ISO week dated ≤ asOf; true when the three latest weeks with values are
 * consecutive and each of the last two is worse than the week before.
 *
 * `points` must be in the order that decides ties: on the same date, the later one wins.
 *
 * @example
 * worsensTwiceInARow([{ date: "2026-01-05", value: 9 }, { date: "2026-01-12", value: 8 },
 *   { date: "2026-01-19", value: 7 }], "2026-01-20", "higher_is_better") // true
 */
export function worsensTwiceInARow(
  points: readonly DatedValue[],
  asOf: IsoDate,
  direction: "higher_is_better" | "lower_is_better",
): boolean {
  // Latest point per week: greatest date, ties to the later array position.
  const lastOfWeek = new Map<number, DatedValue>();
  for (const p of points) {
    if (p.date > asOf) continue;
    const week = isoWeekStart(p.date);
    const seen = lastOfWeek.get(week);
    if (seen === undefined || p.date >= seen.date) lastOfWeek.set(week, p);
  }
  if (lastOfWeek.size < 3) return false;
  const weeks = [...lastOfWeek.keys()].sort((a, b) => b - a);
  const [w0, w1, w2] = weeks as [number, number, number];
  if (w0 - w1 !== 7 || w1 - w2 !== 7) return false;
  const v0 = (lastOfWeek.get(w0) as DatedValue).value;
  const v1 = (lastOfWeek.get(w1) as DatedValue).value;
  const v2 = (lastOfWeek.get(w2) as DatedValue).value;
  return direction === "higher_is_better" ? v1 < v2 && v0 < v1 : v1 > v2 && v0 > v1;
}
