/**
 * What the fake holds: docs, each with tables of named columns and rows of cells, and a history counter
 * that every change moves on (a row remembers the count of its last change, which is what sync tokens
 * compare). Lookups take an id or a name, as Coda's "IdOrName" parameters do: the id first, then the
 * name; a row's name is the value of its table's display column, the first one.
 */
import { notFound } from "./errors.ts";
import { newId } from "./ids.ts";
import { type CellInput, simpleCell } from "./values.ts";

export interface FakeColumn {
  id: string;
  name: string;
}

export interface FakeRow {
  id: string;
  /** Creation order within the fake (the `createdAt` sort). */
  seq: number;
  /** The history count of the row's last change (the `updatedAt` sort, and sync tokens). */
  changed: number;
  createdAt: string;
  updatedAt: string;
  cells: Map<string, CellInput>;
}

export interface FakeTable {
  id: string;
  name: string;
  /** The page the table sits on (Coda's `parent`). */
  page: { id: string; name: string };
  columns: FakeColumn[];
  /** Live rows in creation order. */
  rows: FakeRow[];
  createdAt: string;
  updatedAt: string;
}

export interface FakeDoc {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  tables: FakeTable[];
}

export class CodaWorkspace {
  readonly workspaceId = newId("workspace");
  readonly folderId = newId("folder");
  /** Moves on with every change; sync tokens hold the count they were issued at. */
  version = 0;
  /** The request ids of the writes made through the API, for their mutation status. */
  readonly mutations = new Set<string>();
  private readonly docs = new Map<string, FakeDoc>();
  private seq = 0;

  constructor(private readonly now: () => Date) {}

  addDoc(name: string): FakeDoc {
    const at = this.stamp();
    const doc: FakeDoc = { id: newId("doc"), name, createdAt: at, updatedAt: at, tables: [] };
    this.docs.set(doc.id, doc);
    return doc;
  }

  addTable(docId: string, name: string, columnNames: readonly string[]): FakeTable {
    const doc = this.doc(docId);
    if (doc.tables.some((table) => table.name === name))
      throw new Error(`doc ${docId} already has a table "${name}"`);
    if (columnNames.length === 0) throw new Error("a table needs at least one column (its display column)");
    if (new Set(columnNames).size !== columnNames.length) throw new Error("column names must be distinct");
    const at = this.stamp();
    const table: FakeTable = {
      id: newId("table"),
      name,
      page: { id: newId("page"), name },
      columns: columnNames.map((columnName) => ({ id: newId("column"), name: columnName })),
      rows: [],
      createdAt: at,
      updatedAt: at,
    };
    doc.tables.push(table);
    doc.updatedAt = at;
    return table;
  }

  addRow(docId: string, tableIdOrName: string, values: Readonly<Record<string, CellInput>>): FakeRow {
    const doc = this.doc(docId);
    const table = this.table(doc, tableIdOrName);
    const at = this.stamp();
    const row: FakeRow = {
      id: newId("row"),
      seq: ++this.seq,
      changed: this.version,
      createdAt: at,
      updatedAt: at,
      cells: new Map(),
    };
    for (const [column, value] of Object.entries(values))
      row.cells.set(this.columnOrThrow(table, column).id, value);
    table.rows.push(row);
    table.updatedAt = doc.updatedAt = at;
    return row;
  }

  setCell(docId: string, tableIdOrName: string, rowIdOrName: string, column: string, value: CellInput): void {
    const doc = this.doc(docId);
    const table = this.table(doc, tableIdOrName);
    const row = this.row(table, rowIdOrName);
    row.cells.set(this.columnOrThrow(table, column).id, value);
    row.updatedAt = table.updatedAt = doc.updatedAt = this.stamp();
    row.changed = this.version;
  }

  deleteRow(docId: string, tableIdOrName: string, rowIdOrName: string): void {
    const doc = this.doc(docId);
    const table = this.table(doc, tableIdOrName);
    const row = this.row(table, rowIdOrName);
    table.rows.splice(table.rows.indexOf(row), 1);
    table.updatedAt = doc.updatedAt = this.stamp();
  }

  doc(docId: string): FakeDoc {
    const doc = this.docs.get(docId);
    if (doc === undefined) throw notFound(`Doc "${docId}" not found.`);
    return doc;
  }

  table(doc: FakeDoc, tableIdOrName: string): FakeTable {
    const table =
      doc.tables.find((candidate) => candidate.id === tableIdOrName) ??
      doc.tables.find((candidate) => candidate.name === tableIdOrName);
    if (table === undefined) throw notFound(`Table "${tableIdOrName}" not found in doc "${doc.id}".`);
    return table;
  }

  column(table: FakeTable, columnIdOrName: string): FakeColumn | undefined {
    return (
      table.columns.find((column) => column.id === columnIdOrName) ??
      table.columns.find((column) => column.name === columnIdOrName)
    );
  }

  columnOrThrow(table: FakeTable, columnIdOrName: string): FakeColumn {
    const column = this.column(table, columnIdOrName);
    if (column === undefined)
      throw notFound(`Column "${columnIdOrName}" not found in table "${table.name}".`);
    return column;
  }

  row(table: FakeTable, rowIdOrName: string): FakeRow {
    const row =
      table.rows.find((candidate) => candidate.id === rowIdOrName) ??
      table.rows.find((candidate) => rowName(table, candidate) === rowIdOrName);
    if (row === undefined) throw notFound(`Row "${rowIdOrName}" not found in table "${table.name}".`);
    return row;
  }

  /** Moves history on and answers the time of the change. */
  private stamp(): string {
    this.version++;
    return this.now().toISOString();
  }
}

/** The display column's value as text: what Coda calls the row's name. */
export function rowName(table: FakeTable, row: FakeRow): string {
  const display = table.columns[0];
  return display === undefined ? "" : String(simpleCell(row.cells.get(display.id)));
}
