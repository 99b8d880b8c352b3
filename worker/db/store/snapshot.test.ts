import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { generateDocument } from "../../../bench/generate.ts";
import type { CascadeDocument, KeyResult } from "../../../schema/document.ts";
import type { StoredCascade } from "../../../store/port.ts";
import { northwind, tinyCascade } from "../../test/helpers.ts";
import {
  readFromD1 as loadCascade,
  replaceCascade,
  workspaceStoring as workspace,
} from "../../test/store.ts";
import { type Defer, releaseObjects } from "./d1-store.ts";
import { readCascadeFromRows } from "./read-rows.ts";
import { encodeSnapshot, SNAPSHOT_FORMAT, snapshotIsStale, storeSnapshot } from "./snapshot.ts";
import { addCheckInStatements, updateKeyResultStatements } from "./writes.ts";

const loadCascadeFromRows = (db: D1Database, id: string) => readCascadeFromRows(db, id);

/** The revisions of the snapshots a workspace has, one entry per part. */
async function snapshotRevisions(id: string): Promise<number[]> {
  const { results } = await env.DB.prepare(
    "SELECT revision FROM cascade_snapshots WHERE workspace_id = ? ORDER BY revision, part",
  )
    .bind(id)
    .all<{ revision: number }>();
  return results.map((r) => r.revision);
}

/** What a stored cascade holds, as plain data: one read from a snapshot builds its document lazily. */
function plain(stored: StoredCascade | null) {
  return stored && { doc: stored.doc, revision: stored.revision, versions: stored.versions };
}

/** A `defer` that keeps the tasks, so the test can wait for them. */
function collector(): { defer: Defer; settled: () => Promise<number> } {
  const tasks: Promise<unknown>[] = [];
  return { defer: (task) => tasks.push(task), settled: async () => (await Promise.all(tasks)).length };
}

async function checkIn(id: string, krId: string, value: number) {
  await env.DB.batch(addCheckInStatements(env.DB, id, krId, { date: "2026-02-01", value, note: "n" }));
}

