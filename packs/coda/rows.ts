/**
 * Worker items → sync-table rows (blank cells are absent fields). References carry the referenced row's id and title (Coda shows the
 * row itself when its table is in the doc, else the title); links open the row on Cascade's dashboard
 * (worker/dashboard/routes.tsx).
 */
import * as coda from "@codahq/packs-sdk";
import { defined } from "./helpers.ts";
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

/** What rows need beyond their item: where the dashboard is, for which day, and the titles they reference. */
export interface RowContext {
  /** The worker's origin; links are made only to https origins, the only links Coda opens. */
  origin: string;
  /** The day the table was asked for; absent, links open the dashboard on today. */
  asOf?: string | undefined;
  /** Titles of the rows this table references, by id (ids are unique across a cascade). */
  titles?: ReadonlyMap<string, string>;
}

/** A reference to another table's row: its id, and its title when known (else the id). */
export function ref(id: string | undefined, rows: RowContext, title?: string) {
  return id === undefined ? undefined : { id, title: title ?? rows.titles?.get(id) ?? id };
}

/**
 * A page of the dashboard, or undefined when the worker is not served over https (a local worker).
 *
 * @example dashboardLink({ origin: "https://c.acme.workers.dev", asOf: "2026-05-04" }, "/dashboard/alerts")
 * // "https://c.acme.workers.dev/dashboard/alerts?asOf=2026-05-04"
 */
export function dashboardLink(
  rows: RowContext,
  path: string,
  query: Record<string, string | undefined> = {},
  fragment?: string,
): string | undefined {
  if (!rows.origin.startsWith("https://")) return undefined;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries({ asOf: rows.asOf, ...query }))
    if (value !== undefined) params[name] = value;
  const url = coda.withQueryParams(`${rows.origin}${path}`, params);
  return fragment === undefined ? url : `${url}#${fragment}`;
}

const keyResultPage = (rows: RowContext, id: string) =>
  dashboardLink(rows, `/dashboard/key-results/${encodeURIComponent(id)}`);

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * The owner as a Coda person, when the cascade gives an email: `ana@acme.com` or `Ana Lopez <ana@acme.com>`.
 *
 * @example personOf("Ana Lopez <ana@acme.com>") // { name: "Ana Lopez", email: "ana@acme.com" }
 */
export function personOf(owner: string | null | undefined): { name: string; email: string } | undefined {
  const text = owner?.trim();
  if (!text) return undefined;
  if (EMAIL.test(text)) return { name: text, email: text };
  const named = text.match(/^(.*?)\s*<([^<>]+)>$/);
  const email = named?.[2]?.trim();
  if (!email || !EMAIL.test(email)) return undefined;
  return { name: named?.[1]?.trim() || email, email };
}

/** Score ÷ expected; blank before the cycle starts, when no pace is expected yet. */
function paceOf(score: number | null, expected: number): number | undefined {
  return score === null || expected <= 0 ? undefined : score / expected;
}

export const orBlank = <T>(value: T | null | undefined): T | undefined => value ?? undefined;

/** A confidence as its scale shows it: whole points. */
const roundedConfidence = (confidence: number | null | undefined) =>
  confidence === null || confidence === undefined ? undefined : Math.round(confidence);

export function imperativeRow(item: ImperativeRow, rows: RowContext) {
  return defined({
    id: item.id,
    title: item.title,
    owner: item.owner,
    ownerPerson: personOf(item.owner),
    weight: item.weight,
    score: orBlank(item.score),
    link: dashboardLink(rows, "/dashboard"),
  });
}

export function goalRow(item: GoalRow, rows: RowContext) {
  return defined({
    id: item.id,
    title: item.title,
    imperative: ref(item.imperativeId, rows),
    year: item.year,
    owner: item.owner,
    ownerPerson: personOf(item.owner),
    weight: item.weight,
    score: orBlank(item.score),
    link: dashboardLink(rows, "/dashboard"),
  });
}

