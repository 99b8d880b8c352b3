import { env, SELF } from "cloudflare:test";
import { serializeSigned } from "hono/utils/cookie";
import { describe, expect, it } from "vitest";
import { call, callJson, tinyCascade, workspaceWith } from "../test/helpers.ts";
import { SESSION_COOKIE, SESSION_SECONDS, sessionKey } from "./session.ts";

const ORIGIN = "http://cascade.test";

async function signIn(token: string, cookie?: string): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/sign-in`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      origin: ORIGIN,
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams({ token }).toString(),
    redirect: "manual",
  });
}

/** Signs in and returns the session cookie (`name=value`). */
async function session(token: string, cookie?: string): Promise<string> {
  const response = await signIn(token, cookie);
  expect(response.status).toBe(303);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
}

function page(path: string, cookie: string): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, { headers: { cookie }, redirect: "manual" });
}

function signOut(cookie: string, origin = ORIGIN): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/sign-out`, {
    method: "POST",
    headers: { cookie, origin },
    redirect: "manual",
  });
}

/** The cookie opens the dashboard. */
async function expectOpens(cookie: string): Promise<void> {
  const response = await page("/dashboard?asOf=2026-02-01", cookie);
  expect(response.status).toBe(200);
  expect(await response.text()).toContain("the cascade");
}

/** The cookie lands on the sign-in page, from every page behind sign-in, and is told to go away. */
async function expectSignedOut(cookie: string): Promise<void> {
  for (const path of [
    "/dashboard",
    "/dashboard/alerts",
    "/dashboard/execution",
    "/dashboard/key-results/kr-a",
  ]) {
    const response = await page(path, cookie);
    expect(response.status, path).toBe(303);
    expect(response.headers.get("location"), path).toBe("/sign-in");
    expect(response.headers.get("set-cookie"), path).toMatch(/^cascade_session=;.*Max-Age=0/i);
  }
  const root = await page("/", cookie);
  expect(root.headers.get("location")).toBe("/sign-in");
  const form = await page("/sign-in", cookie);
  expect(form.status).toBe(200);
  expect(await form.text()).toContain("Workspace token");
}

/** The session id a cookie carries (before its signature). */
function sessionIdOf(cookie: string): string {
  return decodeURIComponent(cookie.slice(cookie.indexOf("=") + 1)).split(".")[0] as string;
}

async function tokenIds(ws: string): Promise<string[]> {
  const { body } = await callJson(`/v1/workspaces/${ws}/tokens`);
  return body.items.map((t: { id: string }) => t.id);
}

async function sessionRows(ws: string) {
  const { results } = await env.DB.prepare(
    "SELECT id, token_id, created_at, expires_at, revoked_at FROM dashboard_sessions WHERE workspace_id = ? ORDER BY created_at, id",
  )
    .bind(ws)
    .all<{
      id: string;
      token_id: string;
      created_at: string;
      expires_at: string;
      revoked_at: string | null;
    }>();
  return results;
}

