/** @jsxImportSource hono/jsx */
/**
 * The retrospective of a finished cycle (DOMAIN §7), from the core's `buildRetrospective` over the
 * cascade scored on the cycle's last day (the same scored cascade the API's report of that day is):
 * the final score and grade per objective and team, what the cycle's mean says about ambition, the key
 * results proposed for carry-over, and the check-in notes for learning. With a team chosen: that team's
 * part of it. And the list of cycles, each with its retro once it has ended.
 */
import type { Cycle } from "../../core/model/document.ts";
import type { Retrospective } from "../../core/model/execution.ts";
import type { Grade } from "../../core/model/report.ts";
import { isFinished } from "../../core/view/cycles.ts";
import type { ScoredCascade } from "../scoring/scored-cascade.ts";
import { HiddenByTeam } from "./alerts.tsx";
import { FilterForm, type Filters, filterQuery, teamsOf } from "./filters.tsx";
import { formatCount, percent } from "./format.ts";
import { Cell, Page, Status, TableHead } from "./layout.tsx";
import { Named, Names } from "./names.tsx";

type Workspace = { id: string; name: string };

export function GradeText(props: { grade: Grade | null }) {
  return props.grade === null ? (
    <span>–</span>
  ) : (
    <span class={`grade g-${props.grade}`} data-grade={props.grade}>
      {props.grade}
    </span>
  );
}

