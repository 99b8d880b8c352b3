/**
 * The D1 implementation of the store port: the only code that knows the cascade's tables. Below it and
 * private to it: the normalized rows (the truth), the snapshots a read starts from, the replay of key
 * results changed since, and the receipts of idempotent writes. Above it, nobody writes SQL about a
 * cascade and nobody mutates a cascade it returned.
 */
import type { CheckIn, KeyResult } from "../../../schema/document.ts";
import { applyChange, isConflict, withKeyResult } from "../../../store/change.ts";
import type {
  Applied,
  ApplyConflict,
  ApplyOptions,
  CascadeChange,
  CascadeStore,
  PreparedChange,
  StoredCascade,
} from "../../../store/port.ts";
import type { Authorship, CheckInAuthor } from "../people.ts";
import type { Workspace } from "../workspaces.ts";
import {
  CHECK_IN_SELECT,
  checkInsByKeyResult,
  keyResultWithCheckIns,
  readCascadeFromRows,
} from "./read-rows.ts";
import { readCascadeFromSnapshot } from "./read-snapshot.ts";
import {
  findAnswer,
  isDuplicateKey,
  recordAnswerStatement,
  replaceAnswerBody,
  type StoredAnswer,
} from "./receipts.ts";
import { encodeSnapshot, snapshotIsStale, storeSnapshot } from "./snapshot.ts";
import { AUTHORSHIP_COLUMNS, authorshipFromRow, checkInFromRow, type SqlRow } from "./tables.ts";
import {
  addCheckInStatements,
  addCheckInsStatements,
  readBackStatements,
  replaceStatements,
  revisionGuard,
  STALE_MARKER,
  updateKeyResultStatements,
} from "./writes.ts";

export { releaseObjects } from "./read-snapshot.ts";
export type { StoredAnswer } from "./receipts.ts";

/** Hands work to the runtime to finish after the response (`ExecutionContext.waitUntil`). */
export type Defer = (task: Promise<unknown>) => void;

/**
 * The answer of an idempotent write, recorded in the write's own transaction (a key has both or
 * neither). `fill` names the JSON paths of `body` the write fills in once it knows them.
 */
export interface Receipt {
  readonly key: string;
  readonly fingerprint: string;
  readonly status: number;
  readonly body: string;
  readonly fill: { readonly checkInId: string; readonly version: string };
}

export interface D1ApplyOptions extends ApplyOptions {
  /** For `addCheckIn`: record this answer under its key in the same transaction. */
  readonly receipt?: Receipt | undefined;
  /** For `addCheckIn`: who recorded the check-in and when, kept beside it (not in the document). */
  readonly authorship?: Authorship | undefined;
}

/** A committed change, with the id the store gave a new check-in. */
export interface D1Applied extends Applied {
  readonly checkInId?: string;
}

export type D1ApplyResult = D1Applied | ApplyConflict;

export interface D1StoreOptions {
  /** Finishes work after the response: a stale or missing snapshot is renewed through it. */
  readonly defer?: Defer | undefined;
  /** The cascade at a revision when the isolate already holds it (the score cache). */
  readonly memory?: ((revision: number) => StoredCascade | undefined) | undefined;
}

/** Where a read found the cascade. */
export type ReadOrigin = "memory" | "d1";

export class D1CascadeStore implements CascadeStore {
  #read: Promise<{ stored: StoredCascade; origin: ReadOrigin } | null> | undefined;

  constructor(
    private readonly db: D1Database,
    /** The workspace as read with the request's credentials: its revision says what is current. */
    private readonly workspace: Workspace,
    private readonly options: D1StoreOptions = {},
  ) {}

  async read(): Promise<StoredCascade | null> {
    return (await this.readWithOrigin())?.stored ?? null;
  }

  /**
   * The cascade from memory when the isolate holds the current revision, else from D1. Read once per
   * store: a store serves one request, which plans its change on the cascade it read.
   */
  readWithOrigin(): Promise<{ stored: StoredCascade; origin: ReadOrigin } | null> {
    this.#read ??= this.readOnce();
    return this.#read;
  }

