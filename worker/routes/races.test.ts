/**
 * Writes that land between a request's read and its write, made to happen every time: the app runs
 * with a D1 binding whose first `batch` call lets another write in first (what a concurrent request
 * on another isolate does when it commits in that gap). The cascade is read into this isolate's cache
 * beforehand, so the request's one batch is its write.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApp } from "../app.ts";
import { tinyCascade, workspaceWith } from "../test/helpers.ts";

const AS_OF = "2026-02-15";

/** `db`, except that `meanwhile` runs (once) just before the first batch goes in; counts batches. */
function racing(db: D1Database, meanwhile: () => Promise<unknown>): D1Database & { batches: number } {
  let batches = 0;
  return new Proxy(db as D1Database & { batches: number }, {
    get(target, property) {
      if (property === "batches") return batches;
      if (property === "batch") {
        return async (statements: D1PreparedStatement[]) => {
          if (batches++ === 0) await meanwhile();
          return target.batch(statements);
        };
      }
      const value = Reflect.get(target, property);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A request to a fresh app (an isolate of its own: nothing cached) over `db`. */
async function request(db: D1Database, path: string, token: string, init: RequestInit = {}) {
  const response = await createApp().request(
    `http://cascade.test${path}`,
    {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
    },
    { ...env, DB: db },
  );
  // biome-ignore lint/suspicious/noExplicitAny: tests read answers loosely, as callJson does
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

/** Reads the workspace's cascade into this isolate's cache (a report scores and keeps it). */
async function warm(ws: string, token: string) {
  expect((await request(env.DB, `/v1/workspaces/${ws}/report?asOf=${AS_OF}`, token)).status).toBe(200);
}

/** Another writer's check-in, straight into D1 as the check-in route writes one. */
async function otherCheckIn(ws: string, kr: string, date: string, value: number) {
  await env.DB.batch([
    env.DB.prepare(
      "INSERT INTO check_ins (workspace_id, key_result_id, date, value) VALUES (?1, ?2, ?3, ?4)",
    ).bind(ws, kr, date, value),
    env.DB.prepare("UPDATE workspaces SET revision = revision + 1 WHERE id = ?").bind(ws),
    env.DB.prepare(
      "UPDATE key_results SET has_check_ins = 1, version = (SELECT revision FROM workspaces WHERE id = ?1) WHERE workspace_id = ?1 AND id = ?2",
    ).bind(ws, kr),
  ]);
}

describe("a write landing between read and write", () => {
  it("answers a PATCH with If-Match 412 and one without 409, and writes nothing", async () => {
    const token = await workspaceWith("race-patch", tinyCascade());
    const path = "/v1/workspaces/race-patch/key-results/kr-a";
    const { body: before } = await request(env.DB, path, token);
    for (const [headers, status] of [
      [{ "if-match": `"${before.version}"` }, 412],
      [{}, 409],
    ] as const) {
      await warm("race-patch", token);
      const db = racing(env.DB, () => otherCheckIn("race-patch", "kr-a", "2026-02-01", 1));
      const answer = await request(db, path, token, {
        method: "PATCH",
        body: JSON.stringify({ title: "lost?" }),
        headers,
      });
      expect(db.batches).toBe(1);
      expect(answer.status).toBe(status);
      expect(answer.body.error.message).toMatch(/changed meanwhile/);
    }
    const { body: after } = await request(env.DB, path, token);
    expect(after.title).toBe("A");
  });

  it("scores a check-in's answer with the check-in that landed first, and records that answer", async () => {
    const token = await workspaceWith("race-check-in", tinyCascade());
    const path = `/v1/workspaces/race-check-in/key-results/kr-a/check-ins?asOf=${AS_OF}`;
    // Ours is dated earlier than the other writer's: the current value is theirs (60 of 100).
    await warm("race-check-in", token);
    const db = racing(env.DB, () => otherCheckIn("race-check-in", "kr-a", "2026-02-10", 60));
    const init = {
      method: "POST",
      body: JSON.stringify({ date: "2026-02-05", value: 20 }),
      headers: { "idempotency-key": "race-1" },
    };
    const answer = await request(db, path, token, init);
    expect(db.batches).toBe(1);
    expect(answer.status).toBe(201);
    expect(answer.body.checkIn).toMatchObject({ date: "2026-02-05", value: 20 });
    expect(answer.body.keyResult).toMatchObject({ current: 60, progress: 0.6 });
    const retried = await request(env.DB, path, token, init);
    expect(retried.body).toEqual(answer.body);
  });
});
