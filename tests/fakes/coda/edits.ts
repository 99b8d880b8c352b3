/**
 * The request bodies of the row writes, checked as the spec's schemas say: `RowsUpsert`
 * (`{ rows: RowEdit[], keyColumns?: string[] }`) and `RowUpdate` (`{ row: RowEdit }`), where a
 * `RowEdit` is `{ cells: CellEdit[] }` and a `CellEdit` is `{ column, value }`, the value the spec's
 * `Value` (a string, number or boolean, or an array of those or of arrays of those). Every object
 * forbids undeclared fields. A 400 names the field at fault: `rows[0].cells[1].value`.
 */
import { badRequest } from "./errors.ts";
import type { CellItem, ScalarCell } from "./values.ts";

export type EditValue = ScalarCell | CellItem[];

export interface CellEdit {
  /** A column id, URL or name. */
  column: string;
  value: EditValue;
}

export interface RowEdit {
  cells: CellEdit[];
}

export interface RowsUpsert {
  rows: RowEdit[];
  keyColumns?: string[];
}

export interface RowUpdate {
  row: RowEdit;
}

/** The body of "Insert/upsert rows", or a 400. */
export function parseRowsUpsert(body: unknown): RowsUpsert {
  const fields = object(body, "body", ["rows", "keyColumns"], ["rows"]);
  const rows = array(fields.rows, "rows").map((row, i) => rowEdit(row, `rows[${i}]`));
  if (fields.keyColumns === undefined) return { rows };
  const keyColumns = array(fields.keyColumns, "keyColumns").map((column, i) =>
    string(column, `keyColumns[${i}]`),
  );
  return { rows, keyColumns };
}

/** The body of "Update row", or a 400. */
export function parseRowUpdate(body: unknown): RowUpdate {
  const fields = object(body, "body", ["row"], ["row"]);
  return { row: rowEdit(fields.row, "row") };
}

function rowEdit(value: unknown, at: string): RowEdit {
  const fields = object(value, at, ["cells"], ["cells"]);
  const cells = array(fields.cells, `${at}.cells`).map((cell, i) => cellEdit(cell, `${at}.cells[${i}]`));
  return { cells };
}

function cellEdit(value: unknown, at: string): CellEdit {
  const fields = object(value, at, ["column", "value"], ["column", "value"]);
  return { column: string(fields.column, `${at}.column`), value: editValue(fields.value, `${at}.value`) };
}

function editValue(value: unknown, at: string): EditValue {
  if (isScalar(value)) return value;
  const invalid = () =>
    badRequest(
      `Invalid ${at}: expected a string, a number, a boolean, or an array of them (or of arrays of them).`,
    );
  if (!Array.isArray(value)) throw invalid();
  return value.map((item): CellItem => {
    if (isScalar(item)) return item;
    if (Array.isArray(item) && item.every(isScalar)) return item;
    throw invalid();
  });
}

function isScalar(value: unknown): value is ScalarCell {
  return (
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

function object(
  value: unknown,
  at: string,
  allowed: readonly string[],
  required: readonly string[],
): Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw badRequest(`Invalid ${at}: expected an object.`);
  }
  const fields = value as Record<string, unknown>;
  const missing = required.find((name) => fields[name] === undefined);
  if (missing !== undefined) throw badRequest(`Invalid ${at}: "${missing}" is required.`);
  const unknown = Object.keys(fields).find((name) => !allowed.includes(name));
  if (unknown !== undefined) throw badRequest(`Invalid ${at}: unknown field "${unknown}".`);
  return fields;
}

function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) throw badRequest(`Invalid ${at}: expected an array.`);
  return value;
}

function string(value: unknown, at: string): string {
  if (typeof value !== "string") throw badRequest(`Invalid ${at}: expected a string.`);
  return value;
}
