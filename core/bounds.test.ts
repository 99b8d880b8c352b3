import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { atLeast, atMost, nearlyEqual, sortKey } from "./bounds.ts";

describe("bounds", () => {
  it("counts a computed value a rounding error off a bound as on it", () => {
    expect((0.85 + 0.95) / 2).toBeLessThan(0.9); // the floating-point fact the helpers exist for
    expect(atLeast((0.85 + 0.95) / 2, 0.9)).toBe(true);
    expect(atMost(0.1 + 0.2, 0.3)).toBe(true);
    expect(atLeast(0.1 * 6, 0.6)).toBe(true);
  });

  it("keeps every real difference: one part in a million is never on the bound", () => {
    expect(atLeast(0.9 - 1e-6, 0.9)).toBe(false);
    expect(atMost(0.3 + 1e-6, 0.3)).toBe(false);
    expect(atLeast(1e6 - 1, 1e6)).toBe(false);
    expect(atMost(-0.5 + 1e-6, -0.5)).toBe(false);
  });

  it("scales the slack with the bound, and never below one part in a billion of 1", () => {
    expect(atLeast(1e12 - 100, 1e12)).toBe(true);
    expect(atLeast(1e12 - 10_000, 1e12)).toBe(false);
    expect(atLeast(-5e-10, 0)).toBe(true);
    expect(atLeast(-2e-9, 0)).toBe(false);
  });

  it("calls two values equal when they differ by rounding only, on either side and at any scale", () => {
    expect(nearlyEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(nearlyEqual(0.3, 0.1 + 0.2)).toBe(true);
    expect(nearlyEqual(1e12, 1e12 + 100)).toBe(true);
    expect(nearlyEqual(1e12, 1e12 + 10_000)).toBe(false);
    expect(nearlyEqual(120, 118)).toBe(false);
    expect(nearlyEqual(0, 2e-9)).toBe(false);
    expect(nearlyEqual(-1.7e308, 1.7e308)).toBe(false);
  });

  it("makes equal-but-for-rounding sort keys tie, and keeps the order of real differences", () => {
    expect(3 / 0.9).not.toBe(1 / 0.3);
    expect(sortKey(3 / 0.9)).toBe(sortKey(1 / 0.3));
    expect(sortKey(0.1 + 0.2 + 0.3)).toBe(sortKey(0.3 + 0.2 + 0.1));
    expect(Number.isFinite(sortKey(Number.MAX_VALUE))).toBe(true);
    fc.assert(
      fc.property(
        fc.double({ noNaN: true, min: -1e15, max: 1e15 }),
        fc.double({ noNaN: true, min: -1e15, max: 1e15 }),
        (a, b) => {
          // Rounding is monotone: it may merge values, never swap them.
          if (a < b) expect(sortKey(a)).toBeLessThanOrEqual(sortKey(b));
        },
      ),
    );
  });

  it("rounds to 12 significant digits, from the largest numbers to the smallest", () => {
    expect(sortKey(123.456789012345)).toBe(123.456789012);
    expect(sortKey(-0.000123456789012345)).toBe(-0.000123456789012);
    expect(sortKey(Number.MIN_VALUE)).toBe(Number.MIN_VALUE);
    expect(sortKey(Number.MAX_VALUE)).toBe(1.79769313486e308);
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        // Within half a unit of the 12th digit (and a little for the rounding of that arithmetic).
        expect(Math.abs(sortKey(x) - x)).toBeLessThanOrEqual(Math.abs(x) * 5.01e-12);
      }),
    );
  });
});
