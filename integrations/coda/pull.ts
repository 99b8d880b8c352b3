/**
 * Pulling key results' values from Coda tables (README, "Connecting Coda"). Each bound table is read
 * once a run: in full the first time, when its bindings need other columns, and once a day (so rows
 * deleted in Coda are seen); otherwise incrementally with the `syncToken` Coda gave last time, which
 * returns only the rows changed since. The cells of the columns bindings use are kept in the state, so
 * every binding is resolved every run from what the table holds now, and reconciliation decides what
 * is new. What a binding cannot use (a missing doc, table, column or row, a cell that is not a number)
 * is a problem on its key result, never a silent skip.
 */
import type { CodaBinding } from "../sources/binding.ts";
import type { PulledValue } from "../sources/reconcile.ts";
import { readNumber } from "./cells.ts";

/** What the pull asks of Coda (CodaApi provides it; tests may give another). */
export interface CodaReader {
  listColumns(docId: string, tableIdOrName: string): Promise<ReadonlyArray<{ id: string; name: string }>>;
  listRows(
    docId: string,
    tableIdOrName: string,
    options: { syncToken?: string; limit?: number },
  ): Promise<{
    rows: ReadonlyArray<{ id: string; name: string; values: Record<string, unknown> }>;
    nextSyncToken?: string | undefined;
  }>;
}

/** A Coda refusal as the pull needs to know it: 404 and 400 concern one table, the rest the run. */
export interface CodaFailure {
  status?: number | undefined;
  message: string;
}

export interface CodaTableState {
  syncToken?: string;
  /** When the table was last read in full (ISO time). */
  fullReadAt: string;
  columns: Array<{ id: string; name: string }>;
  /** The column ids whose cells `rows` keeps. */
  kept: string[];
  /** The columns the bindings name, as they name them: another set is read in full. */
  refs?: string[];
  rows: Record<string, { name: string; cells: Record<string, unknown> }>;
}

export interface CodaState {
  version: 1;
  /** By `${docId}/${tableId}` as bindings name them. */
  tables: Record<string, CodaTableState>;
}

export function emptyCodaState(): CodaState {
  return { version: 1, tables: {} };
}

/**
 * The state as saved, or an empty one when it is not a state of this version: nothing is lost by
 * starting over, since every table is then read in full again.
 */
export function parseCodaState(text: string): CodaState {
  try {
    const state = JSON.parse(text) as Partial<CodaState> | null;
    if (state?.version === 1 && state.tables !== null && typeof state.tables === "object") {
      return state as CodaState;
    }
  } catch {
    // unreadable: start over below
  }
  return emptyCodaState();
}

export interface CodaPull {
  values: PulledValue[];
  problems: Array<{ keyResultId: string; problem: string }>;
  tablesRead: number;
  rowsRead: number;
  fullReads: number;
}

/** Rows a page: Coda's default is 25; fewer, larger pages spend fewer of the account's reads. */
const ROWS_A_PAGE = 200;
/** A table is read in full at least this often, so rows deleted in Coda are noticed. */
const FULL_READ_EVERY_MS = 24 * 3600_000;

/**
 * Reads every bound table once and resolves each binding. `isTableFailure` tells a refusal that
 * concerns one table (Coda's 404: no such doc or table; 400) from one that stops the run (throw it).
 *
 * @example
 * await pullCoda({ reader: api, bindings: [{ keyResultId: "kr-1", binding }], state, now: new Date() })
 */
export async function pullCoda(options: {
  reader: CodaReader;
  bindings: ReadonlyArray<{ keyResultId: string; binding: CodaBinding }>;
  state: CodaState;
  now: Date;
  isTableFailure: (error: unknown) => CodaFailure | null;
  /** Read every table in full. */
  full?: boolean;
}): Promise<CodaPull> {
  const { reader, state, now, isTableFailure } = options;
  const result: CodaPull = { values: [], problems: [], tablesRead: 0, rowsRead: 0, fullReads: 0 };
  const groups = new Map<string, Array<{ keyResultId: string; binding: CodaBinding }>>();
  for (const bound of options.bindings) {
    const key = `${bound.binding.docId}/${bound.binding.tableId}`;
    groups.set(key, [...(groups.get(key) ?? []), bound]);
  }
  for (const [key, bound] of groups) {
    const { docId, tableId } = (bound[0] as (typeof bound)[number]).binding;
    try {
      const table = await readTable(reader, docId, tableId, bound, state.tables[key], now, options.full);
      state.tables[key] = table.state;
      result.tablesRead++;
      result.rowsRead += table.rowsRead;
      if (table.full) result.fullReads++;
      for (const { keyResultId, binding } of bound) {
        const found = resolve(binding, table.state);
        if ("problem" in found) result.problems.push({ keyResultId, problem: found.problem });
        else result.values.push({ keyResultId, source: "coda", value: found.value });
      }
    } catch (error) {
      const failure = isTableFailure(error);
      if (failure === null) throw error;
      delete state.tables[key];
      for (const { keyResultId } of bound) {
        result.problems.push({
          keyResultId,
          problem: `Coda could not read table ${tableId} of doc ${docId}: ${failure.message}`,
        });
      }
    }
  }
  return result;
}

