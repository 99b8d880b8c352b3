/**
 * The execution layer's items → sync-table rows: cycles, the one pipeline, health metrics, budget
 * moves and a cycle's retrospective. As in rows.ts, blank cells are absent fields, references carry
 * the referenced row's title, and links open the row on Cascade's dashboard.
 */
import { gradeOf } from "../../core/execution/retro.ts";
import { defined } from "./helpers.ts";
import {
  CYCLE_STATE_LABEL,
  GRADE_LABEL,
  HEALTH_AREA_LABEL,
  HEALTH_STATUS_LABEL,
  INITIATIVE_STATUS_LABEL,
  INITIATIVE_TYPE_LABEL,
  LINE_LABEL,
  RETRO_SECTION_LABEL,
  SCALE_LABEL,
  STATUS_LABEL,
  STRETCH_LABEL,
  TREND_LABEL,
} from "./labels.ts";
import { dashboardLink, orBlank, personOf, type RowContext, ref } from "./rows.ts";
import type { CycleRow, HealthMetricRow, InitiativeRow, ReallocationRow, Retrospective } from "./types.ts";

/** The dashboard's anchor of a row on a page (worker/dashboard/names.tsx). */
const anchor = (kind: string, id: string) => encodeURIComponent(`${kind}-${id}`);

const retroPage = (rows: RowContext, cycleId: string) =>
  dashboardLink(rows, `/dashboard/retro/${encodeURIComponent(cycleId)}`);

const list = (ids: readonly string[]) => (ids.length === 0 ? undefined : ids.join(", "));

export function cycleRow(item: CycleRow, rows: RowContext) {
  return defined({
    id: item.id,
    title: item.title,
    start: item.start,
    end: item.end,
    elapsed: item.expected,
    state: CYCLE_STATE_LABEL[item.state],
    current: item.current,
    objectives: item.objectives,
    keyResults: item.keyResults,
    initiatives: item.initiatives,
    link: dashboardLink(rows, "/dashboard", { cycle: item.id }),
    retro: item.state === "finished" ? retroPage(rows, item.id) : undefined,
  });
}

export function initiativeRow(item: InitiativeRow, rows: RowContext) {
  return defined({
    id: item.id,
    title: item.title,
    type: INITIATIVE_TYPE_LABEL[item.type],
    cycle: ref(item.cycleId, rows),
    team: item.team,
    teamName: item.teamName,
    owner: orBlank(item.owner),
    ownerPerson: personOf(item.owner),
    keyResults: item.keyResultIds.map((id) => ({ id, title: rows.titles?.get(id) ?? id })),
    rank: item.rank,
    teamRank: item.teamRank,
    priority: item.priority,
    costOfDelay: item.costOfDelay,
    size: item.size,
    value: item.value,
    timeCriticality: item.timeCriticality,
    riskReduction: item.riskReduction,
    committed: item.committed,
    line: item.line === null ? undefined : LINE_LABEL[item.line],
    onLine:
      item.line === null ? undefined : item.line === "above_line" || item.line === "admitted_by_trade_off",
    overCapacity: item.overCapacity,
    capacity: orBlank(item.capacity),
    status: item.status === null ? undefined : INITIATIVE_STATUS_LABEL[item.status],
    dependsOn: list(item.dependsOn),
    blockedBy: list(item.blockedBy),
    budget: item.budget,
    currentBudget: item.currentBudget,
    tradeOff: item.tradeOff?.id,
    tradeOffReason: item.tradeOff?.reason,
    decidedBy: item.tradeOff?.decidedBy,
    link: dashboardLink(
      rows,
      "/dashboard/execution",
      { cycle: item.cycleId, team: item.team },
      anchor("initiative", item.id),
    ),
  });
}

export function healthMetricRow(item: HealthMetricRow, rows: RowContext) {
  const trend = item.worsening ? "worsening" : item.change;
  return defined({
    id: item.id,
    title: item.title,
    area: HEALTH_AREA_LABEL[item.area],
    status: item.status === null ? undefined : HEALTH_STATUS_LABEL[item.status],
    value: orBlank(item.value),
    date: orBlank(item.date),
    previous: item.previous?.value,
    previousDate: item.previous?.date,
    trend: trend === null ? undefined : TREND_LABEL[trend],
    direction: item.direction === "higher_is_better" ? "Higher is better" : "Lower is better",
    green: item.green,
    red: item.red,
    link: dashboardLink(rows, "/dashboard/execution", {}, anchor("metric", item.id)),
  });
}

/** A number as a move's label shows it: grouped thousands, up to two decimals. */
const amount = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 2 });

