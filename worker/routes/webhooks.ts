/**
 * Notion webhooks (`POST /v1/webhooks/notion/{ws}`): no bearer token, Notion cannot send one. The
 * subscription's first POST carries a `verification_token`, kept (sealed) for the workspace's Notion
 * connection; every later delivery must carry `X-Notion-Signature: sha256=<hex>`, the HMAC-SHA256 of
 * the raw body keyed by that token, or it gets 401 and changes nothing. A signed delivery queues an
 * incremental sync of the workspace (unless one is queued or running already): events carry ids only,
 * and the sync reads what changed.
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import type { AppEnv } from "../env.ts";
import { HttpError, notFound } from "../http-error.ts";
import { WorkspaceParams } from "../schemas.ts";
import { getConnection, keepWebhookSecret, webhookSecret } from "../sync/connections.ts";
import { hasOpenRun, queueRun } from "../sync/runs.ts";
import { createRoute, errors, json } from "./openapi.ts";

/** Notion's deliveries are small (ids only, batched): anything larger is not one. */
const MAX_WEBHOOK_BYTES = 256 * 1024;

const notionWebhook = createRoute({
  operationId: "receiveNotionWebhook",
  method: "post",
  path: "/webhooks/notion/{ws}",
  summary: "Notion's webhook deliveries for a workspace (the verification handshake, then signed events)",
  security: [],
  middleware: [
    bodyLimit({
      maxSize: MAX_WEBHOOK_BYTES,
      onError: () => {
        throw new HttpError("payload_too_large", `the body exceeds ${MAX_WEBHOOK_BYTES} bytes`);
      },
    }),
  ],
  request: { params: WorkspaceParams },
  responses: {
    200: json(z.object({ verified: z.literal(true) }), "The verification token is kept"),
    202: json(z.object({ queued: z.boolean() }), "A sync is queued (or one already was)"),
    ...errors(400, 401, 404, 413),
  },
});

async function signatureOf(secret: string, body: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(body)));
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** Constant-time comparison of two signatures. */
function sameSignature(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export const webhookRoutes = new OpenAPIHono<AppEnv>().openapi(notionWebhook, async (c) => {
  const { ws } = c.req.valid("param");
  // The same 404 for a workspace that does not exist and one without a Notion connection.
  if ((await getConnection(c.env.DB, ws, "notion")) === null) throw notFound("Notion connection");
  const body = await c.req.text();
  const signature = c.req.header("x-notion-signature");
  if (signature === undefined) {
    let verificationToken: unknown;
    try {
      verificationToken = (JSON.parse(body) as { verification_token?: unknown }).verification_token;
    } catch {
      verificationToken = undefined;
    }
    if (typeof verificationToken !== "string" || verificationToken === "") {
      throw new HttpError("unauthorized", "a delivery must carry X-Notion-Signature");
    }
    if (!(await keepWebhookSecret(c.env.DB, c.env.CONNECTIONS_KEY, ws, verificationToken))) {
      throw new HttpError(
        "conflict",
        "this workspace's webhook is verified already: save the connection again to reset it",
      );
    }
    return c.json({ verified: true as const }, 200);
  }
  const secret = await webhookSecret(c.env.DB, c.env.CONNECTIONS_KEY, ws);
  if (secret === null || !sameSignature(signature, await signatureOf(secret, body))) {
    throw new HttpError("unauthorized", "the X-Notion-Signature does not match this workspace's webhook");
  }
  if (await hasOpenRun(c.env.DB, ws, "notion")) return c.json({ queued: true }, 202);
  const run = await queueRun(c.env.DB, ws, "notion", "webhook");
  await c.env.SYNC_QUEUE?.send({ runId: run.id, workspaceId: ws, source: "notion" });
  return c.json({ queued: true }, 202);
});
