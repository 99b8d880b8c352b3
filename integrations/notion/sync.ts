/**
 * One sync between a stored cascade and its Notion databases:
 *
 * 1. **pull** (pull.ts): read each data source, after the first run only what was edited since, and
 *    check every value;
 * 2. **merge** (merge.ts): three ways, field by field, against what the pages held after the last sync;
 * 3. **write the document** through the store port: one `replace` against the revision read, so a
 *    document changed meanwhile is never overwritten;
 * 4. **push** (push.ts): score the merged document with the core and write only what Notion lacks.
 *
 * The state (state.ts) is saved as writes go: a run killed halfway resumes on the next one without
 * creating or writing anything twice.
 */
import type { CascadeDocument } from "../../core/model/document.ts";
import { scoreCascade } from "../../core/report.ts";
import type { CascadeStore, Revision } from "../../store/port.ts";
import { KINDS, type Kind, LAYOUT } from "./layout.ts";
import { MergeError, merge, type RejectedRow } from "./merge.ts";
import type { NotionApi } from "./notion-api.ts";
import { pullAll } from "./pull.ts";
import { planPush, runWrites, type Write } from "./push.ts";
import { rowsOf } from "./rows.ts";
import type { ConflictRecord, SyncConfig, SyncState } from "./state.ts";

export type { RejectedRow };

export interface SyncOptions<R extends Revision> {
  store: CascadeStore<R>;
  api: NotionApi;
  state: SyncState;
  /** Saves the state (called as writes go, and at the end). */
  saveState: (state: SyncState) => Promise<void>;
  config?: SyncConfig;
  asOf: string;
  /** When the document last changed: the conflict rule compares it with the page's edit time. */
  documentEditedAt: Date;
  /** Read and plan, write nothing (neither Notion, nor the document, nor the state). */
  dryRun?: boolean;
  /** Read every page, not only those edited since the last sync: finds pages deleted in Notion. */
  full?: boolean;
  /** Notion's clock as this machine sees it (tests move it). */
  now?: () => Date;
  /**
   * Requests this run may make (a Worker invocation makes a bounded number of subrequests). A run that
   * reaches it stops between two writes, saves the state and answers `complete: false`; the next run
   * goes on from there. Unbounded by default.
   */
  requestBudget?: number;
  onProgress?: (progress: { phase: "pull" | "push"; kind: Kind; done: number; total: number }) => void;
  /**
   * The store's own rules for a document it is about to hold (the worker's limits per workspace): the
   * problems that refuse the merged document, none when it may be written. Refused, nothing is written.
   */
  refuse?: (doc: CascadeDocument) => string[];
}

export interface SyncSummary {
  dryRun: boolean;
  pulled: number;
  created: number;
  updated: number;
  trashed: number;
  restored: number;
  rejected: RejectedRow[];
  conflicts: ConflictRecord[];
  documentChanged: boolean;
  /** False when the run stopped at its request budget: run it again to finish. */
  complete: boolean;
  reads: number;
  writes: number;
  rateLimited: number;
  durationMs: number;
}

export class SyncError extends Error {
  override readonly name = "SyncError";
  constructor(
    message: string,
    /** Running again cannot help (the store refuses the document); otherwise it may. */
    readonly lasting = false,
  ) {
    super(message);
  }
}

/**
 * The next read starts this long before this one did: Notion rounds edit times down to the minute,
 * and an edit made just before a read may show only after it. This machine's clock is assumed within
 * a few minutes of Notion's.
 */
const READ_OVERLAP_MS = 5 * 60_000;

export async function syncNotion<R extends Revision>(options: SyncOptions<R>): Promise<SyncSummary> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const { api, state } = options;
  const names = options.config?.properties ?? {};
  for (const kind of KINDS) {
    if (state.databases[kind] === undefined) {
      throw new SyncError(
        `the ${LAYOUT[kind].title} database is not set up: run \`cascade notion init\` first`,
      );
    }
  }
  const stored = await options.store.read();
  if (stored === null) throw new SyncError("there is no cascade document to sync");

  const readStarted = now();
  const pulled = await pullAll(api, state, names, options.full === true, (done, total) =>
    options.onProgress?.({ phase: "pull", kind: KINDS[done - 1] as Kind, done, total }),
  );
  let merged: ReturnType<typeof merge>;
  try {
    merged = merge({
      doc: stored.doc,
      ours: rowsOf(stored.doc),
      pulled,
      state,
      documentEditedAt: options.documentEditedAt,
      now: now(),
      names,
    });
  } catch (error) {
    if (error instanceof MergeError) throw new SyncError(error.message);
    throw error;
  }
  const documentChanged = JSON.stringify(merged.doc) !== JSON.stringify(stored.doc);
  const plan = planPush(merged, pulled, state, scoreCascade(merged.doc, options.asOf));
  const summary: SyncSummary = {
    dryRun: options.dryRun === true,
    pulled: pulled.count,
    ...countWrites(plan.writes),
    rejected: [...merged.rejected.values()],
    conflicts: merged.conflicts,
    documentChanged,
    complete: true,
    reads: 0,
    writes: 0,
    rateLimited: 0,
    durationMs: 0,
  };
  const refusals = documentChanged ? (options.refuse?.(merged.doc) ?? []) : [];
  if (refusals.length > 0) {
    throw new SyncError(`the merged cascade would not be stored: ${refusals.join("; ")}`, true);
  }
  if (!options.dryRun) {
    if (documentChanged) {
      const applied = await options.store.apply(
        { kind: "replace", doc: merged.doc },
        { expectedRevision: stored.revision },
      );
      if (!applied.ok) {
        throw new SyncError(
          "the document changed while Notion was read; nothing was written: run the sync again",
        );
      }
    }
    state.history.push(...merged.conflicts);
    const { complete } = await runWrites({
      api,
      state,
      plan,
      rows: merged.rows,
      today: options.asOf,
      names,
      saveState: options.saveState,
      onWrite: (w, done, total) => options.onProgress?.({ phase: "push", kind: w.kind, done, total }),
      requestBudget: options.requestBudget,
    });
    if (!complete) {
      // What was written is recorded; the rest is planned again by the next run, read from the same point.
      summary.complete = false;
      await options.saveState(state);
      return finish(summary, api, started);
    }
    // Every row's page now holds its values: they are the base of the next merge.
    for (const [pageId, row] of plan.settled) state.rows[pageId] = row;
    for (const pageId of merged.dropped) delete state.rows[pageId];
    const readFrom = new Date(readStarted.getTime() - READ_OVERLAP_MS).toISOString();
    for (const kind of KINDS) state.readFrom[kind] = readFrom;
    await options.saveState(state);
  }
  return finish(summary, api, started);
}

function finish(summary: SyncSummary, api: NotionApi, started: number): SyncSummary {
  summary.reads = api.counts.reads;
  summary.writes = api.counts.writes;
  summary.rateLimited = api.counts.rateLimited;
  summary.durationMs = Date.now() - started;
  return summary;
}

function countWrites(writes: readonly Write[]) {
  const count = (action: Write["action"]) => writes.filter((w) => w.action === action).length;
  return {
    created: count("create"),
    updated: count("update"),
    trashed: count("trash"),
    restored: count("restore"),
  };
}
