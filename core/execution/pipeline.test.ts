import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { atMost } from "../bounds.ts";
import type { Initiative, TradeOff } from "../model/document.ts";
import { fits } from "./pipeline.ts";
import { assess, initiative, makeDoc } from "./test-documents.ts";
import { costOfDelay, rankInitiatives, wsjf } from "./wsjf.ts";

const team = (capacity?: number) => [
  { id: "core", ...(capacity === undefined ? {} : { capacity: { q1: capacity } }) },
];

function tradeOff(id: string, admitted: string, dropped: string[], date = "2026-02-01"): TradeOff {
  return { id, cycleId: "q1", team: "core", admitted, dropped, decidedBy: "CEO", date, reason: "focus" };
}

/** Priority p with size s: value = p·s, so cost of delay = p·s. */
function sized(id: string, size: number, priority: number, fields: Partial<Initiative> = {}): Initiative {
  return initiative(id, { size, value: priority * size, ...fields });
}

const linesOf = (result: ReturnType<typeof assess>) =>
  Object.fromEntries(result.initiatives.map((i) => [i.id, i.line]));

describe("WSJF ranking", () => {
  it("adds value, time criticality and risk reduction, and divides by size", () => {
    const i = initiative("a", { value: 8, timeCriticality: 5, riskReduction: 2, size: 5 });
    expect(costOfDelay(i)).toBe(15);
    expect(wsjf(i)).toBe(3);
  });

  it("ranks every type by the same criteria", () => {
    const ranked = rankInitiatives([
      initiative("debt", { type: "tech_debt", value: 9, size: 1 }),
      initiative("feature", { type: "business", value: 4, size: 1 }),
      initiative("skill", { type: "competency", value: 6, size: 1 }),
    ]);
    expect(ranked.map((r) => r.initiative.id)).toEqual(["debt", "skill", "feature"]);
  });

  it("breaks a tie in priority by the higher cost of delay, then by id", () => {
    // All three have priority 3: a = 6/2, b = 3/1, c = 3/1.
    const ranked = rankInitiatives([
      initiative("c", { value: 3, size: 1 }),
      initiative("b", { value: 3, size: 1 }),
      initiative("a", { value: 6, size: 2 }),
    ]);
    expect(ranked.map((r) => [r.initiative.id, r.rank])).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 3],
    ]);
  });

  it("ties priorities that differ only by rounding: 3 / 0.9 and 1 / 0.3 go to the higher cost of delay", () => {
    const big = initiative("big", { value: 3, size: 0.9, committed: true });
    const small = initiative("small", { value: 1, size: 0.3, committed: true });
    expect(wsjf(big)).not.toBe(wsjf(small)); // 3.333333333333333 and 3.3333333333333335
    for (const order of [
      [big, small],
      [small, big],
    ]) {
      expect(rankInitiatives(order).map((r) => r.initiative.id)).toEqual(["big", "small"]);
    }
    // With capacity 0.9 only the first fits: the committed `big` is on the line, `small` is below it.
    const result = assess(makeDoc({ teams: team(0.9), initiatives: [small, big] }));
    expect(linesOf(result)).toEqual({ big: "above_line", small: "below_line" });
    expect(result.lint.filter((f) => f.code === "over_capacity").map((f) => f.subject)).toEqual(["small"]);
  });

  it("gives ranks in the whole pipeline and within the team and cycle", () => {
    const doc = makeDoc({
      initiatives: [
        initiative("x", { value: 5 }),
        initiative("y", { value: 4, team: "ops" }),
        initiative("z", { value: 3 }),
      ],
    });
    const ranks = assess(doc).initiatives.map((i) => [i.id, i.rank, i.teamRank]);
    expect(ranks).toEqual([
      ["x", 1, 1],
      ["y", 2, 1],
      ["z", 3, 2],
    ]);
  });
});

