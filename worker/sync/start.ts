/**
 * Starting runs now (the API's `POST /sync`, the dashboard's "Sync now"): one run per connection the
 * workspace has (or the one asked for), queued in D1 and sent to the queue in one batch.
 */
import type { Bindings } from "../env.ts";
import { connectionKinds } from "./connections.ts";
import { hasOpenRun, queueRun, type SyncRun, type SyncSource, type SyncTrigger } from "./runs.ts";

/**
 * The runs queued, or an empty list when the workspace has no such connection. With `unlessOpen`, a
 * connection with a run queued or running already gets no other (a button pressed twice).
 */
export async function startRuns(
  env: Bindings,
  workspaceId: string,
  options: { only?: SyncSource | undefined; trigger: SyncTrigger; unlessOpen?: boolean },
): Promise<SyncRun[]> {
  const kinds = (await connectionKinds(env.DB, workspaceId)).filter(
    (kind) => options.only === undefined || kind === options.only,
  );
  if (kinds.length > 0 && env.SYNC_QUEUE === undefined) throw new Error("the SYNC_QUEUE binding is missing");
  const runs: SyncRun[] = [];
  for (const kind of kinds) {
    if (options.unlessOpen && (await hasOpenRun(env.DB, workspaceId, kind))) continue;
    runs.push(await queueRun(env.DB, workspaceId, kind, options.trigger));
  }
  if (runs.length > 0) {
    await env.SYNC_QUEUE?.sendBatch(
      runs.map((run) => ({ body: { runId: run.id, workspaceId, source: run.source } })),
    );
  }
  return runs;
}
