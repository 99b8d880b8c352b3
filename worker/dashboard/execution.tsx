/** @jsxImportSource hono/jsx */
/**
 * The execution page (DOMAIN §7): one cycle's pipeline per team with its cut line, the off-track
 * initiatives others wait on, the health of the six areas and the budget moves, all from the report
 * the API serves (`selectPipeline` is the one `cascade pipeline` prints).
 */
import { selectPipeline } from "../../core/execution/pipeline-markdown.ts";
import type { Cycle } from "../../core/model/document.ts";
import type { CapacityReport, InitiativeReport } from "../../core/model/execution.ts";
import { resolveSettings } from "../../core/settings.ts";
import { currentCycle } from "../../core/view/cycles.ts";
import type { ScoredCascade } from "../scoring/scored-cascade.ts";
import { HiddenByTeam } from "./alerts.tsx";
import { FilterForm, type Filters, filterQuery, teamsOf } from "./filters.tsx";
import { formatCount, formatDecimal, formatMoney, formatValue, percent } from "./format.ts";
import { Cell, Page, Status, TableHead } from "./layout.tsx";
import { anchorOf, Named, Names } from "./names.tsx";

type Workspace = { id: string; name: string };

/** The cycle to show: the filter's, else the one asOf falls in, else the latest that started, else the first. */
export function cycleToShow(cycles: readonly Cycle[], filters: Filters): Cycle | undefined {
  return cycles.find((c) => c.id === filters.cycle) ?? currentCycle(cycles, filters.asOf);
}

const LINE_LABEL: Record<NonNullable<InitiativeReport["line"]>, string> = {
  admitted_by_trade_off: "admitted by a trade-off",
  above_line: "above the line",
  below_line: "below the line",
  dropped: "dropped by a trade-off",
};

function TeamPipeline(props: {
  capacity: CapacityReport;
  initiatives: readonly InitiativeReport[];
  names: Names;
}) {
  const { names } = props;
  const c = props.capacity;
  const mine = props.initiatives.filter((i) => i.team === c.team);
  const byId = new Map(mine.map((i) => [i.id, i] as const));
  // Line order: on the line (admitted first), then below it; dropped ones last.
  const ordered =
    c.capacity === null
      ? mine
      : [...c.onLine, ...c.belowLine, ...c.dropped].flatMap((id) => byId.get(id) ?? []);
  const heading = `team-${c.team}`;
  let total = 0;
  const rows = ordered.map((i) => {
    if (i.line !== "dropped") total += i.size;
    const over = c.overCapacity.includes(i.id);
    return (
      <tr data-initiative={i.id} data-line={i.line ?? ""} id={anchorOf("initiative", i.id)}>
        <Cell label="#" num>
          {formatCount(i.teamRank)}
        </Cell>
        <Cell label="Initiative">
          {i.title}
          {i.owner ? <div class="meta">{i.owner}</div> : null}
          {over ? <strong class="error"> over capacity</strong> : null}
          {i.blockedBy.length > 0 ? (
            <div class="meta">
              Blocked by{" "}
              {i.blockedBy.map((id, n) => (
                <>
                  {n > 0 ? ", " : ""}
                  <Named names={names} id={id} />
                </>
              ))}
            </div>
          ) : null}
        </Cell>
        <Cell label="Type">{i.type.replace(/_/g, " ")}</Cell>
        <Cell label="WSJF" num>
          {formatDecimal(i.priority)}
        </Cell>
        <Cell label="Size" num>
          {formatDecimal(i.size)}
        </Cell>
        <Cell label="Total" num>
          {i.line === "dropped" ? "–" : formatDecimal(total)}
        </Cell>
        <Cell label="Committed">{i.committed ? "yes" : "no"}</Cell>
        <Cell label="Status">{i.status ? <Status status={i.status} /> : "–"}</Cell>
        <Cell label="Line">{i.line ? LINE_LABEL[i.line] : "no line"}</Cell>
      </tr>
    );
  });
  const cut = c.capacity === null ? -1 : c.onLine.length;
  const n = (x: number | null) => (x === null ? "–" : formatDecimal(x));
  return (
    <section aria-labelledby={heading}>
      <h3 id={heading}>
        Team <Named names={names} id={c.team} />
      </h3>
      <p class="meta" data-capacity={c.capacity ?? ""} data-line-load={c.lineLoad ?? ""}>
        {c.capacity === null
          ? `No capacity set for this cycle, so no line: load ${n(c.load)}, committed ${n(c.committedLoad)}.`
          : `Capacity ${n(c.capacity)}, on the line ${n(c.lineLoad)} (free ${n(c.free)}), load ${n(c.load)}, committed ${n(c.committedLoad)}.`}
        {c.overCapacity.length > 0 ? (
          <strong class="error"> {formatCount(c.overCapacity.length)} committed below the line.</strong>
        ) : null}
      </p>
      {mine.length === 0 ? (
        <p class="empty">No initiatives.</p>
      ) : (
        <table aria-labelledby={heading}>
          <TableHead
            columns={["#", "Initiative", "Type", "WSJF", "Size", "Total", "Committed", "Status", "Line"]}
            numeric={["#", "WSJF", "Size", "Total"]}
          />
          <tbody>{cut < 0 ? rows : [...rows.slice(0, cut), cutLine(c), ...rows.slice(cut)]}</tbody>
        </table>
      )}
    </section>
  );
}