  private async readOnce(): Promise<{ stored: StoredCascade; origin: ReadOrigin } | null> {
    if (!this.workspace.hasCascade) return null;
    const held = this.options.memory?.(this.workspace.revision);
    if (held) return { stored: held, origin: "memory" };
    const stored = await this.readFromD1();
    return stored && { stored, origin: "d1" };
  }

  /**
   * The cascade as D1 holds it now: from the newest snapshot with the key results changed since
   * replayed, or from every row when there is no usable snapshot. A missing, unreadable or stale
   * snapshot is renewed from the cascade just read, after the response.
   */
  async readFromD1(): Promise<StoredCascade | null> {
    const { db, workspace, options } = this;
    const fromSnapshot = await readCascadeFromSnapshot(db, workspace.id);
    if (fromSnapshot === null) return null;
    if (fromSnapshot && !snapshotIsStale(fromSnapshot.changed, fromSnapshot.stored.doc.keyResults.length)) {
      return fromSnapshot.stored;
    }
    const stored = fromSnapshot?.stored ?? (await readCascadeFromRows(db, workspace.id));
    if (stored && options.defer) options.defer(renewSnapshot(db, workspace.id, stored));
    return stored;
  }

  async prepare(change: CascadeChange): Promise<PreparedChange | ApplyConflict> {
    const predicted = this.workspace.revision + 1;
    if (change.kind === "replace") {
      const next = applyChange(null, change, predicted) as StoredCascade;
      return { change, base: undefined, next };
    }
    const base = await this.read();
    if (base === null) return { ok: false, reason: "not_found", what: "cascade" };
    const next = applyChange(base, change, base.revision + 1);
    return isConflict(next) ? next : { change, base, next };
  }

  async apply(change: CascadeChange, options?: D1ApplyOptions): Promise<D1ApplyResult> {
    const prepared = await this.prepare(change);
    return "ok" in prepared ? prepared : this.commit(prepared, options);
  }

  async commit(prepared: PreparedChange, options: D1ApplyOptions = {}): Promise<D1ApplyResult> {
    const { expectedRevision, receipt, authorship } = options;
    if (expectedRevision !== undefined && expectedRevision !== this.workspace.revision) {
      return { ok: false, reason: "stale_revision", revision: this.workspace.revision };
    }
    const guard =
      expectedRevision === undefined ? [] : [revisionGuard(this.db, this.workspace.id, expectedRevision)];
    const { change, base, next } = prepared;
    try {
      switch (change.kind) {
        case "replace":
          return await this.commitReplace(guard, next);
        case "updateKeyResult":
          return await this.commitUpdate(guard, change.keyResult.id, change.ifVersion, base, next);
        case "addCheckIn":
          return await this.commitCheckIn(guard, change.keyResultId, change.checkIn, base, next, {
            receipt,
            authorship,
          });
        case "addCheckIns":
          return await this.commitCheckIns(change.checkIns, base, next);
      }
    } catch (error) {
      const guarded = guard.length > 0 || change.kind === "addCheckIns";
      if (guarded && error instanceof Error && error.message.includes(STALE_MARKER)) {
        return { ok: false, reason: "stale_revision", revision: expectedRevision ?? base?.revision ?? 0 };
      }
      if (receipt && isDuplicateKey(error)) return { ok: false, reason: "receipt_taken" };
      throw error;
    }
  }

  private async commitReplace(guard: D1PreparedStatement[], next: StoredCascade): Promise<D1ApplyResult> {
    const { db, workspace } = this;
    const snapshot = encodeSnapshot({ doc: next.doc });
    const now = new Date().toISOString();
    const results = await db.batch([
      ...guard,
      ...replaceStatements(db, workspace.id, next.doc, snapshot, now),
    ]);
    const revision = (results[guard.length]?.results[0] as { revision: number } | undefined)?.revision;
    if (revision === undefined) throw new Error(`workspace ${workspace.id} vanished during a cascade write`);
    const cascade =
      revision === next.revision
        ? next
        : (applyChange(null, { kind: "replace", doc: next.doc }, revision) as StoredCascade);
    return { ok: true, revision, cascade, exact: true };
  }

