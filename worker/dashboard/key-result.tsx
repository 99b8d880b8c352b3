/** @jsxImportSource hono/jsx */
/**
 * A key result's page: where it stands (against its target, or its band), its forecast or why its kind
 * has none, the chart of its check-ins with the expected pace, the form to record a check-in (a line
 * instead for a viewer), its milestones and its check-in history with who recorded each and when.
 */
import type { CheckIn, Cycle, KeyResult } from "../../core/model/document.ts";
import { latestCheckIn } from "../../core/scoring/key-result.ts";
import { isFinished } from "../../core/view/cycles.ts";
import type { ScoredCascade } from "../scoring/scored-cascade.ts";
import { CheckInChart } from "./chart.tsx";
import { type Recorded, recordedBy } from "./check-in-authors.ts";
import { type CheckInFormState, CheckInFormView } from "./check-in-form.tsx";
import { FilterForm, type Filters, filterQuery } from "./filters.tsx";
import { VIEWER_LINE } from "./forbidden.tsx";
import { formatCount, formatValue, percent, precisionOf } from "./format.ts";
import {
  bandText,
  daysAgo,
  NotCounted,
  RangeGauge,
  standing,
  TrendArrow,
  trendOf,
} from "./key-result-facts.tsx";
import { Cell, Page, ProgressBar, Status, TableHead } from "./layout.tsx";
import { Named, Names } from "./names.tsx";
import { NotFoundPage } from "./not-found.tsx";

type Workspace = { id: string; name: string };

/** Why the page shows no forecast: the kind has none, the cycle is over, or there is not enough data. */
function noForecast(kr: KeyResult, cycle: Cycle | undefined, asOf: string): string {
  switch (kr.kind) {
    case "range":
      return "None for a range key result: it holds a band rather than moving toward a target, so what counts is staying inside it, not where a trend line ends.";
    case "milestone":
      return "None for a milestone key result: it moves in steps as milestones are done, so there is no trend to project.";
    default:
      if (cycle && asOf >= cycle.end)
        return "None: the cycle has ended, so the current value is the outcome.";
      return "None yet: a forecast needs check-ins with values on two different days of the cycle.";
  }
}

/** "2026-05-01T14:03:09.123Z" → "2026-05-01 14:03"; "–" when unknown. */
const recordedAtText = (iso: string | null) => (iso === null ? "–" : iso.replace("T", " ").slice(0, 16));

