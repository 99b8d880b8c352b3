/** @jsxImportSource hono/jsx */
/**
 * The sign-in page and the cascade page: the summary strip of the cycle on screen, then the tree of
 * imperatives, goals, objectives and key results with the report's numbers. Every number comes from the
 * core's report of the workspace's cascade (the same scored cascade the API serves); the views only
 * arrange and format it.
 */
import type { Child } from "hono/jsx";
import type { Cycle, KeyResult } from "../../core/model/document.ts";
import type { Retrospective } from "../../core/model/execution.ts";
import type { Alert, Grade, KeyResultScore } from "../../core/model/report.ts";
import {
  cascadeTree,
  type GoalNode,
  type KeyResultNode,
  type ObjectiveNode,
} from "../../core/view/cascade-tree.ts";
import { currentCycle, isFinished } from "../../core/view/cycles.ts";
import type { ScoredCascade } from "../scoring/scored-cascade.ts";
import { cycleChoice, cycleFilterOf, FilterForm, type Filters, filterQuery, teamsOf } from "./filters.tsx";
import { percent } from "./format.ts";
import { KeyResultFigures, NotCounted, RangeGauge } from "./key-result-facts.tsx";
import { Page, ProgressBar, Status } from "./layout.tsx";
import { anchorOf, Named, Names } from "./names.tsx";
import { SummaryStrip, weekChanges } from "./summary.tsx";

type Workspace = { id: string; name: string };

