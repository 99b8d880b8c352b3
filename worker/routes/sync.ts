/**
 * The sync service's API: a workspace's Notion connection (`/connections/notion`), starting a run now
 * (`POST /sync`, 202) and the log of runs (`GET /sync-runs`, newest first). Runs are carried out by the
 * queue consumer (worker/sync/queue.ts).
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { KINDS } from "../../integrations/notion/layout.ts";
import { NotionError } from "../../integrations/notion/notion-api.ts";
import { workspaceOf } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { HttpError, invalid, notFound } from "../http-error.ts";
import { decodeCursor, encodeCursor } from "../pagination.ts";
import { ListQuery, WorkspaceParams } from "../schemas.ts";
import {
  type Connection,
  deleteConnection,
  getConnection,
  loadState,
  type NotionConnectionConfig,
  saveConnection,
} from "../sync/connections.ts";
import { notionApi } from "../sync/notion-job.ts";
import { listRuns, queueRun, type SyncRun } from "../sync/runs.ts";
import { createRoute, errors, json, jsonBody } from "./openapi.ts";

const kindRecord = <T extends z.ZodType>(value: T) =>
  z
    .object(
      Object.fromEntries(KINDS.map((k) => [k, value.optional()])) as Record<
        (typeof KINDS)[number],
        z.ZodOptional<T>
      >,
    )
    .strict();

const NotionConnectionBody = z
  .object({
    token: z.string().min(1, "expected the integration's secret").openapi({ example: "ntn_…" }),
    parentPageId: z.string().min(1, "expected the id of the page the databases live under"),
    databases: kindRecord(z.string().min(1))
      .optional()
      .openapi({ description: "Existing databases to adopt, by kind" }),
    properties: kindRecord(z.record(z.string(), z.string().min(1)))
      .optional()
      .openapi({ description: 'Renamed properties, by kind: { keyResults: { Target: "Goal value" } }' }),
  })
  .strict()
  .openapi("NotionConnectionBody");

const ConnectionSchema = z
  .object({
    kind: z.literal("notion"),
    parentPageId: z.string(),
    createdAt: z.string(),
    validatedAt: z.string(),
  })
  .openapi("Connection");

const RunSchema = z
  .object({
    id: z.string(),
    source: z.enum(["notion"]),
    trigger: z.enum(["cron", "manual", "webhook"]),
    status: z.enum(["queued", "running", "succeeded", "partial", "failed"]),
    queuedAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    attempts: z.number().int(),
    // additionalProperties: true, not the `{ nullable: true }` zod-to-openapi writes for z.unknown()
    summary: z.record(z.string(), z.unknown()).nullable().openapi({ additionalProperties: true }),
    error: z.string().nullable(),
  })
  .openapi("SyncRun");

const CONNECTION_PATH = "/workspaces/{ws}/connections/notion";

const putConnection = createRoute({
  operationId: "putNotionConnection",
  method: "put",
  path: CONNECTION_PATH,
  summary: "Connect the workspace's Notion (checked with Notion before it is saved; the token is encrypted)",
  request: { params: WorkspaceParams, body: jsonBody(NotionConnectionBody) },
  responses: { 200: json(ConnectionSchema, "Connected"), ...errors(400, 401, 404) },
});

const getConnectionRoute = createRoute({
  operationId: "getNotionConnection",
  method: "get",
  path: CONNECTION_PATH,
  summary: "The workspace's Notion connection (never its token)",
  request: { params: WorkspaceParams },
  responses: { 200: json(ConnectionSchema, "The connection"), ...errors(401, 404) },
});

const deleteConnectionRoute = createRoute({
  operationId: "deleteNotionConnection",
  method: "delete",
  path: CONNECTION_PATH,
  summary: "Disconnect Notion: the token and the sync state are deleted (Notion's pages stay)",
  request: { params: WorkspaceParams },
  responses: { 204: { description: "Disconnected" }, ...errors(401, 404) },
});

const startSync = createRoute({
  operationId: "startSync",
  method: "post",
  path: "/workspaces/{ws}/sync",
  summary: "Start a sync of the workspace's connections now; answers the queued run",
  request: { params: WorkspaceParams },
  responses: { 202: json(RunSchema, "Queued"), ...errors(401, 404, 409) },
});

const listSyncRuns = createRoute({
  operationId: "listSyncRuns",
  method: "get",
  path: "/workspaces/{ws}/sync-runs",
  summary: "The workspace's sync runs, newest first",
  request: { params: WorkspaceParams, query: ListQuery.omit({ asOf: true }) },
  responses: {
    200: json(z.object({ items: z.array(RunSchema), nextCursor: z.string().nullable() }), "A page of runs"),
    ...errors(400, 401, 404),
  },
});

/** A field's value as the sync compares it (a relation: the Cascade ids it holds); absent: no value. */
const fieldValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]).optional();

