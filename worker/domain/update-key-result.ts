/** Changing a key result's fields with a JSON merge patch, guarded by its version (If-Match). */
import type { z } from "@hono/zod-openapi";
import { parseBinding } from "../../integrations/sources/binding.ts";
import { type KeyResult, keyResultSchema } from "../../schema/document.ts";
import { toValidationIssues } from "../../schema/validate.ts";
import { sameJson, versionOf } from "../../store/change.ts";
import type { D1CascadeStore } from "../db/store/d1-store.ts";
import type { Workspace } from "../db/workspaces.ts";
import { HttpError, invalid, notFound } from "../http-error.ts";
import { ifMatchVersion } from "../routes/preconditions.ts";
import type { KeyResultPatchBody } from "../schemas.ts";
import { keyResultItem } from "../scoring/key-result-item.ts";
import { rememberWritten } from "../scoring/load.ts";
import { scoreStored } from "../scoring/scored-cascade.ts";

/**
 * Applies `patch` to the key result (RFC 7396: present fields replace, null removes, check-ins are
 * untouched) and answers with it, its new version and its score on `asOf`; a patch that changes
 * nothing writes nothing and answers with the current version. With If-Match, refuses
 * (412) unless the key result is still at that version; without, still refuses (409) to overwrite a
 * change made between its read and its write.
 */
export async function updateKeyResult(
  store: D1CascadeStore,
  workspace: Workspace,
  id: string,
  patch: z.output<typeof KeyResultPatchBody>,
  { asOf, ifMatchHeader }: { asOf: string; ifMatchHeader: string | undefined },
) {
  const stored = await store.read();
  const kr = stored?.doc.keyResults.find((k) => k.id === id);
  if (!stored || !kr) throw notFound("key result");
  const ifMatch = ifMatchVersion(ifMatchHeader);
  const version = versionOf(stored, id);
  if (ifMatch !== undefined && ifMatch !== version) {
    throw new HttpError("precondition_failed", `the key result is at version ${version}`);
  }
  const parsed = keyResultSchema.safeParse(mergePatch(kr, patch));
  if (!parsed.success) throw invalid("invalid_request", toValidationIssues(parsed.error));
  const next = parsed.data;
  if (patch.source && next.source && !sameJson(next.source, kr.source)) {
    // A binding set through the API must be one a sync can read (a whole document may hold any
    // source: its bindings' problems are reported on each key result by the next run, GET /sources).
    const binding = parseBinding(next.source);
    if (!binding.ok) throw invalid("invalid_request", [...binding.problems]);
  }
  if (!stored.doc.objectives.some((o) => o.id === next.objectiveId)) {
    throw invalid("invalid_request", [{ path: "objectiveId", message: "no objective with this id" }]);
  }
  if (sameJson(next, kr)) {
    // Nothing changes (`{}`, or every field as it is): nothing is written and no version moves, so
    // every other client's If-Match stays good. The answer is the key result as a GET gives it.
    return { item: keyResultItem(kr, version, scoreStored(stored, asOf).keyResults.get(id), asOf), version };
  }
  const result = await store.apply({ kind: "updateKeyResult", keyResult: next, ifVersion: version });
  if (!result.ok) {
    if (result.reason === "not_found") throw notFound("key result");
    // Someone else changed it between our read and our write.
    if (ifMatch !== undefined) throw new HttpError("precondition_failed", "the key result changed meanwhile");
    throw new HttpError("conflict", "the key result changed meanwhile; read it and retry");
  }
  const scored = scoreStored(result.cascade, asOf);
  if (result.exact) rememberWritten(workspace, scored, asOf);
  return {
    item: keyResultItem(next, result.revision, scored.keyResults.get(id), asOf),
    version: result.revision,
  };
}

/** RFC 7396 on a key result: present fields replace, null removes, check-ins are untouched. */
function mergePatch(kr: KeyResult, patch: z.output<typeof KeyResultPatchBody>): unknown {
  const merged: Record<string, unknown> = { ...kr };
  for (const [field, value] of Object.entries(patch)) {
    if (value === null) delete merged[field];
    else if (value !== undefined) merged[field] = value;
  }
  return merged;
}
