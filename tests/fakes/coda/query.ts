/**
 * The `query` parameter of "List table rows": `<column_id_or_name>:<value>`, where a column name must
 * be quoted (`"My Column":123`) and the value is JSON (`"groceries"`, `123`, `true`). An unquoted column
 * may be an id or a plain name, a quoted one either too, as Coda looks columns up by both.
 */
import { badRequest } from "./errors.ts";

export type QueryValue = string | number | boolean;

export interface RowQuery {
  /** The column as written, id or name, unquoted. */
  column: string;
  value: QueryValue;
}

const QUOTED = /^"((?:[^"\\]|\\.)*)"/;

export function parseRowQuery(query: string): RowQuery {
  const invalid = (why: string) =>
    badRequest(`Invalid query ${JSON.stringify(query)}: ${why}. Expected <column_id_or_name>:<value>.`);
  let column: string;
  let rest: string;
  const quoted = QUOTED.exec(query);
  if (quoted !== null) {
    column = JSON.parse(quoted[0]) as string;
    rest = query.slice(quoted[0].length);
    if (!rest.startsWith(":")) throw invalid("a quoted column name must be followed by a colon");
    rest = rest.slice(1);
  } else {
    const colon = query.indexOf(":");
    if (colon === -1) throw invalid("there is no colon");
    column = query.slice(0, colon).trim();
    rest = query.slice(colon + 1);
  }
  if (column === "") throw invalid("the column is empty");
  let value: unknown;
  try {
    value = JSON.parse(rest);
  } catch {
    throw invalid("the value is not JSON (quote a string)");
  }
  if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
    throw invalid("the value must be a string, a number or a boolean");
  }
  return { column, value };
}
