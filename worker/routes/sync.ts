/**
 * The sync service's API: a workspace's connections (`/connections/notion`, `/connections/coda`), starting a run now
 * (`POST /sync`, 202) and the log of runs (`GET /sync-runs`, newest first). Runs are carried out by the
 * queue consumer (worker/sync/queue.ts).
 */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { type CodaApi, isCodaError } from "../../integrations/coda/coda-api.ts";
import { KINDS } from "../../integrations/notion/layout.ts";
import { type NotionApi, NotionError } from "../../integrations/notion/notion-api.ts";
import { workspaceOf } from "../auth.ts";
import type { AppEnv } from "../env.ts";
import { HttpError, invalid, notFound } from "../http-error.ts";
import { decodeCursor, encodeCursor } from "../pagination.ts";
import { CheckInListQuery, ListQuery, WorkspaceParams } from "../schemas.ts";
import { codaApi } from "../sync/coda-job.ts";
import {
  type Connection,
  deleteConnection,
  getConnection,
  loadState,
  type NotionConnectionConfig,
  saveConnection,
} from "../sync/connections.ts";
import { notionApi } from "../sync/notion-job.ts";
import { listRuns, type SyncRun } from "../sync/runs.ts";
import { listSourceEvents, listSourceStatuses } from "../sync/sources.ts";
import { startRuns } from "../sync/start.ts";
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

const CodaConnectionBody = z
  .object({
    token: z
      .string()
      .min(1, "expected a Coda API token (Account settings → API settings)")
      .openapi({ example: "a1b2c3d4-…" }),
  })
  .strict()
  .openapi("CodaConnectionBody");

const CodaConnectionSchema = z
  .object({
    kind: z.literal("coda"),
    account: z.string().openapi({ description: "Whose token it is, as Coda names the account" }),
    createdAt: z.string(),
    validatedAt: z.string(),
  })
  .openapi("CodaConnection");

