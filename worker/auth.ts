/**
 * Bearer-token auth for `/v1`: the admin token (a secret) or a workspace token (looked up by hash).
 * A workspace token sees only its own workspace; anything else answers 404, as if it did not exist.
 */
import type { Context, MiddlewareHandler } from "hono";
import { findToken, getWorkspace, type Workspace } from "./db/workspaces.ts";
import type { AppEnv, Principal } from "./env.ts";
import { HttpError, notFound } from "./http-error.ts";
import { secretsEqual, sha256Hex } from "./tokens.ts";

const unauthorized = (message: string) =>
  new HttpError("unauthorized", message, undefined, { "WWW-Authenticate": 'Bearer realm="cascade"' });

/** Who holds this bearer token, or null. */
export async function authenticate(
  db: D1Database,
  adminToken: string | undefined,
  token: string,
): Promise<Principal | null> {
  if (adminToken && (await secretsEqual(token, adminToken))) return { kind: "admin" };
  const found = await findToken(db, await sha256Hex(token));
  return found
    ? { kind: "workspace", workspaceId: found.workspaceId, tokenId: found.id, workspace: found.workspace }
    : null;
}

/** Sets `principal` on the context; 401 without a valid `Authorization: Bearer <token>`. */
export const requireToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match?.[1]) throw unauthorized("send Authorization: Bearer <token>");
  const principal = await authenticate(c.env.DB, c.env.ADMIN_TOKEN, match[1]);
  if (!principal) throw unauthorized("the token is unknown or revoked");
  c.set("principal", principal);
  await next();
};

/** 403 unless the caller holds the admin token. */
export function requireAdmin(c: Context<AppEnv>): void {
  if (c.var.principal.kind !== "admin") throw new HttpError("forbidden", "this needs the admin token");
}

/**
 * The workspace named in the path, when the caller may see it; 404 otherwise. A workspace token's own
 * workspace was read with the token, at the start of this request; the admin's is read here.
 */
export async function workspaceOf(c: Context<AppEnv>, id: string): Promise<Workspace> {
  const principal = c.var.principal;
  if (principal.kind === "workspace") {
    if (principal.workspaceId !== id) throw notFound("workspace");
    return principal.workspace;
  }
  const workspace = await getWorkspace(c.env.DB, id);
  if (!workspace) throw notFound("workspace");
  return workspace;
}
