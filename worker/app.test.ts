import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "./app.ts";
import { ERROR_CODES, ERROR_STATUS } from "./error-codes.ts";
import { HttpError } from "./http-error.ts";
import { callJson, newWorkspace } from "./test/helpers.ts";

describe("the app's edges", () => {
  it("answers /healthz without a token", async () => {
    const { status, body } = await callJson("/healthz", { token: null });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true });
  });

  it("serves an OpenAPI document listing every route, generated from the zod schemas", async () => {
    const { status, body } = await callJson("/openapi.json", { token: null });
    expect(status).toBe(200);
    expect(body.openapi).toBe("3.0.3");
    expect(Object.keys(body.paths).sort()).toEqual(
      [
        "/healthz",
        "/v1/me",
        "/v1/workspaces",
        "/v1/workspaces/{ws}/agenda",
        "/v1/workspaces/{ws}/alerts",
        "/v1/workspaces/{ws}/cascade",
        "/v1/workspaces/{ws}/check-ins",
        "/v1/workspaces/{ws}/connections/coda",
        "/v1/workspaces/{ws}/connections/notion",
        "/v1/workspaces/{ws}/cycles",
        "/v1/workspaces/{ws}/cycles/{cycleId}/retro",
        "/v1/workspaces/{ws}/goals",
        "/v1/workspaces/{ws}/health-metrics",
        "/v1/workspaces/{ws}/imperatives",
        "/v1/workspaces/{ws}/initiatives",
        "/v1/workspaces/{ws}/key-results",
        "/v1/workspaces/{ws}/key-results/{id}",
        "/v1/workspaces/{ws}/key-results/{id}/check-ins",
        "/v1/workspaces/{ws}/objectives",
        "/v1/workspaces/{ws}/people",
        "/v1/workspaces/{ws}/people/{personId}",
        "/v1/workspaces/{ws}/people/{personId}/tokens",
        "/v1/workspaces/{ws}/people/{personId}/tokens/{tokenId}",
        "/v1/workspaces/{ws}/reallocations",
        "/v1/workspaces/{ws}/report",
        "/v1/workspaces/{ws}/sessions/revoke",
        "/v1/workspaces/{ws}/source-events",
        "/v1/workspaces/{ws}/sources",
        "/v1/workspaces/{ws}/sync",
        "/v1/workspaces/{ws}/sync-conflicts",
        "/v1/workspaces/{ws}/sync-runs",
        "/v1/workspaces/{ws}/tokens",
        "/v1/workspaces/{ws}/tokens/{tokenId}",
        "/v1/webhooks/notion/{ws}",
      ].sort(),
    );
    const report = body.components.schemas.ScoreReport;
    expect(Object.keys(report.properties)).toEqual(
      expect.arrayContaining(["initiatives", "capacity", "health", "reallocations"]),
    );
    expect(body.components.schemas.InitiativeReport.properties.line.enum).toContain("admitted_by_trade_off");
    const doc = body.components.schemas.CascadeDocument;
    expect(doc.required).toEqual(expect.arrayContaining(["version", "organization", "cycles", "keyResults"]));
    expect(doc.additionalProperties).toBe(false);
    expect(body.paths["/v1/workspaces/{ws}/key-results/{id}/check-ins"].post.responses["201"]).toBeDefined();
    expect(body.components.schemas.Error.properties.error.properties.code.enum).toEqual([
      "invalid_request",
      "invalid_json",
      "invalid_document",
      "unauthorized",
      "forbidden",
      "not_found",
      "conflict",
      "idempotency_key_reused",
      "precondition_failed",
      "payload_too_large",
      "unsupported_media_type",
      "internal",
    ]);
  });

  it.each(ERROR_CODES)(
    "answers the error code %s with its status, in the documented envelope",
    async (code) => {
      const response = new HttpError(code, "what went wrong").getResponse();
      expect(response.status).toBe(ERROR_STATUS[code]);
      expect(await response.json()).toEqual({ error: { code, message: "what went wrong" } });
    },
  );

  it("answers unknown routes with the error envelope", async () => {
    const { status, body } = await callJson("/nope", { token: null });
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: "not_found", message: "no such route" } });
  });

  it("answers 401 with WWW-Authenticate without a token, with a malformed one, or an unknown one", async () => {
    for (const headers of [{}, { authorization: "Basic abc" }, { authorization: "Bearer" }]) {
      const response = await callJson("/v1/me", { token: null, headers });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(response.body.error.code).toBe("unauthorized");
    }
    const { status } = await callJson("/v1/me", { token: "csk_not-a-real-token" });
    expect(status).toBe(401);
  });

  it("names the token's workspace on /v1/me, its person and role for a person's token, and the admin as admin", async () => {
    const token = await newWorkspace("me-ws", "Me Incorporated");
    expect((await callJson("/v1/me", { token })).body).toEqual({
      kind: "workspace",
      workspace: { id: "me-ws", name: "Me Incorporated" },
    });
    const person = await callJson("/v1/workspaces/me-ws/people", {
      token,
      body: { name: "Ana Lima", email: "ana@example.com", role: "viewer" },
    });
    const issued = await callJson(`/v1/workspaces/me-ws/people/${person.body.id}/tokens`, {
      token,
      method: "POST",
    });
    const me = async () => (await callJson("/v1/me", { token: issued.body.token })).body;
    expect(await me()).toEqual({
      kind: "workspace",
      workspace: { id: "me-ws", name: "Me Incorporated" },
      person: { id: person.body.id, name: "Ana Lima", role: "viewer" },
    });
    // The role as it is now, from the next request on.
    await callJson(`/v1/workspaces/me-ws/people/${person.body.id}`, {
      token,
      method: "PATCH",
      body: { role: "admin" },
    });
    expect((await me()).person).toEqual({ id: person.body.id, name: "Ana Lima", role: "admin" });
    expect((await callJson("/v1/me")).body).toEqual({ kind: "admin" });
  });

  it("answers 500 without internals when something unexpected breaks", async () => {
    const broken = {
      prepare() {
        throw new Error("SQLITE_CORRUPT: secret table layout");
      },
    } as unknown as D1Database;
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const response = await createApp().request(
        "/v1/me",
        { headers: { authorization: "Bearer some-token" } },
        { ...env, DB: broken },
      );
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({ error: { code: "internal", message: "internal error" } });
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });
});
