import { describe, expect, it } from "vitest";
import { firstById, lazyFirstById } from "./first-by-id.ts";

const items = [
  { id: "a", n: 1 },
  { id: "b", n: 2 },
  { id: "a", n: 3 },
];

describe("lookup by id", () => {
  it("keeps the first item of a repeated id", () => {
    expect(firstById(items).get("a")).toEqual({ id: "a", n: 1 });
    expect(lazyFirstById(items).get("a")).toEqual({ id: "a", n: 1 });
    expect(lazyFirstById(items).has("b")).toBe(true);
    expect(lazyFirstById(items).has("c")).toBe(false);
  });

  it("reads the items only at the first lookup, and only once", () => {
    let reads = 0;
    const counted = new Proxy(items, {
      get(target, key, receiver) {
        if (key === Symbol.iterator) reads++;
        return Reflect.get(target, key, receiver);
      },
    });
    const lookup = lazyFirstById(counted);
    expect(reads).toBe(0);
    expect(lookup.get("b")?.n).toBe(2);
    expect(lookup.has("a")).toBe(true);
    expect(reads).toBe(1);
  });
});
