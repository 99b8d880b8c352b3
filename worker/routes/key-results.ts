/**
 * One key result: read it, patch it (If-Match with its version), and post check-ins to it
 * (Idempotency-Key makes a retried post a no-op that answers as the first one did; the check-in names
 * who posted it). Viewers may only read (403 from `requireToken`).
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { versionOf } from "../../store/change.ts";
import { workspaceOf } from "../auth.ts";
import { checkCheckInLimits, workspaceLimits } from "../domain/limits.ts";
import { recordCheckIn } from "../domain/record-check-in.ts";
import { updateKeyResult } from "../domain/update-key-result.ts";
import { type AppEnv, deferTo } from "../env.ts";
import { notFound } from "../http-error.ts";
import { CheckInCreatedSchema } from "../people-schemas.ts";
import {
  AsOfQuery,
  ErrorSchema,
  KeyResultItem,
  KeyResultParams,
  KeyResultPatchBody,
  NewCheckInBody,
} from "../schemas.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { keyResultItem } from "../scoring/key-result-item.ts";
import { cascadeStore } from "../scoring/load.ts";
import { scoreStored } from "../scoring/scored-cascade.ts";
import { createRoute, errors, json, jsonBody } from "./openapi.ts";
import { etag } from "./preconditions.ts";

/** A viewer's write: not the generic "needs the admin token". */
const viewerRefused = {
  403: json(ErrorSchema, "A viewer cannot write: this needs the member or admin role"),
};

const getRoute = createRoute({
  operationId: "getKeyResult",
  method: "get",
  path: "/workspaces/{ws}/key-results/{id}",
  summary: "A key result with its score; ETag is its version",
  request: { params: KeyResultParams, query: AsOfQuery },
  responses: { 200: json(KeyResultItem, "The key result"), ...errors(400, 401, 404) },
});

const patchRoute = createRoute({
  operationId: "updateKeyResult",
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
    ...viewerRefused,
  },
});

const checkInRoute = createRoute({
  operationId: "createCheckIn",
  method: "post",
  path: "/workspaces/{ws}/key-results/{id}/check-ins",
  summary: "Record a check-in; answers with it, its author and the key result's new score",
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
    ...viewerRefused,
  },
});

export const keyResultRoutes = new OpenAPIHono<AppEnv>()
  .openapi(getRoute, async (c) => {
    const { ws, id } = c.req.valid("param");
    const workspace = await workspaceOf(c, ws);
    const stored = await cascadeStore(c.env.DB, workspace, deferTo(c)).read();
    const kr = stored?.doc.keyResults.find((k) => k.id === id);
    if (!stored || !kr) throw notFound("key result");
    const version = versionOf(stored, id);
    const scored = scoreStored(stored, c.req.valid("query").asOf ?? todayUtc());
    c.header("ETag", etag(version));
    return c.json(keyResultItem(kr, version, scored.keyResults.get(id), scored.report.asOf), 200);
  })
  .openapi(patchRoute, async (c) => {
    const { ws, id } = c.req.valid("param");
    const workspace = await workspaceOf(c, ws);
    const { item, version } = await updateKeyResult(
      cascadeStore(c.env.DB, workspace, deferTo(c)),
      workspace,
      id,
      c.req.valid("json"),
      { asOf: c.req.valid("query").asOf ?? todayUtc(), ifMatchHeader: c.req.valid("header")["if-match"] },
    );
    c.header("ETag", etag(version));
    return c.json(item, 200);
  })
  .openapi(checkInRoute, async (c) => {
    const { ws, id } = c.req.valid("param");
    const workspace = await workspaceOf(c, ws);
    const store = cascadeStore(c.env.DB, workspace, deferTo(c));
    const idempotencyKey = c.req.valid("header")["idempotency-key"];
    // 413 when one more check-in would cross a workspace limit (a recorded retry is still replayed).
    await checkCheckInLimits(store, id, workspaceLimits(c.env), idempotencyKey);
    const { answer, replayed } = await recordCheckIn(store, workspace, id, c.req.valid("json"), {
      asOf: c.req.valid("query").asOf ?? todayUtc(),
      idempotencyKey,
      by: c.var.principal,
    });
    if (replayed) c.header("Idempotent-Replayed", "true");
    return c.json(answer, 201);
  });
