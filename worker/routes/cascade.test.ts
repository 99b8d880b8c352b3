import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { summarizeLint } from "../../core/lint/summary.ts";
import { scoreCascade } from "../../core/report.ts";
import type { KeyResult } from "../../schema/document.ts";
import { DUPLICATE_ID_PROBLEMS, duplicateIdsDocument } from "../../tests/fixtures/duplicate-ids.ts";
import { call, callJson, newWorkspace, northwind, tinyCascade, workspaceWith } from "../test/helpers.ts";
import { readFromD1, storeOf } from "../test/store.ts";

const put = (ws: string, body: unknown, token?: string, headers?: Record<string, string>) =>
  callJson(`/v1/workspaces/${ws}/cascade`, {
    method: "PUT",
    body,
    ...(token ? { token } : {}),
    ...(headers ? { headers } : {}),
  });

describe("PUT and GET /v1/workspaces/{ws}/cascade", () => {
  it("stores Northwind normalized and returns an equivalent document", async () => {
    const token = await newWorkspace("nw");
    const saved = await put("nw", northwind(), token);
    expect(saved.status).toBe(200);
    expect(saved.body.counts).toMatchObject({ keyResults: 46, objectives: 14, initiatives: 21 });
    expect(saved.headers.get("etag")).toBe(`"${saved.body.revision}"`);
    const got = await callJson("/v1/workspaces/nw/cascade", { token });
    expect(got.status).toBe(200);
    expect(got.body).toEqual(northwind());
    expect(got.headers.get("etag")).toBe(`"${saved.body.revision}"`);
    // Normalized: one row per key result and per check-in, not a blob.
    const rows = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM key_results WHERE workspace_id = 'nw'",
    ).first();
    expect(rows).toEqual({ n: 46 });
  });

  it("keeps empty optional sections and empty check-in lists as sent", async () => {
    const doc = { ...tinyCascade(), teams: [], dependencies: [], healthMetrics: [] };
    const token = await workspaceWith("empties", doc);
    expect((await callJson("/v1/workspaces/empties/cascade", { token })).body).toEqual(doc);
  });

  it("replaces the previous cascade entirely", async () => {
    const token = await workspaceWith("replace", northwind());
    await put("replace", tinyCascade("Second"), token);
    const got = await callJson("/v1/workspaces/replace/cascade", { token });
    expect(got.body).toEqual(tinyCascade("Second"));
    const checkIns = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM check_ins WHERE workspace_id = 'replace'",
    ).first();
    expect(checkIns).toEqual({ n: 0 });
  });

  it("rejects an invalid document with every problem by path, and changes nothing", async () => {
    const token = await workspaceWith("invalid", tinyCascade("Before"));
    const doc = tinyCascade() as unknown as Record<string, unknown>;
    const krs = doc.keyResults as Record<string, unknown>[];
    krs[0] = { ...krs[0], target: "100", tagret: 5 };
    (doc.cycles as Record<string, unknown>[])[0] = { id: "q1", start: "2026-02-30", end: "2026-03-31" };
    doc.colour = "blue";
    const { status, body } = await put("invalid", doc, token);
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_document");
    expect(body.error.issues).toEqual(
      expect.arrayContaining([
        { path: "keyResults[0].target", message: expect.stringContaining("number") },
        { path: "keyResults[0].tagret", message: "unknown field" },
        { path: "cycles[0].start", message: "expected a date YYYY-MM-DD" },
        { path: "colour", message: "unknown field" },
      ]),
    );
    expect((await callJson("/v1/workspaces/invalid/cascade", { token })).body).toEqual(tinyCascade("Before"));
  });

  it("rejects wrong types at the top and missing required fields", async () => {
    const token = await newWorkspace("types");
    for (const body of [[], "text", 42, null, { version: 2 }]) {
      const result = await put("types", body, token);
      expect(result.status).toBe(400);
      expect(result.body.error.issues.length).toBeGreaterThan(0);
    }
    const missing = await put("types", { version: 1, organization: "X" }, token);
    expect(missing.body.error.issues.map((i: { path: string }) => i.path)).toEqual(
      expect.arrayContaining(["cycles", "imperatives", "goals", "objectives", "keyResults"]),
    );
  });

  it("rejects ids repeated within a section, which the API could not address", async () => {
    const token = await newWorkspace("dupes");
    const doc = tinyCascade();
    doc.keyResults.push({ ...tinyCascade().keyResults[0], title: "again" } as KeyResult);
    const { status, body } = await put("dupes", doc, token);
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_document");
    expect(body.error.issues).toEqual([
      { path: "keyResults[3].id", message: 'duplicate id "kr-a" (also keyResults[0].id)' },
    ]);
    expect((await callJson("/v1/workspaces/dupes/cascade", { token })).status).toBe(404);
  });

  it("rejects an id used in two sections too, with the problems the CLI prints, and keeps what was stored", async () => {
    // The fixture `cascade score` refuses with exit 1 and these same problems (cli/cli.test.ts).
    const token = await workspaceWith("dupes-across", tinyCascade("Before"));
    const { status, body } = await put("dupes-across", duplicateIdsDocument(), token);
    expect(status).toBe(400);
    expect(body.error).toEqual({
      code: "invalid_document",
      message: "the document is invalid: 2 problem(s)",
      issues: DUPLICATE_ID_PROBLEMS,
    });
    expect((await callJson("/v1/workspaces/dupes-across/cascade", { token })).body).toEqual(
      tinyCascade("Before"),
    );
  });

  it("answers with the stored cascade's lint counted, so an upload with errors does not look clean", async () => {
    const token = await newWorkspace("lint-counts");
    const clean = await put("lint-counts", tinyCascade(), token);
    expect(clean.status).toBe(200);
    expect(clean.body.lint).toEqual({ errors: 0, warnings: 0, byCode: {} });
    const doc = tinyCascade();
    doc.keyResults = doc.keyResults.map((k) => ({ ...k, objectiveId: "nowhere" }));
    const broken = await put("lint-counts", doc, token);
    expect(broken.status).toBe(200);
    const today = new Date().toISOString().slice(0, 10);
    expect(broken.body.lint).toEqual(summarizeLint(scoreCascade(doc, today).lint));
    expect(broken.body.lint).toMatchObject({ byCode: { unknown_reference: 3 } });
    expect(broken.body.lint.errors).toBeGreaterThanOrEqual(3);
    const nw = await put("lint-counts", northwind(), token);
    expect(nw.body.lint).toEqual(summarizeLint(scoreCascade(northwind(), today).lint));
  });

  it("refuses text too long for D1 by path, or a record D1 cannot hold with 413, and keeps what was stored", async () => {
    const token = await newWorkspace("too-long");
    expect((await put("too-long", tinyCascade(), token)).status).toBe(200);
    const long = tinyCascade("Changed");
    long.keyResults[1] = {
      ...(long.keyResults[1] as KeyResult),
      checkIns: [{ date: "2026-02-01", note: "x".repeat(100_001) }],
    };
    const refused = await put("too-long", long, token);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: "invalid_document",
      issues: [
        {
          path: "keyResults[1].checkIns[0].note",
          message: "at most 100000 characters (this one has 100001)",
        },
      ],
    });
    // Each title within the limit, but 25 of them in one key result's milestones: one record over 2 MB.
    const wide = tinyCascade("Changed");
    wide.keyResults[2] = {
      ...(wide.keyResults[2] as KeyResult),
      milestones: Array.from({ length: 25 }, (_, i) => ({ title: `${i}${"m".repeat(99_990)}`, done: false })),
    };
    const tooLarge = await put("too-long", wide, token);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe("payload_too_large");
    expect(tooLarge.body.error.message).toMatch(/key_results/);
    const { body: stored } = await callJson("/v1/workspaces/too-long/cascade", { token });
    expect(stored.organization).toBe("Tiny");
  });

  it("stores references that resolve to nothing and reports them as lint", async () => {
    const token = await newWorkspace("dangling");
    const doc = tinyCascade();
    doc.keyResults = doc.keyResults.map((k, i) => (i === 0 ? { ...k, objectiveId: "nowhere" } : k));
    expect((await put("dangling", doc, token)).status).toBe(200);
    const report = await callJson("/v1/workspaces/dangling/report?asOf=2026-02-01", { token });
    expect(report.body.lint).toContainEqual(
      expect.objectContaining({ code: "unknown_reference", path: "keyResults[0].objectiveId" }),
    );
  });

  it("answers 400 invalid_json for a body that is not JSON, 415 for another media type", async () => {
    const token = await newWorkspace("json");
    const broken = await callJson("/v1/workspaces/json/cascade", {
      method: "PUT",
      token,
      rawBody: '{"version": 1,',
      headers: { "content-type": "application/json" },
    });
    expect(broken.status).toBe(400);
    expect(broken.body.error.code).toBe("invalid_json");
    const text = await callJson("/v1/workspaces/json/cascade", {
      method: "PUT",
      token,
      rawBody: "version: 1",
      headers: { "content-type": "text/yaml" },
    });
    expect(text.status).toBe(415);
    expect(text.body.error.code).toBe("unsupported_media_type");
  });

  it("answers 413 for an oversized body, with or without Content-Length", async () => {
    const token = await newWorkspace("huge");
    const doc = tinyCascade() as unknown as Record<string, unknown>;
    doc.organization = "x".repeat(17 * 1024 * 1024);
    const response = await call("/v1/workspaces/huge/cascade", { method: "PUT", token, body: doc });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
    const small = await callJson("/v1/workspaces/huge/key-results/kr-a/check-ins", {
      token,
      body: { date: "2026-01-05", note: "y".repeat(70 * 1024) },
    });
    expect(small.status).toBe(413);
    // Streamed without Content-Length: counted as it arrives.
    const bytes = new TextEncoder().encode(
      JSON.stringify({ date: "2026-01-05", note: "z".repeat(70 * 1024) }),
    );
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(bytes);
        controller.close();
      },
    });
    const streamed = await SELF.fetch("http://cascade.test/v1/workspaces/huge/key-results/kr-a/check-ins", {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: stream,
    });
    expect(streamed.status).toBe(413);
  });

  it("honours If-Match with the cascade's revision", async () => {
    const token = await newWorkspace("etag");
    const first = await put("etag", tinyCascade(), token, { "if-match": '"0"' });
    expect(first.status).toBe(200);
    const stale = await put("etag", tinyCascade("Stale"), token, { "if-match": '"0"' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe("precondition_failed");
    const fresh = await put("etag", tinyCascade("Fresh"), token, { "if-match": `"${first.body.revision}"` });
    expect(fresh.status).toBe(200);
    // Racing writers that read the same revision: exactly one wins, the others change nothing.
    const ifMatch = { "if-match": `"${fresh.body.revision}"` };
    const racers = await Promise.all(
      ["R1", "R2", "R3", "R4"].map((name) => put("etag", tinyCascade(name), token, ifMatch)),
    );
    expect(racers.map((r) => r.status).sort()).toEqual([200, 412, 412, 412]);
    const winner = racers.findIndex((r) => r.status === 200);
    expect((await callJson("/v1/workspaces/etag/cascade", { token })).body.organization).toBe(
      `R${winner + 1}`,
    );
  });

  it("answers 404 before a cascade is stored", async () => {
    const token = await newWorkspace("empty");
    for (const path of ["cascade", "report", "key-results", "check-ins", "alerts"]) {
      const { status, body } = await callJson(`/v1/workspaces/empty/${path}`, { token });
      expect(status).toBe(404);
      expect(body.error.code).toBe("not_found");
    }
  });

  it("leaves the old cascade in place when the replacing batch fails midway", async () => {
    const token = await workspaceWith("atomic", northwind());
    // A D1 whose batches end with a failing statement: every earlier DELETE and INSERT must roll back.
    const failing = new Proxy(env.DB, {
      get(target, prop) {
        if (prop === "batch") {
          return (statements: D1PreparedStatement[]) =>
            target.batch([...statements, target.prepare("INSERT INTO no_such_table VALUES (1)")]);
        }
        const value = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const store = await storeOf("atomic", {}, failing);
    await expect(store.apply({ kind: "replace", doc: tinyCascade("Broken") })).rejects.toThrow();
    expect((await readFromD1("atomic"))?.doc).toEqual(northwind());
    expect((await callJson("/v1/workspaces/atomic/cascade", { token })).body).toEqual(northwind());
  });
});
