/**
 * Computed numbers against the bounds DOMAIN sets (grades, status thresholds, the stretch zone, the
 * micro-move share, capacity, WSJF ties). Sums and ratios of decimal inputs land a hair off the value
 * they stand for: 0.85 and 0.95 average to 0.8999999999999999, 3 / 0.9 and 1 / 0.3 differ in the last
 * bit. A value within one part in a billion of a bound therefore counts as on it, as it would on paper.
 */

const TOLERANCE = 1e-9;

/** How far off a bound a value may be and still count as on it. */
function slack(bound: number): number {
  return TOLERANCE * Math.max(1, Math.abs(bound));
}

/**
 * x ≥ bound, give or take rounding.
 *
 * @example atLeast((0.85 + 0.95) / 2, 0.9) // true
 */
export function atLeast(x: number, bound: number): boolean {
  return x >= bound - slack(bound);
}

/**
 * x ≤ bound, give or take rounding.
 *
 * @example atMost(0.1 + 0.2, 0.3) // true
 */
export function atMost(x: number, bound: number): boolean {
  return x <= bound + slack(bound);
}

/**
 * A computed number as a sort key: 12 significant digits, so that values equal but for rounding tie
 * (and the tie-break decides) while any real difference keeps its order. Rounded by arithmetic (each
 * step is monotone, so the key never swaps two values); `toPrecision(12)` and back cost ten times as
 * much, and stay only for values too far out for the scale to be a finite number.
 *
 * @example sortKey(3 / 0.9) === sortKey(1 / 0.3) // true
 */
export function sortKey(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const scale = 10 ** (11 - Math.floor(Math.log10(Math.abs(x))));
  const key = Math.round(x * scale) / scale;
  return Number.isFinite(key) ? key : Number(x.toPrecision(12));
}

/**
 * a = b, give or take rounding: |a − b| ≤ one part in a billion of the larger (at least 1).
 *
 * @example nearlyEqual(0.1 + 0.2, 0.3) // true
 */
export function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b));
}
