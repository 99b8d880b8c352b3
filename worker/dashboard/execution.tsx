/** @jsxImportSource hono/jsx */
/**
 * The execution page (DOMAIN §7): one cycle's pipeline per team with its cut line, the off-track
 * initiatives others wait on, the health of the six areas and the budget moves, all from the report
 * the API serves (`selectPipeline` is the one `cascade pipeline` prints).
 */
import { selectPipeline } from "../../core/execution/pipeline-markdown.ts";
import type { Cycle } from "../../core/model/document.ts";
import type { CapacityReport, InitiativeReport } from "../../core/model/execution.ts";
import type { ScoredCascade } from "../scoring/scored-cascade.ts";
import { amount, Page, TableHead } from "./layout.tsx";
import { FilterForm, type Filters, filterQuery } from "./views.tsx";

type Workspace = { id: string; name: string };

/** The cycle to show: the filter's, else the one asOf falls in, else the latest that started, else the first. */
export function cycleToShow(cycles: readonly Cycle[], filters: Filters): Cycle | undefined {
  const chosen = cycles.find((c) => c.id === filters.cycle);
  if (chosen) return chosen;
  const started = cycles.filter((c) => c.start <= filters.asOf);
  return (
    started.find((c) => filters.asOf <= c.end) ??
    [...started].sort((a, b) => (a.start < b.start ? 1 : -1))[0] ??
    cycles[0]
  );
}

const LINE_LABEL: Record<NonNullable<InitiativeReport["line"]>, string> = {
  admitted_by_trade_off: "admitted by a trade-off",
  above_line: "above the line",
  below_line: "below the line",
  dropped: "dropped by a trade-off",
};

