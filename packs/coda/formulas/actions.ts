/**
 * Buttons for the meeting: check in, set confidence, mark a milestone done. Each answers with the key
 * result's new row (`withIdentity`), so Coda updates it in place in the KeyResults sync table.
 */
import * as coda from "@codahq/packs-sdk";
import { postCheckIn } from "../check-ins.ts";
import { dayOr, today } from "../dates.ts";
import { callWorker, defined, rowContext, workspaceOf, workspacePath } from "../helpers.ts";
import { keyResultRow } from "../rows.ts";
import { IDENTITY, KeyResultSchema } from "../schemas.ts";
import type { KeyResultRow, NewCheckIn } from "../types.ts";
import { confidence, optional } from "./checks.ts";

const keyResultRowSchema = coda.withIdentity(KeyResultSchema, IDENTITY.keyResult);

const keyResultId = coda.makeParameter({
  type: coda.ParameterType.String,
  name: "keyResultId",
  description: "The key result's id (the Id column of the KeyResults table)",
});
const note = coda.makeParameter({
  type: coda.ParameterType.String,
  name: "note",
  description: "What the owner says about it",
  optional: true,
});
const date = coda.makeParameter({
  type: coda.ParameterType.Date,
  name: "date",
  description: "The day of the check-in (default: today in the doc's timezone)",
  optional: true,
});
const version = coda.makeParameter({
  type: coda.ParameterType.Number,
  name: "version",
  description:
    "The row's Version column: a double-click then records one check-in, and a stale row is refused instead of overwriting a newer change",
  optional: true,
});

/**
 * What the buttons' examples answer: a key result's row after the press, as a doc on
 * https://cascade.acme.workers.dev sees it (packs/coda/fake-worker.ts serves the same key results).
 */
const exampleRow = {
  objective: { id: "obj-sales", title: "Sell to the mid-market" },
  owner: "Dana Okafor <dana@acme.com>",
  ownerPerson: { name: "Dana Okafor", email: "dana@acme.com" },
  expected: 0.5,
};
const newLogosAfterCheckIn = {
  ...exampleRow,
  id: "kr-new-logos",
  title: "New mid-market logos",
  kind: "increase",
  start: 0,
  target: 100,
  current: 41,
  confidence: 7,
  attainment: 0.41,
  progress: 0.41,
  pace: 0.82,
  status: "At risk",
  version: 8,
  link: "https://cascade.acme.workers.dev/dashboard/key-results/kr-new-logos",
};

/** Posts a check-in from a button: dated as given, the answer scored for today in the doc's timezone. */
async function checkInFromButton(
  context: coda.ExecutionContext,
  id: string,
  checkIn: NewCheckIn,
  rowVersion: number | undefined,
) {
  const workspace = await workspaceOf(context);
  const item = await postCheckIn(context, workspace.id, id, checkIn, { rowVersion, asOf: today(context) });
  return keyResultRow(item, await rowContext(context, workspace.id, undefined, ["objectives"]));
}

export const CheckIn = coda.makeFormula({
  name: "CheckIn",
  description: "Record a key result's new value (with confidence and a note) in Cascade.",
  isAction: true,
  parameters: [
    keyResultId,
    coda.makeParameter({ type: coda.ParameterType.Number, name: "value", description: "The new value" }),
    coda.makeParameter({
      type: coda.ParameterType.Number,
      name: "confidence",
      description: "Confidence 0–10 of reaching the target",
      optional: true,
    }),
    note,
    date,
    version,
  ],
  resultType: coda.ValueType.Object,
  schema: keyResultRowSchema,
  examples: [
    { params: ["kr-new-logos", 41, 7, "Two enterprise deals signed"], result: newLogosAfterCheckIn },
  ],
  execute: async ([id, value, conf, text, day, rowVersion], context) => {
    const checkIn = defined({
      date: dayOr(day, context),
      value,
      confidence: optional(confidence, conf, "confidence"),
      note: text,
      source: "coda",
    });
    return checkInFromButton(context, id, checkIn, rowVersion);
  },
});

