/**
 * Reads a workspace's cascade back into a document (DOMAIN §2): from its newest snapshot with the key
 * results changed since replayed on top (snapshot.ts), or from every normalized row when there is no
 * usable snapshot. Each way is one batch, so everything is read from the same state of the database.
 * JSON columns are checked with the document's own zod schemas.
 */
import { z } from "zod";
import {
  type CascadeDocument,
  type CheckIn,
  type KeyResult,
  keyResultSourceSchema,
  milestoneSchema,
  settingsSchema,
} from "../../schema/document.ts";
import { OPTIONAL_SECTIONS } from "./cascade-write.ts";
import {
  encodeSnapshot,
  parseSnapshot,
  snapshotData,
  snapshotIsStale,
  snapshotText,
  storeSnapshot,
} from "./snapshot.ts";

/** A stored cascade with what the API needs beside the document. */
export interface StoredCascade {
  readonly doc: CascadeDocument;
  revision: number;
  /** Key result id → version (its ETag). */
  readonly versions: Map<string, number>;
}

/** The objects a cascade read from a snapshot is rebuilt into. */
interface SnapshotObjects {
  doc: CascadeDocument;
  versions: Map<string, number>;
}

/**
 * A cascade read from a snapshot that can let go of its objects and keep what they were built from:
 * the snapshot's gzip data (0.46 MB for the 10k bench cascade, outside the JavaScript heap) and the rows
 * replayed on it. `doc` and `versions` are built again on first use. A report read that needs only the
 * report's JSON releases them (`releaseObjects`), so the score cache holds no objects for it instead of
 * the ~200k of a 10k key-result document, which the collector would otherwise copy out of the young
 * generation and mark after every cold read.
 */
class SnapshotCascade implements StoredCascade {
  #objects: SnapshotObjects | undefined;

  constructor(
    public revision: number,
    objects: SnapshotObjects,
    private readonly rebuild: () => SnapshotObjects,
  ) {
    this.#objects = objects;
  }

  get doc(): CascadeDocument {
    this.#objects ??= this.rebuild();
    return this.#objects.doc;
  }

