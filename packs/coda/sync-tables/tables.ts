/**
 * The cascade as sync tables, read live from the worker one page per invocation (a cursor carries on),
 * each row with the score, status and expected pace the core computed for the sync's day.
 */
import * as coda from "@codahq/packs-sdk";
import { dayOr, daysBefore, isoDay } from "../dates.ts";
import { callWorker, rowContext, workspaceOf, workspacePath } from "../helpers.ts";
import {
  agendaRow,
  alertRows,
  checkInRow,
  goalRow,
  imperativeRow,
  keyResultRow,
  objectiveRow,
} from "../rows.ts";
import {
  AgendaItemSchema,
  AlertSchema,
  CheckInSchema,
  GoalSchema,
  IDENTITY,
  ImperativeSchema,
  KeyResultSchema,
  ObjectiveSchema,
} from "../schemas.ts";
import type {
  Agenda as AgendaResponse,
  AlertRow,
  GoalRow,
  ImperativeRow,
  KeyResultRow,
  ObjectiveRow,
} from "../types.ts";
import { editKeyResults } from "./edit-key-results.ts";
import { executionTables } from "./execution-tables.ts";
import { ALL_CYCLES, asOf, CHECK_IN_DAYS, cycle, cyclesOn, from, given, to } from "./parameters.ts";
import { eachItem, type SyncList, syncList } from "./sync-list.ts";

interface ListTable<Item> extends SyncList<Item> {
  name: string;
  identityName: string;
  description: string;
  schema: coda.ObjectSchema<string, string>;
  /** Two-way sync: writes the doc's edits of the schema's mutable columns. */
  edit?: {
    execute: (
      params: [Date | undefined],
      updates: coda.GenericSyncUpdate[],
      context: coda.UpdateSyncExecutionContext,
    ) => Promise<{ result: Array<object | Error> }>;
    /** Edits per invocation: each is one request, well inside Coda's one-minute limit. */
    batchSize: number;
  };
}

/** A sync table over one of the worker's paged lists, scored for AsOf. */
function listTable<Item>(table: ListTable<Item>) {
  return coda.makeSyncTable({
    name: table.name,
    identityName: table.identityName,
    description: table.description,
    schema: table.schema,
    formula: {
      name: `Sync${table.name}`,
      description: table.description,
      parameters: [asOf],
      execute: async ([day], context) =>
        syncList(context, day, {
          resource: table.resource,
          ...(table.references === undefined ? {} : { references: table.references }),
          toRows: table.toRows,
        }),
      ...(table.edit === undefined
        ? {}
        : {
            maxUpdateBatchSize: table.edit.batchSize,
            // The SDK types each row by the schema; the edit works on rows as Coda hands them over.
            executeUpdate: table.edit.execute as never,
          }),
    },
  });
}

export const Imperatives = listTable<ImperativeRow>({
  name: "Imperatives",
  identityName: IDENTITY.imperative,
  description: "Strategic imperatives with their scores.",
  schema: ImperativeSchema,
  resource: "imperatives",
  toRows: eachItem(imperativeRow),
});

export const Goals = listTable<GoalRow>({
  name: "Goals",
  identityName: IDENTITY.goal,
  description: "Annual goals with their scores, linked to their imperative.",
  schema: GoalSchema,
  resource: "goals",
  references: ["imperatives"],
  toRows: eachItem(goalRow),
});

export const Objectives = listTable<ObjectiveRow>({
  name: "Objectives",
  identityName: IDENTITY.objective,
  description: "Objectives with score, expected pace, status and grade, linked to their goal and parent.",
  schema: ObjectiveSchema,
  resource: "objectives",
  references: ["goals", "objectives"],
  toRows: eachItem(objectiveRow),
});

