import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CodaFake, startCodaFake } from "../../tests/fakes/coda/server.ts";
import type { CodaBinding } from "../sources/binding.ts";
import { readNumber } from "./cells.ts";
import { CodaApi, isCodaError } from "./coda-api.ts";
import { type CodaState, emptyCodaState, parseCodaState, pullCoda } from "./pull.ts";

let fake: CodaFake;
beforeAll(async () => {
  fake = await startCodaFake();
});
afterAll(() => fake.close());

const isTableFailure = (error: unknown) =>
  isCodaError(error) && error.code === "not_found" ? { message: error.message } : null;

function pull(bindings: Array<{ keyResultId: string; binding: CodaBinding }>, state: CodaState, now: Date) {
  const api = new CodaApi({ token: fake.token, baseUrl: fake.baseUrl });
  return pullCoda({ reader: api, bindings, state, now, isTableFailure }).then((r) => ({
    ...r,
    reads: api.counts.reads,
  }));
}

describe("pulling bound cells from Coda", () => {
  it("reads each table once, incrementally after the first time, and in full again a day later", async () => {
    const docId = fake.addDoc("Pull");
    const { tableId } = fake.addTable(docId, "Metrics", ["Metric", "Value"]);
    const revenue = fake.addRow(docId, tableId, { Metric: "Revenue", Value: 10 });
    fake.addRow(docId, tableId, { Metric: "Churn", Value: "3%" });
    const bind = (row: CodaBinding["row"]): CodaBinding => ({
      type: "coda",
      docId,
      tableId: "Metrics",
      column: "Value",
      row,
    });
    const bindings = [
      { keyResultId: "a", binding: bind({ id: revenue }) },
      { keyResultId: "b", binding: bind({ column: "Metric", value: "Churn" }) },
    ];
    const state = emptyCodaState();
    const t0 = new Date("2026-03-02T09:00:00Z");
    const first = await pull(bindings, state, t0);
    expect(first.values).toEqual([
      { keyResultId: "a", source: "coda", value: 10 },
      { keyResultId: "b", source: "coda", value: 3 },
    ]);
    expect(first).toMatchObject({ fullReads: 1, reads: 2 }); // the columns, then one page of rows

    fake.setCell(docId, tableId, revenue, "Value", 12);
    const second = await pull(bindings, state, new Date(t0.getTime() + 15 * 60_000));
    expect(second).toMatchObject({ fullReads: 0, reads: 1, rowsRead: 1 });
    expect(second.values[0]).toEqual({ keyResultId: "a", source: "coda", value: 12 });
    expect(second.values[1]).toEqual({ keyResultId: "b", source: "coda", value: 3 }); // kept from before

    // A deleted row is not in an incremental read; the next day's full read notices it.
    fake.deleteRow(docId, tableId, revenue);
    const sameDay = await pull(bindings, state, new Date(t0.getTime() + 30 * 60_000));
    expect(sameDay.problems).toEqual([]);
    const nextDay = await pull(bindings, state, new Date(t0.getTime() + 25 * 3600_000));
    expect(nextDay.fullReads).toBe(1);
    expect(nextDay.problems).toEqual([
      { keyResultId: "a", problem: expect.stringContaining(`has no row "${revenue}"`) },
    ]);
  });

  it("names what a binding cannot read: a missing table or column, no row or two rows matching, a cell that is no number", async () => {
    const docId = fake.addDoc("Problems");
    const { tableId } = fake.addTable(docId, "Metrics", ["Metric", "Value"]);
    fake.addRow(docId, tableId, { Metric: "Twice", Value: 1 });
    fake.addRow(docId, tableId, { Metric: "Twice", Value: 2 });
    fake.addRow(docId, tableId, { Metric: "Text", Value: "n/a" });
    const bound = (keyResultId: string, binding: Partial<CodaBinding>) => ({
      keyResultId,
      binding: { type: "coda" as const, docId, tableId, column: "Value", row: { id: "x" }, ...binding },
    });
    const result = await pull(
      [
        bound("no-table", { tableId: "Nope" }),
        bound("no-column", { column: "Amount", row: { column: "Metric", value: "Text" } }),
        bound("no-row", { row: { column: "Metric", value: "Absent" } }),
        bound("two-rows", { row: { column: "Metric", value: "Twice" } }),
        bound("text", { row: { column: "Metric", value: "Text" } }),
      ],
      emptyCodaState(),
      new Date(),
    );
    const problem = (id: string) => result.problems.find((p) => p.keyResultId === id)?.problem;
    expect(problem("no-table")).toContain("Coda could not read table Nope");
    expect(problem("no-column")).toContain('has no column "Amount"');
    expect(problem("no-row")).toContain("no row of Coda table");
    expect(problem("two-rows")).toContain("2 rows of Coda table");
    expect(problem("text")).toContain('holds "n/a", not a number');
    expect(result.values).toEqual([]);
  });
});

describe("the pull's saved state", () => {
  it("reads back what was saved, and starts over from anything else (every table is then read in full)", () => {
    const state = {
      version: 1 as const,
      tables: { "d/t": { fullReadAt: "x", columns: [], kept: [], rows: {} } },
    };
    expect(parseCodaState(JSON.stringify(state))).toEqual(state);
    expect(parseCodaState("not json")).toEqual(emptyCodaState());
    expect(parseCodaState('{"version":2,"tables":{}}')).toEqual(emptyCodaState());
    expect(parseCodaState("null")).toEqual(emptyCodaState());
  });
});

describe("reading a cell as a number", () => {
  it("reads numbers and the text a person sees, and says why not otherwise", () => {
    expect(readNumber(12.5)).toEqual({ ok: true, value: 12.5 });
    expect(readNumber("$1,200.50")).toEqual({ ok: true, value: 1200.5 });
    expect(readNumber("EUR 1 200")).toEqual({ ok: true, value: 1200 });
    expect(readNumber("45%")).toEqual({ ok: true, value: 45 });
    expect(readNumber("(12)")).toEqual({ ok: true, value: -12 });
    expect(readNumber("1,2,3")).toMatchObject({ ok: false });
    expect(readNumber("")).toEqual({ ok: false, problem: "the cell is empty" });
    expect(readNumber(true)).toEqual({ ok: false, problem: "the cell holds a checkbox, not a number" });
    expect(readNumber(["a"])).toEqual({ ok: false, problem: "the cell holds a list, not a number" });
  });
});
