/**
 * The Notion sync's requests against their lower bound, through the real client and the Notion fake:
 *
 * - 5,000 key results with their check-ins, the fake unthrottled: a first sync makes one query per
 *   (empty) data source and one write per row; a sync with nothing changed one incremental query per
 *   data source and no writes; a full read ⌈N/100⌉ queries per data source and no writes. Goal: equal.
 * - a 200 key-result organization, the fake throttled at 3 requests a second: the rate the sync
 *   achieves against the one allowed (goal ≥ 0.9), and how many requests met a 429.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { initNotion } from "../integrations/notion/init.ts";
import { KINDS } from "../integrations/notion/layout.ts";
import { NotionApi } from "../integrations/notion/notion-api.ts";
import { rowsOf } from "../integrations/notion/rows.ts";
import { emptyState } from "../integrations/notion/state.ts";
import { readState, writeState } from "../integrations/notion/state-file.ts";
import { syncNotion } from "../integrations/notion/sync.ts";
import { FileCascadeStore } from "../store/file.ts";
import { type NotionFake, startNotionFake } from "../tests/fakes/notion/server.ts";
import { generateDocument } from "./generate.ts";

const AS_OF = "2026-11-24";

interface Setup {
  fake: NotionFake;
  doc: string;
  state: string;
  rows: number;
  perKind: Record<string, number>;
  clock: { t: number };
  tick: () => Date;
  done: () => Promise<void>;
}

async function setUp(keyResults: number, checkIns: number, rate?: number): Promise<Setup> {
  // Notion's clock, shared by the fake and the sync: it ticks 50 ms a reading, so rows made one after
  // another spread over minutes as they would in Notion (a query window holds one minute's rows).
  const clock = { t: Date.parse("2026-11-24T09:00:00Z") };
  const tick = () => {
    clock.t += 50;
    return new Date(clock.t);
  };
  const fake = await startNotionFake({ now: tick, ...(rate ? { rate } : {}) });
  const dir = mkdtempSync(join(tmpdir(), "cascade-notion-bench-"));
  const doc = join(dir, "cascade.json");
  const generated = generateDocument({ keyResults, checkInsPerKeyResult: checkIns });
  writeFileSync(doc, JSON.stringify(generated));
  const rows = rowsOf(generated);
  const perKind = Object.fromEntries(KINDS.map((k) => [k, rows[k].length]));
  const state = join(dir, "cascade.notion.json");
  const api = new NotionApi({ token: fake.token, baseUrl: fake.baseUrl, requestsPerSecond: Infinity });
  const s = emptyState();
  await initNotion({ api, state: s, parentPageId: fake.addPage("OKRs") });
  await writeState(state, s);
  const total = Object.values(perKind).reduce((a, b) => a + b, 0);
  return {
    fake,
    doc,
    state,
    rows: total,
    perKind,
    clock,
    tick,
    done: async () => {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function sync(setup: Setup, requestsPerSecond: number, full = false) {
  setup.fake.resetLog();
  const api = new NotionApi({ token: setup.fake.token, baseUrl: setup.fake.baseUrl, requestsPerSecond });
  const t0 = performance.now();
  const summary = await syncNotion({
    store: new FileCascadeStore(setup.doc),
    api,
    state: await readState(setup.state),
    saveState: (s) => writeState(setup.state, s),
    asOf: AS_OF,
    documentEditedAt: new Date(setup.clock.t - 86_400_000),
    now: setup.tick,
    full,
  });
  const seconds = (performance.now() - t0) / 1000;
  const log = setup.fake.log;
  const queries = log.filter((e) => e.path.endsWith("/query")).length;
  const writes = log.filter((e) => e.method !== "GET" && !e.path.endsWith("/query")).length;
  const limited = log.filter((e) => e.status === 429).length;
  return { summary, seconds, queries, writes, limited, requests: log.length };
}

export async function runNotionBench(): Promise<void> {
  console.log("\nNotion sync: requests against the lower bound (the fake, through @notionhq/client)\n");
  const big = await setUp(5_000, 8);
  try {
    const fullQueries = Object.values(big.perKind).reduce(
      (n, rows) => n + Math.max(1, Math.ceil(rows / 100)),
      0,
    );
    console.log(
      `5,000 key results, ${big.rows} rows (${Object.entries(big.perKind)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")})\n`,
    );
    console.log("| run | queries | bound | writes | bound | time |");
    console.log("|---|---:|---:|---:|---:|---:|");
    const line = (name: string, r: Awaited<ReturnType<typeof sync>>, queries: number, writes: number) =>
      console.log(
        `| ${name} | ${r.queries} | ${queries} | ${r.writes} | ${writes} | ${r.seconds.toFixed(1)} s |`,
      );
    line("first sync (empty databases)", await sync(big, Infinity), KINDS.length, big.rows);
    big.clock.t += 3_600_000;
    const readBack = await sync(big, Infinity);
    line("next sync (reads back what the first wrote)", readBack, fullQueries, 0);
    big.clock.t += 3_600_000;
    line("nothing changed", await sync(big, Infinity), KINDS.length, 0);
    big.clock.t += 3_600_000;
    line("full read (--full), nothing changed", await sync(big, Infinity, true), fullQueries, 0);
  } finally {
    await big.done();
  }

  const small = await setUp(200, 0, 3);
  try {
    const r = await sync(small, 3);
    const rate = r.requests / r.seconds;
    console.log(
      `\n200 key results (${small.rows} rows), the fake allowing 3 requests/s: ${r.requests} requests in ${r.seconds.toFixed(1)} s = ` +
        `${rate.toFixed(2)}/s, ${(rate / 3).toFixed(2)} of the allowed rate (goal ≥ 0.9); ${r.limited} answered 429.`,
    );
  } finally {
    await small.done();
  }
}