const RunSchema = z
  .object({
    id: z.string(),
    source: z.enum(["notion", "coda"]),
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

const CODA_PATH = "/workspaces/{ws}/connections/coda";

const putCodaConnection = createRoute({
  operationId: "putCodaConnection",
  method: "put",
  path: CODA_PATH,
  summary: "Connect the workspace's Coda account (the token is checked with Coda, then encrypted)",
  request: { params: WorkspaceParams, body: jsonBody(CodaConnectionBody) },
  responses: { 200: json(CodaConnectionSchema, "Connected"), ...errors(400, 401, 404) },
});

const getCodaConnection = createRoute({
  operationId: "getCodaConnection",
  method: "get",
  path: CODA_PATH,
  summary: "The workspace's Coda connection (never its token)",
  request: { params: WorkspaceParams },
  responses: { 200: json(CodaConnectionSchema, "The connection"), ...errors(401, 404) },
});

const deleteCodaConnection = createRoute({
  operationId: "deleteCodaConnection",
  method: "delete",
  path: CODA_PATH,
  summary: "Disconnect Coda: the token and the pull's state are deleted (check-ins recorded stay)",
  request: { params: WorkspaceParams },
  responses: { 204: { description: "Disconnected" }, ...errors(401, 404) },
});

const startSync = createRoute({
  operationId: "startSync",
  method: "post",
  path: "/workspaces/{ws}/sync",
  summary:
    "Start a sync of the workspace's connections now; answers the first queued run, and every run in `runs`",
  request: {
    params: WorkspaceParams,
    query: z.object({
      source: z
        .enum(["notion", "coda"])
        .optional()
        .openapi({ description: "Sync this connection only (default: every one the workspace has)" }),
    }),
  },
  responses: {
    202: json(RunSchema.extend({ runs: z.array(RunSchema) }), "Queued"),
    ...errors(400, 401, 404, 409),
  },
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

const SourceStatusSchema = z
  .object({
    keyResultId: z.string(),
    title: z
      .string()
      .nullable()
      .openapi({ description: "The key result's title (null: it left the cascade)" }),
    source: z.enum(["coda", "notion"]),
    binding: z.record(z.string(), z.unknown()).openapi({ additionalProperties: true }),
    value: z.number().nullable().openapi({ description: "What the source gave on the last run" }),
    problem: z.string().nullable().openapi({ description: "Why the binding could not be read, if so" }),
    checkedAt: z.string(),
    runId: z.string(),
  })
  .openapi("SourceStatus");

const SourceEventSchema = z
  .object({
    seq: z.number().int(),
    keyResultId: z.string(),
    source: z.enum(["coda", "notion"]),
    runId: z.string(),
    at: z.string(),
    event: z.enum(["recorded", "conflict", "problem"]),
    day: z.string().nullable(),
    value: z.number().nullable(),
    otherValue: z.number().nullable().openapi({ description: "A conflict's other check-in value" }),
    message: z.string().nullable(),
  })
  .openapi("SourceEvent");

const listSourcesRoute = createRoute({
  operationId: "listSources",
  method: "get",
  path: "/workspaces/{ws}/sources",
  summary: "Each key result bound to Coda or Notion: the value its source gave on the last run, or why none",
  request: { params: WorkspaceParams },
  responses: {
    200: json(z.object({ items: z.array(SourceStatusSchema) }), "Every binding read"),
    ...errors(401, 404),
  },
});

const listSourceEventsRoute = createRoute({
  operationId: "listSourceEvents",
  method: "get",
  path: "/workspaces/{ws}/source-events",
  summary: "The reconciliation's history, newest first: values recorded, conflicts and binding problems seen",
  request: { params: WorkspaceParams, query: CheckInListQuery },
  responses: {
    200: json(z.object({ items: z.array(SourceEventSchema), nextCursor: z.string().nullable() }), "A page"),
    ...errors(400, 401, 404),
  },
});

function codaConnectionJson(connection: Connection<"coda">) {
  return {
    kind: "coda" as const,
    account: connection.config.account,
    createdAt: connection.createdAt,
    validatedAt: connection.validatedAt,
  };
}

function connectionJson(connection: Connection<"notion">) {
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

/** One cheap call: whose the token is (`GET /whoami`), which also shows that Coda accepts it. */
async function checkWithCoda(api: CodaApi): Promise<string> {
  try {
    const user = await api.whoami();
    return user.loginId ? `${user.name} (${user.loginId})` : user.name;
  } catch (error) {
    if (isCodaError(error) && (error.code === "unauthorized" || error.code === "forbidden")) {
      throw invalid("invalid_request", [{ path: "token", message: "Coda did not accept this API token" }]);
    }
    throw new HttpError("internal", `Coda could not be reached to check the connection: ${String(error)}`);
  }
}

/** One cheap call each: the token is an integration's, and the parent page is shared with it. */
async function checkWithNotion(api: NotionApi, parentPageId: string): Promise<void> {
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
    await checkWithNotion(await notionApi(c.env, token), config.parentPageId);
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
  .openapi(putCodaConnection, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    const { token } = c.req.valid("json");
    const account = await checkWithCoda(await codaApi(c.env, token));
    const saved = await saveConnection(c.env.DB, c.env.CONNECTIONS_KEY, workspace.id, "coda", token, {
      account,
    });
    return c.json(codaConnectionJson(saved), 200);
  })
  .openapi(getCodaConnection, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    const connection = await getConnection(c.env.DB, workspace.id, "coda");
    if (connection === null) throw notFound("Coda connection");
    return c.json(codaConnectionJson(connection), 200);
  })
  .openapi(deleteCodaConnection, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    if (!(await deleteConnection(c.env.DB, workspace.id, "coda"))) throw notFound("Coda connection");
    return c.body(null, 204);
  })
  .openapi(startSync, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    const only = c.req.valid("query").source;
    const runs = await startRuns(c.env, workspace.id, { only, trigger: "manual" });
    if (runs.length === 0) {
      throw new HttpError(
        "conflict",
        only === undefined
          ? "the workspace has no connection to sync: PUT /connections/notion or /connections/coda first"
          : `the workspace has no ${only === "coda" ? "Coda" : "Notion"} connection: PUT /connections/${only} first`,
      );
    }
    c.header("Location", `/v1/workspaces/${workspace.id}/sync-runs`);
    return c.json({ ...runJson(runs[0] as SyncRun), runs: runs.map(runJson) }, 202);
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
  .openapi(listSourcesRoute, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    return c.json({ items: await listSourceStatuses(c.env.DB, workspace.id) }, 200);
  })
  .openapi(listSourceEventsRoute, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    const { limit, cursor, keyResultId } = c.req.valid("query");
    const before = cursor === undefined ? undefined : decodeCursor(cursor, "number");
    const events = await listSourceEvents(c.env.DB, workspace.id, limit + 1, before, keyResultId);
    const items = events.slice(0, limit);
    const last = items[items.length - 1];
    const nextCursor = events.length > limit && last ? encodeCursor(last.seq) : null;
    return c.json({ items, nextCursor }, 200);
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
