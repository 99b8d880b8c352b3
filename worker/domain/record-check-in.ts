/**
 * Recording a check-in: the answer carries the key result's new score and who recorded the check-in
 * when, and an Idempotency-Key makes a retried post a no-op that answers as the first one did.
 */
import type { z } from "@hono/zod-openapi";
import { type CascadeDocument, type CheckIn, checkInSchema } from "../../schema/document.ts";
import { toValidationIssues } from "../../schema/validate.ts";
import { authorOf, refuseViewer } from "../auth.ts";
import type { Authorship } from "../db/people.ts";
import type { D1CascadeStore } from "../db/store/d1-store.ts";
import type { Workspace } from "../db/workspaces.ts";
import type { Principal } from "../env.ts";
import { HttpError, invalid, notFound } from "../http-error.ts";
import { CheckInCreatedSchema } from "../people-schemas.ts";
import type { NewCheckInBody } from "../schemas.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { keyResultItem } from "../scoring/key-result-item.ts";
import { rememberWritten } from "../scoring/load.ts";
import { scoreStored } from "../scoring/scored-cascade.ts";
import { sha256Hex } from "../tokens.ts";

export type CheckInAnswer = z.output<typeof CheckInCreatedSchema>;

/**
 * Appends a check-in to a key result and answers with it and the key result's score on `asOf`, every
 * check-in committed up to it included. `by` is who records it (the API's principal, or the dashboard
 * session's): a viewer is refused (403), anyone else is kept beside the check-in as its author
 * (`authorOf`), with the time; without `by` the check-in has no author. With an idempotency key, the
 * answer is recorded in the same transaction as the check-in; a retry with the same key and body gets
 * it back (`replayed`), the same key with another body is refused.
 */
export async function recordCheckIn(
  store: D1CascadeStore,
  workspace: Workspace,
  keyResultId: string,
  body: z.output<typeof NewCheckInBody>,
  {
    asOf,
    idempotencyKey: key,
    by,
  }: { asOf: string; idempotencyKey?: string | undefined; by?: Principal | undefined },
): Promise<{ answer: CheckInAnswer; replayed: boolean }> {
  if (by !== undefined) refuseViewer(by);
  const checkIn = checkInOf(body);
  // NewCheckInBody checks `source` with a rule of its own (at most 200 characters); the document's
  // rules for what is stored (well-formed text) hold for it too.
  const checked = checkInSchema.safeParse(checkIn);
  if (!checked.success) throw invalid("invalid_request", toValidationIssues(checked.error));
  const fingerprint = await sha256Hex(JSON.stringify(["check-in", keyResultId, body]));
  const replay = async () => {
    const recorded = key === undefined ? null : await store.findReceipt(key);
    if (!recorded) return null;
    if (recorded.fingerprint !== fingerprint) {
      throw new HttpError("idempotency_key_reused", "this Idempotency-Key was used for another request");
    }
    return { answer: CheckInCreatedSchema.parse(withAuthorship(JSON.parse(recorded.body))), replayed: true };
  };
  const first = await replay();
  if (first) return first;

  const prepared = await store.prepare({ kind: "addCheckIn", keyResultId, checkIn });
  if ("ok" in prepared) throw notFound("key result");
  refuseOutsideCycle(prepared.next.doc, keyResultId, checkIn.date);
  refuseFuture(checkIn.date, todayUtc());
  // The answer is scored before the write, from the cascade the check-in will leave, so that it can be
  // recorded in the same transaction; the write fills in the check-in's id and the version.
  const scored = scoreStored(prepared.next, asOf);
  const authorship: Authorship = {
    author: by === undefined ? null : authorOf(by),
    recordedAt: new Date().toISOString(),
  };
  const answer: CheckInAnswer = {
    checkIn: { id: "", keyResultId, ...checkIn, ...authorship },
    keyResult: itemOf(scored.stored, keyResultId, scored.keyResults, asOf),
  };
  const receipt =
    key === undefined
      ? undefined
      : {
          key,
          fingerprint,
          status: 201,
          body: JSON.stringify(answer),
          fill: { checkInId: "$.checkIn.id", version: "$.keyResult.version" },
        };
  const result = await store.commit(prepared, { receipt, authorship });
  if (!result.ok) {
    // A concurrent retry with the same key won the race: nothing of ours was written.
    const again = result.reason === "receipt_taken" ? await replay() : null;
    if (again) return again;
    throw notFound("key result");
  }
  answer.checkIn.id = result.checkInId ?? "";
  answer.keyResult.version = result.revision;
  if (result.exact) {
    rememberWritten(workspace, scored, asOf);
    return { answer, replayed: false };
  }
  // Someone wrote in between (another check-in, a patch): the score must include what they wrote.
  const latest = scoreStored(result.cascade, asOf);
  answer.keyResult = itemOf(result.cascade, keyResultId, latest.keyResults, asOf);
  if (key !== undefined) await store.replaceReceipt(key, JSON.stringify(answer));
  return { answer, replayed: false };
}

function itemOf(
  stored: ReturnType<typeof scoreStored>["stored"],
  keyResultId: string,
  scores: ReturnType<typeof scoreStored>["keyResults"],
  asOf: string,
) {
  const kr = stored.doc.keyResults.find((k) => k.id === keyResultId);
  if (!kr) throw notFound("key result");
  return keyResultItem(kr, stored.revision, scores.get(keyResultId), asOf);
}

/**
 * A recorded answer; one recorded before check-ins had authors names none, and one recorded before
 * key results carried their confidence gives none.
 */
function withAuthorship(answer: { checkIn?: object; keyResult?: object }): unknown {
  return {
    ...answer,
    checkIn: { author: null, recordedAt: null, ...answer.checkIn },
    keyResult: { confidence: null, ...answer.keyResult },
  };
}

/** The check-in a body describes, without the fields it leaves out. */
function checkInOf(body: z.output<typeof NewCheckInBody>): CheckIn {
  const checkIn: CheckIn = { date: body.date };
  if (body.value !== undefined) checkIn.value = body.value;
  if (body.confidence !== undefined) checkIn.confidence = body.confidence;
  if (body.note !== undefined) checkIn.note = body.note;
  if (body.source !== undefined) checkIn.source = body.source;
  return checkIn;
}

/**
 * DOMAIN §6: a new check-in dated outside its key result's cycle is refused (one already stored still
 * counts, and lint warns of it). A key result whose objective or cycle is unknown has no cycle to hold.
 */
function refuseOutsideCycle(doc: CascadeDocument, keyResultId: string, date: string): void {
  const kr = doc.keyResults.find((k) => k.id === keyResultId);
  const cycleId = doc.objectives.find((o) => o.id === kr?.objectiveId)?.cycleId;
  const cycle = doc.cycles.find((c) => c.id === cycleId);
  if (cycle === undefined || (date >= cycle.start && date <= cycle.end)) return;
  throw invalid("invalid_request", [
    {
      path: "date",
      message: `expected a day of the key result's cycle ${cycle.id}, ${cycle.start} to ${cycle.end}`,
    },
  ]);
}

/**
 * A check-in is a measurement taken, so it cannot be dated after today (UTC): one dated later would
 * become the current value on that day with no one having measured it. Checked after the cycle, so a
 * date outside the cycle is named as that.
 */
function refuseFuture(date: string, today: string): void {
  if (date <= today) return;
  throw invalid("invalid_request", [
    { path: "date", message: `expected a day on or before ${today} (today, UTC)` },
  ]);
}
