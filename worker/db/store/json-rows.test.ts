import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { CascadeDocument } from "../../../schema/document.ts";
import { readFromD1, replaceCascade } from "../../test/store.ts";
import { insertRows } from "./json-rows.ts";
import { insertCascadeStatements } from "./tables.ts";

describe("insertRows", () => {
  it("binds two parameters per statement and cuts chunks by size", () => {
    const rows = Array.from({ length: 1000 }, (_, i) => [i, `imp-${i}`, "A title of some length"]);
    const statements = insertRows(env.DB, "imperatives", ["position", "id", "title"], "w", rows, 4_000);
    expect(statements.length).toBeGreaterThan(5);
    expect(statements.length).toBeLessThan(20);
  });

  it("round-trips a large cascade through few statements, far under 100 parameters each", async () => {
    const keyResults = Array.from({ length: 2000 }, (_, i) => ({
      id: `kr-${i}`,
      objectiveId: "obj",
      title: `Key result ${i} — ünïcödé`,
      kind: "increase" as const,
      start: 0,
      target: 100 + i,
      checkIns: [
        { date: "2026-01-05", value: i / 3, confidence: 7 },
        { date: "2026-01-12", value: i / 2, note: 'quotes " and \\ backslashes' },
      ],
    }));
    const doc: CascadeDocument = {
      version: 1,
      organization: "Big",
      cycles: [{ id: "q1", start: "2026-01-01", end: "2026-03-31" }],
      imperatives: [{ id: "imp", title: "Win" }],
      goals: [{ id: "goal", title: "Grow", imperativeId: "imp", year: 2026 }],
      objectives: [{ id: "obj", title: "O", cycleId: "q1", goalId: "goal" }],
      keyResults,
    };
    expect(insertCascadeStatements(env.DB, "big", doc).length).toBeLessThan(20);
    await env.DB.prepare(
      "INSERT INTO workspaces (id, name, created_at) VALUES ('big', 'Big', '2026-01-01')",
    ).run();
    await replaceCascade("big", doc);
    expect((await readFromD1("big"))?.doc).toEqual(doc);
  });
});
