/**
 * Two-way sync of the KeyResults table: an owner or a target edited in the doc is written to Cascade
 * with the worker's `PATCH /v1/workspaces/{ws}/key-results/{id}` (a JSON merge patch: a cleared cell
 * removes the field), `If-Match` carrying the version the row was synced at. A key result that changed
 * in Cascade since then (412) is refused with a sentence that says so, never overwritten; a retry of
 * an edit that already went through finds its values in place and succeeds.
 */
import * as coda from "@codahq/packs-sdk";
import { dayOr } from "../dates.ts";
import { CascadeError } from "../errors.ts";
import { callWorker, rowContext, workspaceOf, workspacePath } from "../helpers.ts";
import { keyResultRow, type RowContext } from "../rows.ts";
import type { KeyResultRow } from "../types.ts";

/** The columns a doc may edit, as the worker's patch names them. */
export const EDITABLE = ["owner", "target"] as const;
type Editable = (typeof EDITABLE)[number];
type Patch = { [F in Editable]?: KeyResultRow[F] | null };

/** The row as Coda hands it over: the schema's property names. */
type Row = Record<string, unknown>;

/** The fields an edit changes, as the patch sends them (a cleared cell: null). */
function patchOf(update: coda.GenericSyncUpdate, kind: unknown): Patch {
  const patch: Patch = {};
  const row: Row = update.newValue;
  for (const field of update.updatedFields) {
    if (field === "owner") {
      const owner = typeof row.owner === "string" ? row.owner.trim() : "";
      patch.owner = owner === "" ? null : owner;
    } else if (field === "target") {
      if (kind !== "increase" && kind !== "decrease") {
        throw new coda.UserVisibleError(
          `target: a ${String(kind)} key result has no target (only increase and decrease ones do); change it in Cascade.`,
        );
      }
      const target = row.target;
      if (target !== undefined && target !== null && !(typeof target === "number" && Number.isFinite(target)))
        throw new coda.UserVisibleError(`target: expected a number, got ${String(target)}`);
      patch.target = typeof target === "number" ? target : null;
    } else {
      throw new coda.UserVisibleError(
        `${field}: only ${EDITABLE.join(" and ")} can be edited in this table.`,
      );
    }
  }
  return patch;
}

/** Whether the key result already holds what the edit asks for (a retry of an edit that went through). */
function holds(item: KeyResultRow, patch: Patch): boolean {
  return (Object.keys(patch) as Editable[]).every(
    (field) => (item[field] ?? null) === (patch[field] ?? null),
  );
}

async function applyEdit(
  context: coda.ExecutionContext,
  workspace: string,
  asOf: string,
  update: coda.GenericSyncUpdate,
  rows: () => Promise<RowContext>,
): Promise<object> {
  const before: Row = update.previousValue;
  const id = String(before.id);
  const patch = patchOf(update, before.kind);
  if (typeof before.version !== "number") {
    throw new coda.UserVisibleError(
      `Key result ${id} has no Version in this doc yet: sync the table, then edit it.`,
    );
  }
  const path = workspacePath(workspace, "key-results", id);
  try {
    const updated = await callWorker<KeyResultRow>(context, {
      method: "PATCH",
      path,
      query: { asOf },
      headers: { "If-Match": `"${before.version}"` },
      body: patch,
    });
    return keyResultRow(updated, await rows());
  } catch (error) {
    if (!(error instanceof CascadeError && error.code === "precondition_failed")) throw error;
    const current = await callWorker<KeyResultRow>(context, { path, query: { asOf } });
    if (holds(current, patch)) return keyResultRow(current, await rows());
    throw error;
  }
}

/**
 * Writes the doc's edits of KeyResults rows to Cascade, one PATCH each: a failed row answers with its
 * error (Coda shows it on that row) and the others still go through.
 */
export async function editKeyResults(
  [day]: [Date | undefined],
  updates: coda.GenericSyncUpdate[],
  context: coda.UpdateSyncExecutionContext,
): Promise<{ result: Array<object | Error> }> {
  const workspace = (await workspaceOf(context)).id;
  // The row comes back scored for the day the table syncs for (its AsOf, else today).
  const asOf = dayOr(day, context);
  let shared: Promise<RowContext> | undefined;
  const rows = () => {
    shared ??= rowContext(context, workspace, day === undefined ? undefined : asOf, ["objectives"]);
    return shared;
  };
  const result: Array<object | Error> = [];
  for (const update of updates) {
    try {
      result.push(await applyEdit(context, workspace, asOf, update, rows));
    } catch (error) {
      if (error instanceof coda.UserVisibleError) result.push(error);
      else throw error;
    }
  }
  return { result };
}