export function budgetMoveRow(item: ReallocationRow, rows: RowContext) {
  const from = ref(item.from, rows);
  const to = ref(item.to, rows);
  return defined({
    id: item.id,
    label: `${from?.title ?? item.from} → ${to?.title ?? item.to}: ${amount(item.amount)}`,
    date: item.date,
    from,
    to,
    cycle: ref(item.cycleId ?? undefined, rows),
    amount: item.amount,
    scale: SCALE_LABEL[item.scale],
    approvedBy: orBlank(item.approvedBy),
    needsApproval: item.lint.some((l) => l.code === "unapproved_reallocation"),
    applied: item.applied,
    fromBudgetAfter: orBlank(item.fromBudgetAfter),
    findings: item.lint.length === 0 ? undefined : item.lint.map((l) => l.message).join(" "),
    link: dashboardLink(
      rows,
      "/dashboard/execution",
      { cycle: item.cycleId ?? undefined },
      anchor("move", item.id),
    ),
  });
}

/** A row of a retrospective: which part it belongs to, and what that part shows of its subject. */
interface RetroRow {
  id: string;
  title: string;
  section: string;
  order?: number;
  cycle?: { id: string; title: string };
  team?: string;
  objective?: { id: string; title: string };
  keyResult?: { id: string; title: string };
  owner?: string;
  ownerPerson?: { name: string; email: string };
  score?: number;
  grade?: string;
  status?: string;
  progress?: number;
  reading?: string;
  date?: string;
  note?: string;
  link?: string;
}

/**
 * A retrospective as rows, in the order it reads: the cycle's mean and what it says, each team, each
 * objective's final score, the key results proposed for carry-over, and the check-in notes to learn
 * from. Each row's id names its cycle, part and subject, so a row keeps its identity from one sync to
 * the next (notes of one key result on one day are told apart by their place).
 */
export function retroRows(retro: Retrospective, rows: RowContext): RetroRow[] {
  const cycle = { id: retro.cycleId, title: retro.cycleName ?? retro.cycleId };
  const link = retroPage(rows, retro.cycleId);
  const key = (part: string, subject: string) => `${retro.cycleId}|${part}|${subject}`;
  const grade = (g: Retrospective["teams"][number]["grade"]) => (g === null ? undefined : GRADE_LABEL[g]);
  const objectiveTitles = new Map(retro.objectives.map((o) => [o.id, o.title]));
  const parts: RetroRow[] = [
    {
      id: key("cycle", retro.cycleId),
      title: `${cycle.title}: the cycle's mean`,
      section: RETRO_SECTION_LABEL.cycle,
      score: orBlank(retro.mean),
      // Graded as the core grades a team's mean (DOMAIN §4, Google's convention).
      grade: grade(gradeOf(retro.mean)),
      reading: retro.reading === null ? undefined : STRETCH_LABEL[retro.reading],
      note: retro.readingText,
    },
    ...retro.teams.map((t) => ({
      id: key("team", t.team ?? ""),
      title: t.team === null ? "Objectives without a team" : `Team ${t.team}`,
      section: RETRO_SECTION_LABEL.team,
      team: orBlank(t.team),
      score: orBlank(t.score),
      grade: grade(t.grade),
      note: `${t.objectives} objective${t.objectives === 1 ? "" : "s"}`,
    })),
    ...retro.objectives.map((o) => ({
      id: key("objective", o.id),
      title: o.title,
      section: RETRO_SECTION_LABEL.objective,
      team: orBlank(o.team),
      objective: { id: o.id, title: o.title },
      owner: orBlank(o.owner),
      ownerPerson: personOf(o.owner),
      score: orBlank(o.score),
      grade: grade(o.grade),
      status: STATUS_LABEL[o.status],
    })),
    ...retro.carryOver.map((kr) => ({
      id: key("carry-over", kr.id),
      title: kr.title,
      section: RETRO_SECTION_LABEL.carryOver,
      objective: ref(kr.objectiveId, rows, objectiveTitles.get(kr.objectiveId)),
      keyResult: { id: kr.id, title: kr.title },
      owner: orBlank(kr.owner),
      ownerPerson: personOf(kr.owner),
      progress: orBlank(kr.progress),
      status: STATUS_LABEL[kr.status],
    })),
    ...noteRows(retro, key),
  ];
  return parts.map((row, i) => defined({ ...row, order: i + 1, cycle, link }));
}

/** The check-in notes to learn from: one row each, told apart by their place on one key result's day. */
function noteRows(retro: Retrospective, key: (part: string, subject: string) => string): RetroRow[] {
  const seen = new Map<string, number>();
  return retro.notes.map((note) => {
    const subject = `${note.keyResultId}|${note.date}`;
    const n = (seen.get(subject) ?? 0) + 1;
    seen.set(subject, n);
    return {
      id: key("note", n === 1 ? subject : `${subject}|${n}`),
      title: `${note.keyResultTitle} · ${note.date}`,
      section: RETRO_SECTION_LABEL.note,
      keyResult: { id: note.keyResultId, title: note.keyResultTitle },
      date: note.date,
      note: note.note,
    };
  });
}
