/** @jsxImportSource hono/jsx */
/**
 * The dashboard's pages. Every number shown comes from the core's report of the workspace's cascade
 * (the same scored cascade the API serves); the views only arrange and format it.
 */
import { compareText } from "../../core/compare.ts";
import {
  cascadeTree,
  type GoalNode,
  type KeyResultNode,
  type ObjectiveNode,
} from "../../core/view/cascade-tree.ts";
import type { ScoredCascade } from "../scoring/scored-cascade.ts";
import { CheckInChart } from "./chart.tsx";
import { amount, Page, ProgressBar, percent, Status, TableHead } from "./layout.tsx";

export interface Filters {
  asOf: string;
  cycle?: string | undefined;
  team?: string | undefined;
}

/** The query string that keeps the filters across links. */
export function filterQuery(f: Filters): string {
  const q = new URLSearchParams({ asOf: f.asOf });
  if (f.cycle) q.set("cycle", f.cycle);
  if (f.team) q.set("team", f.team);
  return q.toString();
}

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

export function FilterForm(props: { action: string; filters: Filters; cycles?: string[]; teams?: string[] }) {
  const { filters } = props;
  return (
    <form class="filters" method="get" action={props.action}>
      <label>
        As of
        <input type="date" name="asOf" value={filters.asOf} required />
      </label>
      {props.cycles ? (
        <label>
          Cycle
          <select name="cycle">
            <option value="">All cycles</option>
            {props.cycles.map((c) => (
              <option value={c} selected={filters.cycle === c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {props.teams ? (
        <label>
          Team
          <select name="team">
            <option value="">All teams</option>
            {props.teams.map((t) => (
              <option value={t} selected={filters.team === t}>
                {t}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      <button type="submit">Show</button>
    </form>
  );
}

function Row(props: {
  kind: string;
  id: string;
  name: unknown;
  owner?: string | undefined;
  value: number | null;
  expected?: number;
  /** Key results and objectives have one; goals and imperatives only a score (DOMAIN §4). */
  status?: string;
}) {
  return (
    <div class="node" data-kind={props.kind} data-id={props.id}>
      <div class="name">
        {props.name}
        {props.owner ? <div class="meta">{props.owner}</div> : null}
      </div>
      <ProgressBar
        label={`Progress of ${props.id}`}
        value={props.value}
        status={props.status ?? "score"}
        {...(props.expected === undefined ? {} : { expected: props.expected })}
      />
      <div class="meta">
        <span class="value" data-value={props.value ?? ""}>
          {percent(props.value)}
        </span>
        {props.status ? (
          <>
            {" · "}
            <Status status={props.status} />
          </>
        ) : null}
        {props.expected === undefined ? null : (
          <div>
            expected <span data-expected={props.expected}>{percent(props.expected)}</span>
          </div>
        )}
      </div>
    </div>
  );
}

export function TreePage(props: { workspace: Workspace; scored: ScoredCascade; filters: Filters }) {
  const { scored, filters } = props;
  const doc = scored.stored.doc;
  const query = filterQuery(filters);
  // The core's tree: one filter rule for the CLI and the dashboard. An objective the filters leave out
  // stays, without its key results, when one they keep hangs below it (where that one contributes).
  const tree = cascadeTree(doc, scored.report, { cycle: filters.cycle, team: filters.team });

  const keyResultItem = (node: KeyResultNode) => (
    <li class="level-kr">
      <Row
        kind="key-result"
        id={node.id}
        name={
          <>
            <a href={`/dashboard/key-results/${encodeURIComponent(node.id)}?${query}`}>
              {node.keyResult.title}
            </a>
            <span class="kind">{node.keyResult.kind}</span>
          </>
        }
        owner={node.keyResult.owner}
        value={node.progress}
        {...(node.expected === null ? {} : { expected: node.expected })}
        status={node.status ?? "no_data"}
      />
    </li>
  );
  const objectiveItem = (node: ObjectiveNode) => {
    const o = node.objective;
    return (
      <li class={node.context ? "level-objective context" : "level-objective"}>
        <Row
          kind="objective"
          id={node.id}
          name={
            <>
              {o.title}
              <span class="kind">{o.cycleId}</span>
              {o.team ? <span class="kind">{o.team}</span> : null}
              {node.context ? (
                <div class="meta">Outside the filters: shown for what hangs below it</div>
              ) : null}
            </>
          }
          owner={o.owner}
          value={node.score}
          {...(node.expected === null ? {} : { expected: node.expected })}
          status={node.status ?? "no_data"}
        />
        <ul>
          {node.keyResults.map(keyResultItem)}
          {node.children.map(objectiveItem)}
        </ul>
      </li>
    );
  };
  const goalItem = (node: GoalNode) => (
    <li class="level-goal">
      <Row
        kind="goal"
        id={node.id}
        name={
          <>
            {node.goal.title}
            <span class="kind">{node.goal.year}</span>
          </>
        }
        owner={node.goal.owner}
        value={node.score}
      />
      <ul>{node.objectives.map(objectiveItem)}</ul>
    </li>
  );
  const { unlinked } = tree;
  const cycles = doc.cycles.map((c) => c.id);
  const teams = [...new Set(doc.objectives.flatMap((o) => (o.team ? [o.team] : [])))].sort();

  return (
    <Page title="Cascade" workspace={props.workspace} query={query}>
      <h1>{doc.organization}: the cascade</h1>
      <FilterForm action="/dashboard" filters={filters} cycles={cycles} teams={teams} />
      <p class="meta">
        Bars show progress coloured by status; the black mark is where the cycle's pace says it should be by{" "}
        {filters.asOf}.
      </p>
      <ul class="tree" aria-label="Imperatives, goals, objectives and key results">
        {tree.imperatives.map((node) => (
          <li class="level-imperative">
            <Row
              kind="imperative"
              id={node.id}
              name={node.imperative.title}
              owner={node.imperative.owner}
              value={node.score}
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

export function KeyResultPage(props: {
  workspace: Workspace;
  scored: ScoredCascade;
  id: string;
  filters: Filters;
}) {
  const { scored, filters } = props;
  const doc = scored.stored.doc;
  const kr = doc.keyResults.find((k) => k.id === props.id);
  const score = scored.keyResults.get(props.id);
  const query = filterQuery(filters);
  if (!kr || !score) {
    return (
      <Page title="Not found" workspace={props.workspace} query={query}>
        <h1>No key result "{props.id}"</h1>
        <p>
          <a href={`/dashboard?${query}`}>Back to the cascade</a>
        </p>
      </Page>
    );
  }
  const objective = doc.objectives.find((o) => o.id === kr.objectiveId);
  const cycle = objective ? doc.cycles.find((c) => c.id === objective.cycleId) : undefined;
  const checkIns = [...(kr.checkIns ?? [])].sort((a, b) => compareText(b.date, a.date));
  return (
    <Page title={kr.title} workspace={props.workspace} query={query}>
      <p class="meta">
        <a href={`/dashboard?${query}`}>Cascade</a> › {objective?.title ?? kr.objectiveId}
      </p>
      <h1>{kr.title}</h1>
      <FilterForm action={`/dashboard/key-results/${encodeURIComponent(kr.id)}`} filters={filters} />
      <div data-kind="key-result" data-id={kr.id}>
        <ProgressBar
          label={`Progress of ${kr.id}`}
          value={score.progress}
          expected={score.expected}
          status={score.status}
        />
        <dl class="facts">
          <dt>Status</dt>
          <dd>
            <Status status={score.status} />
          </dd>
          <dt>Progress</dt>
          <dd class="value" data-value={score.progress ?? ""}>
            {percent(score.progress)}
          </dd>
          <dt>Expected by {filters.asOf}</dt>
          <dd data-expected={score.expected}>{percent(score.expected)}</dd>
          <dt>Current value</dt>
          <dd>{amount(score.current, kr.unit)}</dd>
          <dt>Kind</dt>
          <dd>
            {kr.kind}
            {kr.start !== undefined && kr.target !== undefined
              ? `: from ${amount(kr.start)} to ${amount(kr.target, kr.unit)}`
              : ""}
            {kr.kind === "range" ? `: keep within [${kr.low ?? "−∞"}, ${kr.high ?? "∞"}]` : ""}
          </dd>
          <dt>Forecast at the cycle's end</dt>
          <dd data-forecast={score.forecast?.value ?? ""}>
            {score.forecast
              ? `${amount(score.forecast.value, kr.unit)} (${percent(score.forecast.progress)} of the way)`
              : "– (needs check-ins on two different days)"}
          </dd>
          <dt>Owner</dt>
          <dd>{kr.owner ?? "–"}</dd>
        </dl>
      </div>
      <h2>Check-in history</h2>
      {cycle ? <CheckInChart kr={kr} score={score} cycle={cycle} asOf={filters.asOf} /> : null}
      {kr.kind === "milestone" ? (
        <table>
          <caption class="meta">Milestones</caption>
          <TableHead columns={["Milestone", "Done", "Weight"]} numeric={["Weight"]} />
          <tbody>
            {(kr.milestones ?? []).map((m) => (
              <tr>
                <td>{m.title}</td>
                <td>{m.done ? "yes" : "no"}</td>
                <td class="num">{m.weight ?? 1}</td>
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
          <TableHead columns={["Date", "Value", "Confidence", "Note"]} numeric={["Value", "Confidence"]} />
          <tbody>
            {checkIns.map((c) => (
              <tr>
                <td>{c.date}</td>
                <td class="num">{amount(c.value, kr.unit)}</td>
                <td class="num">{c.confidence === undefined ? "–" : `${c.confidence}/10`}</td>
                <td>{c.note ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

export function AlertsPage(props: { workspace: Workspace; scored: ScoredCascade; filters: Filters }) {
  const { scored, filters } = props;
  const query = filterQuery(filters);
  const krIds = new Set(scored.keyResults.keys());
  const subject = (id: string) =>
    krIds.has(id) ? (
      <a href={`/dashboard/key-results/${encodeURIComponent(id)}?${query}`}>{id}</a>
    ) : (
      <code>{id}</code>
    );
  const { alerts, lint } = scored.report;
  return (
    <Page title="Alerts and lint" workspace={props.workspace} query={query}>
      <h1>Alerts and lint</h1>
      <FilterForm action="/dashboard/alerts" filters={filters} />
      <h2 id="alerts">
        Alerts on {filters.asOf} <span class="meta">({alerts.length})</span>
      </h2>
      {alerts.length === 0 ? (
        <p class="empty">No alerts.</p>
      ) : (
        <table aria-labelledby="alerts">
          <TableHead columns={["Severity", "Code", "Subject", "Why"]} />
          <tbody>
            {alerts.map((a) => (
              <tr data-alert={a.code} data-subject={a.subject}>
                <td class={`sev-${a.severity}`}>{a.severity}</td>
                <td>{a.code.replace(/_/g, " ")}</td>
                <td>{subject(a.subject)}</td>
                <td>{a.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="lint">
        Lint of the cascade <span class="meta">({lint.length})</span>
      </h2>
      {lint.length === 0 ? (
        <p class="empty">The cascade is clean.</p>
      ) : (
        <table aria-labelledby="lint">
          <TableHead columns={["Severity", "Code", "Subject", "Finding"]} />
          <tbody>
            {lint.map((f) => (
              <tr data-lint={f.code} data-subject={f.subject}>
                <td class={`sev-${f.severity}`}>{f.severity}</td>
                <td>{f.code.replace(/_/g, " ")}</td>
                <td>{subject(f.subject)}</td>
                <td>
                  {f.message}
                  {f.path ? (
                    <div class="meta">
                      at <code>{f.path}</code>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