export const SetConfidence = coda.makeFormula({
  name: "SetConfidence",
  description:
    "Record the owner's confidence (0–10) in a key result without a new value: a check-in with confidence only.",
  isAction: true,
  parameters: [
    keyResultId,
    coda.makeParameter({
      type: coda.ParameterType.Number,
      name: "confidence",
      description: "Confidence 0–10",
    }),
    note,
    date,
    version,
  ],
  resultType: coda.ValueType.Object,
  schema: keyResultRowSchema,
  examples: [{ params: ["kr-new-logos", 7, "The pipeline holds"], result: newLogosAfterCheckIn }],
  execute: async ([id, conf, text, day, rowVersion], context) => {
    const checkIn = defined({
      date: dayOr(day, context),
      confidence: confidence(conf, "confidence"),
      note: text,
      source: "coda",
    });
    return checkInFromButton(context, id, checkIn, rowVersion);
  },
});

/** The milestone a cell names: its title (any case), else its number counted from 1. */
function milestoneIndex(milestones: ReadonlyArray<{ title: string }>, name: string, krId: string): number {
  const wanted = name.trim().toLowerCase();
  const byTitle = milestones.findIndex((m) => m.title.trim().toLowerCase() === wanted);
  if (byTitle >= 0) return byTitle;
  const number = Number(wanted);
  if (Number.isInteger(number) && number >= 1 && number <= milestones.length) return number - 1;
  const titles = milestones.map((m, i) => `${i + 1}. ${m.title}`).join("; ");
  throw new coda.UserVisibleError(
    `Key result ${krId} has no milestone "${name}". Its milestones: ${titles}.`,
  );
}

export const MarkMilestoneDone = coda.makeFormula({
  name: "MarkMilestoneDone",
  description: "Mark a milestone of a milestone key result as done (or not done again).",
  isAction: true,
  parameters: [
    keyResultId,
    coda.makeParameter({
      type: coda.ParameterType.String,
      name: "milestone",
      description: "The milestone's title, or its number counted from 1",
    }),
    coda.makeParameter({
      type: coda.ParameterType.Boolean,
      name: "done",
      description: "Done (default) or not done",
      optional: true,
    }),
    version,
  ],
  resultType: coda.ValueType.Object,
  schema: keyResultRowSchema,
  examples: [
    {
      params: ["kr-launch", "Beta"],
      result: {
        ...exampleRow,
        id: "kr-launch",
        title: "Launch the partner portal",
        kind: "milestone",
        milestones: [
          { title: "Design", done: true },
          { title: "Beta", done: true },
          { title: "Pilot", done: false },
          { title: "GA", done: false },
        ],
        attainment: 0.5,
        progress: 0.5,
        pace: 1,
        status: "On track",
        version: 12,
        link: "https://cascade.acme.workers.dev/dashboard/key-results/kr-launch",
      },
    },
  ],
  execute: async ([id, milestone, done = true, rowVersion], context) => {
    const workspace = await workspaceOf(context);
    const path = workspacePath(workspace.id, "key-results", id);
    const asOf = today(context);
    const current = await callWorker<KeyResultRow>(context, { path, query: { asOf } });
    if (current.kind !== "milestone" || current.milestones === undefined) {
      throw new coda.UserVisibleError(`Key result ${id} is of kind ${current.kind}: it has no milestones.`);
    }
    const milestones = current.milestones.map((m) => ({ ...m }));
    const index = milestoneIndex(milestones, milestone, id);
    (milestones[index] as { done: boolean }).done = done;
    // If-Match: a change made meanwhile (or after the row was synced) is refused, never overwritten.
    const updated = await callWorker<KeyResultRow>(context, {
      method: "PATCH",
      path,
      query: { asOf },
      headers: { "If-Match": `"${rowVersion ?? current.version}"` },
      body: { milestones },
    });
    return keyResultRow(updated, await rowContext(context, workspace.id, undefined, ["objectives"]));
  },
});

export const actionFormulas = [CheckIn, SetConfidence, MarkMilestoneDone];
