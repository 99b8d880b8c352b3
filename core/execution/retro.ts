/**
 * The retrospective of a cycle (DOMAIN §7): how the cycle ended, what the mean says about ambition,
 * what to carry over, and what the check-ins taught.
 */

import { atLeast, atMost } from "../bounds.ts";
import { compareText } from "../compare.ts";
import type { CascadeDocument, KeyResultKind } from "../model/document.ts";
import type {
  CarryOver,
  LearningNote,
  RetroObjective,
  Retrospective,
  RetroTeam,
  StretchReading,
} from "../model/execution.ts";
import type { Grade, IsoDate, KeyResultStatus, ScoreReport } from "../model/report.ts";
import { gradeOf as gradeOfScore } from "../scoring/pace.ts";
import { formatNumber } from "./format.ts";

/**
 * Google's grade of a score: green ≥ 0.7, yellow ≥ 0.4, else red.
 *
 * @example gradeOf(0.65) // "yellow"
 */
export function gradeOf(score: number | null): Grade | null {
  return score === null ? null : gradeOfScore(score);
}

/**
 * What a cycle's mean score suggests. 0.6–0.7 (inclusive) is the healthy stretch zone; ≥ 0.9 suggests the
 * objectives were not ambitious; < 0.4 suggests over-reach. Between them: above the zone (0.7–0.9) and
 * below it (0.4–0.6).
 *
 * @example stretchReading(0.65) // "stretch_zone"
 */
export function stretchReading(mean: number | null): StretchReading | null {
  if (mean === null) return null;
  // A mean a rounding error off a bound is on it: 0.85 and 0.95 average to 0.8999999999999999.
  if (atLeast(mean, 0.9)) return "not_ambitious";
  if (!atMost(mean, 0.7)) return "above_stretch";
  if (atLeast(mean, 0.6)) return "stretch_zone";
  if (atLeast(mean, 0.4)) return "below_stretch";
  return "over_reach";
}

const READINGS: Record<StretchReading, string> = {
  not_ambitious:
    "A mean of 0.9 or more suggests the objectives were not ambitious enough: set bolder ones next cycle.",
  above_stretch: "Above the 0.6–0.7 stretch zone: strong delivery, with room to aim higher next cycle.",
  stretch_zone: "In the 0.6–0.7 stretch zone: ambitious objectives, mostly delivered, as intended.",
  below_stretch:
    "Below the 0.6–0.7 stretch zone: look at what got in the way (capacity, dependencies) before committing to as much again.",
  over_reach:
    "A mean below 0.4 suggests over-reach: fewer objectives, or smaller ones, and a hard look at capacity.",
};

/**
 * Builds the retrospective of `cycleId`, scored as of the cycle's end; null for an unknown cycle.
 *
 * Team scores and the cycle mean are plain means of the objectives' non-null scores: every objective a
 * team set counts once, whatever its weight in a roll-up. Carry-over proposes the key results not done,
 * except invalid ones, range key results inside their range, and those weighted 0 (set aside on purpose).
 *
 * @example
 * const retro = buildRetrospective(doc, "q1", (asOf) => scoreCascade(doc, asOf));
 * retro?.reading // "stretch_zone"
 */
export function buildRetrospective(
  doc: CascadeDocument,
  cycleId: string,
  scoreAt: (asOf: IsoDate) => ScoreReport,
): Retrospective | null {
  const cycle = doc.cycles.find((c) => c.id === cycleId);
  if (cycle === undefined) return null;
  const report = scoreAt(cycle.end);
  const objectiveScores = new Map(report.objectives.map((o) => [o.id, o] as const));
  const objectivesOfCycle = firstById(doc.objectives).filter((o) => o.cycleId === cycleId);
  const inCycle = new Set(objectivesOfCycle.map((o) => o.id));

  const objectives: RetroObjective[] = objectivesOfCycle
    .map((o) => {
      const s = objectiveScores.get(o.id);
      return {
        id: o.id,
        title: o.title,
        team: o.team ?? null,
        owner: o.owner ?? null,
        score: s?.score ?? null,
        grade: s?.grade ?? gradeOf(s?.score ?? null),
        status: s?.status ?? "no_data",
      };
    })
    .sort((a, b) => compareText(a.team ?? "", b.team ?? "") || compareText(a.id, b.id));

  const teamIds = [...new Set(objectives.map((o) => o.team))].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : compareText(a, b),
  );
  const teams: RetroTeam[] = teamIds.map((team) => {
    const mine = objectives.filter((o) => o.team === team);
    const score = mean(mine.map((o) => o.score));
    return { team, objectives: mine.length, score, grade: gradeOf(score) };
  });

  const cycleMean = mean(objectives.map((o) => o.score));
  const reading = stretchReading(cycleMean);

  const keyResults = firstById(doc.keyResults).filter((kr) => inCycle.has(kr.objectiveId));
  const krScores = new Map(report.keyResults.map((kr) => [kr.id, kr] as const));
  const objectiveOwner = new Map(objectivesOfCycle.map((o) => [o.id, o.owner] as const));
  const carryOver: CarryOver[] = [];
  for (const kr of keyResults) {
    const s = krScores.get(kr.id);
    if (s === undefined || !unfinished(s.status, kr.kind) || kr.weight === 0) continue;
    carryOver.push({
      id: kr.id,
      title: kr.title,
      objectiveId: kr.objectiveId,
      owner: kr.owner ?? objectiveOwner.get(kr.objectiveId) ?? null,
      progress: s.progress,
      status: s.status,
    });
  }
  carryOver.sort((a, b) => compareText(a.objectiveId, b.objectiveId) || compareText(a.id, b.id));

  const notes: LearningNote[] = [];
  for (const kr of keyResults) {
    for (const c of kr.checkIns ?? []) {
      if (c.note === undefined || c.note.trim() === "" || c.date < cycle.start || c.date > cycle.end)
        continue;
      notes.push({ date: c.date, keyResultId: kr.id, keyResultTitle: kr.title, note: c.note.trim() });
    }
  }
  // Stable sort: notes of one key result on one date keep their order in the document.
  notes.sort((a, b) => compareText(a.date, b.date) || compareText(a.keyResultId, b.keyResultId));

  return {
    organization: doc.organization,
    cycleId,
    cycleName: cycle.name ?? null,
    start: cycle.start,
    end: cycle.end,
    asOf: cycle.end,
    objectives,
    teams,
    mean: cycleMean,
    reading,
    readingText:
      reading === null || cycleMean === null
        ? "No objective of this cycle has a score, so there is no mean to read."
        : `Mean ${formatNumber(cycleMean)}. ${READINGS[reading]}`,
    carryOver,
    notes,
  };
}

/**
 * Whether a key result is unfinished at the cycle's end: not done, and not invalid (that needs fixing,
 * not carrying). A range key result inside its range has held it: there is nothing to finish.
 */
function unfinished(status: KeyResultStatus, kind: KeyResultKind): boolean {
  if (status === "done" || status === "invalid") return false;
  return !(kind === "range" && status === "on_track");
}

function mean(scores: ReadonlyArray<number | null>): number | null {
  const present = scores.filter((s): s is number => s !== null);
  if (present.length === 0) return null;
  return present.reduce((sum, s) => sum + s, 0) / present.length;
}

function firstById<T extends { id: string }>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    if (seen.has(item.id)) return false;
    seen.add(item.id);
    return true;
  });
}
