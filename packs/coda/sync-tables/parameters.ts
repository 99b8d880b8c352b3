/**
 * The sync tables' parameters: the day to score for, and the cycle, team, owner, area and date-window
 * filters, each with autocomplete read from the account's cascade. A table without a cycle keeps to
 * the cycle in progress on its day (the one the dashboard opens on).
 */
import * as coda from "@codahq/packs-sdk";
import { today } from "../dates.ts";
import { readList, workspaceOf } from "../helpers.ts";
import { CYCLE_STATE_LABEL, HEALTH_AREA_LABEL } from "../labels.ts";
import type { CycleRow, InitiativeRow } from "../types.ts";

/** The cycle filter's value that asks for every cycle. */
export const ALL_CYCLES = "*";

/** Autocomplete reads the cascade at most once a minute: its options are names, not numbers. */
const OPTIONS_CACHE_SECS = 60;

export const asOf = coda.makeParameter({
  type: coda.ParameterType.Date,
  name: "asOf",
  description: "Score for this day (default: today in the doc's timezone)",
  optional: true,
});

/** The cascade's cycles on a day, each with its state and whether it is the current one. */
export function cyclesOn(
  context: coda.ExecutionContext,
  workspace: string,
  day: string,
  cacheTtlSecs?: number,
): Promise<CycleRow[]> {
  return readList<CycleRow>(context, workspace, "cycles", {
    query: { asOf: day },
    ...(cacheTtlSecs === undefined ? {} : { cacheTtlSecs }),
  });
}

/** A text parameter as typed: trimmed, and blank as absent. */
export function given(value: string | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

/**
 * The cycle a table keeps to: the one asked for, every cycle for `*`, else the current one on the
 * table's day (the cycle the day falls in, else the latest that started; none in a cascade without
 * cycles).
 */
export async function cycleFilter(
  context: coda.ExecutionContext,
  workspace: string,
  day: string,
  cycle: string | undefined,
): Promise<string | undefined> {
  const asked = given(cycle);
  if (asked === ALL_CYCLES) return undefined;
  if (asked !== undefined) return asked;
  return (await cyclesOn(context, workspace, day)).find((c) => c.current)?.id;
}

/**
 * Autocomplete's cycles: the current one first, then the latest first, and "All cycles"; or only the
 * cycles that have ended (a retrospective's), the latest first.
 */
async function cycleOptions(context: coda.ExecutionContext, search: string, which: "any" | "finished") {
  const workspace = await workspaceOf(context);
  const cycles = await cyclesOn(context, workspace.id, today(context), OPTIONS_CACHE_SECS);
  const ordered = cycles
    .filter((c) => which === "any" || c.state === "finished")
    .sort(
      (a, b) => Number(b.current) - Number(a.current) || (a.start < b.start ? 1 : a.start > b.start ? -1 : 0),
    );
  const options = ordered.map((c) => ({
    display: `${c.title} (${c.current ? "current, " : ""}${CYCLE_STATE_LABEL[c.state].toLowerCase()})`,
    value: c.id,
  }));
  return coda.simpleAutocomplete(
    search,
    which === "any" ? [...options, { display: "All cycles", value: ALL_CYCLES }] : options,
  );
}

export const cycle = coda.makeParameter({
  type: coda.ParameterType.String,
  name: "cycle",
  description: `Only this cycle's (default: the cycle in progress on the table's day; ${ALL_CYCLES} for all cycles)`,
  optional: true,
  autocomplete: async (context, search) => cycleOptions(context, search, "any"),
});

export const finishedCycle = coda.makeParameter({
  type: coda.ParameterType.String,
  name: "cycle",
  description: "A cycle that has ended (default: the latest to end by today)",
  optional: true,
  autocomplete: async (context, search) => cycleOptions(context, search, "finished"),
});

/** The pipeline on the day: where the teams and owners of the cascade's initiatives are read from. */
async function initiativesForOptions(context: coda.ExecutionContext): Promise<InitiativeRow[]> {
  const workspace = await workspaceOf(context);
  return readList<InitiativeRow>(context, workspace.id, "initiatives", {
    query: { asOf: today(context) },
    cacheTtlSecs: OPTIONS_CACHE_SECS,
  });
}

export const team = coda.makeParameter({
  type: coda.ParameterType.String,
  name: "team",
  description: "Only this team's (its id)",
  optional: true,
  autocomplete: async (context, search) => {
    const teams = new Map<string, string>();
    for (const i of await initiativesForOptions(context)) teams.set(i.team, i.teamName);
    const options = [...teams].map(([value, name]) => ({
      display: name === value ? name : `${name} (${value})`,
      value,
    }));
    return coda.simpleAutocomplete(
      search,
      options.sort((a, b) => a.display.localeCompare(b.display, "en")),
    );
  },
});

export const owner = coda.makeParameter({
  type: coda.ParameterType.String,
  name: "owner",
  description: "Only this owner's, written as the cascade writes it",
  optional: true,
  autocomplete: async (context, search) => {
    const owners = new Set<string>();
    for (const i of await initiativesForOptions(context)) if (i.owner) owners.add(i.owner);
    return coda.simpleAutocomplete(
      search,
      [...owners].sort((a, b) => a.localeCompare(b, "en")),
    );
  },
});

export const area = coda.makeParameter({
  type: coda.ParameterType.String,
  name: "area",
  description: "Only this area's metrics",
  optional: true,
  autocomplete: Object.entries(HEALTH_AREA_LABEL).map(([value, display]) => ({ display, value })),
});

export const from = coda.makeParameter({
  type: coda.ParameterType.Date,
  name: "from",
  description: "Only check-ins dated on or after this day (default: 90 days back, or the cycle's start)",
  optional: true,
});

export const to = coda.makeParameter({
  type: coda.ParameterType.Date,
  name: "to",
  description: "Only check-ins dated on or before this day (default: none, or the cycle's end)",
  optional: true,
});

/** How far back check-ins go by default: a table that never outgrows the doc within a year. */
export const CHECK_IN_DAYS = 90;