function cutLine(c: CapacityReport) {
  return (
    <tr class="cut-line" data-cut-line={c.capacity ?? ""}>
      <td colspan={9}>Cut line: capacity {c.capacity === null ? "–" : formatDecimal(c.capacity)}</td>
    </tr>
  );
}

export function ExecutionPage(props: { workspace: Workspace; scored: ScoredCascade; filters: Filters }) {
  const { scored, filters } = props;
  const doc = scored.stored.doc;
  const report = scored.report;
  const query = filterQuery(filters);
  const names = new Names(doc, filters);
  const cycle = cycleToShow(doc.cycles, filters);
  const view = cycle ? selectPipeline(report, doc, cycle.id, filters.team) : undefined;
  const { health } = report;
  // Health metrics are the whole organization's: a team's page leaves them out, and says so.
  const showHealth = filters.team === undefined;
  // Budget shares are of the total budget: the sum of every initiative's planned budget (DOMAIN §7).
  const totalBudget = (doc.initiatives ?? []).reduce((sum, i) => sum + (i.budget ?? 0), 0);
  const cycleName = cycle ? (cycle.name ?? cycle.id) : "no cycle";
  return (
    <Page title="Execution" workspace={props.workspace} query={query} current="execution">
      <h1>Execution: pipeline, health and budget{filters.team ? ` of ${names.name(filters.team)}` : ""}</h1>
      <FilterForm
        action="/dashboard/execution"
        filters={filters}
        cycles={doc.cycles}
        selectedCycle={cycle?.id ?? ""}
        allCycles={false}
        teams={teamsOf(doc)}
      />
      <h2 id="pipeline">Pipeline of {cycleName}</h2>
      <p class="meta">
        Every initiative ranked by WSJF (cost of delay ÷ size); each team's line is drawn where its capacity
        runs out. Committed initiatives below the line need a trade-off.
      </p>
      {view === undefined || view.capacity.length === 0 ? (
        <p class="empty">No initiatives and no capacity in this cycle.</p>
      ) : (
        view.capacity.map((c) => <TeamPipeline capacity={c} initiatives={view.initiatives} names={names} />)
      )}
      {view && view.blocking.length > 0 ? (
        <>
          <h2 id="blocking">Off track, and others wait on it</h2>
          <ul>
            {view.blocking.map((b) => (
              <li data-blocking={b.id}>
                <Named names={names} id={b.id} />: {formatCount(b.dependents.length)}{" "}
                {b.dependents.length === 1 ? "item depends" : "items depend"} on it, directly or down the
                chain:{" "}
                {b.dependents.slice(0, 10).map((id, n) => (
                  <>
                    {n > 0 ? ", " : ""}
                    <Named names={names} id={id} />
                  </>
                ))}
                {b.dependents.length > 10 ? ` and ${formatCount(b.dependents.length - 10)} more` : ""}.
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 id="health">Health of the six areas</h2>
      {showHealth ? (
        <>
          <table aria-labelledby="health">
            <TableHead
              columns={["Area", "Metrics", "Green", "Yellow", "Red", "No data", "Worst"]}
              numeric={["Metrics", "Green", "Yellow", "Red", "No data"]}
            />
            <tbody>
              {health.areas.map((a) => (
                <tr data-area={a.area}>
                  <Cell label="Area">{a.area}</Cell>
                  <Cell label="Metrics" num>
                    {formatCount(a.metrics)}
                  </Cell>
                  <Cell label="Green" num>
                    {formatCount(a.green)}
                  </Cell>
                  <Cell label="Yellow" num>
                    {formatCount(a.yellow)}
                  </Cell>
                  <Cell label="Red" num>
                    {formatCount(a.red)}
                  </Cell>
                  <Cell label="No data" num>
                    {formatCount(a.noData)}
                  </Cell>
                  <Cell
                    label="Worst"
                    class={a.worst === "red" ? "sev-high" : a.worst === "yellow" ? "sev-medium" : ""}
                  >
                    {a.worst ?? "–"}
                  </Cell>
                </tr>
              ))}
            </tbody>
          </table>
          {health.metrics.length > 0 ? (
            <table aria-label="Health metrics">
              <TableHead columns={["Metric", "Area", "Latest", "Status", "Trend"]} numeric={["Latest"]} />
              <tbody>
                {health.metrics.map((m) => (
                  <tr data-metric={m.id} data-status={m.status ?? ""} id={anchorOf("metric", m.id)}>
                    <Cell label="Metric">{m.title}</Cell>
                    <Cell label="Area">{m.area}</Cell>
                    <Cell label="Latest" num>
                      {formatValue(m.value)}
                      {m.date ? <span class="meta"> ({m.date})</span> : null}
                    </Cell>
                    <Cell
                      label="Status"
                      class={m.status === "red" ? "sev-high" : m.status === "yellow" ? "sev-medium" : ""}
                    >
                      {m.status ?? "no data"}
                    </Cell>
                    <Cell label="Trend">{m.worsening ? "worsening two weeks running" : "–"}</Cell>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : (
        <HiddenByTeam count={health.metrics.length} names={names} team={filters.team} what="health metrics" />
      )}
      <h2 id="budget">Budget moves</h2>
      {view === undefined || view.reallocations.length === 0 ? (
        <p class="empty">No budget moves touch this pipeline.</p>
      ) : (
        <table aria-labelledby="budget">
          <TableHead
            columns={["Date", "Move", "Amount", "Share of budget", "Scale", "Approved by"]}
            numeric={["Amount", "Share of budget"]}
          />
          <tbody>
            {view.reallocations.map((r) => (
              <tr data-move={r.id} data-scale={r.scale} id={anchorOf("move", r.id)}>
                <Cell label="Date" class="date">
                  {r.date}
                </Cell>
                <Cell label="Move">
                  <Named names={names} id={r.from} /> → <Named names={names} id={r.to} />
                  {r.applied ? null : <span class="meta"> (not applied: names no initiative)</span>}
                </Cell>
                <Cell label="Amount" num>
                  {formatMoney(r.amount)}
                </Cell>
                <Cell label="Share of budget" num>
                  {totalBudget > 0 ? percent(r.amount / totalBudget) : "–"}
                </Cell>
                <Cell label="Scale">{r.scale}</Cell>
                <Cell label="Approved by" class={r.scale === "major" && r.approvedBy === null ? "error" : ""}>
                  {r.approvedBy ?? (r.scale === "major" ? "none: needs approval" : "–")}
                </Cell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {totalBudget > 0 ? (
        <p class="meta" data-total-budget={totalBudget}>
          Total budget of all initiatives: {formatMoney(totalBudget)}. A move below{" "}
          {percent(resolveSettings(doc).microReallocationShare)} of it is a micro move the resource council
          may approve.
        </p>
      ) : null}
    </Page>
  );
}
