/**
 * The cascade as sync tables, read live from the worker one page per invocation (a cursor carries on),
 * each row with the score, status and expected pace the core computed for the sync's day.
 */
import * as coda from "@codahq/packs-sdk";
import { dayOr } from "../dates.ts";
import { callWorker, listPage, workspaceOf, workspacePath } from "../helpers.ts";
import {
  agendaRow,
  alertRow,
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
  CheckInRow,
  GoalRow,
  ImperativeRow,
  KeyResultRow,
  ObjectiveRow,
} from "../types.ts";

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
  toRow: (item: Item) => object;
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
      execute: async ([day], context) => {
        const page = await listPage<Item>(context, table.resource, day);
        return { result: page.items.map(table.toRow), continuation: page.continuation };
      },
    },
  });
}

export const Imperatives = listTable<ImperativeRow>({
  name: "Imperatives",
  identityName: IDENTITY.imperative,
  description: "Strategic imperatives with their scores.",
  schema: ImperativeSchema,
  resource: "imperatives",
  toRow: imperativeRow,
});

export const Goals = listTable<GoalRow>({
  name: "Goals",
  identityName: IDENTITY.goal,
  description: "Annual goals with their scores, linked to their imperative.",
  schema: GoalSchema,
  resource: "goals",
  toRow: goalRow,
});

export const Objectives = listTable<ObjectiveRow>({
  name: "Objectives",
  identityName: IDENTITY.objective,
  description: "Objectives with score, expected pace, status and grade, linked to their goal and parent.",
  schema: ObjectiveSchema,
  resource: "objectives",
  toRow: objectiveRow,
});

export const KeyResults = listTable<KeyResultRow>({
  name: "KeyResults",
  identityName: IDENTITY.keyResult,
  description: "Key results with current value, progress, expected pace, status and forecast.",
  schema: KeyResultSchema,
  resource: "key-results",
  toRow: keyResultRow,
});

export const Alerts = listTable<AlertRow>({
  name: "Alerts",
  identityName: IDENTITY.alert,
  description: "What needs attention on the day: off track, declining lead measures, stale check-ins...",
  schema: AlertSchema,
  resource: "alerts",
  toRow: alertRow,
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
      return { result: page.items.map(checkInRow), continuation: page.continuation };
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
      return { result: agenda.items.map(agendaRow) };
    },
  },
});

export const syncTables = [Imperatives, Goals, Objectives, KeyResults, CheckIns, Alerts, Agenda];
