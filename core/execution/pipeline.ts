/**
 * Finite capacity (DOMAIN §7): per team and cycle, the cut line through the ranked pipeline, the
 * trade-offs that change it, and `over_capacity` for committed work below it.
 *
 * How trade-offs act (DOMAIN is silent on the mechanics; see docs/report.md):
 * - only trade-offs dated ≤ asOf count, applied in date order (same date: by id), so a later decision
 *   about the same initiative overrides an earlier one;
 * - a trade-off admits its `admitted` initiative only if it names at least one dropped initiative of the
 *   same team and cycle: a "trade-off" that gives nothing up is hidden over-commitment with a signature;
 * - dropped initiatives leave the line (`dropped`); admitted ones are put on the line first
 *   (`admitted_by_trade_off`, their sizes reserved), then the rest is walked by rank. So an admission that
 *   frees less than it takes pushes the next initiatives below the line, where committed ones are flagged.
 */

import { atMost } from "../bounds.ts";
import { compareText } from "../compare.ts";
import type { CascadeDocument, Initiative, TradeOff } from "../model/document.ts";
import type { CapacityReport, LinePosition } from "../model/execution.ts";
import type { IsoDate, LintFinding } from "../model/report.ts";
import { finite } from "./finite.ts";
import type { RankedInitiative } from "./wsjf.ts";

/** Where each initiative landed, indexed by rank − 1 (ranks are 1..n, one per initiative). */
export interface Placements {
  /** 1-based place among the initiatives of the same team and cycle. */
  teamRank: Int32Array;
  line: Array<LinePosition | null>;
  /** The trade-off that admitted or dropped it. */
  tradeOffId: Array<string | null>;
}

export interface Pipeline {
  /** Every initiative in rank order, as `rankInitiatives` returned them. */
  ranked: readonly RankedInitiative[];
  placements: Placements;
  capacity: CapacityReport[];
  lint: LintFinding[];
}

export interface TradeOffDecision {
  kind: "admitted" | "dropped";
  tradeOffId: string;
}

/**
 * Whether a running total fits a capacity. The tolerance (one part in a billion) keeps decimal sizes
 * honest: 0.1 + 0.2 fills a capacity of 0.3 exactly.
 *
 * @example fits(0.1 + 0.2, 0.3) // true
 */
export function fits(total: number, capacity: number): boolean {
  return atMost(total, capacity);
}

/**
 * Draws every team's line for every cycle through the ranked pipeline. `ranked` is what
 * `rankInitiatives` returns: ranks 1..n, one per initiative.
 *
 * @example
 * const { capacity } = drawPipeline(doc, rankInitiatives(doc.initiatives ?? []), "2026-02-01");
 * capacity[0] // { team: "platform", cycleId: "Q1", capacity: 10, lineLoad: 9, onLine: ["i1", "i2"], ... }
 */
export function drawPipeline(
  doc: CascadeDocument,
  ranked: readonly RankedInitiative[],
  asOf: IsoDate,
): Pipeline {
  const capacities = capacityTable(doc);
  const decisions = tradeOffDecisions(doc.tradeOffs ?? [], doc.initiatives ?? [], asOf);
  // team → cycle → its initiatives in rank order (two small maps: no key string per initiative).
  const groups = new Map<string, Map<string, RankedInitiative[]>>();
  const groupOf = (team: string, cycleId: string): RankedInitiative[] => {
    let byCycle = groups.get(team);
    if (byCycle === undefined) {
      byCycle = new Map();
      groups.set(team, byCycle);
    }
    let group = byCycle.get(cycleId);
    if (group === undefined) {
      group = [];
      byCycle.set(cycleId, group);
    }
    return group;
  };
  for (const r of ranked) groupOf(r.initiative.team, r.initiative.cycleId).push(r);
  for (const [team, byCycle] of capacities) {
    for (const cycleId of byCycle.keys()) groupOf(team, cycleId);
  }

  const placements: Placements = {
    teamRank: new Int32Array(ranked.length),
    line: new Array<LinePosition | null>(ranked.length).fill(null),
    tradeOffId: new Array<string | null>(ranked.length).fill(null),
  };
  const capacity: CapacityReport[] = [];
  const lint: LintFinding[] = [];
  for (const [team, byCycle] of groups) {
    for (const [cycleId, group] of byCycle) {
      const cap = capacities.get(team)?.get(cycleId) ?? null;
      const { report, overCapacity } = drawLine(team, cycleId, cap, group, decisions, placements);
      capacity.push(report);
      for (const r of overCapacity) {
        lint.push({
          code: "over_capacity",
          severity: "error",
          subject: r.initiative.id,
          path: `initiatives[${r.position}].committed`,
          message:
            `Committed but below team ${team}'s line for cycle ${cycleId} (capacity ${cap}, ` +
            `${report.lineLoad} on the line): record a trade-off that admits it and names what is dropped, ` +
            "or take it off the commitments.",
        });
      }
    }
  }

  const cycleStart = new Map<string, string>();
  for (const c of doc.cycles) if (!cycleStart.has(c.id)) cycleStart.set(c.id, c.start);
  capacity.sort(
    (a, b) =>
      compareText(cycleStart.get(a.cycleId) ?? "~", cycleStart.get(b.cycleId) ?? "~") ||
      compareText(a.cycleId, b.cycleId) ||
      compareText(a.team, b.team),
  );
  return {
    ranked,
    placements,
    capacity,
    lint,
  };
}

