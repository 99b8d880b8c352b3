/**
 * Cron entry point. Sync jobs (Coda, Notion) arrive in later issues; until then each run only says that
 * it ran, so the triggers in wrangler.toml can be checked with `wrangler dev --test-scheduled`.
 */
import type { Bindings } from "./env.ts";

export async function scheduled(controller: ScheduledController, _env: Bindings, _ctx: ExecutionContext) {
  console.log(`cron ${controller.cron} at ${new Date(controller.scheduledTime).toISOString()}: no jobs yet`);
}
