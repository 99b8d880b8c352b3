/** @jsxImportSource hono/jsx */
/**
 * Names instead of ids: everything in a cascade that has an id (key results, objectives, goals,
 * imperatives, initiatives, health metrics, teams, cycles, trade-offs, budget moves), with the name a
 * person reads, the team it belongs to, and the page that shows it. Where an id is duplicated (a lint
 * error), the first one wins, as for every lookup by id.
 */
import type { CascadeDocument } from "../../core/model/document.ts";
import { isFinished } from "../../core/view/cycles.ts";
import { type Filters, filterQuery } from "./filters.tsx";

export type SubjectKind =
  | "key-result"
  | "objective"
  | "goal"
  | "imperative"
  | "initiative"
  | "metric"
  | "team"
  | "cycle"
  | "trade-off"
  | "move";

export interface Subject {
  kind: SubjectKind;
  id: string;
  name: string;
  /** The team it belongs to; null when it is the whole organization's (goals, health metrics, …). */
  team: string | null;
  /** The cycle it belongs to, when it has one. */
  cycleId: string | null;
}

/** The element id a page gives the row of `id`, so links can point at it (`#initiative-…`). */
export function anchorOf(kind: SubjectKind, id: string): string {
  return `${kind}-${id}`;
}

export class Names {
  readonly #subjects = new Map<string, Subject>();
  readonly #finished = new Set<string>();

  constructor(
    doc: CascadeDocument,
    private readonly filters: Filters,
  ) {
    const add = (s: Subject) => {
      if (!this.#subjects.has(s.id)) this.#subjects.set(s.id, s);
    };
    const teamName = new Map<string, string>();
    for (const t of doc.teams ?? []) if (!teamName.has(t.id)) teamName.set(t.id, t.name ?? t.id);
    const cycleName = new Map<string, string>();
    for (const c of doc.cycles) {
      if (!cycleName.has(c.id)) cycleName.set(c.id, c.name ?? c.id);
      if (isFinished(c, filters.asOf)) this.#finished.add(c.id);
    }
    const objectives = new Map<string, CascadeDocument["objectives"][number]>();
    for (const o of doc.objectives) if (!objectives.has(o.id)) objectives.set(o.id, o);
    const initiatives = new Map<string, NonNullable<CascadeDocument["initiatives"]>[number]>();
    for (const i of doc.initiatives ?? []) if (!initiatives.has(i.id)) initiatives.set(i.id, i);

    for (const kr of doc.keyResults) {
      const o = objectives.get(kr.objectiveId);
      add({
        kind: "key-result",
        id: kr.id,
        name: kr.title,
        team: o?.team ?? null,
        cycleId: o?.cycleId ?? null,
      });
    }
    for (const i of initiatives.values()) {
      add({ kind: "initiative", id: i.id, name: i.title, team: i.team, cycleId: i.cycleId });
    }
    for (const m of doc.healthMetrics ?? []) {
      add({ kind: "metric", id: m.id, name: m.title, team: null, cycleId: null });
    }
    for (const o of objectives.values()) {
      add({ kind: "objective", id: o.id, name: o.title, team: o.team ?? null, cycleId: o.cycleId });
    }
    for (const g of doc.goals) add({ kind: "goal", id: g.id, name: g.title, team: null, cycleId: null });
    for (const i of doc.imperatives) {
      add({ kind: "imperative", id: i.id, name: i.title, team: null, cycleId: null });
    }
    for (const [id, name] of cycleName) add({ kind: "cycle", id, name, team: null, cycleId: id });
    for (const [id, name] of teamName) add({ kind: "team", id, name, team: id, cycleId: null });
    for (const t of doc.tradeOffs ?? []) {
      const name = `Trade-off of ${teamName.get(t.team) ?? t.team} in ${cycleName.get(t.cycleId) ?? t.cycleId}`;
      add({ kind: "trade-off", id: t.id, name, team: t.team, cycleId: t.cycleId });
    }
    for (const r of doc.reallocations ?? []) {
      const from = initiatives.get(r.from);
      const to = initiatives.get(r.to);
      const name = `Budget move from ${from?.title ?? r.from} to ${to?.title ?? r.to}`;
      add({
        kind: "move",
        id: r.id,
        name,
        team: from?.team ?? to?.team ?? null,
        cycleId: from?.cycleId ?? null,
      });
    }
    // Teams named only by objectives and initiatives.
    for (const o of objectives.values()) {
      if (o.team !== undefined) add({ kind: "team", id: o.team, name: o.team, team: o.team, cycleId: null });
    }
    for (const i of initiatives.values()) {
      add({ kind: "team", id: i.team, name: i.team, team: i.team, cycleId: null });
    }
  }

  subject(id: string): Subject | undefined {
    return this.#subjects.get(id);
  }

  /** The name a person reads; the id itself when nothing has it. */
  name(id: string): string {
    return this.#subjects.get(id)?.name ?? id;
  }

  /** The team an item belongs to; null for the organization's own (and for unknown ids). */
  teamOf(id: string): string | null {
    return this.#subjects.get(id)?.team ?? null;
  }

  /** Whether an item shows under the team filter: every item without one, else the team's own. */
  inTeam(id: string, team = this.filters.team): boolean {
    return team === undefined || this.teamOf(id) === team;
  }

  /** The page that shows `id` (keeping the filters where they still apply), or undefined. */
  href(id: string): string | undefined {
    const s = this.#subjects.get(id);
    if (s === undefined) return undefined;
    const f = this.filters;
    const hash = (kind: SubjectKind) => `#${encodeURIComponent(anchorOf(kind, id))}`;
    switch (s.kind) {
      case "key-result":
        return `/dashboard/key-results/${encodeURIComponent(id)}?${filterQuery(f)}`;
      case "objective":
        return `/dashboard?${filterQuery(f, s.cycleId === null ? {} : { cycle: s.cycleId })}${hash("objective")}`;
      case "goal":
      case "imperative":
        return `/dashboard?${filterQuery(f, { cycle: "" })}${hash(s.kind)}`;
      case "initiative":
        return `/dashboard/execution?${filterQuery(f, s.cycleId === null ? {} : { cycle: s.cycleId })}${hash("initiative")}`;
      case "metric":
        return `/dashboard/execution?${filterQuery(f)}${hash("metric")}`;
      case "trade-off":
        return `/dashboard/execution?${filterQuery(f, s.cycleId === null ? {} : { cycle: s.cycleId })}`;
      case "move":
        return `/dashboard/execution?${filterQuery(f, s.cycleId === null ? {} : { cycle: s.cycleId })}${hash("move")}`;
      case "team":
        return `/dashboard?${filterQuery(f, { team: id })}`;
      case "cycle":
        return this.#finished.has(id)
          ? `/dashboard/retro/${encodeURIComponent(id)}?${filterQuery(f)}`
          : `/dashboard?${filterQuery(f, { cycle: id })}`;
    }
  }
}

/**
 * An item by its name, linked to its page; an id nothing in the document has is shown as code.
 *
 * @example <Named names={names} id="ini-q4-self-serve-trial" />
 */
export function Named(props: { names: Names; id: string }) {
  const href = props.names.href(props.id);
  if (href === undefined) return <code>{props.id}</code>;
  return <a href={href}>{props.names.name(props.id)}</a>;
}
