/**
 * The execution layer as sync tables (DOMAIN §7): the cycles, the one pipeline of initiatives with
 * its cut lines and trade-offs, the health metrics of the six areas, the budget moves, and the
 * retrospective of a finished cycle. Each is read live from the worker, scored by the same report as
 * `/report`; the pipeline and the budget moves keep to one cycle, by default the one in progress.
 */
import * as coda from "@codahq/packs-sdk";
import { today } from "../dates.ts";
import { budgetMoveRow, cycleRow, healthMetricRow, initiativeRow, retroRows } from "../execution-rows.ts";
import { callWorker, PAGE_SIZE, rowContext, workspaceOf, workspacePath } from "../helpers.ts";
import {
  BudgetMoveSchema,
  CycleSchema,
  HealthMetricSchema,
  IDENTITY,
  InitiativeSchema,
  RetroItemSchema,
} from "../schemas.ts";
import type { CycleRow, Retrospective as RetroAnswer } from "../types.ts";
import { area, asOf, cycle, cycleFilter, cyclesOn, finishedCycle, given, owner, team } from "./parameters.ts";
import { eachItem, syncList } from "./sync-list.ts";

export const Cycles = coda.makeSyncTable({
  name: "Cycles",
  identityName: IDENTITY.cycle,
  description: "The cascade's cycles: how far along each is, and which one the other tables default to.",
  schema: CycleSchema,
  formula: {
    name: "SyncCycles",
    description: "The cycles, on AsOf.",
    parameters: [asOf],
    execute: async ([day], context) =>
      syncList(context, day, { resource: "cycles", toRows: eachItem(cycleRow) }),
  },
});

export const Initiatives = coda.makeSyncTable({
  name: "Initiatives",
  identityName: IDENTITY.initiative,
  description:
    "The one pipeline: initiatives of every type ranked by WSJF, each against its team's cut line, with the trade-offs that moved it. Keeps to the cycle in progress unless a cycle is given.",
  schema: InitiativeSchema,
  formula: {
    name: "SyncInitiatives",
    description: "The pipeline of one cycle (default: the one in progress), on AsOf.",
    parameters: [asOf, cycle, team, owner],
    execute: async ([day, cycleId, teamId, ownerName], context) =>
      syncList(context, day, {
        resource: "initiatives",
        query: async ({ workspace, asOf: on }) => ({
          cycleId: await cycleFilter(context, workspace, on, cycleId),
          team: given(teamId),
          owner: given(ownerName),
        }),
        references: ["key-results", "cycles"],
        toRows: eachItem(initiativeRow),
      }),
  },
});

export const HealthMetrics = coda.makeSyncTable({
  name: "HealthMetrics",
  identityName: IDENTITY.healthMetric,
  description: "Health metrics of the six areas: latest value, status against its thresholds, and trend.",
  schema: HealthMetricSchema,
  formula: {
    name: "SyncHealthMetrics",
    description: "The health metrics on AsOf.",
    parameters: [asOf, area],
    execute: async ([day, areaName], context) =>
      syncList(context, day, {
        resource: "health-metrics",
        query: { area: given(areaName)?.toLowerCase() },
        toRows: eachItem(healthMetricRow),
      }),
  },
});

export const BudgetMoves = coda.makeSyncTable({
  name: "BudgetMoves",
  identityName: IDENTITY.budgetMove,
  description:
    "Budget moved between initiatives by AsOf, micro or major, with who approved it. Keeps to the cycle in progress unless a cycle is given.",
  schema: BudgetMoveSchema,
  formula: {
    name: "SyncBudgetMoves",
    description: "The budget moves of one cycle (default: the one in progress), dated on or before AsOf.",
    parameters: [asOf, cycle, team],
    execute: async ([day, cycleId, teamId], context) =>
      syncList(context, day, {
        resource: "reallocations",
        query: async ({ workspace, asOf: on }) => ({
          cycleId: await cycleFilter(context, workspace, on, cycleId),
          team: given(teamId),
        }),
        references: ["initiatives", "cycles"],
        toRows: eachItem(budgetMoveRow),
      }),
  },
});

/** The latest cycle that has ended by the day: the retrospective a table shows by default. */
function latestFinished(cycles: readonly CycleRow[]): CycleRow | undefined {
  return cycles
    .filter((c) => c.state === "finished")
    .sort((a, b) => (a.end < b.end ? 1 : a.end > b.end ? -1 : a.start < b.start ? 1 : -1))[0];
}

/** The cycle a retrospective is asked of: the one given if it has ended, else the latest that has. */
async function retroCycle(
  context: coda.ExecutionContext,
  workspace: string,
  day: string,
  asked: string | undefined,
): Promise<string> {
  const cycles = await cyclesOn(context, workspace, day);
  if (asked === undefined) {
    const latest = latestFinished(cycles);
    if (latest === undefined) {
      throw new coda.UserVisibleError(
        `No cycle of this Cascade has ended by ${day}: a cycle's retrospective is ready the day after it ends.`,
      );
    }
    return latest.id;
  }
  const found = cycles.find((c) => c.id === asked);
  if (found === undefined) throw new coda.UserVisibleError(`This Cascade has no cycle "${asked}".`);
  if (found.state !== "finished") {
    throw new coda.UserVisibleError(
      `${found.title} runs until ${found.end}: its retrospective is ready the day after. Pick a cycle that has ended.`,
    );
  }
  return found.id;
}

/** What a retrospective's sync carries from one invocation to the next. */
interface RetroContinuation {
  workspace: string;
  day: string;
  cycleId: string;
  offset: number;
}

function isRetroContinuation(value: unknown): value is RetroContinuation {
  const c = value as Partial<RetroContinuation> | undefined;
  return (
    typeof c?.workspace === "string" &&
    typeof c.day === "string" &&
    typeof c.cycleId === "string" &&
    typeof c.offset === "number"
  );
}

export const Retrospective = coda.makeSyncTable({
  name: "Retrospective",
  identityName: IDENTITY.retroItem,
  description:
    "The retrospective of a finished cycle (default: the latest): its mean and what it says of ambition, each team's and objective's final score, the key results to carry over, and the check-in notes to learn from.",
  schema: RetroItemSchema,
  formula: {
    name: "SyncRetrospective",
    description: "The retrospective of one finished cycle (default: the latest to end).",
    parameters: [finishedCycle],
    execute: async ([cycleId], context) => {
      const previous = context.sync.continuation;
      let state: RetroContinuation;
      if (isRetroContinuation(previous)) state = previous;
      else {
        const workspace = (await workspaceOf(context)).id;
        const day = today(context);
        state = {
          workspace,
          day,
          cycleId: await retroCycle(context, workspace, day, given(cycleId)),
          offset: 0,
        };
      }
      const retro = await callWorker<RetroAnswer>(context, {
        path: workspacePath(state.workspace, "cycles", state.cycleId, "retro"),
        query: { asOf: state.day },
      });
      const rows = retroRows(retro, await rowContext(context, state.workspace, undefined));
      // Sized like a list's page: a long cycle's notes arrive over a few invocations.
      const next = state.offset + PAGE_SIZE;
      return {
        result: rows.slice(state.offset, next),
        continuation: next < rows.length ? { ...state, offset: next } : undefined,
      };
    },
  },
});

export const executionTables = [Cycles, Initiatives, HealthMetrics, BudgetMoves, Retrospective];
