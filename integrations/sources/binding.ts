/**
 * A key result's binding to the source that records its value (DOMAIN §2 `source`): the open object
 * of the document read as one of the shapes the sync understands. The document accepts any `source`
 * with a known `type`; what a sync cannot use is reported on the key result, never silently ignored.
 */
import type { KeyResult } from "../../schema/document.ts";

/** A cell of a Coda table: the row by its id (or display name), or by the value of one of its columns. */
export interface CodaBinding {
  readonly type: "coda";
  readonly docId: string;
  /** The table's id (`grid-…`) or name. */
  readonly tableId: string;
  /** The column holding the value: its id (`c-…`) or name. */
  readonly column: string;
  readonly row: { readonly id: string } | { readonly column: string; readonly value: string | number };
}

/** A number property of a Notion page. */
export interface NotionBinding {
  readonly type: "notion";
  readonly pageId: string;
  readonly property: string;
}

export type SourceBinding = CodaBinding | NotionBinding | { readonly type: "manual" };

export interface BindingProblem {
  /** The member of `source` at fault (`source.column`), or `source` itself. */
  readonly path: string;
  readonly message: string;
}

export type BindingResult =
  | { readonly ok: true; readonly binding: SourceBinding }
  | { readonly ok: false; readonly problems: readonly BindingProblem[] };

const MAX_LOCATOR = 500;

/**
 * The binding a key result's `source` describes, or what is missing from it. Field names as the
 * README documents them: Coda `docId`, `tableId`, `column` and `rowId` or `rowWhere: { column, value }`;
 * Notion `pageId` and `property`.
 *
 * @example
 * parseBinding({ type: "coda", docId: "dAbc", tableId: "Metrics", column: "Value", rowId: "Revenue" })
 * // { ok: true, binding: { type: "coda", …, row: { id: "Revenue" } } }
 */
export function parseBinding(source: NonNullable<KeyResult["source"]>): BindingResult {
  const problems: BindingProblem[] = [];
  const fields = source as Record<string, unknown>;
  const locator = (name: string, what: string): string => {
    const value = fields[name];
    if (typeof value === "string" && value.trim() !== "" && value.length <= MAX_LOCATOR) return value.trim();
    problems.push({ path: `source.${name}`, message: `expected ${what}` });
    return "";
  };
  if (source.type === "manual") return { ok: true, binding: { type: "manual" } };
  if (source.type === "notion") {
    const pageId = locator("pageId", "the id of the Notion page holding the value (from its link)");
    const property = locator("property", "the name of the page's number property holding the value");
    return problems.length > 0
      ? { ok: false, problems }
      : { ok: true, binding: { type: "notion", pageId, property } };
  }
  const docId = locator("docId", "the Coda doc's id (the part after `_d` in its link)");
  const tableId = locator("tableId", "the id (grid-…) or name of the Coda table");
  const column = locator("column", "the id (c-…) or name of the column holding the value");
  let row: CodaBinding["row"] = { id: "" };
  const where = fields.rowWhere;
  if (fields.rowId !== undefined && where !== undefined) {
    problems.push({ path: "source", message: "expected either rowId or rowWhere, not both" });
  } else if (fields.rowId !== undefined) {
    row = { id: locator("rowId", "the row's id (i-…) or display name") };
  } else if (where !== null && typeof where === "object" && !Array.isArray(where)) {
    const match = where as Record<string, unknown>;
    if (typeof match.column !== "string" || match.column.trim() === "") {
      problems.push({ path: "source.rowWhere.column", message: "expected the column to match rows on" });
    }
    if (typeof match.value !== "string" && typeof match.value !== "number") {
      problems.push({ path: "source.rowWhere.value", message: "expected the text or number to match" });
    }
    row = { column: String(match.column ?? "").trim(), value: match.value as string | number };
  } else {
    problems.push({
      path: "source.rowId",
      message: "expected the row's id (i-…) or display name, or rowWhere: { column, value }",
    });
  }
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, binding: { type: "coda", docId, tableId, column, row } };
}

/** One line naming a binding, for logs and the dashboard. */
export function describeBinding(binding: SourceBinding): string {
  if (binding.type === "manual") return "manual";
  if (binding.type === "notion") return `Notion page ${binding.pageId}, property "${binding.property}"`;
  const row =
    "id" in binding.row
      ? `row ${binding.row.id}`
      : `the row whose ${binding.row.column} is ${JSON.stringify(binding.row.value)}`;
  return `Coda doc ${binding.docId}, table ${binding.tableId}, ${row}, column ${binding.column}`;
}

/** A key result bound to a source, with what keeps a run from reading it (null: nothing). */
export interface BoundKeyResult {
  readonly keyResultId: string;
  /** The binding as the document holds it. */
  readonly binding: object;
  readonly problem: string | null;
}

/**
 * The key results bound to sources of `type`: every one (`bound`, with the problem of a binding a run
 * cannot use) and those a run can read (`usable`).
 *
 * @example bindingsOf(doc.keyResults, "coda").usable[0]?.binding.tableId // "Metrics"
 */
export function bindingsOf<T extends "coda" | "notion">(
  keyResults: readonly KeyResult[],
  type: T,
): {
  bound: BoundKeyResult[];
  usable: Array<{ keyResultId: string; binding: Extract<SourceBinding, { type: T }> }>;
} {
  const bound: BoundKeyResult[] = [];
  const usable: Array<{ keyResultId: string; binding: Extract<SourceBinding, { type: T }> }> = [];
  for (const kr of keyResults) {
    if (kr.source?.type !== type) continue;
    const parsed = parseBinding(kr.source);
    if (parsed.ok && parsed.binding.type === type) {
      usable.push({ keyResultId: kr.id, binding: parsed.binding as Extract<SourceBinding, { type: T }> });
    }
    const problem = parsed.ok ? null : parsed.problems.map((p) => `${p.path}: ${p.message}`).join("; ");
    bound.push({ keyResultId: kr.id, binding: kr.source, problem });
  }
  return { bound, usable };
}
