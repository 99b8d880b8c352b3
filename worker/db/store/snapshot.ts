/**
 * Cascade snapshots (`cascade_snapshots`, migration 0005): the whole document of one revision, gzipped,
 * base64 and split into parts below D1's 2 MB limit on a value. Reading a 10k key-result cascade from
 * its normalized rows means ~90k rows; from a snapshot it is one or two rows and a gunzip. The
 * normalized rows stay the truth: `loadCascade` replays on top of the newest snapshot the key results
 * changed since (see cascade-read.ts), and renews the snapshot once enough of them have changed.
 */
import { Buffer } from "node:buffer";
import { gunzipSync, gzipSync } from "node:zlib";
import type { CascadeDocument, CheckIn, KeyResult } from "../../../schema/document.ts";
import { CHECK_IN_FIELDS, checkInOf } from "./tables.ts";

/**
 * The shape of a snapshot's content. Raise it whenever what `loadCascadeFromRows` builds changes (a new
 * field, another default): older snapshots are then unreadable, read from the rows instead and renewed.
 */
export const SNAPSHOT_FORMAT = 2;

/** What a snapshot holds: the document and, unless all equal the snapshot's revision, the versions. */
export interface SnapshotContent {
  doc: CascadeDocument;
  /** The key results' versions in `doc.keyResults` order; absent when every one is the revision. */
  versions?: number[];
}

/**
 * A key result's check-ins as a snapshot stores them: one array per field (`CHECK_IN_FIELDS`, the
 * check-in table's mapping) rather than one object per check-in (format 2); a field no check-in of the
 * key result has is left out. Check-ins are most of a cascade's JSON, mostly their repeated field names:
 * stored this way a snapshot is smaller and gunzips and parses faster (figures: docs/performance.md).
 */
type PackedCheckIns = { [F in keyof CheckIn]?: Array<CheckIn[F] | null> };

function packCheckIns(checkIns: readonly CheckIn[]): PackedCheckIns {
  const packed: Record<string, unknown[]> = {};
  for (const field of CHECK_IN_FIELDS) {
    if (checkIns.some((c) => c[field] !== undefined)) packed[field] = checkIns.map((c) => c[field] ?? null);
  }
  return packed;
}

/** Check-in objects from their packed arrays, fields in the order a read from the rows gives them. */
function unpackCheckIns(packed: PackedCheckIns): CheckIn[] {
  const { date = [], value, confidence, note, source } = packed;
  const n = date.length;
  if (CHECK_IN_FIELDS.some((f) => packed[f] !== undefined && packed[f].length !== n)) {
    throw new Error("a cascade snapshot whose check-in fields differ in length");
  }
  const checkIns: CheckIn[] = new Array(n);
  for (let i = 0; i < n; i++) {
    checkIns[i] = checkInOf(date[i] as string, value?.[i], confidence?.[i], note?.[i], source?.[i]);
  }
  return checkIns;
}

/** Characters per part: base64 is ASCII, so well below D1's 2,000,000-byte limit on a value. */
const PART_CHARS = 1_000_000;

/**
 * Whether a snapshot with `changed` key results replayed on top of it should be renewed: the replay
 * reads each changed key result's row and check-ins, so past a small share of the cascade a fresh
 * snapshot is cheaper to read.
 */
export function snapshotIsStale(changed: number, keyResults: number): boolean {
  return changed > 64 + keyResults / 20;
}

/** The parts of a snapshot of `content`. */
export function encodeSnapshot(content: SnapshotContent, partChars = PART_CHARS): string[] {
  // gzip and base64 in one native call each (workerd's `node:zlib` and `node:buffer`, on with
  // `nodejs_compat`): the stream API hands a large cascade over in thousands of small chunks, and
  // `btoa`/`atob` go through a string of one character per byte.
  const keyResults = content.doc.keyResults.map((kr) =>
    kr.checkIns?.length ? { ...kr, checkIns: packCheckIns(kr.checkIns) } : kr,
  );
  const doc = { ...content.doc, keyResults };
  const text = gzipSync(JSON.stringify({ format: SNAPSHOT_FORMAT, ...content, doc })).toString("base64");
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += partChars) parts.push(text.slice(i, i + partChars));
  return parts;
}

/** The gzip data of a snapshot from its parts in order. */
export function snapshotData(parts: readonly string[]): Uint8Array {
  return Buffer.from(parts.join(""), "base64");
}

/** The JSON text of a snapshot's gzip data. Throws on anything that is not whole gzip data. */
export function snapshotText(data: Uint8Array): string {
  return gunzipSync(data).toString("utf8");
}

/** A snapshot's content from its JSON text. Throws on text that is not a snapshot. */
export function parseSnapshot(text: string): SnapshotContent {
  const { format, ...content } = JSON.parse(text) as SnapshotContent & { format?: unknown };
  if (format !== SNAPSHOT_FORMAT) throw new Error(`a cascade snapshot of format ${String(format)}`);
  if (!Array.isArray(content?.doc?.keyResults)) throw new Error("a cascade snapshot without key results");
  if (content.versions !== undefined && content.versions.length !== content.doc.keyResults.length) {
    throw new Error("a cascade snapshot whose versions do not match its key results");
  }
  for (const kr of content.doc.keyResults as Array<Omit<KeyResult, "checkIns"> & { checkIns?: unknown }>) {
    if (kr.checkIns !== undefined && !Array.isArray(kr.checkIns)) {
      kr.checkIns = unpackCheckIns(kr.checkIns as PackedCheckIns);
    }
  }
  return content;
}

/**
 * For the batch of a whole-cascade write, after the statement that bumps the revision: every older
 * snapshot goes, and this one is stored at the revision the write took.
 */
export function replaceSnapshotStatements(
  db: D1Database,
  workspaceId: string,
  parts: readonly string[],
): D1PreparedStatement[] {
  return [
    db.prepare("DELETE FROM cascade_snapshots WHERE workspace_id = ?").bind(workspaceId),
    ...parts.map((data, part) =>
      db
        .prepare(
          "INSERT INTO cascade_snapshots (workspace_id, revision, part, data) VALUES (?1, (SELECT revision FROM workspaces WHERE id = ?1), ?2, ?3)",
        )
        .bind(workspaceId, part, data),
    ),
  ];
}

/**
 * Stores a snapshot of `revision`, read earlier, in one transaction: it replaces the snapshots of that
 * revision and older, unless a newer one was stored meanwhile, in which case nothing changes.
 */
export async function storeSnapshot(
  db: D1Database,
  workspaceId: string,
  revision: number,
  parts: readonly string[],
): Promise<void> {
  const noNewer = "NOT EXISTS (SELECT 1 FROM cascade_snapshots WHERE workspace_id = ?1 AND revision > ?2)";
  await db.batch([
    db
      .prepare(`DELETE FROM cascade_snapshots WHERE workspace_id = ?1 AND revision <= ?2 AND ${noNewer}`)
      .bind(workspaceId, revision),
    ...parts.map((data, part) =>
      db
        .prepare(
          `INSERT INTO cascade_snapshots (workspace_id, revision, part, data) SELECT ?1, ?2, ?3, ?4 WHERE ${noNewer}`,
        )
        .bind(workspaceId, revision, part, data),
    ),
  ]);
}
