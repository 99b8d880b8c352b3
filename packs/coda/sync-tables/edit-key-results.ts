/**
 * Two-way sync of the KeyResults table. An owner or a target edited in the doc is written to Cascade
 * with the worker's `PATCH /v1/workspaces/{ws}/key-results/{id}` (a JSON merge patch: a cleared cell
 * removes the field), `If-Match` carrying the version the row was synced at. A changed Confidence, a
 * NextValue and a NextNote are recorded as the next check-in (next-check-in.ts). A key result that
 * changed in Cascade since the sync is refused with a sentence that says so, never overwritten; a
 * retry of an edit that already went through finds its values in place and succeeds.
 */
import * as coda from "@codahq/packs-sdk";
import { dayOr, today } from "../dates.ts";
import { CascadeError } from "../errors.ts";
import { callWorker, rowContext, workspaceOf, workspacePath } from "../helpers.ts";
import { keyResultRow, type RowContext } from "../rows.ts";
import type { KeyResultRow } from "../types.ts";
import { CHECK_IN_FIELDS, nextCheckIn, recordNextCheckIn } from "./next-check-in.ts";

/** The fields an edit patches in place, as the worker's patch names them. */
const PATCHED = ["owner", "target"] as const;
type Patched = (typeof PATCHED)[number];
type Patch = { [F in Patched]?: KeyResultRow[F] | null };

/** The columns a doc may edit. */
export const EDITABLE = [...PATCHED, ...CHECK_IN_FIELDS] as const;

/** The row as Coda hands it over: the schema's property names. */
type Row = Record<string, unknown>;

const isCheckInField = (field: string) => (CHECK_IN_FIELDS as readonly string[]).includes(field);

/** The fields an edit patches, as the patch sends them (a cleared cell: null); undefined for none. */
function patchOf(update: coda.GenericSyncUpdate, kind: unknown): Patch | undefined {
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
    } else if (!isCheckInField(field)) {
      throw new coda.UserVisibleError(
        `${field}: only ${EDITABLE.slice(0, -1).join(", ")} and ${EDITABLE.at(-1)} can be edited in this table.`,
      );
    }
  }
  return Object.keys(patch).length === 0 ? undefined : patch;
}

/** Whether the key result already holds what the edit asks for (a retry of an edit that went through). */
function holds(item: KeyResultRow, patch: Patch): boolean {
  return (Object.keys(patch) as Patched[]).every((field) => (item[field] ?? null) === (patch[field] ?? null));
}

/** Writes a patch with If-Match of the row's version and answers with the key result after it. */
async function writePatch(
  context: coda.ExecutionContext,
  path: string,
  asOf: string,
  rowVersion: number,
  patch: Patch,
): Promise<KeyResultRow> {
  try {
    return await callWorker<KeyResultRow>(context, {
      method: "PATCH",
      path,
      query: { asOf },
      headers: { "If-Match": `"${rowVersion}"` },
      body: patch,
    });
  } catch (error) {
    if (!(error instanceof CascadeError && error.code === "precondition_failed")) throw error;
    const current = await callWorker<KeyResultRow>(context, { path, query: { asOf } });
    if (holds(current, patch)) return current;
    throw error;
  }
}

/**
 * Writes one row's edit: its patch first (If-Match guards it), then its check-in, and answers with the
 * row as Cascade then has it (NextValue and NextNote blank again). Every cell is checked before
 * anything is written.
 */
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
  const checkIn = nextCheckIn(update, today(context));
  // A NextValue cleared before it was recorded: nothing to write, the row stays as the doc has it.
  if (patch === undefined && checkIn === undefined) return update.newValue;
  const rowVersion = before.version;
  if (typeof rowVersion !== "number") {
    throw new coda.UserVisibleError(
      `Key result ${id} has no Version in this doc yet: sync the table, then edit it.`,
    );
  }
  const path = workspacePath(workspace, "key-results", id);
  const patched = patch === undefined ? undefined : await writePatch(context, path, asOf, rowVersion, patch);
  const item =
    checkIn === undefined
      ? patched
      : await recordNextCheckIn(context, { workspace, keyResultId: id, asOf, checkIn, rowVersion, patched });
  return item === undefined ? update.newValue : keyResultRow(item, await rows());
}

/**
 * Writes the doc's edits of KeyResults rows to Cascade, row by row: a failed row answers with its
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
