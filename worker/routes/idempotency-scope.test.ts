/**
 * Idempotency-Key receipts are kept per workspace (`idempotency_keys` is keyed by workspace and key):
 * two workspaces that happen to pick the same key each get their own first answer, their own check-in
 * and their own replays, and a key reused with another body is refused in its workspace only. Within
 * one workspace a key names one request: the same key on another key result is a reuse.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { CascadeDocument } from "../../schema/document.ts";
import { callJson, tinyCascade, workspaceWith } from "../test/helpers.ts";

const AS_OF = "2026-02-15";
const checkIns = (ws: string, id: string) => `/v1/workspaces/${ws}/key-results/${id}/check-ins?asOf=${AS_OF}`;

/** Two workspaces: the same cascade, but B's kr-a aims at 200, so the same check-in scores apart. */
async function twoWorkspaces(prefix: string) {
  const a = `${prefix}-a`;
  const b = `${prefix}-b`;
  const docB: CascadeDocument = tinyCascade("B");
  (docB.keyResults[0] as { target?: number }).target = 200;
  const tokens = { [a]: await workspaceWith(a, tinyCascade("A")), [b]: await workspaceWith(b, docB) };
  const post = (ws: string, body: unknown, key: string, kr = "kr-a") =>
    callJson(checkIns(ws, kr), { token: tokens[ws] as string, body, headers: { "idempotency-key": key } });
  return { a, b, post, token: (ws: string) => tokens[ws] as string };
}

const countCheckIns = async (ws: string, kr: string) =>
  (
    await env.DB.prepare("SELECT COUNT(*) AS n FROM check_ins WHERE workspace_id = ? AND key_result_id = ?")
      .bind(ws, kr)
      .first<{ n: number }>()
  )?.n;

const receiptsOf = async (key: string) =>
  (
    await env.DB.prepare("SELECT workspace_id FROM idempotency_keys WHERE key = ? ORDER BY workspace_id")
      .bind(key)
      .all<{ workspace_id: string }>()
  ).results.map((r) => r.workspace_id);

/** The check-ins the workspace's stored cascade holds for a key result. */
async function storedCheckIns(ws: string, token: string, kr = "kr-a") {
  const { status, body } = await callJson(`/v1/workspaces/${ws}/cascade`, { token });
  expect(status).toBe(200);
  return body.keyResults.find((k: { id: string }) => k.id === kr)?.checkIns ?? [];
}