export const KeyResults = listTable<KeyResultRow>({
  name: "KeyResults",
  identityName: IDENTITY.keyResult,
  description:
    "Key results with current value, confidence, progress, expected pace, status and forecast. Owner, target and confidence can be edited (Enable edits), and NextValue and NextNote record the next check-in: each change is written to Cascade unless the key result changed there since the sync.",
  schema: KeyResultSchema,
  resource: "key-results",
  references: ["objectives"],
  toRows: eachItem(keyResultRow),
  edit: { execute: editKeyResults, batchSize: 10 },
});

export const Alerts = listTable<AlertRow>({
  name: "Alerts",
  identityName: IDENTITY.alert,
  description: "What needs attention on the day: off track, declining lead measures, stale check-ins...",
  schema: AlertSchema,
  resource: "alerts",
  references: ["key-results"],
  toRows: alertRows,
});

/**
 * The date window of a CheckIns sync: the days given, else the cycle's (`*`: no window), else the
 * last 90 days up to `to` or today.
 */
async function checkInWindow(
  context: coda.SyncExecutionContext,
  workspace: string,
  today: string,
  params: { from: Date | undefined; to: Date | undefined; cycle: string | undefined },
): Promise<{ from?: string | undefined; to?: string | undefined }> {
  const from = params.from === undefined ? undefined : isoDay(params.from, context.timezone);
  const to = params.to === undefined ? undefined : isoDay(params.to, context.timezone);
  const cycle = given(params.cycle);
  if (cycle === ALL_CYCLES) return { from, to };
  if (cycle === undefined) return { from: from ?? daysBefore(to ?? today, CHECK_IN_DAYS - 1), to };
  const found = (await cyclesOn(context, workspace, today)).find((c) => c.id === cycle);
  if (found === undefined) {
    throw new coda.UserVisibleError(
      `This Cascade has no cycle "${cycle}". Pick one of its cycles, or ${ALL_CYCLES} for every check-in.`,
    );
  }
  return { from: from ?? found.start, to: to ?? found.end };
}

export const CheckIns = coda.makeSyncTable({
  name: "CheckIns",
  identityName: IDENTITY.checkIn,
  description:
    "Check-ins of the last 90 days (or of the dates or cycle given), oldest first, linked to their key result.",
  schema: CheckInSchema,
  formula: {
    name: "SyncCheckIns",
    description: "Check-ins of a date window, oldest first.",
    parameters: [
      coda.makeParameter({
        type: coda.ParameterType.String,
        name: "keyResultId",
        description: "Only this key result's check-ins",
        optional: true,
      }),
      from,
      to,
      { ...cycle, description: `Only check-ins dated in this cycle (${ALL_CYCLES}: every check-in)` },
    ],
    execute: async ([keyResultId, fromDay, toDay, cycleId], context) =>
      syncList(context, undefined, {
        resource: "check-ins",
        scored: false,
        query: async ({ workspace, asOf }) => ({
          keyResultId: given(keyResultId),
          ...(await checkInWindow(context, workspace, asOf, { from: fromDay, to: toDay, cycle: cycleId })),
        }),
        references: ["key-results"],
        toRows: eachItem(checkInRow),
      }),
  },
});

export const Agenda = coda.makeSyncTable({
  name: "Agenda",
  identityName: IDENTITY.agendaItem,
  description: "The weekly leadership agenda: what to discuss, hottest first, each with its owner and why.",
  schema: AgendaItemSchema,
  formula: {
    name: "SyncAgenda",
    description: "The weekly leadership agenda for AsOf.",
    parameters: [asOf],
    execute: async ([day], context) => {
      const workspace = await workspaceOf(context);
      const agenda = await callWorker<AgendaResponse>(context, {
        path: workspacePath(workspace.id, "agenda"),
        query: { asOf: dayOr(day, context) },
      });
      // Agenda items carry their subject's title: no lookup.
      const rows = await rowContext(context, workspace.id, day === undefined ? undefined : agenda.asOf);
      return { result: agenda.items.map((item, i) => agendaRow(item, i, rows)) };
    },
  },
});

export const syncTables = [
  Imperatives,
  Goals,
  Objectives,
  KeyResults,
  CheckIns,
  Alerts,
  Agenda,
  ...executionTables,
];