  private async commitUpdate(
    guard: D1PreparedStatement[],
    id: string,
    ifVersion: number,
    base: StoredCascade | undefined,
    next: StoredCascade,
  ): Promise<D1ApplyResult> {
    const kr = next.doc.keyResults.find((k) => k.id === id);
    if (!base || !kr) return { ok: false, reason: "not_found", what: "key result" };
    // A change that changes nothing (applyChange left the cascade as read): no write, no new revision.
    if (next === base) return { ok: true, revision: base.revision, cascade: base, exact: true };
    const results = await this.db.batch([
      ...guard,
      ...updateKeyResultStatements(this.db, this.workspace.id, kr, ifVersion),
    ]);
    const version = (results[guard.length + 1]?.results[0] as { version: number } | undefined)?.version;
    if (version === undefined) return { ok: false, reason: "key_result_changed" };
    return this.settled(base, next, id, version, kr);
  }

  private async commitCheckIn(
    guard: D1PreparedStatement[],
    id: string,
    checkIn: CheckIn,
    base: StoredCascade | undefined,
    next: StoredCascade,
    { receipt, authorship }: Pick<D1ApplyOptions, "receipt" | "authorship">,
  ): Promise<D1ApplyResult> {
    const { db, workspace } = this;
    if (!base) return { ok: false, reason: "not_found", what: "key result" };
    const statements = [...guard, ...addCheckInStatements(db, workspace.id, id, checkIn, authorship ?? null)];
    if (receipt) statements.push(receiptStatement(db, workspace.id, id, receipt));
    // The key result as this write leaves it, read in the same transaction when others wrote between
    // the read and the write (its version is then not the one expected).
    const readBack = statements.length;
    statements.push(...readBackStatements(db, workspace.id, id, next.revision));
    const results = await db.batch(statements);
    const seq = (results[guard.length]?.results[0] as { seq: number } | undefined)?.seq;
    const version = (results[guard.length + 2]?.results[0] as { version: number } | undefined)?.version;
    if (seq === undefined || version === undefined)
      return { ok: false, reason: "not_found", what: "key result" };
    const row = results[readBack]?.results[0] as SqlRow | undefined;
    const written =
      row &&
      keyResultWithCheckIns(row, checkInsByKeyResult((results[readBack + 1]?.results ?? []) as SqlRow[]));
    return { ...this.settled(base, next, id, version, written), checkInId: String(seq) };
  }

  /**
   * Many check-ins in one transaction, guarded by the revision they were planned against (a change in
   * between, even to other key results, makes it stale: the caller plans again from a fresh read).
   */
  private async commitCheckIns(
    checkIns: ReadonlyArray<{ readonly keyResultId: string; readonly checkIn: CheckIn }>,
    base: StoredCascade | undefined,
    next: StoredCascade,
  ): Promise<D1ApplyResult> {
    if (!base) return { ok: false, reason: "not_found", what: "cascade" };
    if (next === base) return { ok: true, revision: base.revision, cascade: base, exact: true };
    const guard = revisionGuard(this.db, this.workspace.id, base.revision);
    await this.db.batch([guard, ...addCheckInsStatements(this.db, this.workspace.id, checkIns)]);
    return { ok: true, revision: next.revision, cascade: next, exact: true };
  }

  /**
   * The result of a key result's write that took `version`: the prepared cascade when that is the
   * revision right after the one read (nobody wrote in between), else the cascade read with the key
   * result as the write left it.
   */
  private settled(
    base: StoredCascade,
    next: StoredCascade,
    id: string,
    version: number,
    written: KeyResult | undefined,
  ): D1Applied {
    if (version === next.revision) return { ok: true, revision: version, cascade: next, exact: true };
    const index = base.doc.keyResults.findIndex((k) => k.id === id);
    const kr = written ?? next.doc.keyResults.find((k) => k.id === id);
    const cascade = kr && index >= 0 ? withKeyResult(base, index, kr, version) : next;
    return { ok: true, revision: version, cascade, exact: false };
  }

