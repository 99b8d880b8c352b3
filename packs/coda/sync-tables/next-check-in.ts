/**
 * The next check-in, as the KeyResults table takes it: a changed Confidence, a NextValue and a
 * NextNote become one check-in dated today in the doc's timezone, posted as the buttons post theirs
 * (check-ins.ts). The check-in route takes no If-Match, so the row's Version is compared with the key
 * result's, read first: a row older than the key result is refused rather than checked in on top of
 * a change the doc has not seen.
 */
import * as coda from "@codahq/packs-sdk";
import { isRecorded, postCheckIn } from "../check-ins.ts";
import { staleKeyResult } from "../errors.ts";
import { confidence } from "../formulas/checks.ts";
import { callWorker, defined, workspacePath } from "../helpers.ts";
import type { KeyResultRow, NewCheckIn } from "../types.ts";

/** The columns that make the next check-in. */
export const CHECK_IN_FIELDS = ["confidence", "nextValue", "nextNote"] as const;

/** The row as Coda hands it over: the schema's property names. */
type Row = Record<string, unknown>;

const isBlank = (cell: unknown) => cell === undefined || cell === null || cell === "";

function numberIn(cell: unknown, field: string): number | undefined {
  if (isBlank(cell)) return undefined;
  if (typeof cell === "number" && Number.isFinite(cell)) return cell;
  throw new coda.UserVisibleError(`${field}: expected a number, got ${String(cell)}`);
}

/**
 * The check-in an edit asks for, dated `date`, or undefined when it asks for none. NextValue and
 * NextNote are read from the row whether or not this edit changed them (they are input, blank after
 * each sync: whatever they hold is waiting to be recorded); Confidence only when this edit changed it,
 * since otherwise it shows the confidence Cascade already holds.
 *
 * @example nextCheckIn({ updatedFields: ["nextValue"], newValue: { nextValue: 41, nextNote: "Two deals" } }, "2026-11-20")
 * // { date: "2026-11-20", value: 41, note: "Two deals", source: "coda" }
 */
export function nextCheckIn(
  update: Pick<coda.GenericSyncUpdate, "updatedFields" | "newValue">,
  date: string,
): NewCheckIn | undefined {
  const edited = new Set(update.updatedFields);
  if (!CHECK_IN_FIELDS.some((field) => edited.has(field))) return undefined;
  const row: Row = update.newValue;
  const value = numberIn(row.nextValue, "nextValue");
  let conf: number | undefined;
  if (edited.has("confidence")) {
    if (isBlank(row.confidence)) {
      throw new coda.UserVisibleError(
        "confidence: expected a number from 0 to 10, got a blank cell (a check-in cannot remove a confidence)",
      );
    }
    conf = confidence(numberIn(row.confidence, "confidence") as number, "confidence");
  }
  if (!isBlank(row.nextNote) && typeof row.nextNote !== "string")
    throw new coda.UserVisibleError(`nextNote: expected text, got ${String(row.nextNote)}`);
  const note =
    typeof row.nextNote === "string" && row.nextNote.trim() !== "" ? row.nextNote.trim() : undefined;
  if (value === undefined && conf === undefined) {
    if (note === undefined) return undefined; // a NextValue cleared before it was recorded
    throw new coda.UserVisibleError(
      "nextNote: a note is recorded with a check-in: fill NextValue, or change Confidence, on the same row.",
    );
  }
  return defined({ date, value, confidence: conf, note, source: "coda" });
}

export interface NextCheckIn {
  workspace: string;
  keyResultId: string;
  /** The day the answer is scored for: the table's. */
  asOf: string;
  checkIn: NewCheckIn;
  /** The Version of the row the doc edited. */
  rowVersion: number;
  /** The key result as the same edit's patch left it, when it patched one. */
  patched?: KeyResultRow | undefined;
}

/**
 * Records the next check-in and answers with the key result after it. A key result at another version
 * than the row was edited at is refused (`staleKeyResult`), unless the difference is this edit's own:
 * its check-in already recorded (a retry whose first attempt went through: nothing is posted again),
 * or the patch the same edit just wrote.
 */
export async function recordNextCheckIn(
  context: coda.ExecutionContext,
  { workspace, keyResultId, asOf, checkIn, rowVersion, patched }: NextCheckIn,
): Promise<KeyResultRow> {
  const current =
    patched ??
    (await callWorker<KeyResultRow>(context, {
      path: workspacePath(workspace, "key-results", keyResultId),
      query: { asOf },
    }));
  if (current.version !== rowVersion) {
    if (await isRecorded(context, workspace, keyResultId, checkIn)) return current;
    if (patched === undefined) throw staleKeyResult(current.version);
  }
  // The key derives from the row's version and the values: a retry posts the same one, and the
  // worker records one check-in even when two attempts race.
  return postCheckIn(context, workspace, keyResultId, checkIn, { rowVersion, asOf });
}