function TeamPipeline(props: { capacity: CapacityReport; initiatives: readonly InitiativeReport[] }) {
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
      <tr data-initiative={i.id} data-line={i.line ?? ""}>
        <td class="num">{i.teamRank}</td>
        <td>
          {i.title} <code>{i.id}</code>
          {over ? <strong class="error"> over capacity</strong> : null}
        </td>
        <td>{i.type.replace(/_/g, " ")}</td>
        <td class="num">{amount(i.priority)}</td>
        <td class="num">{amount(i.size)}</td>
        <td class="num">{i.line === "dropped" ? "–" : amount(total)}</td>
        <td>{i.committed ? "yes" : "no"}</td>
        <td>{i.status?.replace(/_/g, " ") ?? "–"}</td>
        <td>{i.line ? LINE_LABEL[i.line] : "no line"}</td>
      </tr>
    );
  });
  const cut = c.capacity === null ? -1 : c.onLine.length;
  return (
    <section aria-labelledby={heading}>
      <h3 id={heading}>Team {c.team}</h3>
      <p class="meta" data-capacity={c.capacity ?? ""} data-line-load={c.lineLoad ?? ""}>
        {c.capacity === null
          ? `No capacity set for this cycle, so no line: load ${amount(c.load)}, committed ${amount(c.committedLoad)}.`
          : `Capacity ${amount(c.capacity)}, on the line ${amount(c.lineLoad)} (free ${amount(c.free)}), load ${amount(c.load)}, committed ${amount(c.committedLoad)}.`}
        {c.overCapacity.length > 0 ? (
          <strong class="error"> {c.overCapacity.length} committed below the line.</strong>
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
      <td colspan={9}>Cut line: capacity {amount(c.capacity)}</td>
    </tr>
  );
}

export function ExecutionPage(props: { workspace: Workspace; scored: ScoredCascade; filters: Filters }) {
  const { scored, filters } = props;
  const doc = scored.stored.doc;
  const report = scored.report;
  const query = filterQuery(filters);
  const cycle = cycleToShow(doc.cycles, filters);
  const teams = [
    ...new Set([...(doc.teams ?? []).map((t) => t.id), ...(doc.initiatives ?? []).map((i) => i.team)]),
  ].sort();
  const view = cycle ? selectPipeline(report, doc, cycle.id, filters.team) : undefined;
  const { health } = report;
  return (
    <Page title="Execution" workspace={props.workspace} query={query}>
      <h1>Execution: pipeline, health and budget</h1>
      <FilterForm
        action="/dashboard/execution"
        filters={{ ...filters, cycle: cycle?.id }}
        cycles={doc.cycles.map((c) => c.id)}
        teams={teams}
      />
      <h2 id="pipeline">Pipeline of {cycle ? cycle.id : "no cycle"}</h2>
      <p class="meta">
        Every initiative ranked by WSJF (cost of delay ÷ size); each team's line is drawn where its capacity
        runs out. Committed initiatives below the line need a trade-off.
      </p>
      {view === undefined || view.capacity.length === 0 ? (
        <p class="empty">No initiatives and no capacity in this cycle.</p>
      ) : (
        view.capacity.map((c) => <TeamPipeline capacity={c} initiatives={view.initiatives} />)
      )}
      {view && view.blocking.length > 0 ? (
        <>
          <h2 id="blocking">Off track, and others wait on it</h2>
          <ul>
            {view.blocking.map((b) => (
              <li data-blocking={b.id}>
                <code>{b.id}</code>: {b.dependents.length}{" "}
                {b.dependents.length === 1 ? "item depends" : "items depend"} on it, directly or down the
                chain: {b.dependents.slice(0, 10).join(", ")}
                {b.dependents.length > 10 ? ` and ${b.dependents.length - 10} more` : ""}.
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2 id="health">Health of the six areas</h2>
      <table aria-labelledby="health">
        <TableHead
          columns={["Area", "Metrics", "Green", "Yellow", "Red", "No data", "Worst"]}
          numeric={["Metrics", "Green", "Yellow", "Red", "No data"]}
        />
        <tbody>
          {health.areas.map((a) => (
            <tr data-area={a.area}>
              <td>{a.area}</td>
              <td class="num">{a.metrics}</td>
              <td class="num">{a.green}</td>
              <td class="num">{a.yellow}</td>
              <td class="num">{a.red}</td>
              <td class="num">{a.noData}</td>
              <td class={a.worst === "red" ? "sev-high" : a.worst === "yellow" ? "sev-medium" : ""}>
                {a.worst ?? "–"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {health.metrics.length > 0 ? (
        <table aria-label="Health metrics">
          <TableHead columns={["Metric", "Area", "Latest", "Status", "Trend"]} numeric={["Latest"]} />
          <tbody>
            {health.metrics.map((m) => (
              <tr data-metric={m.id} data-status={m.status ?? ""}>
                <td>{m.title}</td>
                <td>{m.area}</td>
                <td class="num">
                  {amount(m.value)}
                  {m.date ? <span class="meta"> ({m.date})</span> : null}
                </td>
                <td class={m.status === "red" ? "sev-high" : m.status === "yellow" ? "sev-medium" : ""}>
                  {m.status ?? "no data"}
                </td>
                <td>{m.worsening ? "worsening two weeks running" : "–"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <h2 id="budget">Budget moves</h2>
      {view === undefined || view.reallocations.length === 0 ? (
        <p class="empty">No budget moves touch this pipeline.</p>
      ) : (
        <table aria-labelledby="budget">
          <TableHead columns={["Date", "Move", "Amount", "Scale", "Approved by"]} numeric={["Amount"]} />
          <tbody>
            {view.reallocations.map((r) => (
              <tr data-move={r.id} data-scale={r.scale}>
                <td>{r.date}</td>
                <td>
                  <code>{r.from}</code> → <code>{r.to}</code>
                  {r.applied ? null : <span class="meta"> (not applied: names no initiative)</span>}
                </td>
                <td class="num">{amount(r.amount)}</td>
                <td>{r.scale}</td>
                <td class={r.scale === "major" && r.approvedBy === null ? "error" : ""}>
                  {r.approvedBy ?? (r.scale === "major" ? "none: needs approval" : "–")}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
