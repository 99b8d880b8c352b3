/**
 * Cell values in the three `valueFormat`s of "List table rows". The fake stores what a test set and
 * returns it: numbers, booleans and strings (Coda's simple format gives currency and percent columns as
 * text, "$1,200.00" or "45%"), and arrays for multi-value cells, whose items may be arrays in turn (the
 * spec's `Value`, which is also what a row write takes).
 *
 * - `simple` (the default): scalars as they are, arrays as comma-delimited strings (nested ones flattened).
 * - `simpleWithArrays`: arrays as JSON arrays of simple values.
 * - `rich`: text in Markdown, plain text escaped with triple backticks (numbers and booleans unchanged;
 *   the fake keeps no column types, so it gives no JSON-LD objects for currency, people or links).
 */

export type ScalarCell = string | number | boolean;
/** An item of a multi-value cell: a scalar or a list of them. */
export type CellItem = ScalarCell | ScalarCell[];
/** What a cell holds: a scalar, a list, or nothing (answered as ""). */
export type CellInput = ScalarCell | CellItem[] | null | undefined;
export type ValueFormat = "simple" | "simpleWithArrays" | "rich";
export type CellOutput = ScalarCell | CellItem[];

export const VALUE_FORMATS: readonly ValueFormat[] = ["simple", "simpleWithArrays", "rich"];

export function renderCell(value: CellInput, format: ValueFormat): CellOutput {
  if (value === null || value === undefined) return "";
  if (!Array.isArray(value)) return renderScalar(value, format);
  if (format === "simple") return value.flat().map(String).join(",");
  const render = (scalar: ScalarCell) => renderScalar(scalar, format);
  return value.map((item) => (Array.isArray(item) ? item.map(render) : render(item)));
}

function renderScalar(value: ScalarCell, format: ValueFormat): ScalarCell {
  return format === "rich" && typeof value === "string" && value !== "" ? `\`\`\`${value}\`\`\`` : value;
}

/** The cell as the `simple` format shows it, which is what a query's value is compared with. */
export function simpleCell(value: CellInput): ScalarCell {
  return renderCell(value, "simple") as ScalarCell;
}