describe("the cut line", () => {
  it("keeps an initiative above the line when the running total reaches capacity exactly", () => {
    const doc = makeDoc({
      teams: team(10),
      initiatives: [sized("a", 4, 3), sized("b", 6, 2), sized("c", 1, 1)],
    });
    const result = assess(doc);
    expect(linesOf(result)).toEqual({ a: "above_line", b: "above_line", c: "below_line" });
    expect(result.capacity).toEqual([
      {
        team: "core",
        cycleId: "q1",
        capacity: 10,
        load: 11,
        committedLoad: 0,
        lineLoad: 10,
        free: 0,
        onLine: ["a", "b"],
        belowLine: ["c"],
        dropped: [],
        overCapacity: [],
      },
    ]);
  });

  it("puts the first initiative that passes capacity and every one after it below, even small ones", () => {
    const doc = makeDoc({
      teams: team(10),
      initiatives: [sized("a", 4, 3), sized("b", 7, 2), sized("c", 1, 1)],
    });
    expect(linesOf(assess(doc))).toEqual({ a: "above_line", b: "below_line", c: "below_line" });
  });

  it("puts everything below a capacity of 0", () => {
    const doc = makeDoc({ teams: team(0), initiatives: [sized("a", 1, 1)] });
    expect(linesOf(assess(doc))).toEqual({ a: "below_line" });
  });

  it("draws no line for a team without capacity for the cycle", () => {
    const doc = makeDoc({
      teams: team(),
      initiatives: [sized("a", 50, 1, { committed: true })],
    });
    const result = assess(doc);
    expect(linesOf(result)).toEqual({ a: null });
    expect(result.capacity[0]).toMatchObject({
      capacity: null,
      load: 50,
      committedLoad: 50,
      lineLoad: null,
      free: null,
    });
    expect(result.lint).toEqual([]);
  });

  it("lets decimal sizes fill a capacity exactly", () => {
    expect(fits(0.1 + 0.2, 0.3)).toBe(true);
    expect(fits(0.31, 0.3)).toBe(false);
  });

  it("lists a team's capacity for a cycle even without initiatives", () => {
    const doc = makeDoc({ teams: team(5) });
    expect(assess(doc).capacity).toEqual([
      {
        team: "core",
        cycleId: "q1",
        capacity: 5,
        load: 0,
        committedLoad: 0,
        lineLoad: 0,
        free: 5,
        onLine: [],
        belowLine: [],
        dropped: [],
        overCapacity: [],
      },
    ]);
  });
});

describe("over_capacity", () => {
  it("is an error for a committed initiative below the line, with the path of its committed field", () => {
    const doc = makeDoc({
      teams: team(5),
      initiatives: [sized("low", 3, 1, { committed: true }), sized("high", 4, 2), sized("idea", 3, 0.5)],
    });
    const result = assess(doc);
    expect(result.lint).toHaveLength(1);
    expect(result.lint[0]).toMatchObject({
      code: "over_capacity",
      severity: "error",
      subject: "low",
      path: "initiatives[0].committed",
    });
    expect(result.lint[0]?.message).toContain("capacity 5, 4 on the line");
    expect(result.capacity[0]).toMatchObject({ committedLoad: 3, overCapacity: ["low"] });
  });
});