export function SignInPage(props: { error?: string }) {
  return (
    <Page title="Sign in">
      <div class="card">
        <h1>Sign in to Cascade</h1>
        <form method="post" action="/sign-in">
          <label>
            Workspace token
            <input
              name="token"
              type="password"
              autocomplete="current-password"
              required
              aria-describedby="token-help"
              {...(props.error ? { "aria-invalid": "true" } : {})}
            />
          </label>
          <p id="token-help" class="meta">
            The token your administrator issued for your workspace (<code>npm start</code> prints the demo
            workspace's). It is kept in this browser only as a signed session, never in a URL.
          </p>
          {props.error ? (
            <p class="error" role="alert">
              {props.error}
            </p>
          ) : null}
          <button type="submit">Sign in</button>
        </form>
      </div>
    </Page>
  );
}

/** One line of the tree: its name (and facts), its bar, and its numbers. */
function Row(props: {
  kind: string;
  id: string;
  name: Child;
  value: number | null;
  status?: string | undefined;
  grade?: Grade | null | undefined;
  bar: Child;
  meta: Child;
}) {
  return (
    <div
      class="node"
      data-kind={props.kind}
      data-id={props.id}
      data-status={props.status}
      data-grade={props.grade ?? undefined}
    >
      <div class="name">{props.name}</div>
      {props.bar}
      <div class="meta">{props.meta}</div>
    </div>
  );
}

/** The numbers beside a bar: the value, then the status and the pace, or the final grade. */
function Numbers(props: {
  value: number | null;
  valueText?: string;
  status?: string | undefined;
  expected?: number | null | undefined;
  final?: { grade: Grade | null } | undefined;
}) {
  return (
    <>
      <span class="value" data-value={props.value ?? ""}>
        {props.valueText ?? percent(props.value)}
      </span>
      {props.final ? (
        <>
          {" "}
          final
          {props.final.grade ? (
            <>
              {" · "}
              <span class={`grade g-${props.final.grade}`}>grade {props.final.grade}</span>
            </>
          ) : null}
        </>
      ) : props.status ? (
        <>
          {" · "}
          <Status status={props.status} />
        </>
      ) : null}
      {props.final || props.expected === undefined || props.expected === null ? null : (
        <div>
          expected <span data-expected={props.expected}>{percent(props.expected)}</span>
        </div>
      )}
    </>
  );
}

/** A key result's row: a gauge of its band for a range, else a bar of its progress against the pace. */
function keyResultRow(
  node: KeyResultNode,
  score: KeyResultScore | undefined,
  finished: boolean,
  names: Names,
  asOf: string,
) {
  const kr: KeyResult = node.keyResult;
  const status = node.status ?? "no_data";
  const label = `Progress of ${kr.title}`;
  const range = kr.kind === "range" && score !== undefined && status !== "invalid";
  const bar = range ? (
    <RangeGauge kr={kr} score={score} label={`Band of ${kr.title}`} />
  ) : (
    <ProgressBar
      label={label}
      value={node.progress}
      status={finished && status !== "done" ? "final" : status}
      {...(finished || node.expected === null ? {} : { expected: node.expected })}
    />
  );
  const valueText = range
    ? `${score.current === null ? "no value" : status === "on_track" ? "inside" : "outside"} now; in the band at ${percent(node.progress)} of check-ins`
    : undefined;
  return (
    <li class="level-kr" id={anchorOf("key-result", node.id)}>
      <Row
        kind="key-result"
        id={node.id}
        status={status}
        value={node.progress}
        name={
          <>
            <a href={names.href(node.id)}>{kr.title}</a>
            <span class="kind">{kr.kind}</span>
            {kr.weight === 0 ? <NotCounted /> : null}
            {kr.owner ? <div class="meta">{kr.owner}</div> : null}
            <KeyResultFigures kr={kr} score={score} asOf={asOf} />
          </>
        }
        bar={bar}
        meta={
          <Numbers
            value={node.progress}
            {...(valueText === undefined ? {} : { valueText })}
            status={finished && status !== "done" ? undefined : status}
            expected={finished || range ? null : node.expected}
            final={finished && status !== "done" ? { grade: null } : undefined}
          />
        }
      />
    </li>
  );
}

export function TreePage(props: {
  workspace: Workspace;
  scored: ScoredCascade;
  /** The same cascade scored a week before asOf, for the strip's "since" column; null to leave it out. */
  weekAgo?: ScoredCascade | null;
  /** The retro of the cycle on screen, when it has ended: the strip reads it. */
  retro?: Retrospective | null;
  filters: Filters;
}) {
  const { scored, filters } = props;
  const doc = scored.stored.doc;
  const report = scored.report;
  const query = filterQuery(filters);
  const names = new Names(doc, filters);
  const choice = cycleChoice(doc.cycles, filters);
  // The core's tree: one filter rule for the CLI and the dashboard. An objective the filters leave out
  // stays, without its key results, when one they keep hangs below it (where that one contributes).
  const tree = cascadeTree(doc, report, { cycle: cycleFilterOf(choice), team: filters.team });
  const cycles = new Map(doc.cycles.map((c) => [c.id, c] as const).reverse());
  const finishedCycle = (id: string) => {
    const c = cycles.get(id);
    return c !== undefined && isFinished(c, filters.asOf);
  };

  const keyResultItem = (objectiveCycle: string) => (node: KeyResultNode) =>
    keyResultRow(node, scored.keyResults.get(node.id), finishedCycle(objectiveCycle), names, filters.asOf);
  const objectiveItem = (node: ObjectiveNode) => {
    const o = node.objective;
    const finished = finishedCycle(o.cycleId);
    return (
      <li
        class={node.context ? "level-objective context" : "level-objective"}
        id={anchorOf("objective", o.id)}
      >
        <Row
          kind="objective"
          id={node.id}
          status={node.status ?? "no_data"}
          grade={finished ? node.grade : undefined}
          value={node.score}
          name={
            <>
              {o.title}
              <span class="kind">
                <Named names={names} id={o.cycleId} />
              </span>
              {o.team ? (
                <span class="kind">
                  <Named names={names} id={o.team} />
                </span>
              ) : null}
              {o.weight === 0 ? <NotCounted /> : null}
              {o.owner ? <div class="meta">{o.owner}</div> : null}
              {node.context ? (
                <div class="meta">Outside the filters: shown for what hangs below it</div>
              ) : null}
            </>
          }
          bar={
            <ProgressBar
              label={`Progress of ${o.title}`}
              value={node.score}
              status={finished ? (node.grade ? `grade-${node.grade}` : "final") : (node.status ?? "no_data")}
              {...(finished || node.expected === null ? {} : { expected: node.expected })}
            />
          }
          meta={
            <Numbers
              value={node.score}
              status={node.status ?? "no_data"}
              expected={node.expected}
              final={finished ? { grade: node.grade } : undefined}
            />
          }
        />
        <ul>
          {node.keyResults.map(keyResultItem(o.cycleId))}
          {node.children.map(objectiveItem)}
        </ul>
      </li>
    );
  };
  const goalItem = (node: GoalNode) => (
    <li class="level-goal" id={anchorOf("goal", node.id)}>
      <Row
        kind="goal"
        id={node.id}
        value={node.score}
        name={
          <>
            {node.goal.title}
            <span class="kind">{node.goal.year}</span>
            {node.goal.owner ? <div class="meta">{node.goal.owner}</div> : null}
          </>
        }
        bar={<ProgressBar label={`Progress of ${node.goal.title}`} value={node.score} status="score" />}
        meta={<Numbers value={node.score} />}
      />
      <ul>{node.objectives.map(objectiveItem)}</ul>
    </li>
  );
  const { unlinked } = tree;

  // The strip: the cycle on screen (with all cycles, the one in progress), for the team if one is chosen.
  const stripCycle: Cycle | undefined =
    choice.kind === "one"
      ? choice.cycle
      : choice.kind === "all"
        ? currentCycle(doc.cycles, filters.asOf)
        : undefined;
  const inTeam = (team: string | undefined) => filters.team === undefined || team === filters.team;
  const objectiveIds = new Set(
    doc.objectives.filter((o) => o.cycleId === stripCycle?.id && inTeam(o.team)).map((o) => o.id),
  );
  const keyResultIds = new Set(
    doc.keyResults.filter((k) => objectiveIds.has(k.objectiveId)).map((k) => k.id),
  );
  const alertInScope = (a: Alert) => {
    const s = names.subject(a.subject);
    return (s?.cycleId === null || s?.cycleId === stripCycle?.id) && names.inTeam(a.subject);
  };
  const alerts = report.alerts.filter(alertInScope);
  const changes = props.weekAgo
    ? weekChanges(doc, report, props.weekAgo.report, (id) => keyResultIds.has(id), alertInScope)
    : null;

  return (
    <Page title="Cascade" workspace={props.workspace} query={query} current="cascade">
      <h1>
        {doc.organization}: the cascade
        {choice.kind === "one" ? ` in ${choice.cycle.name ?? choice.cycle.id}` : ""}
        {filters.team ? `, ${names.name(filters.team)}` : ""}
      </h1>
      <FilterForm
        action="/dashboard"
        filters={filters}
        cycles={doc.cycles}
        selectedCycle={choice.kind === "one" ? choice.cycle.id : (filters.cycle ?? "")}
        teams={teamsOf(doc)}
      />
      {stripCycle ? (
        <SummaryStrip
          doc={doc}
          cycle={stripCycle}
          report={report}
          objectiveIds={objectiveIds}
          keyResultIds={keyResultIds}
          alerts={alerts}
          changes={changes}
          retro={props.retro?.cycleId === stripCycle.id ? props.retro : null}
          names={names}
          filters={filters}
        />
      ) : null}
      {choice.kind === "unknown" ? <p class="empty">This cascade has no cycle "{choice.id}".</p> : null}
      <p class="meta">
        Bars show progress coloured by status; the black mark is where the cycle's pace says it should be by{" "}
        {filters.asOf}. Objectives of a finished cycle show their final score and grade.
      </p>
      {tree.imperatives.length === 0 && unlinked.goals.length === 0 && unlinked.objectives.length === 0 ? (
        <p class="empty">Nothing in the cascade matches these filters.</p>
      ) : null}
      <ul class="tree" aria-label="Imperatives, goals, objectives and key results">
        {tree.imperatives.map((node) => (
          <li class="level-imperative" id={anchorOf("imperative", node.id)}>
            <Row
              kind="imperative"
              id={node.id}
              value={node.score}
              name={
                <>
                  {node.imperative.title}
                  {node.imperative.owner ? <div class="meta">{node.imperative.owner}</div> : null}
                </>
              }
              bar={
                <ProgressBar
                  label={`Progress of ${node.imperative.title}`}
                  value={node.score}
                  status="score"
                />
              }
              meta={<Numbers value={node.score} />}
            />
            <ul>{node.goals.map(goalItem)}</ul>
          </li>
        ))}
        {unlinked.goals.length > 0 || unlinked.objectives.length > 0 ? (
          <li class="level-imperative">
            <div class="node">
              <div class="name">
                Not linked to the cascade
                <div class="meta">
                  Goals without a known imperative, objectives that reach no goal (see the lint)
                </div>
              </div>
            </div>
            <ul>
              {unlinked.goals.map(goalItem)}
              {unlinked.objectives.map(objectiveItem)}
            </ul>
          </li>
        ) : null}
      </ul>
    </Page>
  );
}