export function objectiveRow(item: ObjectiveRow, rows: RowContext) {
  return defined({
    id: item.id,
    title: item.title,
    goal: ref(item.goalId, rows),
    parent: ref(item.parentId, rows),
    cycle: item.cycleId,
    team: item.team,
    owner: item.owner,
    ownerPerson: personOf(item.owner),
    weight: item.weight,
    wig: item.wig,
    perspective: item.perspective,
    score: orBlank(item.score),
    expected: item.expected,
    pace: paceOf(item.score, item.expected),
    status: STATUS_LABEL[item.status],
    grade: item.grade === null ? undefined : GRADE_LABEL[item.grade],
    // The cascade's tree, narrowed to the objective's cycle and team.
    link: dashboardLink(rows, "/dashboard", { cycle: item.cycleId, team: item.team }),
  });
}

export function keyResultRow(item: KeyResultRow, rows: RowContext) {
  return defined({
    id: item.id,
    title: item.title,
    objective: ref(item.objectiveId, rows),
    kind: item.kind,
    owner: item.owner,
    ownerPerson: personOf(item.owner),
    unit: item.unit,
    measure: item.measure,
    weight: item.weight,
    start: item.start,
    target: item.target,
    low: item.low,
    high: item.high,
    milestones: item.milestones,
    current: orBlank(item.current),
    confidence: roundedConfidence(item.confidence),
    // NextValue and NextNote are the doc's input for the next check-in: blank in every row Cascade sends.
    attainment: orBlank(item.attainment),
    progress: orBlank(item.progress),
    expected: item.expected,
    pace: paceOf(item.progress, item.expected),
    status: STATUS_LABEL[item.status],
    forecast: item.forecast?.value,
    forecastProgress: item.forecast?.progress,
    version: item.version,
    link: keyResultPage(rows, item.id),
  });
}

export function checkInRow(item: CheckInRow, rows: RowContext) {
  return defined({
    id: item.id,
    label: `${item.keyResultId} · ${item.date}`,
    keyResult: ref(item.keyResultId, rows),
    date: item.date,
    value: item.value,
    confidence: roundedConfidence(item.confidence),
    note: item.note,
    source: item.source,
    link: keyResultPage(rows, item.keyResultId),
  });
}

/** Where an alert or agenda item that is not about one key result is shown on the dashboard. */
function executionLink(rows: RowContext, kind: string): string | undefined {
  if (kind.startsWith("health_")) return dashboardLink(rows, "/dashboard/execution", {}, "health");
  if (kind === "dependency_at_risk") return dashboardLink(rows, "/dashboard/execution", {}, "blocking");
  if (kind === "lint_error") return dashboardLink(rows, "/dashboard/alerts", {}, "lint");
  return dashboardLink(rows, "/dashboard/alerts", {}, "alerts");
}

/**
 * Alert rows by their identity, subject and code, never their message: the message quotes the day's
 * numbers, and a row must stay the same row from one day's sync to the next. (A cascade with a
 * duplicate id can raise one pair twice: the second is told apart by its place.)
 */
export function alertRows(items: readonly AlertRow[], rows: RowContext) {
  const seen = new Map<string, number>();
  return items.map((item) => {
    const id = `${item.subject}|${item.code}`;
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    const aboutKeyResult = KEY_RESULT_ALERTS.has(item.code);
    return defined({
      id: n === 1 ? id : `${id}|${n}`,
      message: item.message,
      code: item.code,
      severity: SEVERITY_LABEL[item.severity],
      subject: item.subject,
      keyResult: aboutKeyResult ? ref(item.subject, rows) : undefined,
      link: aboutKeyResult ? keyResultPage(rows, item.subject) : executionLink(rows, item.code),
    });
  });
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

export function agendaRow(item: AgendaItem, index: number, rows: RowContext) {
  const aboutKeyResult = KEY_RESULT_AGENDA_KINDS.has(item.kind);
  return defined({
    subject: item.subject,
    title: item.title,
    rank: index + 1,
    kind: kindLabel(item.kind),
    why: item.why,
    owner: orBlank(item.owner),
    ownerPerson: personOf(item.owner),
    also: item.also.length === 0 ? undefined : item.also.map(kindLabel).join(", "),
    // The item's title is its subject's: the key result's own.
    keyResult: aboutKeyResult ? ref(item.subject, rows, item.title) : undefined,
    link: aboutKeyResult ? keyResultPage(rows, item.subject) : executionLink(rows, item.kind),
  });
}
