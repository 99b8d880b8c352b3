/** @jsxImportSource hono/jsx */
/**
 * The weekly leadership agenda (DOMAIN §7), from the same `buildAgenda` of the same scored cascade the
 * API's `/agenda` answers with: hottest first, each item by name and linked to its key result,
 * initiative or metric, with its owner, why it is there, and what blocks it or waits on it.
 *
 * Present mode runs the meeting from a shared screen: large type, one item per screen. The worker's CSP
 * allows no script at all, so it is built from what browsers do without one: a popover (opened by the
 * Present button, closed by Escape, which hands focus back to the button) holding a scroll container that
 * snaps one item per screen and takes the focus, so ↓/↑, Space/Shift+Space, Page Down/Up (what
 * presentation clickers send) and Home/End move between items. Each item also links to the previous and
 * the next one.
 */
import type { Child } from "hono/jsx";
import { buildAgenda } from "../../core/execution/agenda.ts";
import { blastRadius, dependsOn, documentGraph } from "../../core/execution/dependency-graph.ts";
import type { AgendaItem, AgendaKind } from "../../core/model/execution.ts";
import type { ScoredCascade } from "../scoring/scored-cascade.ts";
import { HiddenByTeam } from "./alerts.tsx";
import { FilterForm, type Filters, filterQuery, teamsOf } from "./filters.tsx";
import { formatCount } from "./format.ts";
import { Page, Status } from "./layout.tsx";
import { Named, Names } from "./names.tsx";

type Workspace = { id: string; name: string };

/** Each kind of agenda item in words, as the meeting reads it. */
export const AGENDA_KIND_TEXT: Record<AgendaKind, string> = {
  blocking_off_track: "Off track, and others depend on it",
  lead_declining: "Leading indicator declining",
  health_red: "Health metric in the red",
  dependency_at_risk: "Blocked by a dependency",
  off_track: "Off track",
  health_worsening: "Health metric worsening",
  forecast_shortfall: "Forecast short of the target",
  low_confidence_at_risk: "At risk, with low confidence",
  stale_check_in: "Check-in overdue",
  lint_error: "Error in the cascade",
};

/** The most names listed for what waits on an item; the rest are counted. */
const MAX_LISTED = 8;

interface Related {
  /** Its direct dependencies that are at risk or off track. */
  blockedBy: string[];
  /** What depends on it, directly or down the chain. */
  waiting: string[];
  status: string | null;
}

function NameList(props: { names: Names; ids: readonly string[] }) {
  const shown = props.ids.slice(0, MAX_LISTED);
  const rest = props.ids.length - shown.length;
  const parts: Child[] = [];
  shown.forEach((id, i) => {
    if (i > 0) parts.push(i === shown.length - 1 && rest === 0 ? " and " : ", ");
    parts.push(<Named names={props.names} id={id} />);
  });
  if (rest > 0) parts.push(` and ${formatCount(rest)} more`);
  return <>{parts}</>;
}

/** One item's details: owner, why, the other kinds that apply, and its blockers and dependents. */
function ItemBody(props: { item: AgendaItem; names: Names; related: Related }) {
  const { item, names, related } = props;
  return (
    <>
      <p class="why">{item.why}</p>
      <p class="meta">
        Owner: {item.owner ?? "nobody named"}
        {related.status ? (
          <>
            {" · "}
            <Status status={related.status} />
          </>
        ) : null}
        {item.also.length > 0
          ? ` · also: ${item.also.map((k) => AGENDA_KIND_TEXT[k].toLowerCase()).join("; ")}`
          : ""}
      </p>
      {related.blockedBy.length > 0 ? (
        <p class="meta" data-blocked-by={related.blockedBy.join(" ")}>
          Blocked by <NameList names={names} ids={related.blockedBy} />.
        </p>
      ) : null}
      {item.kind === "blocking_off_track" && related.waiting.length > 0 ? (
        <p class="meta">
          Waiting on it: <NameList names={names} ids={related.waiting} />.
        </p>
      ) : null}
    </>
  );
}