  /**
   * Up to `limit` check-ins after sequence number `after`, oldest first, each with its id (the
   * sequence number) and who recorded it when (null when unknown: a check-in that came in a document
   * or from a sync); with `keyResultId`, of that key result only, and null when it does not exist.
   */
  async checkInsAfter(
    after: number,
    limit: number,
    keyResultId?: string,
    /** Only check-ins dated within these days (inclusive), when given. */
    window: { from?: string | undefined; to?: string | undefined } = {},
  ): Promise<Array<
    CheckIn & { id: string; keyResultId: string; author: CheckInAuthor | null; recordedAt: string | null }
  > | null> {
    const { db, workspace } = this;
    const page = db
      .prepare(
        `SELECT seq, ${CHECK_IN_SELECT}, ${AUTHORSHIP_COLUMNS.join(", ")} FROM check_ins
         WHERE workspace_id = ?1 AND seq > ?2 AND (?4 IS NULL OR key_result_id = ?4)
           AND (?5 IS NULL OR date >= ?5) AND (?6 IS NULL OR date <= ?6)
         ORDER BY seq LIMIT ?3`,
      )
      .bind(workspace.id, after, limit, keyResultId ?? null, window.from ?? null, window.to ?? null);
    let rows: SqlRow[];
    if (keyResultId === undefined) {
      rows = (await page.all<SqlRow>()).results;
    } else {
      const [exists, found] = await db.batch<SqlRow>([
        db
          .prepare("SELECT 1 FROM key_results WHERE workspace_id = ? AND id = ?")
          .bind(workspace.id, keyResultId),
        page,
      ]);
      if (!exists?.results.length) return null;
      rows = found?.results ?? [];
    }
    return rows.map((row) => ({
      id: String(row.seq),
      keyResultId: String(row.key_result_id),
      ...checkInFromRow(row),
      ...authorshipFromRow(row),
    }));
  }

  /** The answer recorded under an idempotency key, if any. */
  findReceipt(key: string): Promise<StoredAnswer | null> {
    return findAnswer(this.db, this.workspace.id, key);
  }

  /** Replaces a recorded answer's body (when the answer turned out different from the one recorded). */
  replaceReceipt(key: string, body: string): Promise<void> {
    return replaceAnswerBody(this.db, this.workspace.id, key, body);
  }
}

function receiptStatement(db: D1Database, workspaceId: string, keyResultId: string, receipt: Receipt) {
  const params = [workspaceId, keyResultId];
  return recordAnswerStatement(
    db,
    workspaceId,
    receipt.key,
    { fingerprint: receipt.fingerprint, status: receipt.status, body: receipt.body },
    [
      {
        path: receipt.fill.checkInId,
        sql: "SELECT CAST(MAX(seq) AS TEXT) FROM check_ins WHERE workspace_id = ?1 AND key_result_id = ?2",
        params,
      },
      {
        path: receipt.fill.version,
        sql: "SELECT version FROM key_results WHERE workspace_id = ?1 AND id = ?2",
        params,
      },
    ],
    { sql: "EXISTS (SELECT 1 FROM key_results WHERE workspace_id = ?1 AND id = ?2)", params },
    new Date().toISOString(),
  );
}

/** Stores a snapshot of a cascade read at its revision; failures are logged, never thrown. */
async function renewSnapshot(db: D1Database, workspaceId: string, stored: StoredCascade) {
  try {
    // Taken now, before the read that called this scores the cascade and maybe releases its objects.
    const { doc, revision } = stored;
    const versions = doc.keyResults.map((kr) => stored.versions.get(kr.id) ?? revision);
    // Encoding is synchronous and takes tens of ms for a large cascade: let the response go first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const parts = encodeSnapshot({ doc, versions });
    await storeSnapshot(db, workspaceId, revision, parts);
  } catch (error) {
    console.error("could not renew the cascade snapshot of", workspaceId, error);
  }
}