describe("Idempotency-Key, per workspace", () => {
  it("gives each workspace posting the same key and body its own fresh 201 and its own check-in", async () => {
    const { a, b, post, token } = await twoWorkspaces("idem-scope-same");
    const key = "shared-key-1";
    const body = { date: "2026-02-10", value: 30, note: "same" };
    const first = await post(a, body, key);
    const second = await post(b, body, key);
    for (const answer of [first, second]) {
      expect(answer.status, JSON.stringify(answer.body)).toBe(201);
      expect(answer.headers.get("idempotent-replayed")).toBeNull();
      expect(answer.body.checkIn).toMatchObject({ keyResultId: "kr-a", ...body });
    }
    // Each answer is scored in its own workspace: A's kr-a aims at 100, B's at 200.
    expect(first.body.keyResult.progress).toBe(0.3);
    expect(second.body.keyResult.progress).toBe(0.15);
    expect(second.body.keyResult.target).toBe(200);
    expect(await countCheckIns(a, "kr-a")).toBe(1);
    expect(await countCheckIns(b, "kr-a")).toBe(1);
    expect(await storedCheckIns(a, token(a))).toEqual([body]);
    expect(await storedCheckIns(b, token(b))).toEqual([body]);
    expect(await receiptsOf(key)).toEqual([a, b]);
    // The answers name each workspace's own version of kr-a.
    for (const ws of [a, b]) {
      const read = await callJson(`/v1/workspaces/${ws}/key-results/kr-a`, { token: token(ws) });
      expect(read.body.version).toBe((ws === a ? first : second).body.keyResult.version);
    }
  });

  it("lets another workspace use a key with another body, and replays each workspace its own answer", async () => {
    const { a, b, post, token } = await twoWorkspaces("idem-scope-diff");
    const key = "shared-key-2";
    const bodyA = { date: "2026-02-10", value: 30 };
    const bodyB = { date: "2026-02-11", value: 70, confidence: 4 };
    const firstA = await post(a, bodyA, key);
    const firstB = await post(b, bodyB, key);
    expect(firstA.status).toBe(201);
    expect(firstB.status, JSON.stringify(firstB.body)).toBe(201);
    expect(firstB.headers.get("idempotent-replayed")).toBeNull();
    expect(firstB.body.checkIn).toMatchObject(bodyB);
    expect(firstB.body.keyResult.current).toBe(70);

    // A retry in A, after B used the key, gets A's answer back, not B's.
    const againA = await post(a, bodyA, key);
    expect(againA.status).toBe(201);
    expect(againA.headers.get("idempotent-replayed")).toBe("true");
    expect(againA.body).toEqual(firstA.body);
    expect(againA.body.checkIn.value).toBe(30);
    const againB = await post(b, bodyB, key);
    expect(againB.status).toBe(201);
    expect(againB.headers.get("idempotent-replayed")).toBe("true");
    expect(againB.body).toEqual(firstB.body);

    expect(await countCheckIns(a, "kr-a")).toBe(1);
    expect(await countCheckIns(b, "kr-a")).toBe(1);
    expect(await storedCheckIns(a, token(a))).toEqual([bodyA]);
    expect(await storedCheckIns(b, token(b))).toEqual([bodyB]);
  });

  it("refuses a key reused with another body in one workspace with 409, and leaves the other as it was", async () => {
    const { a, b, post, token } = await twoWorkspaces("idem-scope-reuse");
    const key = "shared-key-3";
    const bodyA = { date: "2026-02-10", value: 30 };
    const bodyB = { date: "2026-02-12", value: 50 };
    const firstA = await post(a, bodyA, key);
    const firstB = await post(b, bodyB, key);
    expect([firstA.status, firstB.status]).toEqual([201, 201]);
    const cascadeB = await callJson(`/v1/workspaces/${b}/cascade`, { token: token(b) });

    // A's key with B's body: B recorded exactly that request under this key, but in B.
    const reused = await post(a, bodyB, key);
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe("idempotency_key_reused");
    expect(reused.headers.get("idempotent-replayed")).toBeNull();
    expect(await countCheckIns(a, "kr-a")).toBe(1);
    expect(await storedCheckIns(a, token(a))).toEqual([bodyA]);

    // B is untouched: same cascade and ETag, and its key still replays its own answer.
    const afterB = await callJson(`/v1/workspaces/${b}/cascade`, { token: token(b) });
    expect(afterB.body).toEqual(cascadeB.body);
    expect(afterB.headers.get("etag")).toBe(cascadeB.headers.get("etag"));
    const againB = await post(b, bodyB, key);
    expect(againB.status).toBe(201);
    expect(againB.headers.get("idempotent-replayed")).toBe("true");
    expect(againB.body).toEqual(firstB.body);
    // And the other way round: B's key with A's body is a reuse in B.
    const reusedB = await post(b, bodyA, key);
    expect(reusedB.status).toBe(409);
    expect(reusedB.body.error.code).toBe("idempotency_key_reused");
    expect(await countCheckIns(b, "kr-a")).toBe(1);

    // A's own retry is still answered as the first time.
    const againA = await post(a, bodyA, key);
    expect(againA.status).toBe(201);
    expect(againA.headers.get("idempotent-replayed")).toBe("true");
    expect(againA.body).toEqual(firstA.body);
    expect(await receiptsOf(key)).toEqual([a, b]);
  });

  it("writes once per workspace when both race retries under the same key", async () => {
    const { a, b, post } = await twoWorkspaces("idem-scope-race");
    const key = "shared-key-4";
    const bodies = { [a]: { date: "2026-02-10", value: 20 }, [b]: { date: "2026-02-10", value: 80 } };
    const order = [a, b, a, b, a, b, b, a];
    const answers = await Promise.all(order.map((ws) => post(ws, bodies[ws], key)));
    expect(answers.map((x) => x.status)).toEqual(order.map(() => 201));
    for (const ws of [a, b]) {
      const mine = answers.filter((_, i) => order[i] === ws);
      // One of them wrote (no replay header); the others replay its answer.
      expect(mine.filter((x) => x.headers.get("idempotent-replayed") === null)).toHaveLength(1);
      for (const x of mine) expect(x.body).toEqual(mine[0]?.body);
      expect(mine[0]?.body.checkIn.value).toBe(bodies[ws]?.value);
      expect(await countCheckIns(ws, "kr-a")).toBe(1);
    }
    expect(await receiptsOf(key)).toEqual([a, b]);
  });

  it("treats the same key on another key result of the workspace as a reuse: 409, nothing written", async () => {
    const { a, b, post, token } = await twoWorkspaces("idem-scope-krs");
    const key = "shared-key-5";
    const body = { date: "2026-02-10", value: 30 };
    const first = await post(a, body, key, "kr-a");
    expect(first.status).toBe(201);
    const other = await post(a, body, key, "kr-b");
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe("idempotency_key_reused");
    expect(await countCheckIns(a, "kr-a")).toBe(1);
    expect(await countCheckIns(a, "kr-b")).toBe(0);
    expect(await storedCheckIns(a, token(a), "kr-b")).toEqual([]);
    // The key still answers for kr-a as it did.
    const again = await post(a, body, key, "kr-a");
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    // In another workspace, the key is free for kr-b.
    const inB = await post(b, body, key, "kr-b");
    expect(inB.status).toBe(201);
    expect(inB.headers.get("idempotent-replayed")).toBeNull();
    expect(inB.body.checkIn.keyResultId).toBe("kr-b");
    expect(await countCheckIns(b, "kr-b")).toBe(1);
    expect(await countCheckIns(b, "kr-a")).toBe(0);
  });
});
