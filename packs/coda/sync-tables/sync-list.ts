/** One sync invocation over one of the worker's paged lists: a page of items made rows. */
import type * as coda from "@codahq/packs-sdk";
import { type ListOptions, listPage, rowContext } from "../helpers.ts";
import type { RowContext } from "../rows.ts";

export interface SyncList<Item, Row extends object = object> extends ListOptions {
  /** The worker's list, below `/v1/workspaces/{ws}/`. */
  resource: string;
  /** The lists whose rows this table references: their titles name the references. */
  references?: readonly string[];
  toRows: (items: Item[], rows: RowContext) => Row[];
}

/**
 * The rows of the sync's next page, scored for `day` (links then open the dashboard on it; without a
 * day, on today) and carrying on with the worker's cursor.
 */
export async function syncList<Item, Row extends object>(
  context: coda.SyncExecutionContext,
  day: Date | undefined,
  { resource, references, toRows, ...options }: SyncList<Item, Row>,
): Promise<{ result: Row[]; continuation: coda.Continuation | undefined }> {
  const page = await listPage<Item>(context, resource, day, options);
  const linkDay = day === undefined || options.scored === false ? undefined : page.asOf;
  const rows = await rowContext(context, page.workspace, linkDay, references);
  return { result: toRows(page.items, rows), continuation: page.continuation };
}

/** Maps each item by itself. */
export const eachItem =
  <Item, Row extends object>(toRow: (item: Item, rows: RowContext) => Row) =>
  (items: Item[], rows: RowContext): Row[] =>
    items.map((item) => toRow(item, rows));
