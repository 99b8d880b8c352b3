/**
 * A run's reconciliation against the stored cascade (README, "Reconciliation"): the values a source
 * gave become check-ins through the store port (integrations/sources/reconcile.ts plans them), then
 * the statuses and the history are written. Planned on a fresh read and applied against its revision:
 * a write in between makes the batch stale, and it is planned again (a value recorded already is then
 * unchanged, so nothing is written twice).
 */
import {
  type PulledValue,
  planReconciliation,
  type SourceConflict,
} from "../../integrations/sources/reconcile.ts";
import type { CheckIn } from "../../schema/document.ts";
import { D1CascadeStore } from "../db/store/d1-store.ts";
import { getWorkspace } from "../db/workspaces.ts";
import { countsOverLimits, type WorkspaceLimits } from "../domain/limits.ts";
import { recordOutcomeStatements, type SourceKind } from "./sources.ts";

/** Check-ins one write appends (one D1 statement each, in one transaction). */
const CHECK_INS_PER_WRITE = 200;
const ATTEMPTS = 4;

export interface ReconcileSummary {
  recorded: number;
  unchanged: number;
  /** Values read for key results whose cycle is not running today: shown, not recorded. */
  outsideCycle: number;
  conflicts: number;
  problems: number;
}

/**
 * Records `values` for the key results bound to `source` and writes every bound key result's status
 * (`bound`: each with its binding and the problem its pull met, if any).
 */
export async function reconcileRun(options: {
  db: D1Database;
  workspaceId: string;
  runId: string;
  source: SourceKind;
  bound: ReadonlyArray<{ keyResultId: string; binding: object; problem: string | null }>;
  values: readonly PulledValue[];
  day: string;
  limits: WorkspaceLimits;
  now?: Date;
  /** The store the job read the bindings through: the first plan is made on what it read. */
  store?: D1CascadeStore | undefined;
}): Promise<ReconcileSummary> {
  const { db, workspaceId, source, day } = options;
  const problems = new Map(options.bound.flatMap((b) => (b.problem ? [[b.keyResultId, b.problem]] : [])));
  const recorded: Array<{ keyResultId: string; day: string; value: number }> = [];
  let conflicts: readonly SourceConflict[] = [];
  let unchanged = 0;
  let outsideCycle = 0;
  // The first plan is made on the cascade the job read already (a store reads once); later ones on a
  // fresh read.
  let fresh: D1CascadeStore | undefined = options.store;
  for (let attempt = 1; ; attempt++) {
    const store = fresh ?? (await storeOf(db, workspaceId));
    fresh = undefined;
    const stored = await store.read();
    if (stored === null) break;
    const plan = planReconciliation(stored.doc, options.values, day);
    conflicts = plan.conflicts;
    if (recorded.length === 0) unchanged = plan.unchanged; // later plans count this run's writes
    // A key result whose cycle is over (or not begun) keeps its outcome: its value is read and shown,
    // not recorded, and that is no problem.
    outsideCycle = plan.outsideCycle.length;
    if (plan.checkIns.length === 0) break;
    const chunk = plan.checkIns.slice(0, CHECK_INS_PER_WRITE);
    const prepared = await store.prepare({ kind: "addCheckIns", checkIns: chunk });
    if ("ok" in prepared) throw new Error(`reconciliation could not plan: ${prepared.reason}`);
    const over = countsOverLimits(prepared.next.doc, options.limits);
    if (over.length > 0) {
      // What a PUT may not store, a sync may not either: the values stay unrecorded, and say why.
      for (const { keyResultId } of chunk) {
        problems.set(keyResultId, `not recorded: ${over.map((i) => `${i.path}: ${i.message}`).join("; ")}`);
      }
      break;
    }
    const applied = await store.commit(prepared);
    if (!applied.ok) {
      if (applied.reason === "stale_revision" && attempt < ATTEMPTS) continue;
      throw new Error(`reconciliation could not write: ${applied.reason}`);
    }
    recorded.push(...chunk.map(({ keyResultId, checkIn }) => recordedOf(keyResultId, checkIn)));
    if (plan.checkIns.length <= CHECK_INS_PER_WRITE) break;
    attempt = 0; // the next chunk is planned afresh, with its own attempts
  }
  const values = new Map(options.values.map((v) => [v.keyResultId, v.value]));
  const statements = recordOutcomeStatements(
    db,
    workspaceId,
    source,
    options.runId,
    {
      statuses: options.bound.map((b) => ({
        keyResultId: b.keyResultId,
        binding: b.binding,
        value: values.get(b.keyResultId) ?? null,
        problem: problems.get(b.keyResultId) ?? null,
      })),
      recorded,
      conflicts,
    },
    (options.now ?? new Date()).toISOString(),
  );
  await db.batch(statements);
  return {
    recorded: recorded.length,
    unchanged,
    outsideCycle,
    conflicts: conflicts.length,
    problems: problems.size,
  };
}

async function storeOf(db: D1Database, workspaceId: string): Promise<D1CascadeStore> {
  const workspace = await getWorkspace(db, workspaceId);
  if (workspace === null) throw new Error(`workspace ${workspaceId} is gone`);
  return new D1CascadeStore(db, workspace);
}

function recordedOf(keyResultId: string, checkIn: CheckIn) {
  return { keyResultId, day: checkIn.date, value: checkIn.value as number };
}
