import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "./index.ts";

async function fire(cron: string): Promise<unknown[][]> {
  const log = vi.spyOn(console, "log").mockImplementation(() => {});
  try {
    const controller = createScheduledController({ cron, scheduledTime: Date.UTC(2026, 0, 5) });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);
    return log.mock.calls;
  } finally {
    log.mockRestore();
  }
}

describe("scheduled", () => {
  it("queues the sync runs every 15 minutes (none without connections), and only logs daily for now", async () => {
    expect(await fire("*/15 * * * *")).toEqual([["cron */15 * * * *: 0 runs queued"]]);
    expect(await fire("0 3 * * *")).toEqual([["cron 0 3 * * * at 2026-01-05T00:00:00.000Z: no jobs yet"]]);
  });
});