describe("trade-offs", () => {
  // Capacity 10; by rank a (4), b (3), c (3), d (5, committed, last).
  const ranked = [
    sized("a", 4, 4),
    sized("b", 3, 3),
    sized("c", 3, 2),
    sized("d", 5, 1, { committed: true }),
  ];

  it("without one, the committed initiative that does not fit is over capacity", () => {
    const result = assess(makeDoc({ teams: team(10), initiatives: ranked }));
    expect(linesOf(result)).toEqual({ a: "above_line", b: "above_line", c: "above_line", d: "below_line" });
    expect(result.lint.map((f) => [f.code, f.subject])).toEqual([["over_capacity", "d"]]);
  });

  it("admits one and drops two: the dropped leave the line and the admitted one is on it", () => {
    const doc = makeDoc({
      teams: team(10),
      initiatives: ranked,
      tradeOffs: [tradeOff("t1", "d", ["b", "c"])],
    });
    const result = assess(doc);
    expect(linesOf(result)).toEqual({
      a: "above_line",
      b: "dropped",
      c: "dropped",
      d: "admitted_by_trade_off",
    });
    expect(result.initiatives.map((i) => i.tradeOffId)).toEqual([null, "t1", "t1", "t1"]);
    expect(result.capacity[0]).toMatchObject({
      load: 9,
      committedLoad: 5,
      lineLoad: 9,
      free: 1,
      onLine: ["d", "a"],
      belowLine: [],
      dropped: ["b", "c"],
      overCapacity: [],
    });
    expect(result.lint).toEqual([]);
  });

  it("reserves the admitted size first, so an admission that frees too little pushes others below", () => {
    // Capacity 10: x (8) is admitted for b (3); a (4, committed) no longer fits: 8 + 4 = 12.
    const doc = makeDoc({
      teams: team(10),
      initiatives: [sized("a", 4, 4, { committed: true }), sized("b", 3, 3), sized("x", 8, 1)],
      tradeOffs: [tradeOff("t1", "x", ["b"])],
    });
    const result = assess(doc);
    expect(linesOf(result)).toEqual({ a: "below_line", b: "dropped", x: "admitted_by_trade_off" });
    expect(result.capacity[0]).toMatchObject({ lineLoad: 8, free: 2 });
    expect(result.lint.map((f) => [f.code, f.subject])).toEqual([["over_capacity", "a"]]);
  });

  it("does not admit when it drops nothing", () => {
    const doc = makeDoc({ teams: team(10), initiatives: ranked, tradeOffs: [tradeOff("t1", "d", [])] });
    const result = assess(doc);
    expect(linesOf(result).d).toBe("below_line");
    expect(result.lint.map((f) => f.code)).toEqual(["over_capacity"]);
  });

  it("ignores a trade-off dated after asOf", () => {
    const doc = makeDoc({
      teams: team(10),
      initiatives: ranked,
      tradeOffs: [tradeOff("t1", "d", ["b", "c"], "2026-02-17")],
    });
    expect(linesOf(assess(doc, { asOf: "2026-02-16" })).d).toBe("below_line");
    expect(linesOf(assess(doc, { asOf: "2026-02-17" })).d).toBe("admitted_by_trade_off");
  });

  it("lets a later decision about the same initiative override an earlier one", () => {
    // t1 (Feb 1) admits d dropping c; t2 (Feb 10) admits c back dropping d.
    const doc = makeDoc({
      teams: team(10),
      initiatives: ranked,
      tradeOffs: [tradeOff("t2", "c", ["d"], "2026-02-10"), tradeOff("t1", "d", ["c"], "2026-02-01")],
    });
    const result = assess(doc);
    expect(linesOf(result)).toEqual({
      a: "above_line",
      b: "above_line",
      c: "admitted_by_trade_off",
      d: "dropped",
    });
    expect(result.lint).toEqual([]);
  });

  it("does not act on initiatives of another team or cycle", () => {
    const doc = makeDoc({
      teams: [{ id: "core", capacity: { q1: 10 } }, { id: "ops" }],
      initiatives: [...ranked, sized("o", 1, 1, { team: "ops" })],
      tradeOffs: [tradeOff("t1", "d", ["o"])],
    });
    const result = assess(doc);
    expect(linesOf(result).d).toBe("below_line");
    expect(linesOf(result).o).toBe(null);
    expect(result.lint.map((f) => [f.code, f.path])).toEqual([
      ["over_capacity", "initiatives[3].committed"],
      ["unknown_reference", "tradeOffs[0].dropped[0]"],
    ]);
  });
});

/** Whole numbers, or decimals of one place (0.1, 0.3, 0.9: the sizes and scores whose sums round). */
const amount = (min: number, max: number) =>
  fc.oneof(
    fc.integer({ min, max }),
    fc.integer({ min: min * 10, max: max * 10 }).map((n) => n / 10),
  );

