import { dayNumber } from "../dates.ts";
import type { Cycle, KeyResult } from "../model/document.ts";
import type { Forecast, IsoDate } from "../model/report.ts";
import { clamp01, shareOfWay } from "./pace.ts";

/**
 * Projection of an increase/decrease KR to its cycle's end (DOMAIN §3). The slope is the least-squares
 * line's through the check-ins with a value dated in [cycle start, min(asOf, cycle end)], x in days
 * since the cycle's start; the projection starts from the latest of them (same date: the later in the
 * array), not from the fitted line, so a series that never falls is never forecast below where it
 * stands. Null once asOf reaches the cycle's end (the current value is then the outcome), with fewer
 * than two distinct dates, for other kinds, or without start and target.
 *
 * @example
 * // values 0, 10, 12 on days 0, 7, 14 of an 84-day cycle: slope 6/7, 12 + 6/7 × 70
 * forecastKeyResult(kr, { id: "q", start: "2026-01-01", end: "2026-03-26" }, "2026-01-15")?.value // 72
 */
export function forecastKeyResult(
  kr: KeyResult,
  cycle: Pick<Cycle, "start" | "end">,
  asOf: IsoDate,
): Forecast | null {
  if (
    (kr.kind !== "increase" && kr.kind !== "decrease") ||
    kr.start === undefined ||
    kr.target === undefined ||
    kr.start === kr.target ||
    asOf >= cycle.end
  ) {
    return null;
  }
  const startDay = dayNumber(cycle.start);
  const xs: number[] = [];
  const ys: number[] = [];
  // The latest check-in in the window: greatest date, ties to the later array position.
  let lastDate: IsoDate | undefined;
  let lastValue = 0;
  for (const c of kr.checkIns ?? []) {
    if (c.value === undefined || c.date < cycle.start || c.date > asOf) continue;
    xs.push(dayNumber(c.date) - startDay);
    ys.push(c.value);
    if (lastDate === undefined || c.date >= lastDate) {
      lastDate = c.date;
      lastValue = c.value;
    }
  }
  const slope = leastSquaresSlope(xs, ys);
  if (slope === null || lastDate === undefined) return null;
  const value = lastValue + slope * (dayNumber(cycle.end) - dayNumber(lastDate));
  if (!Number.isFinite(value)) return null;
  return { value, progress: clamp01(shareOfWay(value, kr.start, kr.target)) };
}

/**
 * The slope of the least-squares line through (xs, ys); null unless xs holds two distinct values or
 * when the numbers overflow. The sums are taken over the points sorted by (x, y), so the result never
 * depends on the input order, and each term is (x − x̄)(y − y_p), with y_p the value of the first point
 * at or right of x̄: the same slope as Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², but when y never falls as x grows
 * every term is ≥ 0 in floating point too, so such a series never gets a negative slope by rounding.
 *
 * @example leastSquaresSlope([0, 7, 14], [0, 10, 12]) // 0.857… (6/7)
 */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 2) return null;
  // Check-ins usually come in date order: sort (a copy) only when they do not.
  let order: readonly number[] | undefined;
  for (let i = 1; i < n; i++) {
    const dx = (xs[i] as number) - (xs[i - 1] as number);
    if (dx < 0 || (dx === 0 && (ys[i] as number) < (ys[i - 1] as number))) {
      order = xs
        .map((_, j) => j)
        .sort((a, b) => (xs[a] as number) - (xs[b] as number) || (ys[a] as number) - (ys[b] as number));
      break;
    }
  }
  const at = (i: number) => (order === undefined ? i : (order[i] as number));
  if (xs[at(0)] === xs[at(n - 1)]) return null;
  let sx = 0;
  for (let i = 0; i < n; i++) sx += xs[at(i)] as number;
  const mx = sx / n;
  let pivot = 0;
  while (pivot < n - 1 && (xs[at(pivot)] as number) < mx) pivot++;
  const yp = ys[at(pivot)] as number;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[at(i)] as number) - mx;
    sxy += dx * ((ys[at(i)] as number) - yp);
    sxx += dx * dx;
  }
  const slope = sxy / sxx;
  return Number.isFinite(slope) ? slope : null;
}
