/** Replacing a workspace's whole cascade with a document (`PUT /cascade`). */
import { duplicateIdProblems } from "../../core/lint/references.ts";
import type { CascadeDocument } from "../../schema/document.ts";
import { ID_SECTIONS } from "../../schema/sections.ts";
import { formatPath, type ValidationIssue } from "../../schema/validate.ts";
import type { D1CascadeStore } from "../db/store/d1-store.ts";
import type { Workspace } from "../db/workspaces.ts";
import { HttpError, invalid } from "../http-error.ts";
import { ifMatchVersion } from "../routes/preconditions.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { rememberStored } from "../scoring/load.ts";

/**
 * Stores `doc` as the workspace's cascade, unless it breaks what the worker needs beyond a valid
 * document (ids unique per section, texts D1 can hold) or the cascade moved past the revision its If-Match names.
 * Returns the new revision and the count of each section. The document just written is the stored
 * cascade at that revision (it reads back equal), so it is scored for today and kept: the dashboard or
 * report read that follows an upload needs no D1 read in this isolate.
 */
export async function replaceCascade(
  store: D1CascadeStore,
  workspace: Workspace,
  doc: CascadeDocument,
  { ifMatchHeader }: { ifMatchHeader: string | undefined },
): Promise<{ revision: number; counts: Record<string, number> }> {
  // An id used twice anywhere is refused, not stored and linted: the CLI refuses it the same way
  // (docs/scoring.md, "Duplicate ids"); so are ids a URL cannot name and overlong texts.
  const refused = [...duplicateIdProblems(doc), ...unaddressableIds(doc), ...overlongTexts(doc)];
  if (refused.length > 0) throw invalid("invalid_document", refused);
  const expectedRevision = ifMatchVersion(ifMatchHeader);
  const result = await store.apply({ kind: "replace", doc }, { expectedRevision });
  if (!result.ok) throw new HttpError("precondition_failed", "the cascade changed since that revision");
  rememberStored(workspace, result.cascade, todayUtc());
  const counts: Record<string, number> = {};
  for (const section of [...ID_SECTIONS, "dependencies"] as const)
    counts[section] = doc[section]?.length ?? 0;
  counts.checkIns = doc.keyResults.reduce((n, kr) => n + (kr.checkIns?.length ?? 0), 0);
  return { revision: result.revision, counts };
}

/**
 * Ids a URL cannot name: `.` and `..` are path segments a browser and the URL parser resolve away
 * (`/key-results/..` is `/`, `%2e%2e` too), so their key result's page and API path would be out of
 * reach. The worker refuses them, as it refuses what the core only lints.
 */
export function unaddressableIds(doc: CascadeDocument): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const section of ID_SECTIONS) {
    (doc[section] ?? []).forEach((item, i) => {
      if (item.id === "." || item.id === "..") {
        issues.push({
          path: `${section}[${i}].id`,
          message: `"${item.id}" cannot be named in a URL: choose another id`,
        });
      }
    });
  }
  return issues;
}

/**
 * The longest text the worker stores in one field. D1 keeps at most 2 MB in one value, and a row of
 * several fields travels as one value: a title, note or owner longer than this is refused up front,
 * by path, rather than failing inside the write.
 */
export const MAX_TEXT_CHARS = 100_000;

/**
 * Every string of the document longer than MAX_TEXT_CHARS, by JSON path. Iterative (a stack of the
 * containers being walked, each with the key it is at), so no document, however deep, can overflow the
 * call stack; the path is written out only for a string that is too long: a 10k key-result document
 * has ~500k values, nearly all of them fine.
 */
export function overlongTexts(doc: CascadeDocument): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  // The containers on the way down: each with its keys (null for an array) and the member it is at.
  const frames: Array<{ value: object; keys: string[] | null; at: number }> = [];
  const keyOf = ({ keys, at }: (typeof frames)[number]) => (keys === null ? at : (keys[at] as string));
  const enter = (value: object) =>
    frames.push({ value, keys: Array.isArray(value) ? null : Object.keys(value), at: -1 });
  enter(doc);
  while (frames.length > 0) {
    const frame = frames[frames.length - 1] as (typeof frames)[number];
    frame.at++;
    if (frame.at >= (frame.keys ?? (frame.value as unknown[])).length) {
      frames.pop();
      continue;
    }
    const value = (frame.value as Record<PropertyKey, unknown>)[keyOf(frame)];
    if (value !== null && typeof value === "object") enter(value);
    else if (typeof value === "string" && value.length > MAX_TEXT_CHARS) {
      const message = `at most ${MAX_TEXT_CHARS} characters (this one has ${value.length})`;
      issues.push({ path: formatPath(frames.map(keyOf)), message });
    }
  }
  return issues;
}
