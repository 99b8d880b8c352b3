/**
 * Keeps a computed number JSON-safe. Inputs are finite, but sums and ratios of very large inputs can
 * overflow: the report must never carry NaN or Infinity.
 *
 * @example finite(Number.MAX_VALUE * 2) // Number.MAX_VALUE
 * @example finite(Number.NaN) // 0
 */
export function finite(x: number): number {
  if (Number.isNaN(x)) return 0;
  if (x === Number.POSITIVE_INFINITY) return Number.MAX_VALUE;
  if (x === Number.NEGATIVE_INFINITY) return -Number.MAX_VALUE;
  return x;
}
