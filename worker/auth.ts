/**
 * Bearer-token auth for `/v1`: the admin token (a secret) or a workspace token (looked up by hash),
 * which is a person's (with their role) or an integration's (every right in its workspace). A
 * workspace token sees only its own workspace; anything else answers 404, as if it did not exist.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { CheckInAuthor, Credential } from "./db/people.ts";
import { findCredential } from "./db/people.ts";
import { getWorkspace, type Workspace } from "./db/workspaces.ts";
import type { AppEnv, Principal } from "./env.ts";
import { HttpError, notFound } from "./http-error.ts";
import { secretsEqual, sha256Hex } from "./tokens.ts";

const unauthorized = (message: string) =>
  new HttpError("unauthorized", message, undefined, { "WWW-Authenticate": 'Bearer realm="cascade"' });

/** The principal of a checked workspace token or dashboard session. */
export function principalOf(credential: Credential): Principal {
  const { tokenId, workspace, person } = credential;
  return { kind: "workspace", workspaceId: workspace.id, tokenId, workspace, person };
}

/** Who holds this bearer token, or null. */
export async function authenticate(
  db: D1Database,
  adminToken: string | undefined,
  token: string,
): Promise<Principal | null> {
  if (adminToken && (await secretsEqual(token, adminToken))) return { kind: "admin" };
  const found = await findCredential(db, await sha256Hex(token));
  return found ? principalOf(found) : null;
}

/** Whether the principal may change anything: everyone but a viewer. */
export function mayWrite(principal: Principal): boolean {
  return principal.kind === "admin" || principal.person?.role !== "viewer";
}

/** 403 for a viewer: they read, and change nothing. */
export function refuseViewer(principal: Principal): void {
  if (!mayWrite(principal)) {
    throw new HttpError("forbidden", "a viewer cannot change anything: this needs the member or admin role");
  }
}

const READS = new Set(["GET", "HEAD"]);

/**
 * Sets `principal` on the context; 401 without a valid `Authorization: Bearer <token>`. A viewer's
 * request that is not a read is refused here (403), before any route: every write of the API, those
 * to come included, is closed to viewers by default.
 */
export const requireToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization");
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  if (!match?.[1]) throw unauthorized("send Authorization: Bearer <token>");
  const principal = await authenticate(c.env.DB, c.env.ADMIN_TOKEN, match[1]);
  if (!principal) throw unauthorized("the token is unknown or revoked");
  if (!READS.has(c.req.method)) refuseViewer(principal);
  c.set("principal", principal);
  await next();
};

/** 403 unless the caller holds the admin token. */
export function requireAdmin(c: Context<AppEnv>): void {
  if (c.var.principal.kind !== "admin") throw new HttpError("forbidden", "this needs the admin token");
}

/** Whether the principal may manage people: the admin token, an integration's token or an admin person. */
export function mayManagePeople(principal: Principal): boolean {
  return principal.kind === "admin" || principal.person === null || principal.person.role === "admin";
}

/** 403 unless the caller may manage people (`mayManagePeople`). */
export function requirePeopleManager(c: Context<AppEnv>): void {
  if (mayManagePeople(c.var.principal)) return;
  throw new HttpError(
    "forbidden",
    "managing people needs the admin role, a workspace token without a person, or the admin token",
  );
}

/**
 * Who a check-in recorded by this principal names as its author: the person, else the token (an
 * integration's, or the ADMIN_TOKEN as "admin").
 *
 * @example authorOf({ kind: "admin" }) // { kind: "token", id: "admin", name: "admin" }
 */
export function authorOf(principal: Principal): CheckInAuthor {
  if (principal.kind === "admin") return { kind: "token", id: "admin", name: "admin" };
  const { person } = principal;
  return person
    ? { kind: "person", id: person.id, name: person.name }
    : { kind: "token", id: principal.tokenId, name: "integration" };
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
