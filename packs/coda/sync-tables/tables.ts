/**
 * The cascade as sync tables, read live from the worker one page per invocation (a cursor carries on),
 * each row with the score, status and expected pace the core computed for the sync's day.
 */
import * as coda from "@codahq/packs-sdk";
import { dayOr } from "../dates.ts";
import { callWorker, listPage, rowContext, workspaceOf, workspacePath } from "../helpers.ts";
import {
  agendaRow,
  alertRows,
  checkInRow,
  goalRow,
  imperativeRow,
  keyResultRow,
  objectiveRow,
  type RowContext,
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
  CheckInRow,
  GoalRow,
  ImperativeRow,
  KeyResultRow,
  ObjectiveRow,
} from "../types.ts";
import { editKeyResults } from "./edit-key-results.ts";

const asOf = coda.makeParameter({
  type: coda.ParameterType.Date,
  name: "asOf",
  description: "Score for this day (default: today in the doc's timezone)",
  optional: true,
});

interface ListTable<Item> {
  name: string;
  identityName: string;
  description: string;
  schema: coda.ObjectSchema<string, string>;
  /** The worker's list, below `/v1/workspaces/{ws}/`. */
  resource: string;
  /** The lists whose rows this table references: their titles name the references. */
  references?: readonly string[];
  toRows: (items: Item[], rows: RowContext) => object[];
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

/** Maps each item by itself. */
const eachItem =
  <Item>(toRow: (item: Item, rows: RowContext) => object) =>
  (items: Item[], rows: RowContext) =>
    items.map((item) => toRow(item, rows));

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
      execute: async ([day], context) => {
        const page = await listPage<Item>(context, table.resource, day);
        const rows = await rowContext(
          context,
          page.workspace,
          day === undefined ? undefined : page.asOf,
          table.references,
        );
        return { result: table.toRows(page.items, rows), continuation: page.continuation };
      },
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
    "Key results with current value, progress, expected pace, status and forecast. Owner and target can be edited (Enable edits): the change is written to Cascade unless the key result changed there since the sync.",
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

export const CheckIns = coda.makeSyncTable({
  name: "CheckIns",
  identityName: IDENTITY.checkIn,
  description: "Every check-in, oldest first, linked to its key result.",
  schema: CheckInSchema,
  formula: {
    name: "SyncCheckIns",
    description: "Every check-in, oldest first.",
    parameters: [
      coda.makeParameter({
        type: coda.ParameterType.String,
        name: "keyResultId",
        description: "Only this key result's check-ins",
        optional: true,
      }),
    ],
    execute: async ([keyResultId], context) => {
      const page = await listPage<CheckInRow>(context, "check-ins", undefined, {
        scored: false,
        query: { keyResultId },
      });
      const rows = await rowContext(context, page.workspace, undefined, ["key-results"]);
      return { result: page.items.map((item) => checkInRow(item, rows)), continuation: page.continuation };
    },
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

export const syncTables = [Imperatives, Goals, Objectives, KeyResults, CheckIns, Alerts, Agenda];
