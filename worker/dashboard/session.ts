/**
 * Dashboard sessions: a workspace token, typed once into the sign-in form, starts a session kept in D1
 * (`dashboard_sessions`: a random id, the token's id, its workspace, when it was created and when it
 * expires, whether it was revoked). The browser holds only the session's id, in an HttpOnly cookie
 * signed with HMAC-SHA256. Every page reads the session back with its token and workspace, so a
 * sign-out, a revoked token or an admin's "sign out everywhere" ends it at once, server-side: a copy of
 * the cookie replayed later opens nothing. A session opened with a person's token acts as that person,
 * with the role they have at each request (a viewer's session changes nothing: an HTML 403 to any post).
 */
import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getSignedCookie, setSignedCookie } from "hono/cookie";
import { mayWrite, principalOf } from "../auth.ts";
import { toBase64Url } from "../base64.ts";
import { findSessionCredential } from "../db/people.ts";
import { findToken, revokeSession, startSession, type Workspace } from "../db/workspaces.ts";
import type { Bindings, Principal } from "../env.ts";
import { sha256Hex } from "../tokens.ts";
import { viewerRefused } from "./forbidden.tsx";

export const SESSION_COOKIE = "cascade_session";
/** A session lasts a week; signing in again starts a new one. */
export const SESSION_SECONDS = 7 * 24 * 60 * 60;

/** `ses_` and 256 random bits: the only thing the cookie carries (signed). */
const SESSION_ID = /^ses_[A-Za-z0-9_-]{43}$/;

export interface DashboardEnv {
  Bindings: Bindings;
  /**
   * Set by `requireSession`: the session's workspace and id (the id ties form tokens to the session),
   * and who it acts as, as the API's principal (a person's token: that person; pass it to
   * `recordCheckIn` as `by`).
   */
  Variables: { workspace: Workspace; sessionId: string; principal: Principal };
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

function newSessionId(): string {
  return `ses_${toBase64Url(crypto.getRandomValues(new Uint8Array(32)))}`;
}

/** The session id the request's cookie names, when its signature holds; undefined otherwise. */
async function cookieSessionId(c: Context<DashboardEnv>, key: string): Promise<string | undefined> {
  const value = await getSignedCookie(c, key, SESSION_COOKIE);
  return value && SESSION_ID.test(value) ? value : undefined;
}

/**
 * Checks a typed-in workspace token and starts a session for it; false when it is not one. The session
 * the browser held before, if any, ends.
 */
export async function signIn(c: Context<DashboardEnv>, token: string): Promise<boolean> {
  const key = await sessionKey(c.env);
  if (!key) throw new Error("neither SESSION_SECRET nor ADMIN_TOKEN is set: sessions cannot be signed");
  const found = await findToken(c.env.DB, await sha256Hex(token.trim()));
  if (!found) return false;
  const id = newSessionId();
  const now = Date.now();
  const started = await startSession(
    c.env.DB,
    {
      id,
      tokenId: found.id,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + SESSION_SECONDS * 1000).toISOString(),
    },
    await cookieSessionId(c, key),
  );
  if (!started) return false; // revoked since it was read
  await setSignedCookie(c, SESSION_COOKIE, id, key, {
    httpOnly: true,
    secure: new URL(c.req.url).protocol === "https:",
    sameSite: "Lax",
    path: "/",
    maxAge: SESSION_SECONDS,
  });
  return true;
}

/** Tells the browser to drop the cookie (the session itself is left as it is). */
export function clearSessionCookie(c: Context<DashboardEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: "/" });
}

/** Ends the request's session in D1, when its cookie names one, and drops the cookie. */
export async function signOut(c: Context<DashboardEnv>): Promise<void> {
  const key = await sessionKey(c.env);
  const id = key ? await cookieSessionId(c, key) : undefined;
  if (id) await revokeSession(c.env.DB, id, new Date().toISOString());
  clearSessionCookie(c);
}

/**
 * The workspace of the request's session, or null: no cookie, a bad signature, or a session that is
 * unknown, revoked or expired, or whose token is revoked.
 */
export async function sessionWorkspace(c: Context<DashboardEnv>): Promise<Workspace | null> {
  return (await liveSession(c))?.workspace ?? null;
}

async function liveSession(
  c: Context<DashboardEnv>,
): Promise<{ id: string; workspace: Workspace; principal: Principal } | null> {
  const key = await sessionKey(c.env);
  if (!key) return null;
  const id = await cookieSessionId(c, key);
  if (!id) return null;
  const session = await findSessionCredential(c.env.DB, id, new Date().toISOString());
  return session ? { id, workspace: session.workspace, principal: principalOf(session) } : null;
}

/**
 * Pages behind sign-in: without a live session, back to the sign-in form. A viewer's session may only
 * read: any other method is refused before the page's handler, as the API refuses it, with an HTML 403
 * page in the dashboard's frame.
 */
export const requireSession: MiddlewareHandler<DashboardEnv> = async (c, next) => {
  const session = await liveSession(c);
  if (!session) {
    clearSessionCookie(c);
    return c.redirect("/sign-in", 303);
  }
  c.set("workspace", session.workspace);
  c.set("sessionId", session.id);
  c.set("principal", session.principal);
  if (c.req.method !== "GET" && c.req.method !== "HEAD" && !mayWrite(session.principal)) {
    return viewerRefused(c);
  }
  await next();
};
