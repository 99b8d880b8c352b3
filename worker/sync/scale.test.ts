/**
 * The sync service at scale (docs/scaling.md, "The sync service"): 1,000 workspaces with three sources
 * each (a Notion connection, and a Coda account bound to cells in two tables). Measured in the Workers
 * runtime: what the cron's pass costs, and what one quiet run of each kind costs in D1 queries and
 * subrequests; then a simulation of the whole pass at the services' rates, inside the 15 minutes
 * between two crons.
 */
import { createExecutionContext, createMessageBatch, env } from "cloudflare:test";
import { describe, expect, inject, it } from "vitest";
import type { CascadeDocument } from "../../schema/document.ts";
import type { Bindings } from "../env.ts";
import { queueSyncRuns } from "../scheduled.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { callJson, workspaceWith } from "../test/helpers.ts";
import { consumeSync } from "./queue.ts";
import { queueRun, type SyncMessage } from "./runs.ts";

const coda = inject("codaFake");
const notion = inject("notionFake");

/** The platform's limits per invocation (paid plan) and the services' documented rates. */
const LIMITS = { subrequests: 1000, d1Queries: 1000, wallSeconds: 15 * 60 };
const RATES = { notion: 3, coda: 10 }; // the worker's defaults (NOTION_RATE, CODA_RATE)

/** A D1 database that counts the queries sent through it (a batch counts each of its statements). */
function countingDb(db: D1Database) {
  const count = { queries: 0 };
  const inner = new WeakMap<object, D1PreparedStatement>();
  const wrap = (statement: D1PreparedStatement): D1PreparedStatement => {
    const wrapped = {
      bind: (...values: unknown[]) => wrap(statement.bind(...values)),
      first: (column?: string) => {
        count.queries++;
        return column === undefined ? statement.first() : statement.first(column);
      },
      all: () => {
        count.queries++;
        return statement.all();
      },
      run: () => {
        count.queries++;
        return statement.run();
      },
      raw: (options?: { columnNames?: boolean }) => {
        count.queries++;
        return statement.raw(options as { columnNames: true });
      },
    } as unknown as D1PreparedStatement;
    inner.set(wrapped, statement);
    return wrapped;
  };
  const counted = {
    prepare: (sql: string) => wrap(db.prepare(sql)),
    batch: (statements: D1PreparedStatement[]) => {
      count.queries += statements.length;
      return db.batch(statements.map((s) => inner.get(s) ?? s));
    },
    exec: (sql: string) => db.exec(sql),
    withSession: () => db.withSession(),
    dump: () => db.dump(),
  } as unknown as D1Database;
  return { db: counted, count };
}

/** A fetch that counts the subrequests a run makes (to Coda, to Notion). */
function countingFetch() {
  const count = { subrequests: 0 };
  const original = globalThis.fetch;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    count.subrequests++;
    return original(input, init);
  }) as typeof fetch;
  const restore = () => {
    globalThis.fetch = original;
  };
  return { count, restore };
}

/**
 * The time a pass takes: runs taken in order by `consumers` consumers, each run lasting its requests
 * at its connection's rate (every workspace has its own token, so its own rate budget).
 */
function simulatePass(runs: readonly number[], consumers: number): number {
  const free = new Array<number>(consumers).fill(0);
  for (const seconds of runs) {
    let first = 0;
    for (let i = 1; i < free.length; i++) if ((free[i] as number) < (free[first] as number)) first = i;
    free[first] = (free[first] as number) + seconds;
  }
  return Math.max(...free);
}

function boundCascade(): CascadeDocument {
  const year = Number(todayUtc().slice(0, 4));
  const kr = (id: string, source: object) => ({
    id,
    objectiveId: "obj",
    title: id,
    kind: "increase" as const,
    start: 0,
    target: 100,
    source: source as { type: "coda" },
  });
  return {
    version: 1,
    organization: "Scale",
    cycles: [{ id: "y", start: `${year}-01-01`, end: `${year}-12-31` }],
    imperatives: [{ id: "imp", title: "Win" }],
    goals: [{ id: "goal", title: "Grow", imperativeId: "imp", year }],
    objectives: [{ id: "obj", title: "Sell", cycleId: "y", goalId: "goal" }],
    keyResults: [
      kr("sql", {
        type: "coda",
        docId: coda.docId,
        tableId: coda.pipelineTableId,
        column: "Count",
        rowId: "SQL",
      }),
      kr("sql-2", {
        type: "coda",
        docId: coda.docId,
        tableId: coda.pipelineTableId,
        column: "Count",
        rowWhere: { column: "Stage", value: "SQL" },
      }),
      kr("other", { type: "coda", docId: coda.docId, tableId: coda.tableId, column: "Value", rowId: "none" }),
    ],
  };
}

