/**
 * The queue consumer: one message is one run of one workspace's connection (Notion or Coda). A run that fails for a
 * reason that may pass (Notion unavailable, the document changed meanwhile) is retried with a delay;
 * the engine's state, saved as it writes, lets the retry resume. After the queue's last retry the
 * message goes to the dead-letter queue, whose consumer marks the run failed, so it shows in the log.
 */
import type { Bindings } from "../env.ts";
import { runCodaJob } from "./coda-job.ts";
import { type JobResult, runNotionJob } from "./notion-job.ts";
import { claimRun, finishRun, requeueRun, type SyncMessage } from "./runs.ts";

/** The dead-letter queue's name (wrangler.toml). */
export const DEAD_LETTER_QUEUE = "cascade-sync-dead";
/** Seconds before a run that failed on a passing fault is tried again. */
const RETRY_DELAY_SECONDS = 60;

export async function consumeSync(batch: MessageBatch<SyncMessage>, env: Bindings): Promise<void> {
  for (const message of batch.messages) {
    const { runId, workspaceId, source } = message.body;
    if (batch.queue === DEAD_LETTER_QUEUE) {
      // A run another consumer is running now (its duplicate delivery ran out of retries) is left to it.
      const last = await claimRun(env.DB, runId);
      if (last.claimed !== null) {
        await finishRun(
          env.DB,
          runId,
          "failed",
          null,
          `gave up after ${message.attempts} deliveries (dead-letter queue)`,
        );
      }
      message.ack();
      continue;
    }
    const claim = await claimRun(env.DB, runId);
    if (claim.claimed === null) {
      // Finished (or unknown): a duplicate delivery. Busy: another consumer has it; look again later.
      if (claim.reason === "busy") message.retry({ delaySeconds: RETRY_DELAY_SECONDS });
      else message.ack();
      continue;
    }
    let result: JobResult;
    try {
      result =
        source === "coda"
          ? await runCodaJob(env, workspaceId, runId)
          : await runNotionJob(env, workspaceId, runId);
    } catch (error) {
      result = { status: "failed", error: `unexpected: ${String(error)}`, retry: true };
    }
    if (result.status === "continue") {
      // A fresh message, not a retry: a long first sync takes many invocations, retries are for faults.
      await requeueRun(env.DB, runId, null);
      await env.SYNC_QUEUE?.send(message.body);
      message.ack();
      continue;
    }
    if (result.status === "failed") {
      if (result.retry) {
        // The next delivery claims it again and resumes from the state saved so far.
        await requeueRun(env.DB, runId, result.error);
        message.retry({ delaySeconds: RETRY_DELAY_SECONDS });
        continue;
      }
      await finishRun(env.DB, runId, "failed", null, result.error);
    } else {
      await finishRun(env.DB, runId, result.status, { ...result.summary }, null);
    }
    message.ack();
  }
}