export function AgendaPage(props: { workspace: Workspace; scored: ScoredCascade; filters: Filters }) {
  const { scored, filters } = props;
  const doc = scored.stored.doc;
  const report = scored.report;
  const query = filterQuery(filters);
  const names = new Names(doc, filters);
  const agenda = buildAgenda(doc, report);
  const items = agenda.items.filter((i) => names.inTeam(i.subject));

  const graph = documentGraph(doc);
  const status = new Map<string, string | null>();
  for (const k of report.keyResults) if (!status.has(k.id)) status.set(k.id, k.status);
  for (const i of report.initiatives) if (!status.has(i.id)) status.set(i.id, i.status);
  const related = (item: AgendaItem): Related => ({
    blockedBy: dependsOn(graph, item.subject).filter((id) => {
      const s = status.get(id);
      return s === "off_track" || s === "at_risk";
    }),
    waiting: item.kind === "blocking_off_track" ? blastRadius(graph, item.subject) : [],
    status: status.get(item.subject) ?? null,
  });
  const title = `Agenda of ${filters.asOf}${filters.team ? `: ${names.name(filters.team)}` : ""}`;
  const slide = (n: number) => `#slide-${n}`;

  return (
    <Page title="Agenda" workspace={props.workspace} query={query} current="agenda">
      <h1>{title}</h1>
      <FilterForm action="/dashboard/agenda" filters={filters} teams={teamsOf(doc)} />
      <p class="meta">
        The weekly leadership agenda, hottest first: what is off track and blocking others, declining leading
        indicators and red health, then what is at risk, overdue, or wrong in the cascade.{" "}
        {formatCount(items.length)} {items.length === 1 ? "item" : "items"}.
      </p>
      <HiddenByTeam
        count={agenda.items.length - items.length}
        names={names}
        team={filters.team}
        what="items"
      />
      {items.length === 0 ? (
        <p class="empty">Nothing on the agenda: no alerts and no errors in the cascade.</p>
      ) : (
        <>
          <p>
            <button type="button" class="present-open" popovertarget="present">
              Present
            </button>{" "}
            <span class="meta">
              one item per screen: ↓ or Space for the next, ↑ for the previous, Escape to leave.
            </span>
          </p>
          <ol class="agenda" aria-label="Agenda items">
            {items.map((item) => (
              <li data-agenda={item.kind} data-subject={item.subject}>
                <div>
                  <div class="meta">{AGENDA_KIND_TEXT[item.kind]}</div>
                  <strong>
                    <Named names={names} id={item.subject} />
                  </strong>
                  <ItemBody item={item} names={names} related={related(item)} />
                </div>
              </li>
            ))}
          </ol>
          <div id="present" popover="auto" class="present">
            <section
              class="deck"
              tabindex={0}
              autofocus
              aria-label={`${title}, one item per screen: ↓, Space or Page Down for the next, ↑ for the previous, Escape to leave`}
            >
              <section class="slide" id="slide-0" aria-labelledby="slide-0-title">
                <h2 id="slide-0-title">{title}</h2>
                <p>
                  {doc.organization}: {formatCount(items.length)} {items.length === 1 ? "item" : "items"},
                  hottest first.
                </p>
                <p class="keys">↓, Space or Page Down: next · ↑: previous · Escape: leave.</p>
                <nav aria-label="Slides">
                  <a href={slide(1)}>Start</a>
                </nav>
              </section>
              {items.map((item, index) => {
                const n = index + 1;
                return (
                  <section
                    class="slide"
                    id={`slide-${n}`}
                    aria-labelledby={`slide-${n}-title`}
                    data-slide={n}
                  >
                    <p class="count">
                      {formatCount(n)} of {formatCount(items.length)} · {AGENDA_KIND_TEXT[item.kind]}
                    </p>
                    <h2 id={`slide-${n}-title`}>
                      <Named names={names} id={item.subject} />
                    </h2>
                    <ItemBody item={item} names={names} related={related(item)} />
                    <nav aria-label={`Item ${n}`}>
                      <a href={slide(n - 1)}>Previous</a>
                      {n < items.length ? (
                        <a href={slide(n + 1)}>Next</a>
                      ) : (
                        <a href={slide(0)}>Back to the start</a>
                      )}
                      <button type="button" popovertarget="present" popovertargetaction="hide">
                        Leave (Escape)
                      </button>
                    </nav>
                  </section>
                );
              })}
            </section>
          </div>
        </>
      )}
    </Page>
  );
}
