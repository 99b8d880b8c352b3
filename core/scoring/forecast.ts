import { dayNumber } from "../dates.ts";
import type { Cycle, KeyResult } from "../model/document.ts";
import type { Forecast, IsoDate } from "../model/report.ts";
import { clamp01, shareOfWay } from "./pace.ts";

/**
 * Least-squares projection of an increase/decrease KR to its cycle's end (DOMAIN §3): the line through
 * the check-ins with a value dated in [cycle start, min(asOf, cycle end)], x in days since the cycle's
 * start. Null with fewer than two distinct dates, for other kinds, or without start and target.
 *
 * @example
 * // values 0, 10, 12 on days 0, 7, 14 of an 84-day cycle
 * forecastKeyResult(kr, { id: "q", start: "2026-01-01", end: "2026-03-26" }, "2026-01-15")?.value // 73.33…
 */
export function forecastKeyResult(
  kr: KeyResult,
  cycle: Pick<Cycle, "start" | "end">,
  asOf: IsoDate,
): Forecast | null {
  if (
    (kr.kind !== "increase" && kr.kind !== "decrease") ||
    kr.start === undefined ||
    kr.target === undefined
  ) {
    return null;
  }
  if (kr.start === kr.target) return null;
  const until = cycle.end < asOf ? cycle.end : asOf;
  const startDay = dayNumber(cycle.start);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const c of kr.checkIns ?? []) {
    if (c.value === undefined || c.date < cycle.start || c.date > until) continue;
    xs.push(dayNumber(c.date) - startDay);
    ys.push(c.value);
  }
  const value = projectAt(xs, ys, dayNumber(cycle.end) - startDay);
  if (value === null) return null;
  return { value, progress: clamp01(shareOfWay(value, kr.start, kr.target)) };
}

/**
 * The least-squares line through (xs, ys) evaluated at `x`; null unless xs holds two distinct values.
 * Sums are taken over points sorted by (x, y), so the result never depends on the input order.
 */
export function projectAt(xs: readonly number[], ys: readonly number[], x: number): number | null {
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
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += xs[at(i)] as number;
    sy += ys[at(i)] as number;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[at(i)] as number) - mx;
    sxy += dx * ((ys[at(i)] as number) - my);
    sxx += dx * dx;
  }
  const value = my + (sxy / sxx) * (x - mx);
  return Number.isFinite(value) ? value : null;
}
