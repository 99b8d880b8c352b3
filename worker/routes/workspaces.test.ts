import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { callJson, newWorkspace, northwind, tinyCascade, workspaceWith } from "../test/helpers.ts";
import { sha256Hex } from "../tokens.ts";

describe("workspaces and tokens", () => {
  it("creates a workspace with a random token shown once and stored only as its hash", async () => {
    const { status, body } = await callJson("/v1/workspaces", { body: { id: "acme", name: "Acme" } });
    expect(status).toBe(201);
    expect(body).toMatchObject({ id: "acme", name: "Acme", token: expect.stringMatching(/^csk_[\w-]{43}$/) });
    const rows = await env.DB.prepare("SELECT * FROM workspace_tokens WHERE workspace_id = 'acme'").all();
    expect(rows.results).toHaveLength(1);
    expect(JSON.stringify(rows.results)).not.toContain(body.token);
    expect(rows.results[0]?.token_hash).toBe(await sha256Hex(body.token));
    expect((await callJson("/v1/me", { token: body.token })).status).toBe(200);
  });

  it("answers 409 for a taken id, 400 for bad bodies", async () => {
    await newWorkspace("taken");
    const again = await callJson("/v1/workspaces", { body: { id: "taken", name: "Again" } });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
    const cases: Array<[unknown, string]> = [
      [{ id: "Has Spaces", name: "x" }, "id"],
      [{ id: "ok", name: "" }, "name"],
      [{ id: "ok", name: 5 }, "name"],
      [{ id: "ok", name: "x", plan: "gold" }, "plan"],
      [{ name: "x" }, "id"],
    ];
    for (const [body, path] of cases) {
      const result = await callJson("/v1/workspaces", { body });
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
  });

  it("keeps admin routes to the admin token: 403 for a workspace token", async () => {
    const token = await newWorkspace("not-admin");
    expect((await callJson("/v1/workspaces", { token, body: { id: "x", name: "x" } })).status).toBe(403);
    expect((await callJson("/v1/workspaces/not-admin/tokens", { token, method: "POST" })).status).toBe(403);
    expect((await callJson("/v1/workspaces/not-admin/tokens", { token })).status).toBe(403);
  });

  it("issues, lists and revokes tokens; a revoked token answers 401", async () => {
    const first = await newWorkspace("rotate");
    const issued = await callJson("/v1/workspaces/rotate/tokens", { method: "POST" });
    expect(issued.status).toBe(201);
    expect(issued.body.token).not.toBe(first);
    const list = await callJson("/v1/workspaces/rotate/tokens");
    expect(list.body.items).toHaveLength(2);
    expect(JSON.stringify(list.body)).not.toContain(issued.body.token);
    const revoke = await callJson(`/v1/workspaces/rotate/tokens/${issued.body.id}`, { method: "DELETE" });
    expect(revoke.status).toBe(204);
    expect((await callJson("/v1/me", { token: issued.body.token })).status).toBe(401);
    expect((await callJson("/v1/me", { token: first })).status).toBe(200);
    const listed = await callJson("/v1/workspaces/rotate/tokens");
    expect(listed.body.items.find((t: { id: string }) => t.id === issued.body.id).revokedAt).toEqual(
      expect.any(String),
    );
    expect((await callJson("/v1/workspaces/rotate/tokens/tok_nope", { method: "DELETE" })).status).toBe(404);
    expect((await callJson("/v1/workspaces/ghost/tokens", { method: "POST" })).status).toBe(404);
  });
});

describe("tenancy", () => {
  it("answers 404 to a workspace token on every resource of another workspace", async () => {
    const a = await workspaceWith("tenant-a", tinyCascade("A"));
    await workspaceWith("tenant-b", northwind());
    const b = "/v1/workspaces/tenant-b";
    const attempts: Array<[string, { method?: string; body?: unknown }]> = [
      [`${b}/cascade`, {}],
      [`${b}/cascade`, { method: "PUT", body: tinyCascade("Hijack") }],
      [`${b}/report`, {}],
      [`${b}/imperatives`, {}],
      [`${b}/goals`, {}],
      [`${b}/objectives`, {}],
      [`${b}/key-results`, {}],
      [`${b}/check-ins`, {}],
      [`${b}/alerts`, {}],
      [`${b}/key-results/kr-q3-sql-volume`, {}],
      [`${b}/key-results/kr-q3-sql-volume`, { method: "PATCH", body: { title: "x" } }],
      [`${b}/key-results/kr-q3-sql-volume/check-ins`, { body: { date: "2026-08-01", value: 1 } }],
      [`${b}/agenda`, {}],
      [`${b}/tokens`, {}],
      [`${b}/tokens`, { method: "POST" }],
      [`${b}/tokens/some-token-id`, { method: "DELETE" }],
    ];
    for (const [path, options] of attempts) {
      const { status, body } = await callJson(path, { token: a, ...options });
      expect(status, `${options.method ?? "GET"} ${path}`).toBe(404);
      expect(body.error.code).toBe("not_found");
    }
    // Indistinguishable from a workspace that does not exist.
    const ghost = await callJson("/v1/workspaces/no-such-workspace/cascade", { token: a });
    expect(ghost.body).toEqual((await callJson(`${b}/cascade`, { token: a })).body);
    // And B is untouched.
    expect((await callJson(`${b}/cascade`)).body).toEqual(northwind());
  });

  it("lets the admin token reach every workspace", async () => {
    await workspaceWith("admin-sees", tinyCascade("Seen"));
    expect((await callJson("/v1/workspaces/admin-sees/cascade")).body.organization).toBe("Seen");
  });
});