describe("1,000 workspaces with three sources each", () => {
  it("are queued by one cron pass in a handful of D1 queries and 20 sends", async () => {
    const now = new Date().toISOString();
    const statements: D1PreparedStatement[] = [];
    for (let i = 0; i < 1000; i++) {
      const id = `scale-${i}`;
      statements.push(
        env.DB.prepare("INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)").bind(id, id, now),
        env.DB.prepare(
          `INSERT INTO connections (workspace_id, kind, secret, iv, config, created_at, validated_at)
           VALUES (?1, 'notion', 's', 'i', '{}', ?2, ?2), (?1, 'coda', 's', 'i', '{}', ?2, ?2)`,
        ).bind(id, now),
      );
    }
    for (let i = 0; i < statements.length; i += 500) await env.DB.batch(statements.slice(i, i + 500));
    const { db, count } = countingDb(env.DB);
    let sends = 0;
    const messages: SyncMessage[] = [];
    const queue = {
      sendBatch: async (batch: Array<{ body: SyncMessage }>) => {
        sends++;
        messages.push(...batch.map((m) => m.body));
      },
    } as unknown as Queue<SyncMessage>;
    const queued = await queueSyncRuns({ ...env, DB: db, SYNC_QUEUE: queue } as Bindings, "scale");
    const ours = messages.filter((m) => m.workspaceId.startsWith("scale-"));
    expect(ours).toHaveLength(2000);
    expect(queued).toBeGreaterThanOrEqual(2000);
    expect(count.queries).toBe(3); // the lease, the one INSERT … SELECT, the lease's release
    expect(sends).toBe(Math.ceil((queued ?? 0) / 100));
    expect(sends).toBeLessThan(LIMITS.subrequests);
  });

  it("each run fits one invocation's limits, and the whole pass fits between two crons", async () => {
    const token = await workspaceWith("scale-run", boundCascade());
    await callJson("/v1/workspaces/scale-run/connections/coda", {
      method: "PUT",
      token,
      body: { token: coda.token },
    });
    const deliver = async (source: "coda" | "notion") => {
      const run = await queueRun(env.DB, "scale-run", source, "cron");
      const { db, count } = countingDb(env.DB);
      const fetches = countingFetch();
      try {
        const batch = createMessageBatch<SyncMessage>("cascade-sync", [
          {
            id: run.id,
            timestamp: new Date(),
            attempts: 1,
            body: { runId: run.id, workspaceId: "scale-run", source },
          },
        ]);
        await consumeSync(batch, { ...env, DB: db });
        createExecutionContext();
      } finally {
        fetches.restore();
      }
      const done = await env.DB.prepare("SELECT summary FROM sync_runs WHERE id = ?")
        .bind(run.id)
        .first<{ summary: string }>();
      return {
        d1: count.queries,
        subrequests: fetches.count.subrequests,
        summary: JSON.parse(done?.summary ?? "{}"),
      };
    };
    await deliver("coda"); // the first run reads both tables in full
    const quiet = await deliver("coda");
    // The lower bound: one incremental read per table, and nothing recorded.
    expect(quiet.summary).toMatchObject({ tablesRead: 2, fullReads: 0, recorded: 0, reads: 2 });
    expect(quiet.subrequests).toBeLessThanOrEqual(quiet.summary.reads + 1); // + the rate gate's booking
    expect(quiet.d1).toBeLessThanOrEqual(40);

    // The same workspace's Notion: after the first sync, a quiet run is one query per data source.
    const page = await fetch(`${notion.baseUrl}/v1/pages`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${notion.token}`,
        "notion-version": "2025-09-03",
        "content-type": "application/json",
      },
      body: JSON.stringify({
        parent: { page_id: notion.root },
        properties: { title: { title: [{ text: { content: "scale-run" } }] } },
      }),
    });
    const parentPageId = ((await page.json()) as { id: string }).id;
    await callJson("/v1/workspaces/scale-run/connections/notion", {
      method: "PUT",
      token,
      body: { token: notion.token, parentPageId },
    });
    await deliver("notion");
    const notionQuiet = await deliver("notion");
    expect(notionQuiet.summary).toMatchObject({ reads: 7, writes: 0 });
    expect(notionQuiet.d1).toBeLessThanOrEqual(60);
    const notionRun = { requests: notionQuiet.summary.reads as number, d1: notionQuiet.d1 };
    const codaSeconds = quiet.summary.reads / RATES.coda;
    const notionSeconds = notionRun.requests / RATES.notion;
    expect(quiet.d1).toBeLessThan(LIMITS.d1Queries);
    expect(notionRun.d1).toBeLessThan(LIMITS.d1Queries);
    expect(notionQuiet.subrequests).toBeLessThan(LIMITS.subrequests);
    const pass: number[] = [];
    for (let i = 0; i < 1000; i++) pass.push(notionSeconds, codaSeconds);
    // 50 consumers at once is a fifth of what a queue may scale to (250).
    const seconds = simulatePass(pass, 50);
    expect(seconds).toBeLessThan(LIMITS.wallSeconds);
    console.log(
      `sync pass, 1,000 workspaces × 3 sources: ${pass.length} runs, ${Math.round(seconds)} s with 50 consumers ` +
        `(quiet Coda run: ${quiet.summary.reads} reads, ${quiet.subrequests} subrequests, ${quiet.d1} D1 queries; ` +
        `quiet Notion run: ${notionRun.requests} requests, ${notionQuiet.subrequests} subrequests, ${notionRun.d1} D1 queries)`,
    );
  });
});
