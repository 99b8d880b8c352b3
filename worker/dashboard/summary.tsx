/** @jsxImportSource hono/jsx */
/**
 * The summary strip at the top of the cascade page: where the cycle stands (its score against the
 * pace, key results by status, alerts by severity) and what changed since the week before. "A week
 * ago" is the same document scored by the same core on asOf − 7 days, so a change here is a change the
 * report itself would show between the two days.
 */
import type { Child } from "hono/jsx";
import type { CascadeDocument, Cycle } from "../../core/model/document.ts";
import type { Retrospective } from "../../core/model/execution.ts";
import type {
  Alert,
  KeyResultStatus,
  ObjectiveStatus,
  ScoreReport,
  Severity,
} from "../../core/model/report.ts";
import { expectedProgress } from "../../core/scoring/expected.ts";
import { gradeOf, statusAgainstPace } from "../../core/scoring/pace.ts";
import { resolveSettings } from "../../core/settings.ts";
import { isFinished } from "../../core/view/cycles.ts";
import { type Filters, filterQuery } from "./filters.tsx";
import { formatCount, percent } from "./format.ts";
import { Status } from "./layout.tsx";
import { Named, type Names } from "./names.tsx";

/** Status order in the strip: what needs attention first. */
const STATUS_ORDER: readonly KeyResultStatus[] = [
  "off_track",
  "at_risk",
  "no_data",
  "invalid",
  "not_started",
  "on_track",
  "done",
];

export interface WeekChanges {
  /** The day a week before asOf. */
  since: string;
  /** Key results whose status is not what it was a week ago. */
  statusChanges: Array<{ id: string; from: KeyResultStatus | null; to: KeyResultStatus }>;
  /** Alerts of today that a week ago did not have (same code and subject). */
  newAlerts: Alert[];
  /** Check-ins dated after `since`, up to asOf, newest first. */
  checkIns: Array<{ keyResultId: string; date: string }>;
  /** Key results (not invalid) that received no check-in in the week. */
  silent: string[];
}

/**
 * What changed between the report a week ago and today's, for the key results in scope.
 *
 * @example weekChanges(doc, scoreCascade(doc, "2026-11-20"), scoreCascade(doc, "2026-11-13"), () => true)
 */
export function weekChanges(
  doc: CascadeDocument,
  now: ScoreReport,
  before: ScoreReport,
  inScope: (keyResultId: string) => boolean,
  alertInScope: (alert: Alert) => boolean,
): WeekChanges {
  const since = before.asOf;
  const was = new Map(before.keyResults.map((k) => [k.id, k.status] as const));
  const statusChanges: WeekChanges["statusChanges"] = [];
  for (const k of now.keyResults) {
    if (!inScope(k.id)) continue;
    const from = was.get(k.id) ?? null;
    if (from !== k.status) statusChanges.push({ id: k.id, from, to: k.status });
  }
  const seen = new Set(before.alerts.map((a) => `${a.code}\u0000${a.subject}`));
  const newAlerts = now.alerts.filter((a) => alertInScope(a) && !seen.has(`${a.code}\u0000${a.subject}`));
  const checkIns: WeekChanges["checkIns"] = [];
  const silent: string[] = [];
  const scores = new Map(now.keyResults.map((k) => [k.id, k] as const));
  const counted = new Set<string>();
  for (const kr of doc.keyResults) {
    if (counted.has(kr.id) || !inScope(kr.id)) continue;
    counted.add(kr.id);
    let received = false;
    for (const c of kr.checkIns ?? []) {
      if (c.date > since && c.date <= now.asOf) {
        checkIns.push({ keyResultId: kr.id, date: c.date });
        received = true;
      }
    }
    if (!received && scores.get(kr.id)?.status !== "invalid") silent.push(kr.id);
  }
  checkIns.sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  return { since, statusChanges, newAlerts, checkIns, silent };
}

/**
 * The cycle's score as the retro reads it: the plain mean of its objectives' scores (those in scope
 * with a score), so the strip and the retro agree once the cycle ends.
 */
export function cycleScore(report: ScoreReport, objectiveIds: ReadonlySet<string>): number | null {
  const scores = report.objectives
    .filter((o) => objectiveIds.has(o.id) && o.score !== null)
    .map((o) => o.score as number);
  return scores.length === 0 ? null : scores.reduce((sum, s) => sum + s, 0) / scores.length;
}

function Changes(props: { label: string; count: number; what: string; children?: Child }) {
  return (
    <li data-changes={props.label} data-count={props.count}>
      {props.count === 0 ? (
        <span>
          {formatCount(0)} {props.what}
        </span>
      ) : (
        <details>
          <summary>
            {formatCount(props.count)} {props.what}
          </summary>
          {props.children}
        </details>
      )}
    </li>
  );
}

/**
 * How a finished cycle's key results ended: done (or, for a range, holding its band) and what the retro
 * proposes to carry over. Their status against a pace that has run out says nothing more.
 */
function FinalKeyResults(props: {
  report: ScoreReport;
  keyResultIds: ReadonlySet<string>;
  retro: Retrospective | null;
  names: Names;
  cycle: Cycle;
}) {
  const scores = props.report.keyResults.filter((k) => props.keyResultIds.has(k.id));
  const done = scores.filter((k) => k.status === "done").length;
  const held = scores.filter((k) => k.kind === "range" && k.status === "on_track").length;
  const carried = props.retro?.carryOver.filter((k) => props.keyResultIds.has(k.id)).length;
  const retro = props.names.href(props.cycle.id);
  return (
    <li data-key-results={props.keyResultIds.size} data-done={done}>
      <h2>Key results at the end</h2>
      <div class="big">{formatCount(props.keyResultIds.size)}</div>
      <ul>
        <li>{formatCount(done)} done</li>
        {held > 0 ? <li>{formatCount(held)} held their band</li> : null}
        {carried === undefined ? null : (
          <li data-carry-over-count={carried}>
            <a href={`${retro}#retro-carry`}>{formatCount(carried)} proposed for carry-over</a>
          </li>
        )}
      </ul>
    </li>
  );
}

