import {
  createExecutionContext,
  createScheduledController,
  env,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it, vi } from "vitest";
import worker from "./index.ts";

describe("scheduled", () => {
  it("runs for each declared cron and only logs for now", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const controller = createScheduledController({
      cron: "*/15 * * * *",
      scheduledTime: Date.UTC(2026, 0, 5),
    });
    const ctx = createExecutionContext();
    await worker.scheduled(controller, env, ctx);
    await waitOnExecutionContext(ctx);
    expect(log).toHaveBeenCalledWith("cron */15 * * * * at 2026-01-05T00:00:00.000Z: no jobs yet");
    log.mockRestore();
  });
});
