/** @jsxImportSource hono/jsx */
/**
 * The filters every page shares: the day (`asOf`), the cycle and the team. Without a cycle in the query
 * a page shows the cycle in progress; `cycle=` (empty) asks for all cycles.
 */

import type { CascadeDocument, Cycle } from "../../core/model/document.ts";
import { currentCycle } from "../../core/view/cycles.ts";
import { isoDate } from "../../schema/document.ts";
import { todayUtc } from "../scoring/as-of.ts";

export interface Filters {
  asOf: string;
  /** undefined: the cycle in progress on asOf; "": all cycles; else a cycle's id. */
  cycle?: string | undefined;
  /** A team's id; undefined: every team. */
  team?: string | undefined;
}

/** The page's filters from its query; a malformed date falls back to today rather than failing. */
export function filtersOf(query: (name: string) => string | undefined): Filters {
  const asOf = query("asOf");
  return {
    asOf: asOf !== undefined && isoDate.safeParse(asOf).success ? asOf : todayUtc(),
    cycle: query("cycle"),
    team: query("team") || undefined,
  };
}

/** The query string that keeps the filters across links (`changes` replaces some of them). */
export function filterQuery(f: Filters, changes: Partial<Filters> = {}): string {
  const next = { ...f, ...changes };
  const q = new URLSearchParams({ asOf: next.asOf });
  if (next.cycle !== undefined) q.set("cycle", next.cycle);
  if (next.team) q.set("team", next.team);
  return q.toString();
}

/** The day `days` days before `date`. */
export function daysBefore(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);
}

/** What the cycle filter picks: one cycle, all of them, or a cycle the document does not have. */
export type CycleChoice = { kind: "one"; cycle: Cycle } | { kind: "all" } | { kind: "unknown"; id: string };

export function cycleChoice(cycles: readonly Cycle[], filters: Filters): CycleChoice {
  if (filters.cycle === "") return { kind: "all" };
  if (filters.cycle === undefined) {
    const cycle = currentCycle(cycles, filters.asOf);
    return cycle ? { kind: "one", cycle } : { kind: "all" };
  }
  const cycle = cycles.find((c) => c.id === filters.cycle);
  return cycle ? { kind: "one", cycle } : { kind: "unknown", id: filters.cycle };
}

/** The cycle id the tree filters on: undefined for all cycles. */
export function cycleFilterOf(choice: CycleChoice): string | undefined {
  return choice.kind === "one" ? choice.cycle.id : choice.kind === "unknown" ? choice.id : undefined;
}

/** Every team the document names (its teams, then the teams of objectives and initiatives), with names. */
export function teamsOf(doc: CascadeDocument): Array<{ id: string; name: string }> {
  const names = new Map<string, string>();
  for (const t of doc.teams ?? []) if (!names.has(t.id)) names.set(t.id, t.name ?? t.id);
  for (const o of doc.objectives) if (o.team !== undefined && !names.has(o.team)) names.set(o.team, o.team);
  for (const i of doc.initiatives ?? []) if (!names.has(i.team)) names.set(i.team, i.team);
  return [...names].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name, "en"));
}

export function FilterForm(props: {
  action: string;
  filters: Filters;
  /** The cycles to choose from; the selected one is `selectedCycle` ("" for all). */
  cycles?: readonly Cycle[];
  selectedCycle?: string;
  /** Offer "All cycles" (pages that show one cycle at a time do not). */
  allCycles?: boolean;
  teams?: ReadonlyArray<{ id: string; name: string }>;
}) {
  const { filters } = props;
  const selected = props.selectedCycle ?? filters.cycle ?? "";
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
            {props.allCycles === false ? null : (
              <option value="" selected={selected === ""}>
                All cycles
              </option>
            )}
            {props.cycles.map((c) => (
              <option value={c.id} selected={selected === c.id}>
                {c.name ?? c.id}
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
              <option value={t.id} selected={filters.team === t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {/* Filters this form does not offer are kept as they are. */}
      {!props.cycles && filters.cycle !== undefined ? (
        <input type="hidden" name="cycle" value={filters.cycle} />
      ) : null}
      {!props.teams && filters.team !== undefined ? (
        <input type="hidden" name="team" value={filters.team} />
      ) : null}
      <button type="submit">Show</button>
    </form>
  );
}
