import { describe, expect, it } from "vitest";
import { expectedProgress } from "./expected.ts";

describe("expectedProgress", () => {
  const quarter = { start: "2026-01-05", end: "2026-03-30" };

  it("is the elapsed share of the cycle in days", () => {
    expect(expectedProgress(quarter, "2026-02-16")).toBe(0.5);
    expect(expectedProgress(quarter, "2026-01-06")).toBe(1 / 84);
  });

  it("is 0 before the start and 1 after the end", () => {
    expect(expectedProgress(quarter, "2025-12-31")).toBe(0);
    expect(expectedProgress(quarter, "2026-06-01")).toBe(1);
  });

  it("treats a one-day cycle as complete from its start on", () => {
    const day = { start: "2026-05-01", end: "2026-05-01" };
    expect(expectedProgress(day, "2026-04-30")).toBe(0);
    expect(expectedProgress(day, "2026-05-01")).toBe(1);
    expect(expectedProgress(day, "2026-05-02")).toBe(1);
  });

  it("counts leap days", () => {
    expect(expectedProgress({ start: "2028-02-28", end: "2028-03-01" }, "2028-02-29")).toBe(0.5);
  });
});
