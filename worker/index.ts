/**
 * The worker's entry: HTTP requests go to the Hono app, cron triggers to `scheduled`, sync jobs from the
 * queue to `consumeSync`; `RateGate` is the Durable Object that paces calls to Notion and Coda.
 */
import { createApp } from "./app.ts";
import type { Bindings } from "./env.ts";
import { scheduled } from "./scheduled.ts";
import { consumeSync } from "./sync/queue.ts";
import type { SyncMessage } from "./sync/runs.ts";

export { RateGate } from "./sync/rate-gate-object.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled,
  queue: consumeSync,
} satisfies ExportedHandler<Bindings, SyncMessage>;