function drawLine(
  team: string,
  cycleId: string,
  cap: number | null,
  group: readonly RankedInitiative[],
  decisions: ReadonlyMap<string, TradeOffDecision>,
  placements: Placements,
): { report: CapacityReport; overCapacity: RankedInitiative[] } {
  let load = 0;
  let committedLoad = 0;
  const admitted: RankedInitiative[] = [];
  const walked: RankedInitiative[] = [];
  const dropped: RankedInitiative[] = [];
  group.forEach((r, i) => {
    const decision = decisions.get(r.initiative.id);
    placements.teamRank[r.rank - 1] = i + 1;
    placements.tradeOffId[r.rank - 1] = decision?.tradeOffId ?? null;
    if (decision?.kind === "dropped") {
      dropped.push(r);
      return;
    }
    load = finite(load + r.initiative.size);
    if (r.initiative.committed === true) committedLoad = finite(committedLoad + r.initiative.size);
    if (decision?.kind === "admitted") admitted.push(r);
    else walked.push(r);
  });
  const report: CapacityReport = {
    team,
    cycleId,
    capacity: cap,
    load,
    committedLoad,
    lineLoad: null,
    free: null,
    onLine: [],
    belowLine: [],
    dropped: dropped.map((r) => r.initiative.id),
    overCapacity: [],
  };
  const overCapacity: RankedInitiative[] = [];
  if (cap === null) return { report, overCapacity };

  const setLine = (r: RankedInitiative, line: LinePosition) => {
    placements.line[r.rank - 1] = line;
  };
  for (const r of dropped) setLine(r, "dropped");
  let total = 0;
  for (const r of admitted) {
    total = finite(total + r.initiative.size);
    setLine(r, "admitted_by_trade_off");
    report.onLine.push(r.initiative.id);
  }
  let lineLoad = total;
  let passed = false;
  for (const r of walked) {
    total = finite(total + r.initiative.size);
    if (!passed && fits(total, cap)) {
      lineLoad = total;
      setLine(r, "above_line");
      report.onLine.push(r.initiative.id);
    } else {
      passed = true;
      setLine(r, "below_line");
      report.belowLine.push(r.initiative.id);
      if (r.initiative.committed === true) overCapacity.push(r);
    }
  }
  report.overCapacity = overCapacity.map((r) => r.initiative.id);
  report.lineLoad = lineLoad;
  report.free = finite(cap - lineLoad);
  return { report, overCapacity };
}

/**
 * The decision in force for each initiative after the trade-offs dated ≤ asOf, latest last.
 *
 * @example tradeOffDecisions([t], initiatives, "2026-03-01").get("i3") // { kind: "dropped", tradeOffId: "t1" }
 */
export function tradeOffDecisions(
  tradeOffs: readonly TradeOff[],
  initiatives: readonly Initiative[],
  asOf: IsoDate,
): Map<string, TradeOffDecision> {
  const inForce = tradeOffs
    .filter((t) => t.date <= asOf)
    .sort((a, b) => compareText(a.date, b.date) || compareText(a.id, b.id));
  const decisions = new Map<string, TradeOffDecision>();
  if (inForce.length === 0) return decisions; // the usual case: no index of every initiative needed
  const pairOf = new Map<string, string>();
  for (const i of initiatives) if (!pairOf.has(i.id)) pairOf.set(i.id, pairKey(i.team, i.cycleId));
  for (const t of inForce) {
    const pair = pairKey(t.team, t.cycleId);
    const dropped = t.dropped.filter((id) => pairOf.get(id) === pair && id !== t.admitted);
    if (dropped.length > 0 && pairOf.get(t.admitted) === pair) {
      decisions.set(t.admitted, { kind: "admitted", tradeOffId: t.id });
    }
    for (const id of dropped) decisions.set(id, { kind: "dropped", tradeOffId: t.id });
  }
  return decisions;
}

/** team → cycleId → capacity, from the teams' `capacity` records (first team of an id wins). */
function capacityTable(doc: CascadeDocument): Map<string, Map<string, number>> {
  const table = new Map<string, Map<string, number>>();
  for (const team of doc.teams ?? []) {
    if (table.has(team.id)) continue;
    const byCycle = new Map<string, number>();
    for (const [cycleId, cap] of Object.entries(team.capacity ?? {})) byCycle.set(cycleId, cap);
    table.set(team.id, byCycle);
  }
  return table;
}

const SEP = "\u0000";
function pairKey(team: string, cycleId: string): string {
  return `${team}${SEP}${cycleId}`;
}