async function readTable(
  reader: CodaReader,
  docId: string,
  tableId: string,
  bound: ReadonlyArray<{ binding: CodaBinding }>,
  before: CodaTableState | undefined,
  now: Date,
  forceFull = false,
): Promise<{ state: CodaTableState; rowsRead: number; full: boolean }> {
  const refs = [
    ...new Set(
      bound.flatMap(({ binding }) =>
        "id" in binding.row ? [binding.column] : [binding.column, binding.row.column],
      ),
    ),
  ].sort();
  // Columns are listed on a table's first read and on every full read (so a column added or renamed
  // in Coda is seen within a day, or at once when a binding changes); incremental reads trust the list.
  const keptOf = (list: ReadonlyArray<{ id: string; name: string }>) =>
    [...new Set(refs.map((ref) => columnId(list, ref)).filter((id) => id !== undefined))].sort();
  let columns = before?.columns ?? [...(await reader.listColumns(docId, tableId))];
  let kept = keptOf(columns);
  const full =
    forceFull ||
    before?.syncToken === undefined ||
    before.refs?.join() !== refs.join() ||
    now.getTime() - Date.parse(before.fullReadAt) >= FULL_READ_EVERY_MS;
  if (full && before !== undefined) {
    columns = [...(await reader.listColumns(docId, tableId))];
    kept = keptOf(columns);
  }
  const read = await reader.listRows(
    docId,
    tableId,
    full ? { limit: ROWS_A_PAGE } : { syncToken: before?.syncToken as string, limit: ROWS_A_PAGE },
  );
  const rows = full ? {} : { ...before?.rows };
  for (const row of read.rows) {
    const cells: Record<string, unknown> = {};
    for (const id of kept) cells[id] = row.values[id];
    rows[row.id] = { name: row.name, cells };
  }
  const state: CodaTableState = {
    fullReadAt: full ? now.toISOString() : (before?.fullReadAt ?? now.toISOString()),
    columns,
    kept,
    refs,
    rows,
  };
  const syncToken = read.nextSyncToken ?? (full ? undefined : before?.syncToken);
  if (syncToken !== undefined) state.syncToken = syncToken;
  return { state, rowsRead: read.rows.length, full };
}

/** A column's id from its id or its name (exact, then ignoring case). */
function columnId(columns: ReadonlyArray<{ id: string; name: string }>, ref: string): string | undefined {
  return (
    columns.find((c) => c.id === ref)?.id ??
    columns.find((c) => c.name === ref)?.id ??
    columns.find((c) => c.name.toLowerCase() === ref.toLowerCase())?.id
  );
}

function resolve(binding: CodaBinding, table: CodaTableState): { value: number } | { problem: string } {
  const where = `table ${binding.tableId} of doc ${binding.docId}`;
  const column = columnId(table.columns, binding.column);
  if (column === undefined) return { problem: `Coda ${where} has no column "${binding.column}"` };
  let rowId: string;
  if ("id" in binding.row) {
    const id = binding.row.id;
    const byName = Object.keys(table.rows).filter((key) => table.rows[key]?.name === id);
    if (table.rows[id] !== undefined) rowId = id;
    else if (byName.length === 1) rowId = byName[0] as string;
    else if (byName.length > 1)
      return { problem: `${byName.length} rows of Coda ${where} are named "${id}"` };
    else return { problem: `Coda ${where} has no row "${id}"` };
  } else {
    const { column: matchRef, value } = binding.row;
    const match = columnId(table.columns, matchRef);
    if (match === undefined) return { problem: `Coda ${where} has no column "${matchRef}"` };
    const found = Object.keys(table.rows).filter((key) => sameCell(table.rows[key]?.cells[match], value));
    if (found.length !== 1) {
      return {
        problem:
          found.length === 0
            ? `no row of Coda ${where} has ${matchRef} = ${JSON.stringify(value)}`
            : `${found.length} rows of Coda ${where} have ${matchRef} = ${JSON.stringify(value)}; expected exactly one`,
      };
    }
    rowId = found[0] as string;
  }
  const reading = readNumber(table.rows[rowId]?.cells[column]);
  return reading.ok
    ? { value: reading.value }
    : { problem: `Coda ${where}, row ${rowId}, column "${binding.column}": ${reading.problem}` };
}

function sameCell(cell: unknown, value: string | number): boolean {
  if (typeof value === "string") return typeof cell === "string" && cell.trim() === value.trim();
  const reading = readNumber(cell);
  return reading.ok && reading.value === value;
}
