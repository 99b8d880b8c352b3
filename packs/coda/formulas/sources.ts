/**
 * Buttons that bind a key result to the source that records its value (README, "Binding a key result
 * to a source"): a cell of a Coda table, or a number property of a Notion page. The worker pulls the
 * value on its next sync and records each new one as a check-in marked with the source; a binding it
 * cannot use is refused with the worker's own words (the field at fault).
 */
import * as coda from "@codahq/packs-sdk";
import { today } from "../dates.ts";
import { callWorker, rowContext, workspaceOf, workspacePath } from "../helpers.ts";
import { keyResultRow } from "../rows.ts";
import { IDENTITY, KeyResultSchema } from "../schemas.ts";
import type { KeyResultRow } from "../types.ts";

const keyResultRowSchema = coda.withIdentity(KeyResultSchema, IDENTITY.keyResult);

/** The row the examples' key result shows once bound (the binding itself is the worker's to keep). */
const boundRow = {
  id: "kr-bound",
  title: "Qualified pipeline",
  objective: { id: "obj-1", title: "Land mid-market logos" },
  kind: "increase",
  start: 0,
  target: 100,
  current: 40,
  attainment: 0.4,
  progress: 0.4,
  expected: 0.5,
  pace: 0.8,
  status: "At risk",
  forecast: 85,
  forecastProgress: 0.85,
  version: 8,
  link: "https://cascade.acme.workers.dev/dashboard/key-results/kr-bound",
};

const keyResultId = coda.makeParameter({
  type: coda.ParameterType.String,
  name: "keyResultId",
  description: "The key result's id (the Id column of the KeyResults table)",
});
const version = coda.makeParameter({
  type: coda.ParameterType.Number,
  name: "version",
  description: "The row's Version column: a stale row is refused instead of overwriting a newer change",
  optional: true,
});

/**
 * A Coda doc's id from its id or its link: `https://coda.io/d/OKRs_dAbCdEfGh/…` → `AbCdEfGh`.
 *
 * @example docIdOf("https://coda.io/d/OKRs_dAbCdEfGh/Metrics_suXyz") // "AbCdEfGh"
 */
export function docIdOf(docOrLink: string): string {
  const fromLink = docOrLink.match(/\/d\/(?:[^/]*_d)?([A-Za-z0-9-]+)/)?.[1];
  return (fromLink ?? docOrLink).trim();
}

/** Sets the key result's `source` through the worker's PATCH, guarded by the row's version. */
async function bind(
  context: coda.ExecutionContext,
  id: string,
  source: Record<string, unknown>,
  rowVersion: number | undefined,
) {
  const workspace = await workspaceOf(context);
  const path = workspacePath(workspace.id, "key-results", id);
  const asOf = today(context);
  const current =
    rowVersion === undefined ? await callWorker<KeyResultRow>(context, { path, query: { asOf } }) : undefined;
  const updated = await callWorker<KeyResultRow>(context, {
    method: "PATCH",
    path,
    query: { asOf },
    headers: { "If-Match": `"${rowVersion ?? current?.version}"` },
    body: { source },
  });
  return keyResultRow(updated, await rowContext(context, workspace.id, undefined, ["objectives"]));
}

export const BindToCodaCell = coda.makeFormula({
  name: "BindToCodaCell",
  description:
    "Take a key result's value from a cell of a Coda table: each sync records a new value as a check-in marked coda.",
  isAction: true,
  parameters: [
    keyResultId,
    coda.makeParameter({
      type: coda.ParameterType.String,
      name: "doc",
      description: "The doc's link or id (the part after _d in its link)",
    }),
    coda.makeParameter({
      type: coda.ParameterType.String,
      name: "table",
      description: "The table's name or id (grid-…)",
    }),
    coda.makeParameter({
      type: coda.ParameterType.String,
      name: "column",
      description: "The column holding the value: its name or id (c-…)",
    }),
    coda.makeParameter({
      type: coda.ParameterType.String,
      name: "row",
      description: "The row: its display name or id (i-…)",
    }),
    version,
  ],
  resultType: coda.ValueType.Object,
  schema: keyResultRowSchema,
  examples: [
    {
      params: [
        "kr-bound",
        "https://coda.io/d/OKRs_dAbCdEfGh/Metrics_suXyz",
        "Metrics",
        "Value",
        "Revenue",
        7,
      ],
      result: boundRow,
    },
  ],
  execute: async ([id, doc, table, column, row, rowVersion], context) =>
    bind(
      context,
      id,
      { type: "coda", docId: docIdOf(doc), tableId: table.trim(), column: column.trim(), rowId: row.trim() },
      rowVersion,
    ),
});

export const BindToNotionProperty = coda.makeFormula({
  name: "BindToNotionProperty",
  description:
    "Take a key result's value from a number property of a Notion page: each sync records a new value as a check-in marked notion.",
  isAction: true,
  parameters: [
    keyResultId,
    coda.makeParameter({
      type: coda.ParameterType.String,
      name: "page",
      description: "The Notion page's id (the 32 hex digits at the end of its link)",
    }),
    coda.makeParameter({
      type: coda.ParameterType.String,
      name: "property",
      description: "The name of the page's number property",
    }),
    version,
  ],
  resultType: coda.ValueType.Object,
  schema: keyResultRowSchema,
  examples: [
    {
      params: ["kr-bound", "a3c1f0e2b9d84c51a7e6d2f48b0c9e13", "ARR", 7],
      result: boundRow,
    },
  ],
  execute: async ([id, page, property, rowVersion], context) =>
    bind(context, id, { type: "notion", pageId: page.trim(), property: property.trim() }, rowVersion),
});

export const sourceFormulas = [BindToCodaCell, BindToNotionProperty];
