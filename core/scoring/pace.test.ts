import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../settings.ts";
import { gradeOf, shareOfWay, statusAgainstPace } from "./pace.ts";

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

describe("status and grade at their thresholds", () => {
  const settings = DEFAULT_SETTINGS;

  it("counts a ratio a rounding error below a threshold as on it (DOMAIN §3 rule 6)", () => {
    // 0.009 / 0.01 is 0.8999999999999999 and 0.051 / 0.085 is 0.5999999999999999 in floating point.
    expect(0.009 / 0.01).toBeLessThan(settings.statusThresholds.onTrack);
    expect(statusAgainstPace(0.009, 0.01, settings)).toBe("on_track");
    expect(statusAgainstPace(0.051, 0.085, settings)).toBe("at_risk");
  });

  it("keeps a real shortfall below the threshold", () => {
    expect(statusAgainstPace(0.0089, 0.01, settings)).toBe("at_risk");
    expect(statusAgainstPace(0.05, 0.085, settings)).toBe("off_track");
  });

  it("grades a score a rounding error short of 0.7 or 0.4 as on the bound (DOMAIN §4)", () => {
    expect(gradeOf((0.65 + 0.75 + 0.7) / 3)).toBe("green");
    expect(gradeOf(0.7 - 1e-12)).toBe("green");
    expect(gradeOf(0.7 - 1e-6)).toBe("yellow");
    expect(gradeOf(0.4 - 1e-12)).toBe("yellow");
    expect(gradeOf(0.4 - 1e-6)).toBe("red");
  });
});
