/**
 * Cron entry point. The sync cron (every 15 minutes, wrangler.toml) takes a lease in D1, so runs never
 * overlap (an expired lease is taken over), and queues one run per workspace and connection that has
 * none queued or running; the queue's consumers do the work (worker/sync/queue.ts).
 */
import type { Bindings } from "./env.ts";
import type { SyncMessage } from "./sync/runs.ts";

/** The cron expression of the sync; the daily one (wrangler.toml) only logs, for housekeeping to come. */
export const SYNC_CRON = "*/15 * * * *";
/** A lease outlives any one scheduling pass by far; a holder that died frees it after this long. */
const LEASE_MS = 10 * 60_000;
/** Messages per `sendBatch` (a queue takes at most 100 at once). */
const SEND_BATCH = 100;

export async function scheduled(controller: ScheduledController, env: Bindings, _ctx: ExecutionContext) {
  if (controller.cron !== SYNC_CRON) {
    console.log(
      `cron ${controller.cron} at ${new Date(controller.scheduledTime).toISOString()}: no jobs yet`,
    );
    return;
  }
  const queued = await queueSyncRuns(env, crypto.randomUUID());
  console.log(
    `cron ${controller.cron}: ${queued === null ? "another run holds the lease" : `${queued} runs queued`}`,
  );
}

/** Queues the due runs under the lease `holder`; null when another holder has it. */
export async function queueSyncRuns(env: Bindings, holder: string, now = new Date()): Promise<number | null> {
  const taken = await env.DB.prepare(
    `INSERT INTO leases (name, holder, expires_at) VALUES ('sync-cron', ?1, ?2)
     ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
       WHERE leases.expires_at < ?3
     RETURNING holder`,
  )
    .bind(holder, new Date(now.getTime() + LEASE_MS).toISOString(), now.toISOString())
    .first<{ holder: string }>();
  if (taken?.holder !== holder) return null;
  let queued = 0;
  try {
    // One statement queues every due run (a connection with none queued or running), one send per 100
    // messages: a pass over 1,000 workspaces stays far inside an invocation's D1 queries and subrequests.
    const due = await env.DB.prepare(
      `INSERT INTO sync_runs (id, workspace_id, source, trigger, status, queued_at)
       SELECT lower(hex(randomblob(16))), c.workspace_id, c.kind, 'cron', 'queued', ?1 FROM connections c
       WHERE NOT EXISTS (SELECT 1 FROM sync_runs r WHERE r.workspace_id = c.workspace_id
                           AND r.source = c.kind AND r.status IN ('queued', 'running'))
       RETURNING id, workspace_id, source`,
    )
      .bind(now.toISOString())
      .all<{ id: string; workspace_id: string; source: SyncMessage["source"] }>();
    const messages = due.results.map((r) => ({
      body: { runId: r.id, workspaceId: r.workspace_id, source: r.source },
    }));
    for (let i = 0; i < messages.length; i += SEND_BATCH) {
      await env.SYNC_QUEUE?.sendBatch(messages.slice(i, i + SEND_BATCH));
    }
    queued = messages.length;
  } finally {
    await env.DB.prepare("DELETE FROM leases WHERE name = 'sync-cron' AND holder = ?").bind(holder).run();
  }
  return queued;
}
