import { describe, expect, it } from "vitest";
import type { TradeOff } from "../model/document.ts";
import { renderPipelineMarkdown, selectPipeline } from "./pipeline-markdown.ts";
import { assess, initiative, keyResult, makeDoc } from "./test-documents.ts";

const drop: TradeOff = {
  id: "t1",
  cycleId: "q1",
  team: "core",
  admitted: "late",
  dropped: ["mid"],
  decidedBy: "CEO",
  date: "2026-02-01",
  reason: "focus",
};

// core, capacity 10: top (4, WSJF 5), mid (3, WSJF 3, dropped), next (5, WSJF 2), late (2, WSJF 1, admitted),
// tail (4, WSJF 0.5, committed). Line: late 2, top 6, next 11 > 10, so next and tail are below.
const doc = makeDoc({
  teams: [{ id: "core", capacity: { q1: 10 } }, { id: "ops" }],
  initiatives: [
    initiative("top", { size: 4, value: 20, title: "Top | first" }),
    initiative("mid", { size: 3, value: 9 }),
    initiative("next", { size: 5, value: 10, type: "tech_debt" }),
    initiative("late", { size: 2, value: 2 }),
    initiative("tail", { size: 4, value: 2, committed: true }),
    initiative("o1", { team: "ops", size: 2, value: 2 }),
    initiative("other", { cycleId: "q2", size: 1, value: 1 }),
  ],
  tradeOffs: [drop],
});
const result = assess(doc);

describe("the pipeline in markdown", () => {
  it("selects one cycle, optionally one team", () => {
    expect(selectPipeline(result, doc, "q1").capacity.map((c) => c.team)).toEqual(["core", "ops"]);
    expect(selectPipeline(result, doc, "q1", "ops").initiatives.map((i) => i.id)).toEqual(["o1"]);
  });

  it("draws the cut line after what fits, with admitted first and dropped ones listed apart", () => {
    const md = renderPipelineMarkdown(selectPipeline(result, doc, "q1", "core"), "q1", "2026-02-16");
    const rows = md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| #"));
    expect(rows).toEqual([
      "| 4 | Initiative late (`late`) admitted by `t1` | business | 1 | 2 | 2 | 2 | no | – |",
      "| 1 | Top \\| first (`top`) | business | 5 | 20 | 4 | 6 | no | – |",
      "| | **── cut line: capacity 10 ──** | | | | | | | |",
      "| 3 | Initiative next (`next`) | tech_debt | 2 | 10 | 5 | 11 | no | – |",
      "| 5 | Initiative tail (`tail`) **over capacity** | business | 0.5 | 2 | 4 | 15 | yes | – |",
    ]);
    expect(md).toContain("# Pipeline: cycle q1 (as of 2026-02-16)");
    expect(md).toContain(
      "Capacity 10, on the line 6 (free 4), load 15, committed 4. **1 committed initiative below the line.**",
    );
    expect(md).toContain("Dropped by trade-offs: Initiative mid (`mid`, `t1`).");
  });

  it("ranks a team without capacity without a line", () => {
    const md = renderPipelineMarkdown(selectPipeline(result, doc, "q1", "ops"), "q1");
    expect(md).toContain("No capacity set for this cycle, so no line: load 2, committed 0.");
    expect(md).not.toContain("cut line");
    expect(md).toContain("| 1 | Initiative o1 (`o1`) | business | 1 | 2 | 2 | 2 | no | – |");
  });

  it("lists the budget moves touching the pipeline, micro or major, and which major ones lack approval", () => {
    // Total budget 1000: at the default 10 % share a move of 100 or more is major.
    const moving = makeDoc({
      teams: [{ id: "core", capacity: { q1: 10 } }],
      initiatives: [
        initiative("a", { budget: 600 }),
        initiative("b", { budget: 400 }),
        initiative("later", { cycleId: "q2" }),
      ],
      reallocations: [
        { id: "r1", date: "2026-02-01", from: "a", to: "b", amount: 50 },
        { id: "r2", date: "2026-02-02", from: "b", to: "a", amount: 100, approvedBy: "CFO" },
        { id: "r3", date: "2026-02-03", from: "a", to: "b", amount: 300 },
        { id: "r4", date: "2026-02-03", from: "later", to: "later", amount: 5 },
      ],
    });
    const view = selectPipeline(assess(moving), moving, "q1");
    expect(view.reallocations.map((r) => [r.id, r.scale])).toEqual([
      ["r1", "micro"],
      ["r2", "major"],
      ["r3", "major"],
    ]);
    const md = renderPipelineMarkdown(view, "q1");
    expect(md).toContain("## Budget moves");
    expect(md).toContain("| 2026-02-01 | `a` → `b` | 50 | micro | – |");
    expect(md).toContain("| 2026-02-02 | `b` → `a` | 100 | major | CFO |");
    expect(md).toContain("| 2026-02-03 | `a` → `b` | 300 | major | **none: needs approval** |");
    expect(renderPipelineMarkdown(selectPipeline(result, doc, "q1"), "q1")).not.toContain("Budget moves");
  });

  it("names the off-track initiatives others wait on, with everything down the chain", () => {
    // stuck (off track through k1) ← a ← b: b waits on stuck through a; fine is on track.
    const chained = makeDoc({
      keyResults: [keyResult("k1"), keyResult("k2")],
      initiatives: [
        initiative("stuck", { keyResultIds: ["k1"], title: "Stuck one" }),
        initiative("fine", { keyResultIds: ["k2"] }),
        initiative("a"),
        initiative("b"),
      ],
      dependencies: [
        { from: "a", to: "stuck" },
        { from: "b", to: "a" },
        { from: "b", to: "fine" },
      ],
    });
    const view = selectPipeline(
      assess(chained, { statuses: { k1: "off_track", k2: "on_track" } }),
      chained,
      "q1",
    );
    expect(view.blocking).toEqual([{ id: "stuck", dependents: ["a", "b"] }]);
    expect(renderPipelineMarkdown(view, "q1")).toContain(
      "- **Stuck one** (`stuck`): 2 items depend on it, directly or down the chain: `a`, `b`.",
    );
    expect(selectPipeline(result, doc, "q1").blocking).toEqual([]);
  });

  it("says so for a cycle without initiatives", () => {
    expect(renderPipelineMarkdown(selectPipeline(result, doc, "q9"), "q9")).toBe(
      "# Pipeline: cycle q9\n\nNo initiatives and no capacity in this cycle.\n",
    );
  });
});