describe("cascade snapshots", () => {
  it("reads back what the normalized rows hold, for the example and a generated cascade", async () => {
    // Check-ins with every field missing in turn, and a key result with an empty list of them.
    const sparse = tinyCascade("Sparse");
    sparse.keyResults[0] = {
      ...(sparse.keyResults[0] as KeyResult),
      checkIns: [
        { date: "2026-01-05", confidence: 6 },
        { date: "2026-01-12", value: 12.5, source: "coda" },
        { date: "2026-01-19", note: "no number this week, see notes" },
        { date: "2026-01-26", value: -0.1, confidence: 0, note: "", source: "notion" },
      ],
    };
    for (const [id, doc] of [
      ["snap-northwind", northwind()],
      ["snap-generated", generateDocument({ keyResults: 120, initiatives: 60, dependencies: 90 })],
      ["snap-sparse", sparse],
    ] as const) {
      const revision = await workspace(id, doc);
      expect(await snapshotRevisions(id)).toEqual([revision]);
      const fromSnapshot = await loadCascade(id);
      expect(plain(fromSnapshot)).toStrictEqual(plain(await loadCascadeFromRows(env.DB, id)));
      expect(fromSnapshot?.doc).toEqual(doc);
    }
  });

  it("reads the check-ins of the changed key results only, not every check-in of the workspace", async () => {
    const doc = generateDocument({ keyResults: 400 });
    const checkIns = doc.keyResults.reduce((n, kr) => n + (kr.checkIns?.length ?? 0), 0);
    expect(checkIns).toBeGreaterThan(2000);
    await workspace("snap-rows", doc);
    await checkIn("snap-rows", "kr-7", 1);
    // D1 reports the rows each statement read: the snapshot read is one batch.
    let rowsRead = 0;
    const counting = new Proxy(env.DB, {
      get(target, property) {
        if (property === "batch") {
          return async (statements: D1PreparedStatement[]) => {
            const results = await target.batch(statements);
            for (const r of results) rowsRead += r.meta.rows_read ?? 0;
            return results;
          };
        }
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const stored = await loadCascade("snap-rows", undefined, counting);
    expect(stored?.doc.keyResults.find((k) => k.id === "kr-7")?.checkIns?.at(-1)).toMatchObject({ value: 1 });
    // The snapshot, the head, a count of the key results (an index of 400 entries) and kr-7's rows.
    expect(rowsRead).toBeLessThan(doc.keyResults.length + 100);
  });

  it("is what the read uses: rows of a section changed behind its back do not show", async () => {
    await workspace("snap-used", northwind());
    await env.DB.prepare("DELETE FROM objectives WHERE workspace_id = 'snap-used'").run();
    const stored = await loadCascade("snap-used");
    expect(stored?.doc.objectives).toEqual(northwind().objectives);
    expect((await loadCascadeFromRows(env.DB, "snap-used"))?.doc.objectives).toEqual([]);
  });

  it("replays the key results changed since, with their check-ins and versions", async () => {
    const doc = tinyCascade();
    const first = await workspace("snap-replay", doc);
    await checkIn("snap-replay", "kr-a", 40);
    await checkIn("snap-replay", "kr-b", 30);
    await checkIn("snap-replay", "kr-a", 55);
    const edited = {
      ...doc.keyResults[2],
      title: "C, renamed",
      owner: "Ana",
    } as CascadeDocument["keyResults"][number];
    const [, updated] = await env.DB.batch(updateKeyResultStatements(env.DB, "snap-replay", edited, first));
    expect(updated?.results).toHaveLength(1);

    const { defer, settled } = collector();
    const stored = await loadCascade("snap-replay", defer);
    const rows = plain(await loadCascadeFromRows(env.DB, "snap-replay"));
    expect(plain(stored)).toStrictEqual(rows);
    expect(stored?.doc.keyResults[0]?.checkIns?.map((c) => c.value)).toEqual([40, 55]);
    expect(stored?.doc.keyResults[2]?.title).toBe("C, renamed");
    expect(stored?.revision).toBe(first + 4);
    expect([...(stored?.versions.values() ?? [])]).toEqual([first + 3, first + 2, first + 4]);
    // Three changed key results are not worth a new snapshot.
    expect(await settled()).toBe(0);
    expect(await snapshotRevisions("snap-replay")).toEqual([first]);
  });

  it("lets go of its objects and builds the same ones again, replay included, from what it read", async () => {
    const first = await workspace("snap-release", tinyCascade());
    await checkIn("snap-release", "kr-a", 55);
    const stored = await loadCascade("snap-release");
    if (!stored) throw new Error("no cascade read");
    const { doc, versions } = stored;
    releaseObjects(stored);
    await env.DB.prepare("DELETE FROM check_ins WHERE workspace_id = 'snap-release'").run(); // no D1 read
    expect(stored.doc).not.toBe(doc);
    expect(stored.doc).toStrictEqual(doc);
    expect(stored.versions).toStrictEqual(versions);
    expect(stored.versions.get("kr-a")).toBe(first + 1);
    expect(stored.doc.keyResults.find((kr) => kr.id === "kr-a")?.checkIns?.at(-1)?.value).toBe(55);
    expect(stored.doc).toBe(stored.doc); // built once, then kept
  });

  it("is renewed once enough key results changed, and the renewed one reads back the same", async () => {
    const doc = generateDocument({ keyResults: 100, checkInsPerKeyResult: 2 });
    const first = await workspace("snap-stale", doc);
    const changed = doc.keyResults.slice(0, 75);
    expect(snapshotIsStale(changed.length, doc.keyResults.length)).toBe(true);
    for (const [i, kr] of changed.entries()) await checkIn("snap-stale", kr.id, i);

    const { defer, settled } = collector();
    const stale = await loadCascade("snap-stale", defer);
    expect(await settled()).toBe(1);
    const current = first + changed.length;
    expect(await snapshotRevisions("snap-stale")).toEqual([current]); // the old one is gone
    const renewed = await loadCascade("snap-stale", defer);
    expect(await settled()).toBe(1); // nothing more deferred
    expect(plain(renewed)).toStrictEqual(plain(stale));
    expect(plain(renewed)).toStrictEqual(plain(await loadCascadeFromRows(env.DB, "snap-stale")));
  });

  it("falls back to the rows when the snapshot is missing or unreadable, and writes a good one", async () => {
    const doc = northwind();
    await workspace("snap-broken", doc);
    for (const damage of [
      "DELETE FROM cascade_snapshots WHERE workspace_id = 'snap-broken'",
      "UPDATE cascade_snapshots SET data = 'not a snapshot' WHERE workspace_id = 'snap-broken'",
    ]) {
      const revision = await replaceCascade("snap-broken", doc);
      const rows = await loadCascadeFromRows(env.DB, "snap-broken");
      await env.DB.prepare(damage).run();
      const { defer, settled } = collector();
      expect(plain(await loadCascade("snap-broken", defer))).toStrictEqual(plain(rows));
      expect(await settled()).toBe(1);
      expect(await snapshotRevisions("snap-broken")).toEqual([revision]);
      // The renewed snapshot is the one read now: rows removed behind its back do not show.
      await env.DB.prepare("DELETE FROM objectives WHERE workspace_id = 'snap-broken'").run();
      expect((await loadCascade("snap-broken"))?.doc.objectives).toEqual(doc.objectives);
    }
  });

  it("does not use a snapshot of another format", async () => {
    const doc = tinyCascade("Old format");
    const revision = await workspace("snap-format", doc);
    const stream = new Blob([JSON.stringify({ format: SNAPSHOT_FORMAT + 1, doc: tinyCascade("Wrong") })])
      .stream()
      .pipeThrough(new CompressionStream("gzip"));
    const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    await env.DB.prepare("UPDATE cascade_snapshots SET data = ? WHERE workspace_id = 'snap-format'")
      .bind(btoa(String.fromCharCode(...bytes)))
      .run();
    const { defer, settled } = collector();
    expect((await loadCascade("snap-format", defer))?.doc.organization).toBe("Old format");
    expect(await settled()).toBe(1);
    expect(await snapshotRevisions("snap-format")).toEqual([revision]);
  });

  it("never replaces a newer snapshot with an older one", async () => {
    await workspace("snap-race", tinyCascade("Old"));
    const old = await loadCascade("snap-race");
    const newer = await replaceCascade("snap-race", tinyCascade("New"));
    if (!old) throw new Error("no cascade");
    await storeSnapshot(env.DB, "snap-race", old.revision, encodeSnapshot({ doc: old.doc }));
    expect(await snapshotRevisions("snap-race")).toEqual([newer]);
    expect((await loadCascade("snap-race"))?.doc.organization).toBe("New");
  });

  it("reads a snapshot stored in several parts, in order", async () => {
    const doc = northwind();
    const revision = await workspace("snap-parts", doc);
    const parts = encodeSnapshot({ doc }, 500);
    expect(parts.length).toBeGreaterThan(3);
    await env.DB.prepare("DELETE FROM cascade_snapshots WHERE workspace_id = 'snap-parts'").run();
    // Stored last part first: the read must order them by part, not by arrival.
    for (const [part, data] of [...parts.entries()].reverse()) {
      await env.DB.prepare(
        "INSERT INTO cascade_snapshots (workspace_id, revision, part, data) VALUES (?, ?, ?, ?)",
      )
        .bind("snap-parts", revision, part, data)
        .run();
    }
    expect(plain(await loadCascade("snap-parts"))).toStrictEqual(
      plain(await loadCascadeFromRows(env.DB, "snap-parts")),
    );
  });

  it("keeps each workspace to its own snapshot", async () => {
    await workspace("snap-a", tinyCascade("A"));
    await workspace("snap-b", tinyCascade("B"));
    await env.DB.prepare("DELETE FROM cascade_snapshots WHERE workspace_id = 'snap-b'").run();
    expect((await loadCascade("snap-a"))?.doc.organization).toBe("A");
    expect((await loadCascade("snap-b"))?.doc.organization).toBe("B");
  });
});
