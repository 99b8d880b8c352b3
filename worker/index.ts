/** The worker's entry: HTTP requests go to the Hono app, cron triggers to `scheduled`. */
import { createApp } from "./app.ts";
import type { Bindings } from "./env.ts";
import { scheduled } from "./scheduled.ts";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled,
} satisfies ExportedHandler<Bindings>;