export function RetroPage(props: {
  workspace: Workspace;
  scored: ScoredCascade;
  retro: Retrospective;
  filters: Filters;
}) {
  const { retro, filters } = props;
  const doc = props.scored.stored.doc;
  const names = new Names(doc, filters);
  const query = filterQuery(filters);
  const team = filters.team;
  const objectives = retro.objectives.filter((o) => team === undefined || o.team === team);
  const teams = retro.teams.filter((t) => team === undefined || t.team === team);
  const carryOver = retro.carryOver.filter((k) => names.inTeam(k.id));
  const notes = retro.notes.filter((n) => names.inTeam(n.keyResultId));
  const hidden = retro.objectives.length - objectives.length;
  const cycleName = retro.cycleName ?? retro.cycleId;
  const teamScore = team === undefined ? undefined : teams[0];
  return (
    <Page title={`Retro of ${cycleName}`} workspace={props.workspace} query={query} current="retro">
      <h1>
        Retro of {cycleName}
        {team ? `: ${names.name(team)}` : ""}
      </h1>
      <FilterForm
        action={`/dashboard/retro/${encodeURIComponent(retro.cycleId)}`}
        filters={filters}
        teams={teamsOf(doc)}
      />
      <p class="meta">
        {retro.start} to {retro.end}, scored on its last day. Grades follow Google's convention: green from
        0.7, yellow from 0.4, red below.
      </p>
      <section aria-labelledby="retro-mean">
        <h2 id="retro-mean">How the cycle ended</h2>
        <ul class="strip">
          <li data-mean={retro.mean ?? ""}>
            <h2>Mean score of the cycle</h2>
            <div class="big">{percent(retro.mean)}</div>
            <p>{retro.readingText}</p>
          </li>
          {teamScore ? (
            <li data-team-score={teamScore.score ?? ""}>
              <h2>{names.name(team as string)}</h2>
              <div class="big">{percent(teamScore.score)}</div>
              <p>
                Grade <GradeText grade={teamScore.grade} />, over {formatCount(teamScore.objectives)}{" "}
                objectives.
              </p>
            </li>
          ) : null}
        </ul>
      </section>
      <HiddenByTeam count={hidden} names={names} team={team} what="objectives" />
      {team === undefined ? (
        <>
          <h2 id="retro-teams">Teams</h2>
          <table aria-labelledby="retro-teams">
            <TableHead columns={["Team", "Objectives", "Score", "Grade"]} numeric={["Objectives", "Score"]} />
            <tbody>
              {teams.map((t) => (
                <tr data-team={t.team ?? ""}>
                  <Cell label="Team">
                    {t.team === null ? "No team" : <Named names={names} id={t.team} />}
                  </Cell>
                  <Cell label="Objectives" num>
                    {formatCount(t.objectives)}
                  </Cell>
                  <Cell label="Score" num>
                    {percent(t.score)}
                  </Cell>
                  <Cell label="Grade">
                    <GradeText grade={t.grade} />
                  </Cell>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <h2 id="retro-objectives">Objectives</h2>
      {objectives.length === 0 ? (
        <p class="empty">No objectives in this cycle.</p>
      ) : (
        <table aria-labelledby="retro-objectives">
          <TableHead
            columns={["Objective", "Team", "Owner", "Final score", "Grade"]}
            numeric={["Final score"]}
          />
          <tbody>
            {objectives.map((o) => (
              <tr data-objective={o.id} data-score={o.score ?? ""}>
                <Cell label="Objective">
                  <Named names={names} id={o.id} />
                </Cell>
                <Cell label="Team">{o.team === null ? "–" : <Named names={names} id={o.team} />}</Cell>
                <Cell label="Owner">{o.owner ?? "–"}</Cell>
                <Cell label="Final score" num>
                  {percent(o.score)}
                </Cell>
                <Cell label="Grade">
                  <GradeText grade={o.grade} />
                </Cell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="retro-carry">Proposed for carry-over</h2>
      <p class="meta">
        Key results not done at the cycle's end (leaving out range key results that held their band and those
        weighted 0): carry them into the next cycle, or let them go on purpose.
      </p>
      {carryOver.length === 0 ? (
        <p class="empty">Nothing to carry over.</p>
      ) : (
        <table aria-labelledby="retro-carry">
          <TableHead
            columns={["Key result", "Objective", "Owner", "Progress", "Status"]}
            numeric={["Progress"]}
          />
          <tbody>
            {carryOver.map((k) => (
              <tr data-carry-over={k.id}>
                <Cell label="Key result">
                  <Named names={names} id={k.id} />
                </Cell>
                <Cell label="Objective">
                  <Named names={names} id={k.objectiveId} />
                </Cell>
                <Cell label="Owner">{k.owner ?? "–"}</Cell>
                <Cell label="Progress" num>
                  {percent(k.progress)}
                </Cell>
                <Cell label="Status">
                  <Status status={k.status} />
                </Cell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="retro-notes">What the check-ins said</h2>
      {notes.length === 0 ? (
        <p class="empty">No check-in notes in this cycle.</p>
      ) : (
        <table aria-labelledby="retro-notes">
          <TableHead columns={["Date", "Key result", "Note"]} />
          <tbody>
            {notes.map((n) => (
              <tr>
                <Cell label="Date" class="date">
                  {n.date}
                </Cell>
                <Cell label="Key result">
                  <Named names={names} id={n.keyResultId} />
                </Cell>
                <Cell label="Note">{n.note}</Cell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}

/** The cycles, each with its retro once it has ended. */
export function RetroIndexPage(props: {
  workspace: Workspace;
  cycles: readonly Cycle[];
  names: Names;
  filters: Filters;
}) {
  const { filters, names } = props;
  const query = filterQuery(filters);
  return (
    <Page title="Retros" workspace={props.workspace} query={query} current="retro">
      <h1>Retros</h1>
      <FilterForm action="/dashboard/retro" filters={filters} />
      {props.cycles.length === 0 ? (
        <p class="empty">No cycles in this cascade.</p>
      ) : (
        <ul>
          {props.cycles.map((c) => (
            <li data-cycle={c.id}>
              {isFinished(c, filters.asOf) ? (
                <a href={`/dashboard/retro/${encodeURIComponent(c.id)}?${query}`}>
                  Retro of {c.name ?? c.id}
                </a>
              ) : (
                <>
                  <Named names={names} id={c.id} />{" "}
                  <span class="meta">
                    ({c.start} to {c.end}: {c.start > filters.asOf ? "not started" : "in progress"}; its retro
                    is ready after it ends)
                  </span>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}

/** A cycle that has not ended yet has no retro: what the page says instead. */
export function RetroNotReadyPage(props: { workspace: Workspace; cycle: Cycle; filters: Filters }) {
  const { cycle, filters } = props;
  const query = filterQuery(filters);
  const name = cycle.name ?? cycle.id;
  return (
    <Page title={`Retro of ${name}`} workspace={props.workspace} query={query} current="retro">
      <h1>Retro of {name}</h1>
      <p>
        {name} runs from {cycle.start} to {cycle.end}: its retro is ready once it has ended (as of{" "}
        {filters.asOf} it {cycle.start > filters.asOf ? "has not started" : "is still in progress"}).
      </p>
      <p>
        <a href={`/dashboard?${filterQuery(filters, { cycle: cycle.id })}`}>See where {name} stands now</a>
      </p>
    </Page>
  );
}
