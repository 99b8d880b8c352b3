import { describe, expect, it } from "vitest";
import { shareOfWay } from "./pace.ts";

describe("shareOfWay", () => {
  it("places a value on the way from start to target (DOMAIN's decrease example: 1.25)", () => {
    expect(shareOfWay(50, 100, 60)).toBe(1.25);
    expect(shareOfWay(30, 0, 60)).toBe(0.5);
  });

  it("stays finite across the widest spans, where the difference overflows", () => {
    expect(shareOfWay(0, -1e308, 1e308)).toBe(0.5);
    expect(shareOfWay(1e308, -1e308, 1e308)).toBe(1);
  });

  it("stays a number across the tiniest spans, where halving would underflow", () => {
    expect(shareOfWay(0, 0, 5e-324)).toBe(0);
    expect(shareOfWay(5e-324, 0, 5e-324)).toBe(1);
    expect(shareOfWay(1e-323, 0, 5e-324)).toBe(2);
  });

  it("never answers -0", () => {
    expect(Object.is(shareOfWay(10, 10, 5), 0)).toBe(true);
  });
});