const initiativeArb = (id: string) =>
  fc
    .record({
      size: amount(1, 20),
      value: amount(0, 20),
      timeCriticality: amount(0, 20),
      riskReduction: amount(0, 20),
      committed: fc.boolean(),
      team: fc.constantFrom("core", "ops"),
    })
    .map((fields) => initiative(id, fields));

const pipelineArb = fc
  .uniqueArray(fc.constantFrom(..."abcdefghijklmnop"), { minLength: 1, maxLength: 16 })
  .chain((ids) => fc.tuple(...ids.map(initiativeArb)));

describe("pipeline properties", () => {
  it("never depends on the input order", () => {
    fc.assert(
      fc.property(
        pipelineArb.chain((initiatives) =>
          fc.tuple(
            fc.constant(initiatives),
            fc.shuffledSubarray(initiatives, { minLength: initiatives.length }),
          ),
        ),
        amount(0, 60),
        ([initiatives, shuffled], capacity) => {
          const teams = [
            { id: "core", capacity: { q1: capacity } },
            { id: "ops", capacity: { q1: capacity / 2 } },
          ];
          const a = assess(makeDoc({ teams, initiatives }));
          const b = assess(makeDoc({ teams, initiatives: shuffled }));
          expect(a.initiatives.map((i) => [i.id, i.rank, i.line])).toEqual(
            b.initiatives.map((i) => [i.id, i.rank, i.line]),
          );
          expect(a.capacity).toEqual(b.capacity);
          expect(a.lint.map((f) => [f.code, f.subject])).toEqual(b.lint.map((f) => [f.code, f.subject]));
        },
      ),
    );
  });

  it("never puts more than capacity on the line without a trade-off", () => {
    fc.assert(
      fc.property(pipelineArb, amount(0, 60), (initiatives, capacity) => {
        const result = assess(makeDoc({ teams: [{ id: "core", capacity: { q1: capacity } }], initiatives }));
        const core = result.capacity.find((c) => c.team === "core");
        if (core === undefined) return;
        const onLine = result.initiatives.filter((i) => i.team === "core" && i.line === "above_line");
        const sum = onLine.reduce((s, i) => s + i.size, 0);
        // Decimal sizes sum a rounding error off what they mean (0.1 + 0.2): no more than that over.
        expect(atMost(sum, capacity)).toBe(true);
        expect(core.lineLoad).toBe(sum);
        // The line is a prefix of the ranking.
        const lines = result.initiatives.filter((i) => i.team === "core").map((i) => i.line);
        expect(lines).toEqual([...lines].sort((x, y) => (x === y ? 0 : x === "above_line" ? -1 : 1)));
      }),
    );
  });

  it("goes over capacity only by what trade-offs admitted", () => {
    fc.assert(
      fc.property(
        pipelineArb,
        fc.integer({ min: 0, max: 60 }),
        fc.nat(),
        fc.nat(),
        (initiatives, capacity, pickAdmitted, pickDropped) => {
          const core = initiatives.filter((i) => i.team === "core");
          const admitted = core[pickAdmitted % Math.max(1, core.length)];
          const dropped = core[pickDropped % Math.max(1, core.length)];
          const tradeOffs =
            admitted === undefined || dropped === undefined ? [] : [tradeOff("t", admitted.id, [dropped.id])];
          const result = assess(
            makeDoc({ teams: [{ id: "core", capacity: { q1: capacity } }], initiatives, tradeOffs }),
          );
          const mine = result.initiatives.filter((i) => i.team === "core");
          const size = (line: string) => mine.filter((i) => i.line === line).reduce((s, i) => s + i.size, 0);
          const admittedSize = size("admitted_by_trade_off");
          expect(size("above_line") + admittedSize).toBeLessThanOrEqual(Math.max(capacity, admittedSize));
          for (const f of result.lint.filter((l) => l.code === "over_capacity")) {
            expect(mine.find((i) => i.id === f.subject)).toMatchObject({
              committed: true,
              line: "below_line",
            });
          }
        },
      ),
    );
  });
});
