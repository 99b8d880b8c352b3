import { describe, expect, it } from "vitest";
import { formatCount, formatDecimal, formatMoney, formatValue, percent, precisionOf } from "./format.ts";

describe("numbers for people", () => {
  it("shows counts as whole numbers with thousands separators", () => {
    expect(formatCount(0)).toBe("0");
    expect(formatCount(12345)).toBe("12,345");
    expect(formatCount(7.6)).toBe("8");
  });

  it("shows shares as whole percentages, and a dash when there is none", () => {
    expect(percent(0.4567)).toBe("46%");
    expect(percent(1)).toBe("100%");
    expect(percent(12.5)).toBe("1,250%");
    expect(percent(null)).toBe("–");
    expect(percent(undefined)).toBe("–");
  });

  it("keeps at most two decimals and drops trailing zeros", () => {
    expect(formatDecimal(73.3333)).toBe("73.33");
    expect(formatDecimal(7.000000000000001)).toBe("7");
    expect(formatDecimal(1234567.891)).toBe("1,234,567.89");
    expect(formatDecimal(99.95, 0)).toBe("100");
  });

  it("puts a currency symbol that starts a unit in front of the number", () => {
    expect(formatValue(6000, "$k")).toBe("$6,000k");
    expect(formatValue(2650, "$k ARR")).toBe("$2,650k ARR");
    expect(formatValue(-1200, "€")).toBe("-€1,200");
  });

  it("formats a unit that is a currency code as money", () => {
    expect(formatValue(1200.5, "EUR")).toBe("€1,200.50");
    expect(formatValue(110000, "USD")).toBe("$110,000");
    expect(formatMoney(110000, "USD")).toBe("$110,000");
  });

  it("sticks percent units to the number and puts other units after it", () => {
    expect(formatValue(12, "%")).toBe("12%");
    expect(formatValue(45, "% of accounts")).toBe("45% of accounts");
    expect(formatValue(1200, "attendees")).toBe("1,200 attendees");
    expect(formatValue(3.456, "score (of 5)")).toBe("3.46 score (of 5)");
    expect(formatValue(5, "  ")).toBe("5");
    expect(formatValue(null, "SQLs")).toBe("–");
  });

  it("shows money without a known currency as a whole number with separators", () => {
    expect(formatMoney(1043000)).toBe("1,043,000");
    expect(formatMoney(12.345)).toBe("12.35");
  });

  it("rounds a forecast to the decimals its key result is written in", () => {
    expect(precisionOf({ start: 0, target: 400 })).toBe(0);
    expect(precisionOf({ start: 99.8, target: 99.95 })).toBe(2);
    expect(precisionOf({ start: 0, target: 10, checkIns: [{ date: "2026-01-01", value: 2.5 }] })).toBe(1);
    expect(precisionOf({ low: 0.123456, high: 1 })).toBe(2);
    expect(formatValue(371.83, "SQLs", precisionOf({ start: 0, target: 400 }))).toBe("372 SQLs");
  });
});
