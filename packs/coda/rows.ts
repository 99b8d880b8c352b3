/**
 * Worker items → sync-table rows. References carry only the referenced row's id (and its title when
 * known); Coda resolves them against the other sync tables.
 */
import { GRADE_LABEL, KEY_RESULT_ALERTS, SEVERITY_LABEL, STATUS_LABEL } from "./labels.ts";
import type {
  AgendaItem,
  AlertRow,
  CheckInRow,
  GoalRow,
  ImperativeRow,
  KeyResultRow,
  ObjectiveRow,
} from "./types.ts";

/** A reference to another table's row by id (the title is filled in by Coda from that row). */
const ref = (id: string | undefined) => (id === undefined ? undefined : { id, title: id });

/** Score ÷ expected; blank before the cycle starts, when no pace is expected yet. */
function paceOf(score: number | null, expected: number): number | undefined {
  return score === null || expected <= 0 ? undefined : score / expected;
}

const orBlank = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

export function imperativeRow(item: ImperativeRow) {
  return {
    id: item.id,
    title: item.title,
    owner: item.owner,
    weight: item.weight,
    score: orBlank(item.score),
  };
}

export function goalRow(item: GoalRow) {
  return {
    id: item.id,
    title: item.title,
    imperative: ref(item.imperativeId),
    year: item.year,
    owner: item.owner,
    weight: item.weight,
    score: orBlank(item.score),
  };
}

export function objectiveRow(item: ObjectiveRow) {
  return {
    id: item.id,
    title: item.title,
    goal: ref(item.goalId),
    parent: ref(item.parentId),
    cycle: item.cycleId,
    team: item.team,
    owner: item.owner,
    weight: item.weight,
    wig: item.wig,
    perspective: item.perspective,
    score: orBlank(item.score),
    expected: item.expected,
    pace: paceOf(item.score, item.expected),
    status: STATUS_LABEL[item.status],
    grade: item.grade === null ? undefined : GRADE_LABEL[item.grade],
  };
}

export function keyResultRow(item: KeyResultRow) {
  return {
    id: item.id,
    title: item.title,
    objective: ref(item.objectiveId),
    kind: item.kind,
    owner: item.owner,
    unit: item.unit,
    measure: item.measure,
    weight: item.weight,
    start: item.start,
    target: item.target,
    low: item.low,
    high: item.high,
    milestones: item.milestones,
    current: orBlank(item.current),
    attainment: orBlank(item.attainment),
    progress: orBlank(item.progress),
    expected: item.expected,
    pace: paceOf(item.progress, item.expected),
    status: STATUS_LABEL[item.status],
    forecast: item.forecast?.value,
    forecastProgress: item.forecast?.progress,
    version: item.version,
  };
}

export function checkInRow(item: CheckInRow) {
  return {
    id: item.id,
    label: `${item.keyResultId} · ${item.date}`,
    keyResult: ref(item.keyResultId),
    date: item.date,
    value: item.value,
    confidence: item.confidence,
    note: item.note,
    source: item.source,
  };
}

export function alertRow(item: AlertRow) {
  return {
    id: `${item.subject}|${item.code}|${item.message}`,
    message: item.message,
    code: item.code,
    severity: SEVERITY_LABEL[item.severity],
    subject: item.subject,
    keyResult: KEY_RESULT_ALERTS.has(item.code) ? ref(item.subject) : undefined,
  };
}

/** Agenda kinds whose subject is always a key result (DOMAIN §7). */
const KEY_RESULT_AGENDA_KINDS: ReadonlySet<string> = new Set([
  "blocking_off_track",
  "lead_declining",
  "off_track",
  "forecast_shortfall",
  "low_confidence_at_risk",
  "stale_check_in",
]);

const kindLabel = (kind: string) => {
  const words = kind.replace(/_/g, " ");
  return `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
};

export function agendaRow(item: AgendaItem, index: number) {
  return {
    subject: item.subject,
    title: item.title,
    rank: index + 1,
    kind: kindLabel(item.kind),
    why: item.why,
    owner: orBlank(item.owner),
    also: item.also.length === 0 ? undefined : item.also.map(kindLabel).join(", "),
    keyResult: KEY_RESULT_AGENDA_KINDS.has(item.kind) ? ref(item.subject) : undefined,
  };
}
