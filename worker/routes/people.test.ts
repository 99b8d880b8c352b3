/**
 * People of a workspace (issue 17): managed by an admin person, a workspace token or the admin token;
 * each with tokens of their own, stored hashed and revocable; viewers refused on every write; a person
 * sees only their workspace; the workspace tokens of integrations keep every right they had.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { page, postForm, session } from "../dashboard/test-pages.ts";
import { ADMIN, callJson, tinyCascade, workspaceWith } from "../test/helpers.ts";
import { sha256Hex } from "../tokens.ts";

type Role = "viewer" | "member" | "admin";

const people = (ws: string) => `/v1/workspaces/${ws}/people`;

/** Adds a person with the workspace token and issues them a token. */
async function personWithToken(ws: string, manager: string, role: Role, name = `${role} of ${ws}`) {
  const added = await callJson(people(ws), {
    token: manager,
    body: { name, email: `${role}.${Math.random().toString(36).slice(2)}@example.com`, role },
  });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  const issued = await callJson(`${people(ws)}/${added.body.id}/tokens`, { token: manager, method: "POST" });
  expect(issued.status).toBe(201);
  return { id: added.body.id as string, name, token: issued.body.token as string, tokenId: issued.body.id };
}

const issuePaths = (body: { error: { issues?: Array<{ path: string }> } }) =>
  (body.error.issues ?? []).map((i) => i.path);

