/**
 * The row writes: "Insert/upsert rows", "Update row" and "Delete row", and "Get mutation status" for
 * the request ids they answer with.
 *
 * Coda queues a write and applies it within seconds (hence its 202 and the mutation status endpoint);
 * the fake applies it before answering, so a read that follows sees it, and its mutation status is
 * always "completed". Writes go through the workspace's `addRow`, `setCell` and `deleteRow`, so they
 * count as changes for sync tokens exactly as a person's edits do. A write is checked whole (every
 * column and key column found) before any of it is applied.
 *
 * Columns are referred to by id, name or URL (the column's `href`). Values are stored as sent:
 * the fake keeps no column types, so it has nothing to parse into (`disableParsing` changes nothing).
 */
import { randomUUID } from "node:crypto";
import type { EditValue, RowEdit, RowsUpsert, RowUpdate } from "./edits.ts";
import { badRequest, notFound } from "./errors.ts";
import { type CellInput, simpleCell } from "./values.ts";
import type { CodaWorkspace, FakeDoc, FakeRow, FakeTable } from "./workspace.ts";

/** A row edit with its columns resolved: values by column id. */
type Cells = Map<string, EditValue>;

/**
 * Adds `rows`, or with `keyColumns` updates every row whose key columns hold the same values as the
 * edit's (adding the edit only when none does). Answers `RowsUpsertResult`: `addedRowIds` only for an
 * insert, as the spec says it applies "only when keyColumns is not set or empty".
 */
export function upsertRows(workspace: CodaWorkspace, doc: FakeDoc, table: FakeTable, upsert: RowsUpsert) {
  const edits = upsert.rows.map((row, i) => resolveCells(workspace, table, row, `rows[${i}]`));
  const keys = (upsert.keyColumns ?? []).map((reference) =>
    workspace.columnOrThrow(table, columnIdOrName(reference)),
  );
  for (const [i, cells] of edits.entries()) {
    const missing = keys.find((key) => !cells.has(key.id));
    if (missing !== undefined) {
      throw badRequest(`Invalid rows[${i}]: it has no cell for key column "${missing.name}".`);
    }
  }
  const add = (cells: Cells) => workspace.addRow(doc.id, table.id, Object.fromEntries(cells)).id;
  if (keys.length === 0) return { requestId: accepted(workspace), addedRowIds: edits.map(add) };

  // Without column types, keys compare as the simple format shows them: 1200 matches "1200", as it
  // would once Coda parsed the text into a number column.
  const shown = (value: CellInput) => String(simpleCell(value));
  for (const cells of edits) {
    const matches = table.rows.filter((row) =>
      keys.every((key) => shown(row.cells.get(key.id)) === shown(cells.get(key.id))),
    );
    if (matches.length === 0) add(cells);
    for (const row of matches) setCells(workspace, doc, table, row, cells);
  }
  return { requestId: accepted(workspace) };
}

/** Sets the cells of one row (by id or name: the first of that name). Answers `RowUpdateResult`. */
export function updateRow(
  workspace: CodaWorkspace,
  doc: FakeDoc,
  table: FakeTable,
  rowIdOrName: string,
  update: RowUpdate,
) {
  const row = workspace.row(table, rowIdOrName);
  setCells(workspace, doc, table, row, resolveCells(workspace, table, update.row, "row"));
  return { requestId: accepted(workspace), id: row.id };
}

/** Deletes one row (by id or name: the first of that name). Answers `RowDeleteResult`. */
export function deleteRow(workspace: CodaWorkspace, doc: FakeDoc, table: FakeTable, rowIdOrName: string) {
  const row = workspace.row(table, rowIdOrName);
  workspace.deleteRow(doc.id, table.id, row.id);
  return { requestId: accepted(workspace), id: row.id };
}

/** `MutationStatus` of a request id a write answered with; a 404 for any other. */
export function mutationStatus(workspace: CodaWorkspace, requestId: string) {
  if (!workspace.mutations.has(requestId)) throw notFound(`Mutation "${requestId}" not found.`);
  return { completed: true };
}

function accepted(workspace: CodaWorkspace): string {
  const requestId = randomUUID();
  workspace.mutations.add(requestId);
  return requestId;
}

function setCells(workspace: CodaWorkspace, doc: FakeDoc, table: FakeTable, row: FakeRow, cells: Cells) {
  for (const [columnId, value] of cells) workspace.setCell(doc.id, table.id, row.id, columnId, value);
}

/** The edit's values by column id: a 404 for a column the table lacks, a 400 for one set twice. */
function resolveCells(workspace: CodaWorkspace, table: FakeTable, edit: RowEdit, at: string): Cells {
  const cells: Cells = new Map();
  for (const [i, cell] of edit.cells.entries()) {
    const column = workspace.columnOrThrow(table, columnIdOrName(cell.column));
    if (cells.has(column.id)) {
      throw badRequest(
        `Invalid ${at}.cells[${i}].column: column "${column.name}" is already set in this row.`,
      );
    }
    cells.set(column.id, cell.value);
  }
  return cells;
}

/** A column reference as an id or name: a URL stands for the column its path ends with. */
function columnIdOrName(reference: string): string {
  if (!/^https?:\/\//.test(reference)) return reference;
  try {
    return decodeURIComponent(new URL(reference).pathname.split("/").at(-1) ?? "");
  } catch {
    return reference;
  }
}
