/**
 * A workspace's cascade read from its newest snapshot with the key results changed since replayed on top
 * (their rows and check-ins, read in the same batch, so from the same state of the database).
 */
import type { CascadeDocument } from "../../../schema/document.ts";
import { canonicalOrder } from "../../../schema/sections.ts";
import type { StoredCascade } from "../../../store/port.ts";
import {
  CHECK_IN_SELECT,
  checkInsByKeyResult,
  KEY_RESULT_SELECT,
  keyResultWithCheckIns,
} from "./read-rows.ts";
import { parseSnapshot, snapshotData, snapshotText } from "./snapshot.ts";
import type { SqlRow } from "./tables.ts";

/** The objects a cascade read from a snapshot is rebuilt into. */
interface SnapshotObjects {
  doc: CascadeDocument;
  versions: Map<string, number>;
}

/**
 * A cascade read from a snapshot that can let go of its objects and keep what they were built from:
 * the snapshot's gzip data (outside the JavaScript heap) and the rows replayed on it. `doc` and
 * `versions` are built again on first use. A report read that needs only the report's JSON releases
 * them (`releaseObjects`), so the score cache holds none of the document's objects, which the collector
 * would otherwise copy out of the young generation and mark after every cold read (docs/performance.md).
 */
class SnapshotCascade implements StoredCascade {
  #objects: SnapshotObjects | undefined;

  constructor(
    readonly revision: number,
    objects: SnapshotObjects,
    private readonly rebuild: () => SnapshotObjects,
  ) {
    this.#objects = objects;
  }

  get doc(): CascadeDocument {
    this.#objects ??= this.rebuild();
    return this.#objects.doc;
  }

  get versions(): ReadonlyMap<string, number> {
    this.#objects ??= this.rebuild();
    return this.#objects.versions;
  }

  release(): void {
    this.#objects = undefined;
  }
}

/**
 * Lets a stored cascade drop its document's objects when it can build them again (one read from a
 * snapshot); others keep theirs. Reading `doc` or `versions` afterwards builds them anew, so only a
 * caller done with them should: the objects it held stay valid, but are no longer the stored ones.
 */
export function releaseObjects(stored: StoredCascade): void {
  if (stored instanceof SnapshotCascade) stored.release();
}

/**
 * The cascade from its newest snapshot and the key results changed since (with how many changed);
 * null when the workspace has no cascade, undefined when there is no usable snapshot.
 */
export async function readCascadeFromSnapshot(
  db: D1Database,
  workspaceId: string,
): Promise<{ stored: StoredCascade; changed: number } | null | undefined> {
  const q = (sql: string) => db.prepare(sql).bind(workspaceId);
  const snapshotRevision = "(SELECT max(revision) FROM cascade_snapshots WHERE workspace_id = ?1)";
  const changedKeyResults = `workspace_id = ?1 AND version > ${snapshotRevision}`;
  const [head, parts, count, changed, checkIns] = (
    await db.batch<SqlRow>([
      q("SELECT revision, organization FROM workspaces WHERE id = ?"),
      q(
        `SELECT revision, data FROM cascade_snapshots WHERE workspace_id = ?1 AND revision = ${snapshotRevision} ORDER BY part`,
      ),
      q("SELECT count(*) AS n FROM key_results WHERE workspace_id = ?"),
      q(`SELECT ${KEY_RESULT_SELECT} FROM key_results WHERE ${changedKeyResults}`),
      // Driven by the changed key results (CROSS JOIN fixes the join order in SQLite): with an IN
      // subquery the planner walks every check-in of the workspace by seq to skip a sort.
      q(
        `SELECT ${CHECK_IN_SELECT.replace(/[\w"]+/g, "c.$&")} FROM key_results AS k CROSS JOIN check_ins AS c
           ON c.workspace_id = k.workspace_id AND c.key_result_id = k.id
         WHERE k.workspace_id = ?1 AND k.version > ${snapshotRevision} ORDER BY c.seq`,
      ),
    ])
  ).map((r) => r.results);
  const ws = head?.[0];
  if (!ws || ws.organization === null || ws.organization === undefined) return null;
  const first = parts?.[0];
  if (!first || !parts || !changed || !checkIns) return undefined;
  const revision = Number(first.revision);
  try {
    const data = snapshotData(parts.map((p) => String(p.data)));
    const build = rebuilder(data, revision, changed, checkIns);
    const objects = build();
    if (objects.doc.keyResults.length !== Number(count?.[0]?.n)) {
      throw new Error("its key results are not the stored ones");
    }
    return { stored: new SnapshotCascade(Number(ws.revision), objects, build), changed: changed.length };
  } catch (error) {
    // The normalized rows are the truth: read them instead, and the caller writes a good snapshot.
    console.error(`the cascade snapshot of ${workspaceId} at revision ${revision} is unusable:`, error);
    return undefined;
  }
}

/**
 * Builds the objects of a snapshot again. A closure made here holds what it needs and nothing else;
 * one made inside `readCascadeFromSnapshot` would share its scope, and with it the request's D1
 * binding, for as long as the score cache keeps the cascade.
 */
function rebuilder(
  data: Uint8Array,
  revision: number,
  changed: readonly SqlRow[],
  checkIns: readonly SqlRow[],
) {
  return () => replayOnSnapshot(snapshotText(data), revision, changed, checkIns);
}

/**
 * The document and versions of a snapshot's JSON text with the key results changed since (their rows
 * and check-in rows) put in place. Throws when the snapshot is unreadable or lacks one of them.
 */
function replayOnSnapshot(
  text: string,
  revision: number,
  changed: readonly SqlRow[],
  checkIns: readonly SqlRow[],
): SnapshotObjects {
  const { doc, versions: snapshotVersions } = parseSnapshot(text);
  const versions = new Map<string, number>();
  doc.keyResults.forEach((kr, i) => {
    versions.set(kr.id, snapshotVersions?.[i] ?? revision);
  });
  if (changed.length > 0) {
    const index = new Map(doc.keyResults.map((kr, i) => [kr.id, i]));
    const checkInsByKr = checkInsByKeyResult(checkIns);
    for (const row of changed) {
      const i = index.get(String(row.id));
      if (i === undefined) throw new Error(`it lacks key result ${String(row.id)}`);
      doc.keyResults[i] = keyResultWithCheckIns(row, checkInsByKr);
      versions.set(String(row.id), Number(row.version));
    }
  }
  return { doc: canonicalOrder(doc), versions };
}
