import { describe, expect, it } from "vitest";
import { currentCycle, isFinished } from "./cycles.ts";

const cycles = [
  { id: "q3", start: "2026-07-01", end: "2026-09-30" },
  { id: "q4", start: "2026-10-01", end: "2026-12-31" },
];

describe("the cycle in progress", () => {
  it("is the cycle holding the day, else the latest that started, else the first", () => {
    expect(currentCycle(cycles, "2026-11-20")?.id).toBe("q4");
    expect(currentCycle(cycles, "2026-09-30")?.id).toBe("q3");
    expect(currentCycle(cycles, "2027-02-01")?.id).toBe("q4");
    expect(currentCycle(cycles, "2026-01-01")?.id).toBe("q3");
    expect(currentCycle([], "2026-01-01")).toBeUndefined();
  });

  it("is finished once its last day has passed", () => {
    expect(isFinished(cycles[0] as (typeof cycles)[number], "2026-09-30")).toBe(false);
    expect(isFinished(cycles[0] as (typeof cycles)[number], "2026-10-01")).toBe(true);
  });
});
