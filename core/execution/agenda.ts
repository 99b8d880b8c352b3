/**
 * The weekly leadership agenda (DOMAIN §7): the hot items of a report, in the order a facilitator takes
 * them, each with one sentence on why it is there.
 *
 * Alert-based items appear once per subject, at their hottest kind; the later kinds that also apply are
 * listed in `also`. Lint errors are listed one per finding, last.
 */
import { compareText } from "../compare.ts";
import type { CascadeDocument } from "../model/document.ts";
import type { Agenda, AgendaItem, AgendaKind, FullReport } from "../model/execution.ts";
import type { Alert, AlertCode, KeyResultScore, LintFinding } from "../model/report.ts";
import { latestCheckIn } from "../scoring/key-result.ts";
import { joinAnd } from "./dependencies.ts";
import { blastRadius, documentGraph } from "./dependency-graph.ts";
import { formatPercent } from "./format.ts";
import { plural } from "./markdown.ts";

/** The agenda kinds, hottest first. */
export const AGENDA_ORDER: readonly AgendaKind[] = [
  "blocking_off_track",
  "lead_declining",
  "health_red",
  "dependency_at_risk",
  "off_track",
  "health_worsening",
  "forecast_shortfall",
  "low_confidence_at_risk",
  "stale_check_in",
  "lint_error",
];

const KIND_OF_ALERT: Partial<Record<AlertCode, AgendaKind>> = {
  lead_declining: "lead_declining",
  health_red: "health_red",
  dependency_at_risk: "dependency_at_risk",
  off_track: "off_track",
  health_worsening: "health_worsening",
  forecast_shortfall: "forecast_shortfall",
  stale_check_in: "stale_check_in",
};

interface Candidate {
  kind: AgendaKind;
  subject: string;
  why: string;
  /** Orders items within a kind: larger first. */
  weight: number;
}

/**
 * Builds the agenda for `report.asOf`.
 *
 * @example
 * const agenda = buildAgenda(doc, scoreCascade(doc, "2026-02-16"));
 * agenda.items[0] // { kind: "blocking_off_track", subject: "kr-api", title: "API ready", owner: "Ana", why: "…", also: [] }
 */
export function buildAgenda(doc: CascadeDocument, report: FullReport): Agenda {
  const directory = new Directory(doc);
  const scores = new Map(report.keyResults.map((kr) => [kr.id, kr] as const));
  const byCode = new Map<AlertCode, Alert[]>();
  for (const a of report.alerts) {
    const list = byCode.get(a.code);
    if (list === undefined) byCode.set(a.code, [a]);
    else list.push(a);
  }
  const alertsOf = (code: AlertCode) => byCode.get(code) ?? [];

  const candidates: Candidate[] = [];
  const graph = documentGraph(doc);
  for (const alert of alertsOf("off_track")) {
    const dependents = blastRadius(graph, alert.subject);
    const score = scores.get(alert.subject);
    if (dependents.length === 0 || score === undefined) {
      candidates.push({ kind: "off_track", subject: alert.subject, why: alert.message, weight: 0 });
      continue;
    }
    candidates.push({
      kind: "blocking_off_track",
      subject: alert.subject,
      why: `${offTrackClause(score)}, and ${plural(dependents.length, "item")} ${dependents.length === 1 ? "depends" : "depend"} on it: ${joinAnd(shorten(dependents.map((id) => directory.describe(id).title)))}.`,
      weight: dependents.length,
    });
  }
  for (const [code, kind] of Object.entries(KIND_OF_ALERT) as Array<[AlertCode, AgendaKind]>) {
    if (code === "off_track") continue;
    for (const alert of alertsOf(code)) {
      candidates.push({
        kind,
        subject: alert.subject,
        why: alert.message,
        weight: alert.severity === "high" ? 1 : 0,
      });
    }
  }
  for (const alert of alertsOf("low_confidence")) {
    if (scores.get(alert.subject)?.status !== "at_risk") continue;
    const latest = latestCheckIn(directory.keyResult(alert.subject)?.checkIns, report.asOf);
    const confidence = latest?.confidence === undefined ? "" : ` is only ${latest.confidence}/10`;
    candidates.push({
      kind: "low_confidence_at_risk",
      subject: alert.subject,
      why: `At risk, and its owner's confidence${confidence || " is low"} (check-in of ${latest?.date ?? "unknown date"}).`,
      weight: 0,
    });
  }

  const rank = (kind: AgendaKind) => AGENDA_ORDER.indexOf(kind);
  candidates.sort(
    (a, b) => rank(a.kind) - rank(b.kind) || b.weight - a.weight || compareText(a.subject, b.subject),
  );
  const items: AgendaItem[] = [];
  const bySubject = new Map<string, AgendaItem>();
  for (const c of candidates) {
    const seen = bySubject.get(c.subject);
    if (seen !== undefined) {
      if (seen.kind !== c.kind && !seen.also.includes(c.kind)) seen.also.push(c.kind);
      continue;
    }
    const item = { kind: c.kind, subject: c.subject, ...directory.describe(c.subject), why: c.why, also: [] };
    bySubject.set(c.subject, item);
    items.push(item);
  }
  items.push(...lintItems(report.lint, directory));
  return { asOf: report.asOf, organization: report.organization, items };
}

