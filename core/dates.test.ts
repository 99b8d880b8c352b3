import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dayNumber, daysBetween, isoWeekStart } from "./dates.ts";

describe("dayNumber", () => {
  it("agrees with Date.UTC on every day from 1900 to 2200", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2200, 11, 31) }), (ms) => {
        const date = new Date(ms).toISOString().slice(0, 10);
        expect(dayNumber(date)).toBe(Math.floor(ms / 86_400_000));
      }),
    );
  });

  it("counts leap days", () => {
    expect(daysBetween("2028-02-28", "2028-03-01")).toBe(2);
    expect(daysBetween("2100-02-28", "2100-03-01")).toBe(1);
  });
});

describe("isoWeekStart", () => {
  it("maps Monday to Sunday onto the same Monday", () => {
    const monday = dayNumber("2026-11-23");
    for (const d of ["2026-11-23", "2026-11-25", "2026-11-29"]) expect(isoWeekStart(d)).toBe(monday);
    expect(isoWeekStart("2026-11-30")).toBe(monday + 7);
    expect(isoWeekStart("2026-11-22")).toBe(monday - 7);
  });
});