describe("people: add, list, read, change, remove", () => {
  it("adds a person with a workspace token and answers them, listed and readable by id", async () => {
    const token = await workspaceWith("ppl-crud", tinyCascade());
    const added = await callJson(people("ppl-crud"), {
      token,
      body: { name: "Ana Lima", email: "ana@example.com", role: "member" },
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      id: expect.stringMatching(/^per_[\w-]{12}$/),
      name: "Ana Lima",
      email: "ana@example.com",
      role: "member",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    const one = await callJson(`${people("ppl-crud")}/${added.body.id}`, { token });
    expect(one.body).toEqual(added.body);
    const list = await callJson(people("ppl-crud"), { token });
    expect(list.body).toEqual({ items: [added.body], nextCursor: null });
  });

  it("pages the list by id with the API's cursors", async () => {
    const token = await workspaceWith("ppl-page", tinyCascade());
    for (const n of [1, 2, 3]) {
      await callJson(people("ppl-page"), {
        token,
        body: { name: `P${n}`, email: `p${n}@example.com`, role: "viewer" },
      });
    }
    const first = await callJson(`${people("ppl-page")}?limit=2`, { token });
    expect(first.body.items).toHaveLength(2);
    const second = await callJson(`${people("ppl-page")}?limit=2&cursor=${first.body.nextCursor}`, { token });
    expect(second.body).toEqual({ items: [expect.any(Object)], nextCursor: null });
    const ids = [...first.body.items, ...second.body.items].map((p: { id: string }) => p.id);
    expect(ids).toEqual([...ids].sort());
    const bad = await callJson(`${people("ppl-page")}?cursor=nope&limit=0`, { token });
    expect(bad.status).toBe(400);
    expect(issuePaths(bad.body)).toEqual(expect.arrayContaining(["limit"]));
  });

  it("refuses bad bodies with 400, naming every bad field", async () => {
    const token = await workspaceWith("ppl-bad", tinyCascade());
    const cases: Array<[unknown, string[]]> = [
      [{ name: "A", email: "not-an-email", role: "member" }, ["email"]],
      [{ name: "A", email: "a@example.com", role: "owner" }, ["role"]],
      [{ name: "", email: "a@example.com", role: "member" }, ["name"]],
      [{ name: "   ", email: "a@example.com", role: "member" }, ["name"]],
      [{ email: "a@example.com", role: "member" }, ["name"]],
      [{ name: "A", role: "member" }, ["email"]],
      [{ name: "A", email: "a@example.com" }, ["role"]],
      [{ name: "A", email: "a@example.com", role: "member", team: "x" }, ["team"]],
      [{ name: 5, email: "nope", role: "boss" }, ["name", "email", "role"]],
    ];
    for (const [body, paths] of cases) {
      const result = await callJson(people("ppl-bad"), { token, body });
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.body.error.code).toBe("invalid_request");
      expect(issuePaths(result.body).sort(), JSON.stringify(body)).toEqual([...paths].sort());
    }
    const email = await callJson(people("ppl-bad"), {
      token,
      body: { name: "A", email: "nope", role: "member" },
    });
    expect(email.body.error.issues).toEqual([
      { path: "email", message: "expected an email address, such as ana@example.com" },
    ]);
    const role = await callJson(people("ppl-bad"), {
      token,
      body: { name: "A", email: "a@example.com", role: "owner" },
    });
    expect(role.body.error.issues).toEqual([
      { path: "role", message: "expected one of viewer, member, admin" },
    ]);
    expect((await callJson(people("ppl-bad"), { token })).body.items).toEqual([]);
  });

  it("answers 409 naming email for an email a live person has (any case), in a POST or a PATCH", async () => {
    const token = await workspaceWith("ppl-dup", tinyCascade());
    const ana = await callJson(people("ppl-dup"), {
      token,
      body: { name: "Ana", email: "ana@example.com", role: "member" },
    });
    const again = await callJson(people("ppl-dup"), {
      token,
      body: { name: "Ana again", email: "ANA@example.com", role: "viewer" },
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    expect(issuePaths(again.body)).toEqual(["email"]);
    const bo = await callJson(people("ppl-dup"), {
      token,
      body: { name: "Bo", email: "bo@example.com", role: "member" },
    });
    const patch = await callJson(`${people("ppl-dup")}/${bo.body.id}`, {
      token,
      method: "PATCH",
      body: { email: "Ana@Example.com" },
    });
    expect(patch.status).toBe(409);
    expect(issuePaths(patch.body)).toEqual(["email"]);
    // Another workspace may have the same email; a removed person's email is free again.
    const other = await workspaceWith("ppl-dup-other", tinyCascade());
    const elsewhere = await callJson(people("ppl-dup-other"), {
      token: other,
      body: { name: "Ana", email: "ana@example.com", role: "member" },
    });
    expect(elsewhere.status).toBe(201);
    await callJson(`${people("ppl-dup")}/${ana.body.id}`, { token, method: "DELETE" });
    const reused = await callJson(`${people("ppl-dup")}/${bo.body.id}`, {
      token,
      method: "PATCH",
      body: { email: "ana@example.com" },
    });
    expect(reused.status).toBe(200);
  });

  it("patches name, email and role; an empty patch changes nothing; bad fields are 400", async () => {
    const token = await workspaceWith("ppl-patch", tinyCascade());
    const { body: added } = await callJson(people("ppl-patch"), {
      token,
      body: { name: "Ana", email: "ana@example.com", role: "viewer" },
    });
    const url = `${people("ppl-patch")}/${added.id}`;
    const changed = await callJson(url, {
      token,
      method: "PATCH",
      body: { name: "Ana Lima", role: "admin", email: "ana.lima@example.com" },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({
      id: added.id,
      name: "Ana Lima",
      role: "admin",
      email: "ana.lima@example.com",
    });
    const same = await callJson(url, { token, method: "PATCH", body: {} });
    expect(same.body).toEqual(changed.body);
    const bad = await callJson(url, { token, method: "PATCH", body: { role: "root", email: "x", id: "y" } });
    expect(bad.status).toBe(400);
    expect(issuePaths(bad.body).sort()).toEqual(["email", "id", "role"]);
    const nobody = await callJson(`${people("ppl-patch")}/per_nobody`, { token, method: "PATCH", body: {} });
    expect(nobody.status).toBe(404);
  });

  it("removes a person: 404 afterwards, gone from the list, their tokens and sessions revoked", async () => {
    const token = await workspaceWith("ppl-remove", tinyCascade());
    const member = await personWithToken("ppl-remove", token, "member");
    const cookie = await session(member.token);
    expect((await page("/dashboard", cookie)).status).toBe(200);
    const removed = await callJson(`${people("ppl-remove")}/${member.id}`, { token, method: "DELETE" });
    expect(removed.status).toBe(204);
    expect((await callJson(`${people("ppl-remove")}/${member.id}`, { token })).status).toBe(404);
    expect((await callJson(`${people("ppl-remove")}/${member.id}`, { token, method: "DELETE" })).status).toBe(
      404,
    );
    expect((await callJson(people("ppl-remove"), { token })).body.items).toEqual([]);
    expect((await callJson("/v1/me", { token: member.token })).status).toBe(401);
    expect((await page("/dashboard", cookie)).headers.get("location")).toBe("/sign-in");
    const issued = await callJson(`${people("ppl-remove")}/${member.id}/tokens`, { token, method: "POST" });
    expect(issued.status).toBe(404);
  });
});

describe("a person's tokens", () => {
  it("are shown once, stored only as their hash, and act as the person", async () => {
    const token = await workspaceWith("ppl-tokens", tinyCascade());
    const member = await personWithToken("ppl-tokens", token, "member");
    expect(member.token).toMatch(/^csk_[\w-]{43}$/);
    const row = await env.DB.prepare("SELECT token_hash, person_id FROM workspace_tokens WHERE id = ?")
      .bind(member.tokenId)
      .first<{ token_hash: string; person_id: string }>();
    expect(row).toEqual({ token_hash: await sha256Hex(member.token), person_id: member.id });
    const listed = await callJson(`${people("ppl-tokens")}/${member.id}/tokens`, { token });
    expect(listed.body).toEqual({
      items: [{ id: member.tokenId, createdAt: expect.any(String), revokedAt: null }],
    });
    expect(JSON.stringify(listed.body)).not.toContain(member.token);
    expect((await callJson("/v1/workspaces/ppl-tokens/report", { token: member.token })).status).toBe(200);
  });

  it("stop working once revoked, one by one or all at once, and end the sessions they opened", async () => {
    const token = await workspaceWith("ppl-revoke", tinyCascade());
    const member = await personWithToken("ppl-revoke", token, "member");
    const url = `${people("ppl-revoke")}/${member.id}/tokens`;
    const second = (await callJson(url, { token, method: "POST" })).body;
    const third = (await callJson(url, { token, method: "POST" })).body;
    const cookie = await session(member.token);

    expect((await callJson(`${url}/${member.tokenId}`, { token, method: "DELETE" })).status).toBe(204);
    expect((await callJson("/v1/me", { token: member.token })).status).toBe(401);
    expect((await page("/dashboard", cookie)).headers.get("location")).toBe("/sign-in");
    expect((await callJson("/v1/me", { token: second.token })).status).toBe(200);
    // Revoking twice is fine; another person's or an unknown token is 404.
    expect((await callJson(`${url}/${member.tokenId}`, { token, method: "DELETE" })).status).toBe(204);
    expect((await callJson(`${url}/tok_unknown`, { token, method: "DELETE" })).status).toBe(404);
    const other = await personWithToken("ppl-revoke", token, "viewer");
    expect((await callJson(`${url}/${other.tokenId}`, { token, method: "DELETE" })).status).toBe(404);
    expect((await callJson("/v1/me", { token: other.token })).status).toBe(200);

    expect((await callJson(url, { token, method: "DELETE" })).status).toBe(204);
    for (const revoked of [second.token, third.token]) {
      expect((await callJson("/v1/me", { token: revoked })).status).toBe(401);
    }
    const listed = (await callJson(url, { token })).body.items;
    expect(listed.map((t: { revokedAt: string | null }) => t.revokedAt)).toEqual([
      expect.any(String),
      expect.any(String),
      expect.any(String),
    ]);
    // The person stays, and can be given a new token.
    const fresh = await callJson(url, { token, method: "POST" });
    expect((await callJson("/v1/me", { token: fresh.body.token })).status).toBe(200);
  });
});

describe("who may manage people", () => {
  it("an admin person, a workspace token or the admin token; members and viewers get 403", async () => {
    const token = await workspaceWith("ppl-who", tinyCascade());
    const admin = await personWithToken("ppl-who", token, "admin");
    const member = await personWithToken("ppl-who", token, "member");
    const viewer = await personWithToken("ppl-who", token, "viewer");
    const body = (n: string) => ({ name: n, email: `${n}@example.com`, role: "viewer" });

    for (const [who, credential] of [
      ["admin person", admin.token],
      ["workspace token", token],
      ["admin token", ADMIN],
    ] as const) {
      const added = await callJson(people("ppl-who"), {
        token: credential,
        body: body(who.replace(/ /g, "-")),
      });
      expect(added.status, who).toBe(201);
      expect((await callJson(people("ppl-who"), { token: credential })).status, who).toBe(200);
    }
    for (const [who, credential] of [
      ["member", member.token],
      ["viewer", viewer.token],
    ] as const) {
      const attempts: Array<[string, { method?: string; body?: unknown }]> = [
        [people("ppl-who"), { body: body(`by-${who}`) }],
        [people("ppl-who"), {}],
        [`${people("ppl-who")}/${admin.id}`, {}],
        [`${people("ppl-who")}/${admin.id}`, { method: "PATCH", body: { role: "viewer" } }],
        [`${people("ppl-who")}/${admin.id}`, { method: "DELETE" }],
        [`${people("ppl-who")}/${admin.id}/tokens`, { method: "POST" }],
        [`${people("ppl-who")}/${admin.id}/tokens`, {}],
        [`${people("ppl-who")}/${admin.id}/tokens`, { method: "DELETE" }],
        [`${people("ppl-who")}/${admin.id}/tokens/${admin.tokenId}`, { method: "DELETE" }],
      ];
      for (const [path, options] of attempts) {
        const result = await callJson(path, { token: credential, ...options });
        expect(result.status, `${who} ${options.method ?? "GET"} ${path}`).toBe(403);
        expect(result.body.error.code).toBe("forbidden");
      }
    }
    expect((await callJson("/v1/me", { token: admin.token })).status).toBe(200);
    expect((await callJson(`${people("ppl-who")}/${admin.id}`, { token })).body.role).toBe("admin");
  });

  it("a role change holds from the person's next request on", async () => {
    const token = await workspaceWith("ppl-promote", tinyCascade());
    const person = await personWithToken("ppl-promote", token, "viewer");
    const checkIn = () =>
      callJson("/v1/workspaces/ppl-promote/key-results/kr-a/check-ins", {
        token: person.token,
        body: { date: "2026-02-10", value: 5 },
      });
    expect((await checkIn()).status).toBe(403);
    await callJson(`${people("ppl-promote")}/${person.id}`, {
      token,
      method: "PATCH",
      body: { role: "member" },
    });
    expect((await checkIn()).status).toBe(201);
    await callJson(`${people("ppl-promote")}/${person.id}`, {
      token,
      method: "PATCH",
      body: { role: "viewer" },
    });
    expect((await checkIn()).status).toBe(403);
  });
});

describe("viewers", () => {
  it("read everything and are refused (403 forbidden) on every write, which changes nothing", async () => {
    const token = await workspaceWith("ppl-viewer", tinyCascade());
    const viewer = await personWithToken("ppl-viewer", token, "viewer");
    const ws = "/v1/workspaces/ppl-viewer";
    for (const path of [
      `${ws}/cascade`,
      `${ws}/report`,
      `${ws}/key-results/kr-a`,
      `${ws}/check-ins`,
      "/v1/me",
    ]) {
      expect((await callJson(path, { token: viewer.token })).status, path).toBe(200);
    }
    const before = await callJson(`${ws}/cascade`, { token });
    const writes: Array<[string, { method: string; body?: unknown; headers?: Record<string, string> }]> = [
      [`${ws}/cascade`, { method: "PUT", body: tinyCascade("Viewer's") }],
      [`${ws}/key-results/kr-a`, { method: "PATCH", body: { title: "Viewer's" } }],
      [
        `${ws}/key-results/kr-a/check-ins`,
        { method: "POST", body: { date: "2026-02-10", value: 5 }, headers: { "idempotency-key": "v-1" } },
      ],
      [`${ws}/sync`, { method: "POST", body: {} }],
      [`${ws}/connections/notion`, { method: "PUT", body: { token: "ntn_x", parentPageId: "p" } }],
      [`${ws}/connections/notion`, { method: "DELETE" }],
      [`${ws}/connections/coda`, { method: "PUT", body: { token: "coda-token" } }],
      [`${ws}/connections/coda`, { method: "DELETE" }],
      [`${ws}/tokens`, { method: "POST" }],
      [`${ws}/sessions/revoke`, { method: "POST" }],
    ];
    for (const [path, options] of writes) {
      const result = await callJson(path, { token: viewer.token, ...options });
      expect(result.status, `${options.method} ${path}`).toBe(403);
      expect(result.body.error).toEqual({
        code: "forbidden",
        message: "a viewer cannot change anything: this needs the member or admin role",
      });
    }
    const after = await callJson(`${ws}/cascade`, { token });
    expect(after.body).toEqual(before.body);
    expect(after.headers.get("etag")).toBe(before.headers.get("etag"));
    const receipts = await env.DB.prepare("SELECT COUNT(*) AS n FROM idempotency_keys WHERE workspace_id = ?")
      .bind("ppl-viewer")
      .first<{ n: number }>();
    expect(receipts?.n).toBe(0);
  });

  it("open the dashboard with their token, and a viewer's session may post nothing", async () => {
    const token = await workspaceWith("ppl-viewer-ui", tinyCascade());
    const viewer = await personWithToken("ppl-viewer-ui", token, "viewer");
    const cookie = await session(viewer.token);
    expect((await page("/dashboard?asOf=2026-02-01", cookie)).status).toBe(200);
    const keyResult = await page("/dashboard/key-results/kr-a?asOf=2026-02-01", cookie);
    expect(keyResult.status).toBe(200);
    for (const path of ["/dashboard/key-results/kr-a/check-ins", "/dashboard/sync"]) {
      const posted = await postForm(path, cookie, { date: "2026-02-10", value: "5" });
      expect(posted.status, path).toBe(403);
    }
    const stored = await callJson("/v1/workspaces/ppl-viewer-ui/cascade", { token });
    expect(stored.body.keyResults[0].checkIns).toBeUndefined();
  });
});

describe("tenancy of people", () => {
  it("a person of workspace A cannot read or change workspace B: 404 like anything of B", async () => {
    const a = await workspaceWith("ppl-tenant-a", tinyCascade("A"));
    const b = await workspaceWith("ppl-tenant-b", tinyCascade("B"));
    const adminOfA = await personWithToken("ppl-tenant-a", a, "admin");
    const personOfB = await personWithToken("ppl-tenant-b", b, "member");
    const B = "/v1/workspaces/ppl-tenant-b";
    const attempts: Array<[string, { method?: string; body?: unknown }]> = [
      [`${B}/cascade`, {}],
      [`${B}/report`, {}],
      [`${B}/check-ins`, {}],
      [`${B}/key-results/kr-a`, {}],
      [`${B}/key-results/kr-a/check-ins`, { body: { date: "2026-02-10", value: 5 } }],
      [`${B}/people`, {}],
      [`${B}/people`, { body: { name: "Spy", email: "spy@example.com", role: "admin" } }],
      [`${B}/people/${personOfB.id}`, {}],
      [`${B}/people/${personOfB.id}`, { method: "PATCH", body: { role: "viewer" } }],
      [`${B}/people/${personOfB.id}`, { method: "DELETE" }],
      [`${B}/people/${personOfB.id}/tokens`, { method: "POST" }],
      [`${B}/people/${personOfB.id}/tokens`, { method: "DELETE" }],
    ];
    for (const [path, options] of attempts) {
      const result = await callJson(path, { token: adminOfA.token, ...options });
      expect(result.status, `${options.method ?? (options.body ? "POST" : "GET")} ${path}`).toBe(404);
    }
    // B's person, their role and tokens are untouched; A's workspace token cannot reach them either.
    expect((await callJson(`${B}/people/${personOfB.id}`, { token: b })).body.role).toBe("member");
    expect((await callJson("/v1/me", { token: personOfB.token })).status).toBe(200);
    expect((await callJson(`${B}/people/${personOfB.id}/tokens`, { token: a, method: "POST" })).status).toBe(
      404,
    );
    // A's admin person managing A's people cannot address B's person through A's path.
    const crossed = await callJson(`/v1/workspaces/ppl-tenant-a/people/${personOfB.id}`, {
      token: adminOfA.token,
    });
    expect(crossed.status).toBe(404);
    const crossedToken = await callJson(`/v1/workspaces/ppl-tenant-a/people/${personOfB.id}/tokens`, {
      token: adminOfA.token,
      method: "POST",
    });
    expect(crossedToken.status).toBe(404);
  });
});

describe("workspace tokens of integrations", () => {
  it("keep every right they had: write the cascade, patch, check in, manage people; not the admin's routes", async () => {
    const token = await workspaceWith("ppl-integration", tinyCascade());
    const ws = "/v1/workspaces/ppl-integration";
    expect(
      (await callJson(`${ws}/cascade`, { token, method: "PUT", body: tinyCascade("Again") })).status,
    ).toBe(200);
    expect(
      (await callJson(`${ws}/key-results/kr-a`, { token, method: "PATCH", body: { title: "T" } })).status,
    ).toBe(200);
    const checkIn = await callJson(`${ws}/key-results/kr-a/check-ins`, {
      token,
      body: { date: "2026-02-10", value: 5 },
    });
    expect(checkIn.status).toBe(201);
    expect((await callJson(`${ws}/tokens`, { token })).status).toBe(403);
    expect((await callJson("/v1/me", { token })).body).toEqual({
      kind: "workspace",
      workspace: { id: "ppl-integration", name: "ppl-integration" },
    });
  });
});
