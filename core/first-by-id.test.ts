import { describe, expect, it } from "vitest";
import { firstById } from "./first-by-id.ts";

const items = [
  { id: "a", n: 1 },
  { id: "b", n: 2 },
  { id: "a", n: 3 },
];

describe("lookup by id", () => {
  it("keeps the first item of a repeated id", () => {
    expect(firstById(items).get("a")).toEqual({ id: "a", n: 1 });
    expect(firstById(items).has("b")).toBe(true);
    expect(firstById(items).has("c")).toBe(false);
  });
});
