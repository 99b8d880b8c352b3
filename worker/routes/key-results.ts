/**
 * One key result: read it, patch it (If-Match with its version), and post check-ins to it
 * (Idempotency-Key makes a retried post a no-op that answers as the first one did).
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { type CheckIn, type KeyResult, keyResultSchema } from "../../schema/document.ts";
import { toValidationIssues } from "../../schema/validate.ts";
import { workspaceOf } from "../auth.ts";
import {
  keyResultFromResults,
  keyResultStatements,
  loadCascade,
  type StoredCascade,
} from "../db/cascade-read.ts";
import { appendCheckInStatements } from "../db/check-ins.ts";
import { findAnswer, isDuplicateKey, recordAnswerStatement, replaceAnswerBody } from "../db/idempotency.ts";
import { updateKeyResultStatements } from "../db/key-results.ts";
import type { Workspace } from "../db/workspaces.ts";
import { type AppEnv, deferTo } from "../env.ts";
import { HttpError, invalid, notFound } from "../http-error.ts";
import {
  AsOfQuery,
  CheckInCreatedSchema,
  KeyResultItem,
  KeyResultParams,
  KeyResultPatchBody,
  NewCheckInBody,
} from "../schemas.ts";
import {
  keyResultItem,
  ScoreCache,
  type ScoredCascade,
  scoreCache,
  scoreStored,
  todayUtc,
} from "../scored-cascade.ts";
import { sha256Hex } from "../tokens.ts";
import { createRoute, errors, json, jsonBody } from "./openapi.ts";
import { etag, ifMatchVersion } from "./preconditions.ts";

const getRoute = createRoute({
  method: "get",
  path: "/workspaces/{ws}/key-results/{id}",
  summary: "A key result with its score; ETag is its version",
  request: { params: KeyResultParams, query: AsOfQuery },
  responses: { 200: json(KeyResultItem, "The key result"), ...errors(400, 401, 404) },
});

const patchRoute = createRoute({
  method: "patch",
  path: "/workspaces/{ws}/key-results/{id}",
  summary: "Change a key result's fields (JSON merge patch: null removes a field)",
  request: {
    params: KeyResultParams,
    query: AsOfQuery,
    headers: z.object({
      "if-match": z.string().optional().openapi({ description: "The version (ETag) you read" }),
    }),
    body: jsonBody(KeyResultPatchBody),
  },
  responses: {
    200: json(KeyResultItem, "The changed key result with its new score and version"),
    ...errors(400, 401, 404, 409, 412, 413, 415),
  },
});

const checkInRoute = createRoute({
  method: "post",
  path: "/workspaces/{ws}/key-results/{id}/check-ins",
  summary: "Record a check-in; answers with the key result's new score",
  request: {
    params: KeyResultParams,
    query: AsOfQuery,
    headers: z.object({
      "idempotency-key": z
        .string()
        .min(1)
        .max(255, "expected at most 255 characters")
        .optional()
        .openapi({ description: "A retry with the same key and body is answered like the first post" }),
    }),
    body: jsonBody(NewCheckInBody),
  },
  responses: {
    201: json(CheckInCreatedSchema, "Recorded"),
    ...errors(400, 401, 404, 409, 413, 415),
  },
});

/**
 * The workspace's cascade with the key result `id`, for a route to change: the cached revision when
 * there is one (copied where a route writes: the key-result list, that key result and the versions),
 * else read from D1.
 */
async function storedWithKeyResult(c: Context<AppEnv>, ws: string, id: string) {
  const workspace = await workspaceOf(c, ws);
  const cached = scoreCache.stored(ScoreCache.revisionKey(workspace, workspace.revision));
  const stored: StoredCascade | null = cached
    ? {
        doc: { ...cached.doc, keyResults: [...cached.doc.keyResults] },
        revision: cached.revision,
        versions: new Map(cached.versions),
      }
    : await loadCascade(c.env.DB, workspace.id, deferTo(c));
  const index = stored?.doc.keyResults.findIndex((kr) => kr.id === id) ?? -1;
  const found = stored?.doc.keyResults[index];
  if (!stored || !found) throw notFound("key result");
  const kr = { ...found };
  stored.doc.keyResults[index] = kr;
  return { workspace, stored, index, kr };
}

function itemOf(stored: StoredCascade, kr: KeyResult, version: number, asOf: string) {
  const scored = scoreStored(stored, asOf);
  return keyResultItem(kr, version, scored.keyResults.get(kr.id));
}

/**
 * After a write of one key result: when the write took the revision right after the one read (nobody
 * wrote in between), the cascade in hand, changed as written, is the stored cascade at that revision,
 * so its scores go to the cache and the next report or list read needs no D1 read.
 */
