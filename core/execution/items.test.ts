import { describe, expect, it } from "vitest";
import { indexItems } from "./items.ts";
import { initiative, keyResult, makeDoc } from "./test-documents.ts";

describe("the execution layer's index of key results and initiatives", () => {
  // k1 k2 | x (also a key result's id), y, y again, z
  const doc = makeDoc({
    keyResults: [keyResult("k1"), keyResult("x"), keyResult("k1")],
    initiatives: [
      initiative("x", { keyResultIds: ["k1", "x", "y", "nope"] }),
      initiative("y"),
      initiative("y", { keyResultIds: ["x"] }),
      initiative("z"),
    ],
    dependencies: [
      { from: "z", to: "k1" },
      { from: "y", to: "x" },
      { from: "ghost", to: "z" },
    ],
  });
  const items = indexItems(doc);

  it("numbers key results first, then initiatives, the first of each id winning", () => {
    expect(items.keyResultCount).toBe(3);
    expect(items.count).toBe(7);
    expect(items.itemOf.get("k1")).toBe(0);
    expect(items.itemOf.get("x")).toBe(1); // the key result keeps its id from the initiative
    expect(items.itemOf.get("y")).toBe(4);
    expect(items.itemOf.get("z")).toBe(6);
    expect([0, 1, 4, 6].map((item) => items.ids[item])).toEqual(["k1", "x", "y", "z"]);
  });

  it("finds initiatives by id, also one whose id a key result holds", () => {
    expect(["x", "y", "z", "k1", "ghost"].map((id) => items.initiativeOf.get(id))).toEqual([
      0,
      1,
      3,
      undefined,
      undefined,
    ]);
    expect(items.initiativeOf.has("x")).toBe(true);
    expect(items.initiativeOf.has("k1")).toBe(false);
    expect([...items.firstInitiative]).toEqual([0, 1, 1, 3]);
    expect([...items.itemOfInitiative]).toEqual([1, 4, 4, 6]);
  });

  it("resolves each initiative's key results to key results only", () => {
    expect([...items.keyResultStart]).toEqual([0, 4, 4, 5, 5]);
    // "y" names an initiative, not a key result; "nope" names nothing.
    expect([...items.keyResultItems]).toEqual([0, 1, -1, -1, 1]);
  });

  it("resolves both ends of every dependency, -1 for an id that names nothing", () => {
    expect([...items.dependencyFrom]).toEqual([6, 4, -1]);
    expect([...items.dependencyTo]).toEqual([0, 1, 6]);
  });
});
