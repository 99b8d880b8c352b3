/**
 * One Notion run of a workspace, as the queue consumer runs it: the connection's token opened, the
 * engine of `cascade notion` (integrations/notion/) run against the workspace's stored cascade through
 * the D1 store, with its state kept in D1. The first run sets the databases up under the parent page.
 */

import { todayUtc } from "../../core/dates.ts";
import { pullNotionBindings } from "../../integrations/notion/bound-values.ts";
import { initNotion } from "../../integrations/notion/init.ts";
import { NotionApi, NotionError } from "../../integrations/notion/notion-api.ts";
import { emptyState } from "../../integrations/notion/state.ts";
import { SyncError, syncNotion } from "../../integrations/notion/sync.ts";
import { bindingsOf } from "../../integrations/sources/binding.ts";
import { D1CascadeStore } from "../db/store/d1-store.ts";
import { getWorkspace } from "../db/workspaces.ts";
import { countsOverLimits, workspaceLimits } from "../domain/limits.ts";
import type { Bindings } from "../env.ts";
import { loadState, openConnection, saveState } from "./connections.ts";
import { gatePacing } from "./rate-gate.ts";
import { type ReconcileSummary, reconcileRun } from "./reconcile-run.ts";

/** How a run of one connection ended (the Notion job's and the Coda job's alike). */
export type JobResult =
  | { status: "succeeded" | "partial"; summary: object }
  /** The run reached this invocation's request budget: it goes on in the next one. */
  | { status: "continue"; summary: object }
  | { status: "failed"; error: string; retry: boolean };

/** Notion's client for a token, paced by the integration's rate gate when the worker has one. */
export async function notionApi(env: Bindings, token: string): Promise<NotionApi> {
  const rate = Number(env.NOTION_RATE ?? 3);
  const perSecond = rate > 0 ? rate : 3;
  const pacing = await gatePacing(env, "notion", token, perSecond);
  return new NotionApi({
    token,
    baseUrl: env.NOTION_BASE_URL,
    requestsPerSecond: perSecond,
    pace: pacing?.pace,
    onRateLimited: pacing?.onRateLimited,
    // A longer Retry-After defers the run (the message is retried later) rather than hold it open.
    maxRetryAfterSeconds: 30,
  });
}

export async function runNotionJob(env: Bindings, workspaceId: string, runId: string): Promise<JobResult> {
  const connection = await openConnection(env.DB, env.CONNECTIONS_KEY, workspaceId, "notion");
  if (connection === null)
    return { status: "failed", error: "the workspace has no Notion connection", retry: false };
  const workspace = await getWorkspace(env.DB, workspaceId);
  if (workspace === null || !workspace.hasCascade) {
    return {
      status: "failed",
      error: "the workspace has no cascade to sync yet: PUT one first",
      retry: false,
    };
  }
  const api = await notionApi(env, connection.token);
  const state = (await loadState(env.DB, workspaceId, "notion")) ?? emptyState();
  const save = () => saveState(env.DB, workspaceId, "notion", state);
  try {
    if (state.parentPageId !== connection.config.parentPageId || Object.keys(state.databases).length === 0) {
      await initNotion({
        api,
        state,
        parentPageId: connection.config.parentPageId,
        config: connection.config,
      });
      await save();
    }
    const summary = await syncNotion({
      store: new D1CascadeStore(env.DB, workspace),
      api,
      state,
      saveState: save,
      config: connection.config,
      asOf: todayUtc(),
      documentEditedAt: await cascadeEditedAt(env.DB, workspaceId),
      requestBudget: requestBudget(env),
      // What a PUT may not store, a sync may not either (the limits per workspace).
      refuse: (doc) => countsOverLimits(doc, workspaceLimits(env)).map((i) => `${i.path}: ${i.message}`),
    });
    if (!summary.complete) return { status: "continue", summary };
    // Then the key results bound to a Notion page property: their values reconciled like Coda's.
    const sources = await reconcileNotionBindings(env, api, workspaceId, runId);
    const partial = summary.rejected.length > 0 || sources.problems > 0;
    return { status: partial ? "partial" : "succeeded", summary: { ...summary, sources } };
  } catch (error) {
    if (error instanceof NotionError) {
      // Refusals that a retry cannot change (a revoked token, a page no longer shared) fail the run.
      const lasting = [
        "unauthorized",
        "restricted_resource",
        "object_not_found",
        "validation_error",
      ].includes(error.code);
      return { status: "failed", error: `Notion refused (${error.code}): ${error.message}`, retry: !lasting };
    }
    if (error instanceof SyncError) return { status: "failed", error: error.message, retry: !error.lasting };
    throw error;
  }
}

/**
 * When the stored cascade was last edited (a PUT, a patch, a check-in, a sync): the conflict rule's
 * time for the document's side. One time for the whole document, not one a field: when both sides
 * changed a field, Notion's edit loses if the document was edited in any way after it.
 */
async function cascadeEditedAt(db: D1Database, workspaceId: string): Promise<Date> {
  const row = await db
    .prepare("SELECT cascade_updated_at FROM workspaces WHERE id = ?")
    .bind(workspaceId)
    .first<{ cascade_updated_at: string | null }>();
  return row?.cascade_updated_at ? new Date(row.cascade_updated_at) : new Date(0);
}

/**
 * Notion requests one invocation may make: a Worker on the paid plan makes 1,000 subrequests at most,
 * and D1's queries count apart. A larger first sync takes several invocations (`NOTION_REQUEST_BUDGET`).
 */
function requestBudget(env: Bindings): number {
  const budget = Number(env.NOTION_REQUEST_BUDGET ?? 900);
  return Number.isInteger(budget) && budget > 20 ? budget : 900;
}

/** Pulls the values of key results bound to Notion page properties and reconciles them. */
async function reconcileNotionBindings(
  env: Bindings,
  api: NotionApi,
  workspaceId: string,
  runId: string,
): Promise<ReconcileSummary & { bound: number; pagesRead: number }> {
  const workspace = await getWorkspace(env.DB, workspaceId);
  const store = workspace?.hasCascade ? new D1CascadeStore(env.DB, workspace) : undefined;
  const { bound, usable } = bindingsOf((await store?.read())?.doc.keyResults ?? [], "notion");
  const pull = await pullNotionBindings(api, usable);
  const problems = new Map(pull.problems.map((p) => [p.keyResultId, p.problem]));
  const reconciled = await reconcileRun({
    db: env.DB,
    workspaceId,
    runId,
    source: "notion",
    bound: bound.map((b) => ({ ...b, problem: b.problem ?? problems.get(b.keyResultId) ?? null })),
    values: pull.values,
    day: todayUtc(),
    limits: workspaceLimits(env),
    store,
  });
  return { ...reconciled, bound: bound.length, pagesRead: pull.pagesRead };
}