function rememberWrite(
  workspace: Workspace,
  scored: ScoredCascade,
  keyResultId: string,
  version: number,
  asOf: string,
): void {
  const stored = scored.stored;
  if (version !== stored.revision + 1) return;
  stored.revision = version;
  stored.versions.set(keyResultId, version);
  scoreCache.set(ScoreCache.revisionKey(workspace, version), asOf, scored);
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

function without<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export const keyResultRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getRoute, async (c) => {
    const { ws, id } = c.req.valid("param");
    const { stored, kr } = await storedWithKeyResult(c, ws, id);
    const version = stored.versions.get(id) ?? 0;
    c.header("ETag", etag(version));
    return c.json(itemOf(stored, kr, version, c.req.valid("query").asOf ?? todayUtc()), 200);
  })
  .openapi(patchRoute, async (c) => {
    const { ws, id } = c.req.valid("param");
    const { workspace, stored, index, kr } = await storedWithKeyResult(c, ws, id);
    const expected = ifMatchVersion(c.req.valid("header")["if-match"]);
    const version = stored.versions.get(id) ?? 0;
    if (expected !== undefined && expected !== version) {
      throw new HttpError(412, "precondition_failed", `the key result is at version ${version}`);
    }
    const parsed = keyResultSchema.safeParse(mergePatch(kr, c.req.valid("json")));
    if (!parsed.success) throw invalid("invalid_request", toValidationIssues(parsed.error));
    const next = parsed.data;
    if (!stored.doc.objectives.some((o) => o.id === next.objectiveId)) {
      throw invalid("invalid_request", [{ path: "objectiveId", message: "no objective with this id" }]);
    }
    const results = await c.env.DB.batch(updateKeyResultStatements(c.env.DB, workspace.id, next, version));
    const newVersion = (results[1]?.results[0] as { version: number } | undefined)?.version;
    if (newVersion === undefined) {
      // Someone else changed it between our read and our write.
      if (expected !== undefined)
        throw new HttpError(412, "precondition_failed", "the key result changed meanwhile");
      throw new HttpError(409, "conflict", "the key result changed meanwhile; read it and retry");
    }
    stored.doc.keyResults[index] = next;
    const asOf = c.req.valid("query").asOf ?? todayUtc();
    const scored = scoreStored(stored, asOf);
    rememberWrite(workspace, scored, id, newVersion, asOf);
    c.header("ETag", etag(newVersion));
    return c.json(keyResultItem(next, newVersion, scored.keyResults.get(id)), 200);
  })
  .openapi(checkInRoute, async (c) => {
    const { ws, id } = c.req.valid("param");
    const body = c.req.valid("json");
    const key = c.req.valid("header")["idempotency-key"];
    const workspace = await workspaceOf(c, ws);
    const fingerprint = await sha256Hex(JSON.stringify(["check-in", id, body]));
    const replay = async () => {
      const answer = key === undefined ? null : await findAnswer(c.env.DB, workspace.id, key);
      if (!answer) return null;
      if (answer.fingerprint !== fingerprint) {
        throw new HttpError(
          409,
          "idempotency_key_reused",
          "this Idempotency-Key was used for another request",
        );
      }
      c.header("Idempotent-Replayed", "true");
      return c.json(CheckInCreatedSchema.parse(JSON.parse(answer.body)), 201);
    };
    const first = await replay();
    if (first) return first;

    const { stored, index, kr } = await storedWithKeyResult(c, ws, id);
    const checkIn: CheckIn = without({
      date: body.date,
      value: body.value,
      confidence: body.confidence,
      note: body.note,
      source: body.source,
    });
    kr.checkIns = [...(kr.checkIns ?? []), checkIn];
    const expectedVersion = stored.revision + 1;
    const asOf = c.req.valid("query").asOf ?? todayUtc();
    const scored = scoreStored(stored, asOf);
    const answer = {
      checkIn: { id: "", keyResultId: id, ...checkIn },
      keyResult: keyResultItem(kr, expectedVersion, scored.keyResults.get(id)),
    };
    const db = c.env.DB;
    const statements = appendCheckInStatements(db, workspace.id, id, checkIn);
    if (key !== undefined) {
      const krParams = [workspace.id, id];
      statements.push(
        recordAnswerStatement(
          db,
          workspace.id,
          key,
          { fingerprint, status: 201, body: JSON.stringify(answer) },
          [
            {
              path: "$.checkIn.id",
              sql: "SELECT CAST(MAX(seq) AS TEXT) FROM check_ins WHERE workspace_id = ?1 AND key_result_id = ?2",
              params: krParams,
            },
            {
              path: "$.keyResult.version",
              sql: "SELECT version FROM key_results WHERE workspace_id = ?1 AND id = ?2",
              params: krParams,
            },
          ],
          { sql: "EXISTS (SELECT 1 FROM key_results WHERE workspace_id = ?1 AND id = ?2)", params: krParams },
          new Date().toISOString(),
        ),
      );
    }
    // The key result as this write leaves it, read in the same transaction when others wrote between
    // our read and our write (its version is then not the one we expect): the answer's score.
    const readBack = statements.length;
    statements.push(...keyResultStatements(db, workspace.id, id, expectedVersion));
    let results: D1Result[];
    try {
      results = await db.batch(statements);
    } catch (error) {
      // A concurrent retry with the same key won the race: nothing of ours was written.
      if (isDuplicateKey(error)) {
        const again = await replay();
        if (again) return again;
      }
      throw error;
    }
    const seq = (results[0]?.results[0] as { seq: number } | undefined)?.seq;
    const version = (results[2]?.results[0] as { version: number } | undefined)?.version;
    if (seq === undefined || version === undefined) throw notFound("key result");
    answer.checkIn.id = String(seq);
    answer.keyResult.version = version;
    if (version === expectedVersion) {
      rememberWrite(workspace, scored, id, version, asOf);
      return c.json(answer, 201);
    }
    // Someone wrote in between (another check-in, a patch): the score must include what they wrote.
    const current = keyResultFromResults(results[readBack], results[readBack + 1]);
    if (current) {
      stored.doc.keyResults[index] = current;
      answer.keyResult = keyResultItem(current, version, scoreStored(stored, asOf).keyResults.get(id));
      if (key !== undefined) await replaceAnswerBody(db, workspace.id, key, JSON.stringify(answer));
    }
    return c.json(answer, 201);
  });