const ConflictSchema = z
  .object({
    at: z.string(),
    kind: z.string(),
    id: z.string(),
    field: z.string(),
    cascade: fieldValue.openapi({ description: "The document's value" }),
    notion: fieldValue.openapi({ description: "Notion's value" }),
    kept: z.enum(["cascade", "notion"]),
    why: z.string(),
  })
  .openapi("SyncConflict");

const conflictsRoute = createRoute({
  operationId: "listSyncConflicts",
  method: "get",
  path: "/workspaces/{ws}/sync-conflicts",
  summary:
    "The audit history of the Notion sync's conflicts, newest first: each field both sides changed, and who won",
  request: { params: WorkspaceParams },
  responses: {
    200: json(z.object({ items: z.array(ConflictSchema) }), "Every conflict kept"),
    ...errors(401, 404),
  },
});

function connectionJson(connection: Connection) {
  return {
    kind: "notion" as const,
    parentPageId: connection.config.parentPageId,
    createdAt: connection.createdAt,
    validatedAt: connection.validatedAt,
  };
}

function runJson(run: SyncRun) {
  const { workspaceId: _workspace, ...rest } = run;
  return rest;
}

/** One cheap call each: the token is an integration's, and the parent page is shared with it. */
async function checkWithNotion(api: ReturnType<typeof notionApi>, parentPageId: string): Promise<void> {
  try {
    await api.me();
  } catch (error) {
    if (error instanceof NotionError && error.code === "unauthorized") {
      throw invalid("invalid_request", [{ path: "token", message: "Notion did not accept this token" }]);
    }
    throw new HttpError("internal", `Notion could not be reached to check the connection: ${String(error)}`);
  }
  try {
    await api.retrievePage(parentPageId);
  } catch (error) {
    if (
      error instanceof NotionError &&
      (error.code === "object_not_found" || error.code === "restricted_resource")
    ) {
      throw invalid("invalid_request", [
        {
          path: "parentPageId",
          message: "no such page, or it is not shared with the integration (••• → Connections)",
        },
      ]);
    }
    if (error instanceof NotionError && error.code === "validation_error") {
      throw invalid("invalid_request", [{ path: "parentPageId", message: "expected a Notion page id" }]);
    }
    throw error;
  }
}

export const syncRoutes = new OpenAPIHono<AppEnv>()
  .openapi(putConnection, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    const { token, ...config } = c.req.valid("json");
    await checkWithNotion(notionApi(c.env, token), config.parentPageId);
    // The body's optional maps as the engine's config takes them: absent, never undefined.
    const settings = JSON.parse(JSON.stringify(config)) as NotionConnectionConfig;
    const saved = await saveConnection(
      c.env.DB,
      c.env.CONNECTIONS_KEY,
      workspace.id,
      "notion",
      token,
      settings,
    );
    return c.json(connectionJson(saved), 200);
  })
  .openapi(getConnectionRoute, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    const connection = await getConnection(c.env.DB, workspace.id, "notion");
    if (connection === null) throw notFound("Notion connection");
    return c.json(connectionJson(connection), 200);
  })
  .openapi(deleteConnectionRoute, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    if (!(await deleteConnection(c.env.DB, workspace.id, "notion"))) throw notFound("Notion connection");
    return c.body(null, 204);
  })
  .openapi(startSync, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    if ((await getConnection(c.env.DB, workspace.id, "notion")) === null) {
      throw new HttpError(
        "conflict",
        "the workspace has no connection to sync: PUT /connections/notion first",
      );
    }
    const run = await queueRun(c.env.DB, workspace.id, "notion", "manual");
    if (c.env.SYNC_QUEUE === undefined) throw new HttpError("internal", "the SYNC_QUEUE binding is missing");
    await c.env.SYNC_QUEUE.send({ runId: run.id, workspaceId: workspace.id, source: "notion" });
    c.header("Location", `/v1/workspaces/${workspace.id}/sync-runs`);
    return c.json(runJson(run), 202);
  })
  .openapi(conflictsRoute, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    const state = await loadState(c.env.DB, workspace.id, "notion");
    const items = [...(state?.history ?? [])].reverse().map(({ cascade, notion, ...conflict }) => ({
      ...conflict,
      ...(cascade === null ? {} : { cascade }),
      ...(notion === null ? {} : { notion }),
    }));
    return c.json({ items }, 200);
  })
  .openapi(listSyncRuns, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    const { limit, cursor } = c.req.valid("query");
    const after = cursor === undefined ? undefined : runCursor(decodeCursor(cursor, "string"));
    const runs = await listRuns(c.env.DB, workspace.id, limit + 1, after);
    const items = runs.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = runs.length > limit && last ? encodeCursor(`${last.queuedAt}|${last.id}`) : null;
    return c.json({ items: items.map(runJson), nextCursor }, 200);
  });

function runCursor(text: string): { queuedAt: string; id: string } {
  const [queuedAt, id] = text.split("|");
  if (!queuedAt || !id) {
    throw invalid("invalid_request", [{ path: "cursor", message: "not a nextCursor of this list" }]);
  }
  return { queuedAt, id };
}
