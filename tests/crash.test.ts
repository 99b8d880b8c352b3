/**
 * A real crash in the middle of a PUT: `wrangler dev` and workerd killed with SIGKILL while a 10k
 * key-result cascade is being written, then started again on the same local D1. The cascade read back
 * is all of one document or all of the other, never a mix, and it still scores.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { generateDocument } from "../bench/generate.ts";
import { startLocalWorker } from "../scripts/local-worker.ts";

const state = mkdtempSync(join(tmpdir(), "cascade-crash-"));
afterAll(() => rmSync(state, { recursive: true, force: true }));

describe("a crash in the middle of a PUT", () => {
  it("leaves the old cascade or the new one whole, and the worker serves it after a restart", async () => {
    const adminToken = "adm_crash-test-admin-token-000000000000";
    const before = generateDocument({ keyResults: 200, seed: 1 });
    const after = generateDocument({ keyResults: 10_000, seed: 2 });
    let worker = await startLocalWorker({ state, adminToken, killable: true });
    // A failed assertion must not leave a worker running (it would hold its cores for the rest of the run).
    onTestFinished(() => worker.stop());
    const token = await worker.createWorkspace("crash", before);
    const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
    const outcomes: string[] = [];
    // Kill at several moments of the write: while the body arrives, during the batch, near its end.
    for (const delayMs of [150, 600, 1200]) {
      const put = fetch(`${worker.origin}/v1/workspaces/crash/cascade`, {
        method: "PUT",
        headers,
        body: JSON.stringify(after),
      }).then(
        (r) => r.status,
        () => "connection lost",
      );
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      await worker.kill();
      outcomes.push(String(await put));
      worker = await startLocalWorker({ state, adminToken, killable: true });
      const stored = await (await fetch(`${worker.origin}/v1/workspaces/crash/cascade`, { headers })).json();
      // As JSON carries them (a -0 of the generator is 0 once sent).
      const sent = (doc: unknown) => JSON.parse(JSON.stringify(doc));
      const whole = isDeepStrictEqual(stored, sent(before)) || isDeepStrictEqual(stored, sent(after));
      const count = (stored as { keyResults?: unknown[] }).keyResults?.length;
      expect(
        whole,
        `after a kill at ${delayMs} ms the cascade is one document or the other (${count} key results)`,
      ).toBe(true);
      const report = await fetch(`${worker.origin}/v1/workspaces/crash/report?asOf=2026-11-20`, { headers });
      expect(report.status).toBe(200);
      await report.arrayBuffer();
      // Back to the small one for the next round.
      const reset = await fetch(`${worker.origin}/v1/workspaces/crash/cascade`, {
        method: "PUT",
        headers,
        body: JSON.stringify(before),
      });
      expect(reset.status).toBe(200);
    }
    // At least one kill landed before the answer: the test exercised a crash, not only restarts.
    expect(outcomes).toContain("connection lost");
  }, 240_000);
});