export function KeyResultPage(props: {
  workspace: Workspace;
  scored: ScoredCascade;
  id: string;
  filters: Filters;
  /**
   * The check-in form: its tokens, and what was typed and refused when it comes back with errors; null
   * for a viewer, who reads a line instead.
   */
  form: CheckInFormState | null;
  /** Who recorded each check-in and when (those D1 knows of). */
  authors?: ReadonlyMap<CheckIn, Recorded>;
  /** The date of the check-in just recorded (after the form's redirect). */
  recorded?: string | undefined;
}) {
  const { scored, filters } = props;
  const doc = scored.stored.doc;
  const kr = doc.keyResults.find((k) => k.id === props.id);
  const score = scored.keyResults.get(props.id);
  const query = filterQuery(filters);
  if (!kr || !score) {
    return (
      <NotFoundPage workspace={props.workspace} query={query} heading={`No key result "${props.id}"`}>
        <p>This cascade has no key result with that id.</p>
      </NotFoundPage>
    );
  }
  const names = new Names(doc, filters);
  const objective = doc.objectives.find((o) => o.id === kr.objectiveId);
  const cycle = objective ? doc.cycles.find((c) => c.id === objective.cycleId) : undefined;
  const finished = cycle !== undefined && isFinished(cycle, filters.asOf);
  const authors = props.authors ?? new Map<CheckIn, Recorded>();
  const checkIns = [...(kr.checkIns ?? [])].sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
  const latest = latestCheckIn(kr.checkIns, filters.asOf);
  const confident = (kr.checkIns ?? [])
    .filter((c) => c.date <= filters.asOf && c.confidence !== undefined)
    .reduce<CheckIn | undefined>(
      (best, c) => (best === undefined || c.date >= best.date ? c : best),
      undefined,
    );
  const trend = trendOf(kr, filters.asOf);
  const range = kr.kind === "range" && score.status !== "invalid";
  const digits = precisionOf(kr);
  return (
    <Page title={kr.title} workspace={props.workspace} query={query} current="cascade">
      <p class="meta">
        <a href={`/dashboard?${query}`}>Cascade</a> ›{" "}
        {objective ? <Named names={names} id={objective.id} /> : kr.objectiveId}
      </p>
      <h1>
        {kr.title}
        <span class="kind">{kr.kind}</span>
        {kr.weight === 0 ? <NotCounted /> : null}
      </h1>
      <FilterForm action={`/dashboard/key-results/${encodeURIComponent(kr.id)}`} filters={filters} />
      {props.recorded ? (
        <p class="notice" role="status" id="recorded">
          Check-in of {props.recorded} recorded. {kr.title} is now <Status status={score.status} />
          {props.recorded > filters.asOf ? ` (as of ${filters.asOf}; it counts from ${props.recorded})` : ""}.
        </p>
      ) : null}
      <div data-kind="key-result" data-id={kr.id} data-status={score.status}>
        {range ? (
          <RangeGauge kr={kr} score={score} label={`Band of ${kr.title}`} />
        ) : (
          <ProgressBar
            label={`Progress of ${kr.title}`}
            value={score.progress}
            status={finished && score.status !== "done" ? "final" : score.status}
            {...(finished ? {} : { expected: score.expected })}
          />
        )}
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <Status status={score.status} />
            {finished ? <span class="meta"> (the cycle has ended: final)</span> : null}
          </dd>
          <dt>{range ? "In the band" : "Progress"}</dt>
          <dd class="value" data-value={score.progress ?? ""}>
            {range ? `${percent(score.progress)} of its check-ins in the cycle` : percent(score.progress)}
          </dd>
          {range ? null : (
            <>
              <dt>Expected by {filters.asOf}</dt>
              <dd data-expected={score.expected}>{percent(score.expected)}</dd>
            </>
          )}
          <dt>{kr.kind === "increase" || kr.kind === "decrease" ? "Now → target" : "Now"}</dt>
          <dd data-standing>{standing(kr, score.current)}</dd>
          {kr.kind === "milestone" && !trend ? null : (
            <>
              <dt>Trend</dt>
              <dd>
                {trend ? (
                  <>
                    <TrendArrow trend={trend} unit={kr.unit} />{" "}
                    {`from ${formatValue(trend.from, kr.unit)} on ${trend.fromDate} to ${formatValue(trend.to, kr.unit)}`}
                  </>
                ) : (
                  "– (needs two check-ins with values)"
                )}
              </dd>
            </>
          )}
          <dt>Confidence</dt>
          <dd data-confidence={confident?.confidence ?? ""}>
            {confident?.confidence === undefined
              ? "–"
              : `${formatCount(confident.confidence)}/10 (${confident.date})`}
          </dd>
          <dt>Last check-in</dt>
          <dd>{latest ? `${latest.date}, ${daysAgo(latest.date, filters.asOf)}` : "none yet"}</dd>
          <dt>Kind</dt>
          <dd>
            {kr.kind}
            {kr.start !== undefined && kr.target !== undefined
              ? `: from ${formatValue(kr.start, kr.unit)} to ${formatValue(kr.target, kr.unit)}`
              : ""}
            {kr.kind === "range" ? `: ${bandText(kr)}` : ""}
          </dd>
          <dt>Forecast at the cycle's end</dt>
          <dd data-forecast={score.forecast?.value ?? ""}>
            {score.forecast
              ? `${formatValue(score.forecast.value, kr.unit, digits)} (${percent(score.forecast.progress)} of the way)`
              : noForecast(kr, cycle, filters.asOf)}
          </dd>
          <dt>Weight</dt>
          <dd>
            {kr.weight === 0
              ? "0: not counted in its objective's score"
              : formatValue(kr.weight ?? 1, undefined)}
          </dd>
          <dt>Owner</dt>
          <dd>{kr.owner ?? objective?.owner ?? "–"}</dd>
          {objective?.team ? (
            <>
              <dt>Team</dt>
              <dd>
                <Named names={names} id={objective.team} />
              </dd>
            </>
          ) : null}
          {cycle ? (
            <>
              <dt>Cycle</dt>
              <dd>
                <Named names={names} id={cycle.id} /> ({cycle.start} to {cycle.end})
              </dd>
            </>
          ) : null}
        </dl>
      </div>
      <h2 id="check-in-title">Record a check-in</h2>
      {props.form ? (
        <CheckInFormView kr={kr} cycle={cycle} filters={filters} state={props.form} />
      ) : (
        <p class="meta" data-viewer>
          {VIEWER_LINE}
        </p>
      )}
      <h2>Check-in history</h2>
      {cycle ? <CheckInChart kr={kr} score={score} cycle={cycle} asOf={filters.asOf} /> : null}
      {kr.kind === "milestone" ? (
        <table>
          <caption class="meta">Milestones</caption>
          <TableHead columns={["Milestone", "Done", "Weight"]} numeric={["Weight"]} />
          <tbody>
            {(kr.milestones ?? []).map((m) => (
              <tr>
                <Cell label="Milestone">{m.title}</Cell>
                <Cell label="Done">{m.done ? "yes" : "no"}</Cell>
                <Cell label="Weight" num>
                  {formatValue(m.weight ?? 1)}
                </Cell>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {checkIns.length === 0 ? (
        <p class="empty">No check-ins yet.</p>
      ) : (
        <table>
          <caption class="meta">Check-ins, newest first</caption>
          <TableHead
            columns={["Date", "Value", "Confidence", "Note", "By", "Recorded (UTC)"]}
            numeric={["Value", "Confidence"]}
          />
          <tbody>
            {checkIns.map((c) => (
              <tr data-check-in={c.date}>
                <Cell label="Date" class="date">
                  {c.date}
                </Cell>
                <Cell label="Value" num>
                  {formatValue(c.value, kr.unit)}
                </Cell>
                <Cell label="Confidence" num>
                  {c.confidence === undefined ? "–" : `${formatValue(c.confidence)}/10`}
                </Cell>
                <Cell label="Note">{c.note ?? ""}</Cell>
                <Cell label="By">{recordedBy(c, authors.get(c))}</Cell>
                <Cell label="Recorded (UTC)" class="date">
                  {recordedAtText(authors.get(c)?.recordedAt ?? null)}
                </Cell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