function offTrackClause(score: KeyResultScore): string {
  if (score.kind === "range") return `Outside its range (${score.current ?? "no value"})`;
  return `Off track at ${formatPercent(score.progress ?? 0)} done against ${formatPercent(score.expected)} expected`;
}

function shorten(names: readonly string[]): string[] {
  return names.length <= 8 ? [...names] : [...names.slice(0, 7), `${names.length - 7} more`];
}

function lintItems(lint: readonly LintFinding[], directory: Directory): AgendaItem[] {
  return lint
    .filter((f) => f.severity === "error")
    .sort(
      (a, b) =>
        compareText(a.code, b.code) ||
        compareText(a.subject, b.subject) ||
        compareText(a.path ?? "", b.path ?? ""),
    )
    .map((f) => ({
      kind: "lint_error",
      subject: f.subject,
      ...directory.describe(f.subject),
      why: f.path === undefined ? f.message : `${f.message} (at ${f.path})`,
      also: [],
    }));
}

/** Titles and owners of everything in a document that has an id. */
class Directory {
  private readonly entries = new Map<string, { title: string; owner: string | null }>();
  private readonly keyResults: Map<string, CascadeDocument["keyResults"][number]>;

  constructor(doc: CascadeDocument) {
    const objectiveOwner = new Map<string, string | undefined>();
    for (const o of doc.objectives) if (!objectiveOwner.has(o.id)) objectiveOwner.set(o.id, o.owner);
    this.keyResults = new Map(doc.keyResults.map((kr) => [kr.id, kr] as const).reverse());
    const add = (id: string, title: string, owner: string | undefined) => {
      if (!this.entries.has(id)) this.entries.set(id, { title, owner: owner ?? null });
    };
    for (const kr of doc.keyResults) add(kr.id, kr.title, kr.owner ?? objectiveOwner.get(kr.objectiveId));
    for (const i of doc.initiatives ?? []) add(i.id, i.title, i.owner);
    for (const m of doc.healthMetrics ?? []) add(m.id, m.title, undefined);
    for (const o of doc.objectives) add(o.id, o.title, o.owner);
    for (const g of doc.goals) add(g.id, g.title, g.owner);
    for (const i of doc.imperatives) add(i.id, i.title, i.owner);
    for (const c of doc.cycles) add(c.id, c.name ?? c.id, undefined);
    for (const t of doc.teams ?? []) add(t.id, t.name ?? t.id, undefined);
    for (const t of doc.tradeOffs ?? []) add(t.id, `Trade-off of ${t.team} in ${t.cycleId}`, t.decidedBy);
    for (const r of doc.reallocations ?? [])
      add(r.id, `Reallocation from ${r.from} to ${r.to}`, r.approvedBy);
  }

  keyResult(id: string) {
    return this.keyResults.get(id);
  }

  describe(id: string): { title: string; owner: string | null } {
    return this.entries.get(id) ?? { title: id, owner: null };
  }
}
