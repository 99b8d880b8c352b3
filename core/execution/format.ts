/** Number and text formatting for messages and markdown (the report itself is never rounded). */

/**
 * A number for people: at most two decimals, no trailing zeros.
 *
 * @example formatNumber(73.3333) // "73.33"
 * @example formatNumber(7.000000000000001) // "7"
 */
export function formatNumber(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/**
 * A share as a whole-number percentage.
 *
 * @example formatPercent(0.625) // "63%"
 */
export function formatPercent(x: number): string {
  return `${Math.round(x * 100)}%`;
}