  get versions(): Map<string, number> {
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

type Value = string | number | null;
type R = Record<string, Value>;

/** Copies the non-null columns into a new object under the document's field names. */
function pick<T>(row: R, fields: Record<string, string>): T {
  const out: Record<string, unknown> = {};
  for (const [field, column] of Object.entries(fields)) {
    const value = row[column];
    if (value !== null && value !== undefined) out[field] = value;
  }
  return out as T;
}

const idList = z.array(z.string());
const capacity = z.record(z.string(), z.number());
const milestones = z.array(milestoneSchema);
const sectionList = z.array(z.enum(OPTIONAL_SECTIONS));

function parseJson<T>(schema: z.ZodType<T>, text: Value): T | undefined {
  if (typeof text !== "string") return undefined;
  return schema.parse(JSON.parse(text));
}

/** Key-result row (with its version) mapped to the document's shape, without check-ins. */
export function toKeyResult(row: R): KeyResult {
  const kr = pick<KeyResult>(row, {
    id: "id",
    objectiveId: "objective_id",
    title: "title",
    kind: "kind",
    start: "start",
    target: "target",
    low: "low",
    high: "high",
    current: "current",
    unit: "unit",
    weight: "weight",
    measure: "measure",
    owner: "owner",
  });
  const ms = parseJson(milestones, row.milestones ?? null);
  if (ms) kr.milestones = ms;
  const source = parseJson(keyResultSourceSchema, row.source ?? null);
  if (source) kr.source = source;
  return kr;
}

/** A check-in row in the document's shape. Written out by hand: a cascade can hold 100k of them. */
export function toCheckIn(row: R): CheckIn {
  const checkIn: CheckIn = { date: String(row.date) };
  if (row.value !== null && row.value !== undefined) checkIn.value = Number(row.value);
  if (row.confidence !== null && row.confidence !== undefined) checkIn.confidence = Number(row.confidence);
  if (row.note !== null && row.note !== undefined) checkIn.note = String(row.note);
  if (row.source !== null && row.source !== undefined) checkIn.source = String(row.source);
  return checkIn;
}

const bool = (v: Value | undefined) => (v === null || v === undefined ? undefined : v === 1);

const KEY_RESULT_COLUMNS =
  "id, objective_id, title, kind, start, target, low, high, milestones, current, unit, weight, measure, owner, source, has_check_ins, version";
const CHECK_IN_COLUMNS = "key_result_id, date, value, confidence, note, source";

/** Check-in rows (in `seq` order) grouped by key result, in the document's shape. */
function checkInsByKeyResult(rows: readonly R[]): Map<string, CheckIn[]> {
  const byKr = new Map<string, CheckIn[]>();
  for (const row of rows) {
    const krId = String(row.key_result_id);
    const list = byKr.get(krId);
    if (list) list.push(toCheckIn(row));
    else byKr.set(krId, [toCheckIn(row)]);
  }
  return byKr;
}

/** A key-result row with its check-ins (an empty list when the document had one). */
function keyResultWithCheckIns(row: R, checkInsByKr: Map<string, CheckIn[]>): KeyResult {
  const kr = toKeyResult(row);
  const list = checkInsByKr.get(kr.id);
  if (list || row.has_check_ins === 1) kr.checkIns = list ?? [];
  return kr;
}

/**
 * Statements that read one key result as it stands, its row and then its check-ins, unless its version
 * is `unlessVersion` (then they return nothing and read one row). At the end of a write's batch they
 * see exactly what that write left: `keyResultFromResults` turns them back.
 */
export function keyResultStatements(
  db: D1Database,
  workspaceId: string,
  id: string,
  unlessVersion: number,
): D1PreparedStatement[] {
  const changed = "SELECT 1 FROM key_results WHERE workspace_id = ?1 AND id = ?2 AND version <> ?3";
  return [
    db
      .prepare(
        `SELECT ${KEY_RESULT_COLUMNS} FROM key_results WHERE workspace_id = ?1 AND id = ?2 AND version <> ?3`,
      )
      .bind(workspaceId, id, unlessVersion),
    db
      .prepare(
        `SELECT ${CHECK_IN_COLUMNS} FROM check_ins WHERE workspace_id = ?1 AND key_result_id = ?2 AND EXISTS (${changed}) ORDER BY seq`,
      )
      .bind(workspaceId, id, unlessVersion),
  ];
}

/** The key result read by `keyResultStatements`, from their two results; undefined when it is gone. */
export function keyResultFromResults(
  row: D1Result | undefined,
  checkIns: D1Result | undefined,
): KeyResult | undefined {
  const found = row?.results[0] as R | undefined;
  if (found === undefined) return undefined;
  return keyResultWithCheckIns(found, checkInsByKeyResult((checkIns?.results ?? []) as R[]));
}

/** Hands work to the runtime to finish after the response (`ExecutionContext.waitUntil`). */
export type Defer = (task: Promise<unknown>) => void;

/**
 * The stored cascade of a workspace, or null when none was ever stored. With `defer`, a missing,
 * unreadable or stale snapshot is renewed from the cascade just read, after the response.
 */
export async function loadCascade(
  db: D1Database,
  workspaceId: string,
  defer?: Defer,
): Promise<StoredCascade | null> {
  const fromSnapshot = await readFromSnapshot(db, workspaceId);
  if (fromSnapshot === null) return null;
  if (fromSnapshot && !snapshotIsStale(fromSnapshot.changed, fromSnapshot.stored.doc.keyResults.length)) {
    return fromSnapshot.stored;
  }
  const stored = fromSnapshot?.stored ?? (await loadCascadeFromRows(db, workspaceId));
  if (stored && defer) defer(renewSnapshot(db, workspaceId, stored));
  return stored;
}

/** Stores a snapshot of a cascade read at its revision; failures are logged, never thrown. */
async function renewSnapshot(db: D1Database, workspaceId: string, stored: StoredCascade) {
  try {
    // Taken now, before the read that called this scores the cascade and maybe releases its objects.
    const { doc, revision } = stored;
    const versions = doc.keyResults.map((kr) => stored.versions.get(kr.id) ?? revision);
    // Encoding is synchronous (~60 ms for 10k key results): let the response go first.
    await new Promise((resolve) => setTimeout(resolve, 0));
    const parts = encodeSnapshot({ doc, versions });
    await storeSnapshot(db, workspaceId, revision, parts);
  } catch (error) {
    console.error("could not renew the cascade snapshot of", workspaceId, error);
  }
}

/**
 * The cascade from its newest snapshot and the key results changed since (with how many changed);
 * null when the workspace has no cascade, undefined when there is no usable snapshot.
 */
async function readFromSnapshot(
  db: D1Database,
  workspaceId: string,
): Promise<{ stored: StoredCascade; changed: number } | null | undefined> {
  const q = (sql: string) => db.prepare(sql).bind(workspaceId);
  const snapshotRevision = "(SELECT max(revision) FROM cascade_snapshots WHERE workspace_id = ?1)";
  const changedKeyResults = `workspace_id = ?1 AND version > ${snapshotRevision}`;
  const [head, parts, count, changed, checkIns] = (
    await db.batch<R>([
      q("SELECT revision, organization FROM workspaces WHERE id = ?"),
      q(
        `SELECT revision, data FROM cascade_snapshots WHERE workspace_id = ?1 AND revision = ${snapshotRevision} ORDER BY part`,
      ),
      q("SELECT count(*) AS n FROM key_results WHERE workspace_id = ?"),
      q(`SELECT ${KEY_RESULT_COLUMNS} FROM key_results WHERE ${changedKeyResults}`),
      // Driven by the changed key results (CROSS JOIN fixes the join order in SQLite): with an IN
      // subquery the planner walks every check-in of the workspace by seq to skip a sort.
      q(
        `SELECT ${CHECK_IN_COLUMNS.replace(/\w+/g, "c.$&")} FROM key_results AS k CROSS JOIN check_ins AS c
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
 * one made inside `readFromSnapshot` would share its scope, and with it the request's D1 binding, for
 * as long as the score cache keeps the cascade.
 */
function rebuilder(data: Uint8Array, revision: number, changed: readonly R[], checkIns: readonly R[]) {
  return () => replayOnSnapshot(snapshotText(data), revision, changed, checkIns);
}

/**
 * The document and versions of a snapshot's JSON text with the key results changed since (their rows
 * and check-in rows) put in place. Throws when the snapshot is unreadable or lacks one of them.
 */
function replayOnSnapshot(
  text: string,
  revision: number,
  changed: readonly R[],
  checkIns: readonly R[],
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

/** The stored cascade from every normalized row, or null when none was ever stored. */
export async function loadCascadeFromRows(
  db: D1Database,
  workspaceId: string,
): Promise<StoredCascade | null> {
  const q = (sql: string) => db.prepare(sql).bind(workspaceId);
  const [
    ws,
    cycles,
    teams,
    imperatives,
    goals,
    objectives,
    keyResults,
    checkIns,
    initiatives,
    tradeOffs,
    deps,
    metrics,
    values,
    reallocations,
  ] = (
    await db.batch<R>([
      q("SELECT revision, organization, settings, sections FROM workspaces WHERE id = ?"),
      q('SELECT id, name, start, "end" FROM cycles WHERE workspace_id = ? ORDER BY position'),
      q("SELECT id, name, capacity FROM teams WHERE workspace_id = ? ORDER BY position"),
      q("SELECT id, title, owner, weight FROM imperatives WHERE workspace_id = ? ORDER BY position"),
      q("SELECT * FROM goals WHERE workspace_id = ? ORDER BY position"),
      q("SELECT * FROM objectives WHERE workspace_id = ? ORDER BY position"),
      q(`SELECT ${KEY_RESULT_COLUMNS} FROM key_results WHERE workspace_id = ? ORDER BY position`),
      q(`SELECT ${CHECK_IN_COLUMNS} FROM check_ins WHERE workspace_id = ? ORDER BY seq`),
      q("SELECT * FROM initiatives WHERE workspace_id = ? ORDER BY position"),
      q("SELECT * FROM trade_offs WHERE workspace_id = ? ORDER BY position"),
      q("SELECT from_id, to_id, note FROM dependencies WHERE workspace_id = ? ORDER BY position"),
      q("SELECT * FROM health_metrics WHERE workspace_id = ? ORDER BY position"),
      q(
        "SELECT metric_id, date, value FROM health_values WHERE workspace_id = ? ORDER BY metric_id, position",
      ),
      q("SELECT * FROM reallocations WHERE workspace_id = ? ORDER BY position"),
    ])
  ).map((r) => r.results);
  const head = ws?.[0];
  if (!head || head.organization === null || head.organization === undefined) return null;

  const checkInsByKr = checkInsByKeyResult(checkIns ?? []);
  const valuesByMetric = new Map<string, { date: string; value: number }[]>();
  for (const row of values ?? []) {
    const id = String(row.metric_id);
    const list = valuesByMetric.get(id) ?? [];
    if (list.length === 0) valuesByMetric.set(id, list);
    list.push({ date: String(row.date), value: Number(row.value) });
  }

  const versions = new Map<string, number>();
  const doc: CascadeDocument = {
    version: 1,
    organization: String(head.organization),
    cycles: (cycles ?? []).map((r) => pick(r, { id: "id", name: "name", start: "start", end: "end" })),
    imperatives: (imperatives ?? []).map((r) =>
      pick(r, { id: "id", title: "title", owner: "owner", weight: "weight" }),
    ),
    goals: (goals ?? []).map((r) =>
      pick(r, {
        id: "id",
        title: "title",
        imperativeId: "imperative_id",
        year: "year",
        owner: "owner",
        weight: "weight",
      }),
    ),
    objectives: (objectives ?? []).map((r) => {
      const o = pick<CascadeDocument["objectives"][number]>(r, {
        id: "id",
        title: "title",
        cycleId: "cycle_id",
        team: "team",
        owner: "owner",
        goalId: "goal_id",
        parentId: "parent_id",
        weight: "weight",
        perspective: "perspective",
      });
      const wig = bool(r.wig);
      if (wig !== undefined) o.wig = wig;
      return o;
    }),
    keyResults: (keyResults ?? []).map((r) => {
      versions.set(String(r.id), Number(r.version));
      return keyResultWithCheckIns(r, checkInsByKr);
    }),
  };
  const sections = new Set(parseJson(sectionList, head.sections ?? null) ?? []);
  const settings = parseJson(settingsSchema, head.settings ?? null);
  if (settings) doc.settings = settings;
  if (sections.has("teams")) {
    doc.teams = (teams ?? []).map((r) => {
      const t = pick<NonNullable<CascadeDocument["teams"]>[number]>(r, { id: "id", name: "name" });
      const cap = parseJson(capacity, r.capacity ?? null);
      if (cap) t.capacity = cap;
      return t;
    });
  }
  if (sections.has("initiatives")) {
    doc.initiatives = (initiatives ?? []).map((r) => {
      const n = pick<NonNullable<CascadeDocument["initiatives"]>[number]>(r, {
        id: "id",
        title: "title",
        type: "type",
        team: "team",
        cycleId: "cycle_id",
        size: "size",
        value: "value",
        timeCriticality: "time_criticality",
        riskReduction: "risk_reduction",
        budget: "budget",
        owner: "owner",
      });
      const ids = parseJson(idList, r.key_result_ids ?? null);
      if (ids) n.keyResultIds = ids;
      const committed = bool(r.committed);
      if (committed !== undefined) n.committed = committed;
      return n;
    });
  }
  if (sections.has("tradeOffs")) {
    doc.tradeOffs = (tradeOffs ?? []).map((r) => ({
      ...pick<NonNullable<CascadeDocument["tradeOffs"]>[number]>(r, {
        id: "id",
        cycleId: "cycle_id",
        team: "team",
        admitted: "admitted",
        decidedBy: "decided_by",
        date: "date",
        reason: "reason",
      }),
      dropped: parseJson(idList, r.dropped ?? null) ?? [],
    }));
  }
  if (sections.has("dependencies")) {
    doc.dependencies = (deps ?? []).map((r) => pick(r, { from: "from_id", to: "to_id", note: "note" }));
  }
  if (sections.has("healthMetrics")) {
    doc.healthMetrics = (metrics ?? []).map((r) => ({
      ...pick<NonNullable<CascadeDocument["healthMetrics"]>[number]>(r, {
        id: "id",
        title: "title",
        area: "area",
        direction: "direction",
        green: "green",
        red: "red",
      }),
      values: valuesByMetric.get(String(r.id)) ?? [],
    }));
  }
  if (sections.has("reallocations")) {
    doc.reallocations = (reallocations ?? []).map((r) =>
      pick(r, {
        id: "id",
        date: "date",
        from: "from_id",
        to: "to_id",
        amount: "amount",
        approvedBy: "approved_by",
      }),
    );
  }
  return { doc: canonicalOrder(doc), revision: Number(head.revision), versions };
}

/** The document's fields in the order DOMAIN §2 lists them, for a GET that reads like the file sent. */
function canonicalOrder(doc: CascadeDocument): CascadeDocument {
  return Object.assign(
    { version: doc.version, organization: doc.organization },
    doc.settings ? { settings: doc.settings } : {},
    { cycles: doc.cycles },
    doc.teams ? { teams: doc.teams } : {},
    {
      imperatives: doc.imperatives,
      goals: doc.goals,
      objectives: doc.objectives,
      keyResults: doc.keyResults,
    },
    doc.initiatives ? { initiatives: doc.initiatives } : {},
    doc.tradeOffs ? { tradeOffs: doc.tradeOffs } : {},
    doc.dependencies ? { dependencies: doc.dependencies } : {},
    doc.healthMetrics ? { healthMetrics: doc.healthMetrics } : {},
    doc.reallocations ? { reallocations: doc.reallocations } : {},
  );
}
