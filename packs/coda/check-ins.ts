/**
 * The pack's one way to record a check-in, for the buttons and for the KeyResults table's edits alike:
 * `POST /v1/workspaces/{ws}/key-results/{id}/check-ins` with an Idempotency-Key derived from what is
 * recorded and from the row's version, so that a double-click or a retried edit records one check-in.
 */
import type * as coda from "@codahq/packs-sdk";
import { callWorker, idempotencyKey, readList, workspacePath } from "./helpers.ts";
import type { CheckInCreated, CheckInRow, KeyResultRow, NewCheckIn } from "./types.ts";

/** The window (one minute) within which the same check-in pressed twice without a version counts as one. */
const DEDUPLICATION_WINDOW_MS = 60_000;

export interface CheckInWrite {
  /** The Version of the row it was made from: the same values from the same row make the same key. */
  rowVersion: number | undefined;
  /** The day the answer's key result is scored for. */
  asOf: string;
}

/**
 * Posts a check-in and answers with the key result's new item. The Idempotency-Key is derived from
 * what is recorded and from the row's version: a double-click sends the same key and the worker
 * records one check-in; once the row has updated (new version), the same values can be checked in
 * again on purpose. Without a version the current minute stands in. (`context.invocationToken` is
 * random per invocation: it cannot spot a double-click.)
 *
 * @example postCheckIn(context, "acme", "kr-1", { date: "2026-11-20", value: 41, source: "coda" }, { rowVersion: 7, asOf: "2026-11-20" })
 */
export async function postCheckIn(
  context: coda.ExecutionContext,
  workspace: string,
  keyResultId: string,
  checkIn: NewCheckIn,
  { rowVersion, asOf }: CheckInWrite,
): Promise<KeyResultRow> {
  const window =
    rowVersion === undefined
      ? `minute:${Math.floor(Date.now() / DEDUPLICATION_WINDOW_MS)}`
      : `version:${rowVersion}`;
  const created = await callWorker<CheckInCreated>(context, {
    method: "POST",
    path: workspacePath(workspace, "key-results", keyResultId, "check-ins"),
    query: { asOf },
    headers: { "Idempotency-Key": idempotencyKey(["check-in", workspace, keyResultId, checkIn, window]) },
    body: checkIn,
  });
  return created.keyResult;
}

const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/**
 * Whether the key result already holds a check-in of these values on its day: what a retried edit
 * whose first attempt went through finds.
 */
export async function isRecorded(
  context: coda.ExecutionContext,
  workspace: string,
  keyResultId: string,
  checkIn: NewCheckIn,
): Promise<boolean> {
  const onTheDay = await readList<CheckInRow>(context, workspace, "check-ins", {
    query: { keyResultId, from: checkIn.date, to: checkIn.date },
  });
  return onTheDay.some(
    (c) =>
      same(c.value, checkIn.value) &&
      same(c.confidence, checkIn.confidence) &&
      same(c.note, checkIn.note) &&
      same(c.source, checkIn.source),
  );
}
