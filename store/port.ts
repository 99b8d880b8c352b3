/**
 * The store port: the one way in and out of a stored cascade. Every writer (the API's PUT, PATCH and
 * check-ins, the CLI, the sync engine) reads through `read` and writes through `apply`; how a store
 * keeps the cascade (a document file, D1 tables with snapshots and a cache) stays private below it.
 *
 * A store's revision names one state of its cascade: every applied change yields a new one, and a
 * change applied against an `expectedRevision` that is no longer current changes nothing.
 */
import type { CascadeDocument, CheckIn, KeyResult } from "../schema/document.ts";

/** D1 counts revisions; a document file names its state by a hash of its text. */
export type Revision = number | string;

/**
 * A cascade as stored at one revision. Shared, never mutated: a change makes a new one
 * (`applyChange`), so a cached cascade can be handed to any number of readers.
 */
export interface StoredCascade<R extends Revision = number> {
  readonly doc: CascadeDocument;
  readonly revision: R;
  /** Key result id → version (its ETag): the revision of its last change. */
  readonly versions: ReadonlyMap<string, R>;
}

/** What a writer can do to a stored cascade. */
export type CascadeChange<R extends Revision = number> =
  /** Replace the whole document (every key result takes the new revision as its version). */
  | { readonly kind: "replace"; readonly doc: CascadeDocument }
  /**
   * Overwrite a key result's fields (not its check-ins, which stay as stored) if it is still at
   * `ifVersion`.
   */
  | { readonly kind: "updateKeyResult"; readonly keyResult: KeyResult; readonly ifVersion: R }
  /** Append a check-in to a key result. */
  | { readonly kind: "addCheckIn"; readonly keyResultId: string; readonly checkIn: CheckIn }
  /**
   * Append several check-ins in one write (a sync's reconciliation), each to the end of its key
   * result's check-ins in the order given; refused whole if any key result is missing.
   */
  | {
      readonly kind: "addCheckIns";
      readonly checkIns: ReadonlyArray<{ readonly keyResultId: string; readonly checkIn: CheckIn }>;
    };

/** Why a change was refused; nothing was written. */
export type ApplyConflict =
  /** The cascade is no longer at the `expectedRevision` the change was made against. */
  | { readonly ok: false; readonly reason: "stale_revision"; readonly revision: Revision }
  /** The key result is no longer at the version `updateKeyResult` expected. */
  | { readonly ok: false; readonly reason: "key_result_changed" }
  /** There is no cascade, or no key result with that id. */
  | { readonly ok: false; readonly reason: "not_found"; readonly what: "cascade" | "key result" }
  /**
   * An idempotent write's key was recorded meanwhile (a racing retry won), by a store that keeps
   * receipts of such writes.
   */
  | { readonly ok: false; readonly reason: "receipt_taken" };

export interface Applied<R extends Revision = number> {
  readonly ok: true;
  /** The revision the change took. */
  readonly revision: R;
  /**
   * The cascade as the change left it. When `exact`, it is the stored cascade at `revision` (nobody
   * wrote in between), safe to cache under that revision; otherwise it is the cascade the change was
   * made against with the changed key result as the write left it.
   */
  readonly cascade: StoredCascade<R>;
  readonly exact: boolean;
}

export type ApplyResult<R extends Revision = number> = Applied<R> | ApplyConflict;

export interface ApplyOptions<R extends Revision = number> {
  /** Refuse the change (`stale_revision`) unless the cascade is still at this revision. */
  readonly expectedRevision?: R | undefined;
}

/**
 * A change with the cascade it will leave, computed before it is written (`CascadeStore.prepare`): a
 * writer that must answer from the new state before writing (an idempotent check-in records its answer
 * in the same transaction) scores `next`, then commits.
 */
export interface PreparedChange<R extends Revision = number> {
  readonly change: CascadeChange<R>;
  /** The cascade the change is made against; absent for a replace, which needs none. */
  readonly base: StoredCascade<R> | undefined;
  /** The cascade after the change, if nobody writes first. */
  readonly next: StoredCascade<R>;
}

export interface CascadeStore<R extends Revision = number> {
  /** The stored cascade, or null when none was ever stored. */
  read(): Promise<StoredCascade<R> | null>;
  /** The cascade a change will leave; conflicts the store can see already are refused here. */
  prepare(change: CascadeChange<R>): Promise<PreparedChange<R> | ApplyConflict>;
  /** Writes a prepared change. */
  commit(prepared: PreparedChange<R>, options?: ApplyOptions<R>): Promise<ApplyResult<R>>;
  /** `prepare` and `commit` in one. */
  apply(change: CascadeChange<R>, options?: ApplyOptions<R>): Promise<ApplyResult<R>>;
}
