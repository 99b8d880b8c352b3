/**
 * Dashboard sessions: a workspace token, typed once into the sign-in form, becomes an HttpOnly cookie
 * signed with HMAC-SHA256 that names the token's id (never the token) and when it was issued. Every
 * page checks the token is still live in D1, so revoking it ends its sessions at once.
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import { findToken, getWorkspace, type Workspace } from "../db/workspaces.ts";
import type { Bindings } from "../env.ts";
import { sha256Hex } from "../tokens.ts";

export const SESSION_COOKIE = "cascade_session";
/** A session lasts a week; signing in again starts a new one. */
export const SESSION_SECONDS = 7 * 24 * 60 * 60;

export interface DashboardEnv {
  Bindings: Bindings;
  Variables: { workspace: Workspace };
}

/**
 * The key that signs cookies: the SESSION_SECRET secret, else one derived from ADMIN_TOKEN, so a local
 * setup works with one secret. Null when neither is set (the dashboard then refuses to sign anyone in).
 */
export async function sessionKey(env: Bindings): Promise<string | null> {
  if (env.SESSION_SECRET) return env.SESSION_SECRET;
  if (env.ADMIN_TOKEN) return sha256Hex(`cascade dashboard sessions\u0000${env.ADMIN_TOKEN}`);
  return null;
}

/** The live token with this id, with its workspace id. */
async function liveToken(db: D1Database, tokenId: string): Promise<{ workspaceId: string } | null> {
  const row = await db
    .prepare("SELECT workspace_id FROM workspace_tokens WHERE id = ? AND revoked_at IS NULL")
    .bind(tokenId)
    .first<{ workspace_id: string }>();
  return row ? { workspaceId: row.workspace_id } : null;
}

/** Checks a typed-in workspace token and starts a session for it; false when it is not one. */
export async function signIn(c: Context<DashboardEnv>, token: string): Promise<boolean> {
  const key = await sessionKey(c.env);
  if (!key) throw new Error("neither SESSION_SECRET nor ADMIN_TOKEN is set: sessions cannot be signed");
  const found = await findToken(c.env.DB, await sha256Hex(token.trim()));
  if (!found) return false;
  const issuedAt = Math.floor(Date.now() / 1000);
  await setSignedCookie(c, SESSION_COOKIE, `${found.id}.${issuedAt}`, key, {
    httpOnly: true,
    secure: new URL(c.req.url).protocol === "https:",
    sameSite: "Lax",
    path: "/",
    maxAge: SESSION_SECONDS,
  });
  return true;
}

export function signOut(c: Context<DashboardEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/** The workspace of the request's session, or null (no cookie, bad signature, expired, revoked). */
export async function sessionWorkspace(c: Context<DashboardEnv>): Promise<Workspace | null> {
  const key = await sessionKey(c.env);
  if (!key) return null;
  const value = await getSignedCookie(c, key, SESSION_COOKIE);
  if (!value) return null;
  const match = /^([A-Za-z0-9_-]+)\.(\d+)$/.exec(value);
  if (!match) return null;
  const issuedAt = Number(match[2]);
  if (Date.now() / 1000 - issuedAt > SESSION_SECONDS) return null;
  const token = await liveToken(c.env.DB, match[1] as string);
  return token ? getWorkspace(c.env.DB, token.workspaceId) : null;
}

/** Pages behind sign-in: without a live session, back to the sign-in form. */
export const requireSession: MiddlewareHandler<DashboardEnv> = async (c, next) => {
  const workspace = await sessionWorkspace(c);
  if (!workspace) {
    signOut(c);
    return c.redirect("/sign-in", 303);
  }
  c.set("workspace", workspace);
  await next();
};
