/** @jsxImportSource hono/jsx */
/**
 * The alerts and lint page: every alert of the report on asOf and every lint finding of the cascade,
 * each naming what it is about by name, linked to its page. With a team chosen, only that team's items
 * are listed, and the page says how many of the organization's own (health metrics, goals, …) it hides.
 */
import type { ScoredCascade } from "../scoring/scored-cascade.ts";
import { FilterForm, type Filters, filterQuery, teamsOf } from "./filters.tsx";
import { formatCount } from "./format.ts";
import { Cell, Page, TableHead } from "./layout.tsx";
import { Named, Names } from "./names.tsx";

type Workspace = { id: string; name: string };

/** "3 items of the whole organization are hidden by the team filter." or nothing. */
export function HiddenByTeam(props: { count: number; names: Names; team: string | undefined; what: string }) {
  if (props.team === undefined || props.count === 0) return null;
  return (
    <p class="meta" data-hidden={props.count}>
      {formatCount(props.count)} {props.what} of other teams or of the whole organization are hidden: this
      page shows {props.names.name(props.team)} only.
    </p>
  );
}

export function AlertsPage(props: { workspace: Workspace; scored: ScoredCascade; filters: Filters }) {
  const { scored, filters } = props;
  const doc = scored.stored.doc;
  const query = filterQuery(filters);
  const names = new Names(doc, filters);
  const alerts = scored.report.alerts.filter((a) => names.inTeam(a.subject));
  const lint = scored.report.lint.filter((f) => names.inTeam(f.subject));
  return (
    <Page title="Alerts and lint" workspace={props.workspace} query={query} current="alerts">
      <h1>Alerts and lint{filters.team ? `: ${names.name(filters.team)}` : ""}</h1>
      <FilterForm action="/dashboard/alerts" filters={filters} teams={teamsOf(doc)} />
      <h2 id="alerts">
        Alerts on {filters.asOf} <span class="meta">({formatCount(alerts.length)})</span>
      </h2>
      <HiddenByTeam
        count={scored.report.alerts.length - alerts.length}
        names={names}
        team={filters.team}
        what="alerts"
      />
      {alerts.length === 0 ? (
        <p class="empty">No alerts.</p>
      ) : (
        <table aria-labelledby="alerts">
          <TableHead columns={["Severity", "Alert", "About", "Why"]} />
          <tbody>
            {alerts.map((a) => (
              <tr data-alert={a.code} data-subject={a.subject}>
                <Cell label="Severity" class={`sev-${a.severity}`}>
                  {a.severity}
                </Cell>
                <Cell label="Alert">{a.code.replace(/_/g, " ")}</Cell>
                <Cell label="About">
                  <Named names={names} id={a.subject} />
                </Cell>
                <Cell label="Why">{a.message}</Cell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="lint">
        Lint of the cascade <span class="meta">({formatCount(lint.length)})</span>
      </h2>
      <HiddenByTeam
        count={scored.report.lint.length - lint.length}
        names={names}
        team={filters.team}
        what="findings"
      />
      {lint.length === 0 ? (
        <p class="empty">The cascade is clean.</p>
      ) : (
        <table aria-labelledby="lint">
          <TableHead columns={["Severity", "Finding", "About", "What is wrong"]} />
          <tbody>
            {lint.map((f) => (
              <tr data-lint={f.code} data-subject={f.subject}>
                <Cell label="Severity" class={`sev-${f.severity}`}>
                  {f.severity}
                </Cell>
                <Cell label="Finding">{f.code.replace(/_/g, " ")}</Cell>
                <Cell label="About">
                  <Named names={names} id={f.subject} />
                </Cell>
                <Cell label="What is wrong">
                  {f.message}
                  {f.path ? (
                    <div class="meta">
                      at <code>{f.path}</code>
                    </div>
                  ) : null}
                </Cell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
