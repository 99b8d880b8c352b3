/** Admin routes: create workspaces, issue, list and revoke their tokens, end their dashboard sessions. */
import { OpenAPIHono } from "@hono/zod-openapi";
import { requireAdmin, workspaceOf } from "../auth.ts";
import {
  createWorkspace,
  insertToken,
  listTokens,
  revokeToken,
  revokeWorkspaceSessions,
} from "../db/workspaces.ts";
import type { AppEnv } from "../env.ts";
import { HttpError, notFound } from "../http-error.ts";
import {
  CreatedWorkspaceSchema,
  CreateWorkspaceBody,
  IssuedTokenSchema,
  TokenListSchema,
  TokenParams,
  WorkspaceParams,
} from "../schemas.ts";
import { issueToken } from "../tokens.ts";
import { createRoute, errors, json, jsonBody } from "./openapi.ts";

const createWorkspaceRoute = createRoute({
  operationId: "createWorkspace",
  method: "post",
  path: "/workspaces",
  summary: "Create a workspace and its first token (admin)",
  request: { body: jsonBody(CreateWorkspaceBody) },
  responses: {
    201: json(CreatedWorkspaceSchema, "Created; the token is shown this once"),
    ...errors(400, 401, 403, 409, 413, 415),
  },
});

const issueTokenRoute = createRoute({
  operationId: "createToken",
  method: "post",
  path: "/workspaces/{ws}/tokens",
  summary: "Issue another token for a workspace (admin)",
  request: { params: WorkspaceParams },
  responses: { 201: json(IssuedTokenSchema, "Issued; shown this once"), ...errors(401, 403, 404) },
});

const listTokensRoute = createRoute({
  operationId: "listTokens",
  method: "get",
  path: "/workspaces/{ws}/tokens",
  summary: "A workspace's tokens, without secrets (admin)",
  request: { params: WorkspaceParams },
  responses: { 200: json(TokenListSchema, "The tokens"), ...errors(401, 403, 404) },
});

const revokeTokenRoute = createRoute({
  operationId: "revokeToken",
  method: "delete",
  path: "/workspaces/{ws}/tokens/{tokenId}",
  summary: "Revoke a token and end the dashboard sessions it started (admin)",
  request: { params: TokenParams },
  responses: { 204: { description: "Revoked" }, ...errors(401, 403, 404) },
});

const revokeSessionsRoute = createRoute({
  operationId: "revokeSessions",
  method: "post",
  path: "/workspaces/{ws}/sessions/revoke",
  summary: "Sign out everywhere: end every dashboard session of a workspace (admin)",
  description:
    "Every session signed in with any of the workspace's tokens ends at once; its cookie opens nothing " +
    "afterwards. The tokens stay valid: signing in again starts a new session.",
  request: { params: WorkspaceParams },
  responses: { 204: { description: "Every session ended" }, ...errors(401, 403, 404) },
});

const now = () => new Date().toISOString();

export const workspaceRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createWorkspaceRoute, async (c) => {
    requireAdmin(c);
    const { id, name } = c.req.valid("json");
    const token = await issueToken();
    if (!(await createWorkspace(c.env.DB, { id, name }, token, now()))) {
      throw new HttpError("conflict", `workspace ${id} already exists`);
    }
    return c.json({ id, name, token: token.token, tokenId: token.id }, 201);
  })
  .openapi(issueTokenRoute, async (c) => {
    // Another workspace's tokens are 404 like all its resources; one's own need the admin token (403).
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    requireAdmin(c);
    const token = await issueToken();
    await insertToken(c.env.DB, workspace.id, token, now());
    return c.json({ id: token.id, token: token.token }, 201);
  })
  .openapi(listTokensRoute, async (c) => {
    // Another workspace's tokens are 404 like all its resources; one's own need the admin token (403).
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    requireAdmin(c);
    return c.json({ items: await listTokens(c.env.DB, workspace.id) }, 200);
  })
  .openapi(revokeTokenRoute, async (c) => {
    const { ws, tokenId } = c.req.valid("param");
    const workspace = await workspaceOf(c, ws);
    requireAdmin(c);
    if (!(await revokeToken(c.env.DB, workspace.id, tokenId, now()))) throw notFound("token");
    return c.body(null, 204);
  })
  .openapi(revokeSessionsRoute, async (c) => {
    // Another workspace's sessions are 404 like all its resources; one's own need the admin token (403).
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    requireAdmin(c);
    await revokeWorkspaceSessions(c.env.DB, workspace.id, now());
    return c.body(null, 204);
  });