export function SummaryStrip(props: {
  doc: CascadeDocument;
  cycle: Cycle;
  report: ScoreReport;
  /** Objectives and key results the filters show (the cycle's, of the team when one is chosen). */
  objectiveIds: ReadonlySet<string>;
  keyResultIds: ReadonlySet<string>;
  alerts: readonly Alert[];
  changes: WeekChanges | null;
  /** The cycle's retro, once it has ended. */
  retro?: Retrospective | null;
  names: Names;
  filters: Filters;
}) {
  const { cycle, report, names, filters } = props;
  const finished = isFinished(cycle, filters.asOf);
  const expected = expectedProgress(cycle, filters.asOf);
  const score = cycleScore(report, props.objectiveIds);
  const status: ObjectiveStatus =
    score === null ? "no_data" : statusAgainstPace(score, expected, resolveSettings(props.doc));
  const byStatus = new Map<KeyResultStatus, number>();
  for (const k of report.keyResults) {
    if (props.keyResultIds.has(k.id)) byStatus.set(k.status, (byStatus.get(k.status) ?? 0) + 1);
  }
  const bySeverity = new Map<Severity, number>();
  for (const a of props.alerts) bySeverity.set(a.severity, (bySeverity.get(a.severity) ?? 0) + 1);
  const query = filterQuery(filters);
  const changes = props.changes;
  const cycleName = cycle.name ?? cycle.id;
  return (
    <section aria-labelledby="summary-title">
      <h2 id="summary-title" class="sr">
        Summary of {cycleName}
      </h2>
      <ul class="strip" data-summary={cycle.id}>
        <li data-score={score ?? ""} data-expected={expected}>
          <h2>{finished ? `${cycleName}: final score` : `${cycleName}: score`}</h2>
          <div class="big">{percent(score)}</div>
          {finished ? (
            <div>
              {score === null ? null : (
                <span class={`grade g-${gradeOf(score)}`}>grade {gradeOf(score)}</span>
              )}{" "}
              · <a href={names.href(cycle.id)}>the retro</a>
              {props.retro ? <p data-reading={props.retro.reading ?? ""}>{props.retro.readingText}</p> : null}
            </div>
          ) : (
            <div>
              expected {percent(expected)} by now · <Status status={status} />
            </div>
          )}
        </li>
        {finished ? (
          <FinalKeyResults
            report={report}
            keyResultIds={props.keyResultIds}
            retro={props.retro ?? null}
            names={names}
            cycle={cycle}
          />
        ) : (
          <>
            <li data-key-results={props.keyResultIds.size}>
              <h2>Key results</h2>
              <div class="big">{formatCount(props.keyResultIds.size)}</div>
              <ul>
                {STATUS_ORDER.filter((s) => (byStatus.get(s) ?? 0) > 0).map((s) => (
                  <li data-count={s}>
                    {formatCount(byStatus.get(s) ?? 0)} <Status status={s} />
                  </li>
                ))}
              </ul>
            </li>
            <li data-alerts={props.alerts.length}>
              <h2>Alerts</h2>
              <div class="big">
                <a href={`/dashboard/alerts?${query}`}>{formatCount(props.alerts.length)}</a>
              </div>
              <ul>
                {(["high", "medium"] as const).map((s) => (
                  <li data-severity={s}>
                    <span class={`sev-${s}`}>{formatCount(bySeverity.get(s) ?? 0)}</span> {s}
                  </li>
                ))}
              </ul>
            </li>
          </>
        )}
        {changes === null || finished ? null : (
          <li data-since={changes.since}>
            <h2>Since {changes.since}</h2>
            <ul>
              <Changes label="status" count={changes.statusChanges.length} what="status changes">
                <ul>
                  {changes.statusChanges.map((c) => (
                    <li data-changed={c.id}>
                      <Named names={names} id={c.id} />:{" "}
                      {c.from === null ? "new" : <Status status={c.from} />} → <Status status={c.to} />
                    </li>
                  ))}
                </ul>
              </Changes>
              <Changes label="alerts" count={changes.newAlerts.length} what="new alerts">
                <ul>
                  {changes.newAlerts.map((a) => (
                    <li data-new-alert={a.code}>
                      <span class={`sev-${a.severity}`}>{a.code.replace(/_/g, " ")}</span>:{" "}
                      <Named names={names} id={a.subject} />
                    </li>
                  ))}
                </ul>
              </Changes>
              <Changes label="check-ins" count={changes.checkIns.length} what="check-ins received">
                <ul>
                  {changes.checkIns.map((c) => (
                    <li>
                      {c.date}: <Named names={names} id={c.keyResultId} />
                    </li>
                  ))}
                </ul>
              </Changes>
              <Changes label="silent" count={changes.silent.length} what="key results without a check-in">
                <ul>
                  {changes.silent.map((id) => (
                    <li data-silent={id}>
                      <Named names={names} id={id} />
                    </li>
                  ))}
                </ul>
              </Changes>
            </ul>
          </li>
        )}
      </ul>
    </section>
  );
}
