/**
 * One Coda run of a workspace, as the queue consumer runs it: the key results bound to Coda cells are
 * read through the account's token (integrations/coda/pull.ts, paced by the account's rate gate) and
 * reconciled into the stored cascade (reconcile-run.ts). The pull's state (sync tokens, the cells
 * bindings use) is kept in D1 like the Notion engine's.
 */
import { todayUtc } from "../../core/dates.ts";
import { CodaApi, isCodaError } from "../../integrations/coda/coda-api.ts";
import { emptyCodaState, parseCodaState, pullCoda } from "../../integrations/coda/pull.ts";
import { bindingsOf } from "../../integrations/sources/binding.ts";
import { D1CascadeStore } from "../db/store/d1-store.ts";
import { getWorkspace } from "../db/workspaces.ts";
import { workspaceLimits } from "../domain/limits.ts";
import type { Bindings } from "../env.ts";
import { loadStateText, openConnection, saveState } from "./connections.ts";
import type { JobResult } from "./notion-job.ts";
import { gatePacing } from "./rate-gate.ts";
import { reconcileRun } from "./reconcile-run.ts";

/** Coda's API client for a token, paced by the account's rate gate when the worker has one. */
export async function codaApi(env: Bindings, token: string): Promise<CodaApi> {
  const rate = Number(env.CODA_RATE ?? 10);
  const pacing = await gatePacing(env, "coda", token, rate > 0 ? rate : 10);
  return new CodaApi({ token, baseUrl: env.CODA_BASE_URL, pace: pacing?.pace });
}

export async function runCodaJob(env: Bindings, workspaceId: string, runId: string): Promise<JobResult> {
  const connection = await openConnection(env.DB, env.CONNECTIONS_KEY, workspaceId, "coda");
  if (connection === null)
    return { status: "failed", error: "the workspace has no Coda connection", retry: false };
  const workspace = await getWorkspace(env.DB, workspaceId);
  const store = workspace?.hasCascade ? new D1CascadeStore(env.DB, workspace) : null;
  const stored = store === null ? null : await store.read();
  if (stored === null) {
    return {
      status: "failed",
      error: "the workspace has no cascade to sync yet: PUT one first",
      retry: false,
    };
  }
  // Every key result bound to Coda: usable bindings are pulled, the others reported as they are.
  const { bound, usable } = bindingsOf(stored.doc.keyResults, "coda");
  const api = await codaApi(env, connection.token);
  const text = await loadStateText(env.DB, workspaceId, "coda");
  const state = text === null ? emptyCodaState() : parseCodaState(text);
  const now = new Date();
  try {
    const pull = await pullCoda({
      reader: api,
      bindings: usable,
      state,
      now,
      // A missing doc, table or column, or a request Coda found malformed, concerns that table only.
      isTableFailure: (error) =>
        isCodaError(error) &&
        (error.code === "not_found" || error.code === "bad_request" || error.code === "forbidden")
          ? { status: error.status, message: error.message }
          : null,
    });
    await saveState(env.DB, workspaceId, "coda", state);
    const problems = new Map(pull.problems.map((p) => [p.keyResultId, p.problem]));
    const reconciled = await reconcileRun({
      db: env.DB,
      workspaceId,
      runId,
      source: "coda",
      bound: bound.map((b) => ({ ...b, problem: b.problem ?? problems.get(b.keyResultId) ?? null })),
      values: pull.values,
      day: todayUtc(),
      limits: workspaceLimits(env),
      now,
      store: store ?? undefined,
    });
    const summary = {
      reads: api.counts.reads,
      rateLimited: api.counts.rateLimited,
      retried: api.counts.retried,
      bound: bound.length,
      tablesRead: pull.tablesRead,
      fullReads: pull.fullReads,
      rowsRead: pull.rowsRead,
      ...reconciled,
    };
    return { status: reconciled.problems > 0 ? "partial" : "succeeded", summary };
  } catch (error) {
    if (isCodaError(error)) {
      const lasting = error.code === "unauthorized";
      return { status: "failed", error: `Coda refused (${error.code}): ${error.message}`, retry: !lasting };
    }
    throw error;
  }
}