describe("dashboard sessions are kept on the server", () => {
  it("a valid session opens every page, and its cookie names a random session id, not the token", async () => {
    const token = await workspaceWith("ses-valid", tinyCascade());
    const cookie = await session(token);
    const [tokenId] = await tokenIds("ses-valid");
    expect(cookie).toMatch(/^cascade_session=ses_[A-Za-z0-9_-]{43}\./);
    expect(cookie).not.toContain(tokenId as string);
    expect(cookie).not.toContain(token);
    await expectOpens(cookie);
    for (const path of ["/dashboard/alerts", "/dashboard/execution", "/dashboard/key-results/kr-a"]) {
      expect((await page(path, cookie)).status, path).toBe(200);
    }
    const rows = await sessionRows("ses-valid");
    expect(rows).toHaveLength(1);
    const row = rows[0] as (typeof rows)[number];
    expect(row.id).toBe(sessionIdOf(cookie));
    expect(row).toMatchObject({ token_id: tokenId, revoked_at: null });
    expect(Date.parse(row.expires_at) - Date.parse(row.created_at)).toBe(SESSION_SECONDS * 1000);
  });

  it("a cookie replayed after sign-out lands on the sign-in page; the token's other sessions go on", async () => {
    const token = await workspaceWith("ses-out", tinyCascade());
    const cookie = await session(token);
    const other = await session(token);
    await expectOpens(cookie);
    const out = await signOut(cookie);
    expect(out.status).toBe(303);
    expect(out.headers.get("location")).toBe("/sign-in");
    expect(out.headers.get("set-cookie")).toMatch(/cascade_session=;.*Max-Age=0/i);
    await expectSignedOut(cookie);
    await expectOpens(other);
    expect((await sessionRows("ses-out")).filter((r) => r.revoked_at !== null)).toHaveLength(1);
    // Signing in again starts a new session.
    await expectOpens(await session(token));
  });

  it("a sign-out posted from another site is refused and ends nothing", async () => {
    const token = await workspaceWith("ses-out-csrf", tinyCascade());
    const cookie = await session(token);
    const forged = await signOut(cookie, "https://evil.example");
    expect(forged.status).toBe(403);
    expect(forged.headers.get("set-cookie")).toBeNull();
    await expectOpens(cookie);
  });

  it("signing in again ends the session the browser held before", async () => {
    const token = await workspaceWith("ses-again", tinyCascade());
    const first = await session(token);
    const second = await session(token, first);
    expect(second).not.toBe(first);
    await expectSignedOut(first);
    await expectOpens(second);
  });

  it("a cookie replayed after its token is revoked lands on the sign-in page; other tokens' sessions go on", async () => {
    const token = await workspaceWith("ses-revoke", tinyCascade());
    const [revokedId] = await tokenIds("ses-revoke");
    const issued = await callJson("/v1/workspaces/ses-revoke/tokens", { method: "POST" });
    expect(issued.status).toBe(201);
    const one = await session(token);
    const two = await session(token);
    const kept = await session(issued.body.token);
    const revoked = await call(`/v1/workspaces/ses-revoke/tokens/${revokedId}`, { method: "DELETE" });
    expect(revoked.status).toBe(204);
    await expectSignedOut(one);
    await expectSignedOut(two);
    await expectOpens(kept);
    // The revocation ended the rows themselves, in the same batch, not only the token.
    const rows = await sessionRows("ses-revoke");
    expect(rows.filter((r) => r.token_id === revokedId).map((r) => r.revoked_at !== null)).toEqual([
      true,
      true,
    ]);
    expect(rows.filter((r) => r.token_id === issued.body.id).map((r) => r.revoked_at)).toEqual([null]);
    // The revoked token cannot start a new one.
    expect((await signIn(token)).status).toBe(401);
  });

  it("a cookie replayed after the admin signs the workspace out everywhere lands on the sign-in page", async () => {
    const token = await workspaceWith("ses-all", tinyCascade());
    const issued = await callJson("/v1/workspaces/ses-all/tokens", { method: "POST" });
    const elsewhere = await session(await workspaceWith("ses-all-other", tinyCascade()));
    const cookies = [await session(token), await session(token), await session(issued.body.token)];
    for (const cookie of cookies) await expectOpens(cookie);

    // Only the admin may: a workspace token gets 403 on its own workspace, 404 on another's.
    const own = await callJson("/v1/workspaces/ses-all/sessions/revoke", { method: "POST", token });
    expect(own.status).toBe(403);
    expect(own.body.error.code).toBe("forbidden");
    const other = await callJson("/v1/workspaces/ses-all-other/sessions/revoke", { method: "POST", token });
    expect(other.status).toBe(404);
    const anonymous = await callJson("/v1/workspaces/ses-all/sessions/revoke", {
      method: "POST",
      token: null,
    });
    expect(anonymous.status).toBe(401);
    expect((await callJson("/v1/workspaces/nope/sessions/revoke", { method: "POST" })).status).toBe(404);
    for (const cookie of cookies) await expectOpens(cookie);

    const revoked = await call("/v1/workspaces/ses-all/sessions/revoke", { method: "POST" });
    expect(revoked.status).toBe(204);
    expect(await revoked.text()).toBe("");
    for (const cookie of cookies) await expectSignedOut(cookie);
    await expectOpens(elsewhere);
    // The tokens stay valid: a new sign-in works, and a second revoke is fine.
    await expectOpens(await session(token));
    expect((await call("/v1/workspaces/ses-all/sessions/revoke", { method: "POST" })).status).toBe(204);
  });

  it("a cookie replayed after its session expired lands on the sign-in page, and the next sign-in deletes it", async () => {
    const token = await workspaceWith("ses-expired", tinyCascade());
    const cookie = await session(token);
    const fresh = await session(token);
    const id = sessionIdOf(cookie);
    expect((await sessionRows("ses-expired")).map((r) => r.id)).toContain(id);
    // The cookie itself would live on in a browser that ignores Max-Age, or in a copy.
    const past = new Date(Date.now() - 1000).toISOString();
    await env.DB.prepare("UPDATE dashboard_sessions SET expires_at = ? WHERE id = ?").bind(past, id).run();
    await expectSignedOut(cookie);
    await expectOpens(fresh);
    await session(token);
    const ids = (await sessionRows("ses-expired")).map((r) => r.id);
    expect(ids).not.toContain(id);
    expect(ids).toEqual(expect.arrayContaining([sessionIdOf(fresh)]));
    expect(ids).toHaveLength(2);
  });

  it("refuses a cookie of the old format (token id and issue time), even signed with the right key", async () => {
    await workspaceWith("ses-old", tinyCascade());
    const [tokenId] = await tokenIds("ses-old");
    const key = await sessionKey(env);
    const old = await serializeSigned(
      SESSION_COOKIE,
      `${tokenId}.${Math.floor(Date.now() / 1000)}`,
      key as string,
    );
    await expectSignedOut(old.split(";")[0] as string);
  });

  it("a sign-out without a session, or with a forged one, only clears the cookie", async () => {
    for (const cookie of ["", "cascade_session=ses_forged.x", "cascade_session=garbage"]) {
      const out = await signOut(cookie);
      expect(out.status).toBe(303);
      expect(out.headers.get("set-cookie")).toMatch(/cascade_session=;.*Max-Age=0/i);
    }
  });
});
