/**
 * The report endpoint of a 10k key-result workspace, on loopback against `wrangler dev` (workerd with a
 * local D1), compared with the core's in-process scoring of the same document measured in the same run.
 *
 * - after a PUT: the first report of a cascade just uploaded. The PUT scored its document for today
 *   and cached it, so this read scores the asOf asked for from memory, without D1.
 * - cold: a read of a revision this isolate does not hold (a fresh isolate, another isolate wrote, or
 *   evicted: here a few 10k workspaces read in turn, each pushing the next out of the cache): the
 *   worker reads it from D1, rebuilds the document, scores it, serializes the report. The
 *   `Cache-Status` header says which path each request took, and the bench checks it.
 * - check-in: the POST itself, which scores the cascade (the cached revision, changed) to answer with
 *   the key result's new score, writes, and hands the new scored revision to the cache.
 * - after a check-in: the report read next, for the day the check-in was scored for.
 * - new asOf: one request at a time, each for an `asOf` not asked before of a cached revision: scored
 *   and serialized again, without reading D1.
 * - warm: the same `asOf` again (what a dashboard, a Coda sync paging through lists, or a meeting's
 *   reloads ask for): the scored revision comes from the isolate's cache.
 * - under load: autocannon in a second process, several connections, warm.
 *
 * Requests one at a time are timed to the last byte of the body, read as autocannon reads it (bytes
 * dropped, not decoded into a string), so the figures are the endpoint's and not this client's.
 */
import { spawn } from "node:child_process";
import { request } from "node:http";
import { join } from "node:path";
import { scoreCascade } from "../core/report.ts";
import { root, startLocalWorker } from "../scripts/local-worker.ts";
import { cascadeWeight, SCORE_CACHE_BUDGET } from "../worker/scoring/score-budget.ts";
import { generateDocument } from "./generate.ts";

const AS_OF = "2026-11-24";
const KEY_RESULTS = 10_000;
/** Key results changed after the snapshot before the last cold read (7 check-ins come before). */
const REPLAYED = 200;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface Cannon {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

/**
 * One GET, timed until the last byte of the body arrived, the body counted and dropped, as autocannon and
 * wrk read it. `fetch(...).text()` would add the client's own work: decoding a 4 MB report into a string
 * took ~100 ms in this process, four times what the same cached response costs the worker.
 */
function timedGet(url: string, token: string): Promise<{ ms: number; status: number; cacheStatus: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let error = "";
      res.on("data", (chunk: Buffer) => {
        if ((res.statusCode ?? 0) >= 300 && error.length < 200) error += chunk.toString();
      });
      res.on("end", () => {
        const status = res.statusCode ?? 0;
        if (status >= 300) reject(new Error(`report: ${status} ${error.slice(0, 200)}`));
        else
          resolve({
            ms: performance.now() - started,
            status,
            cacheStatus: String(res.headers["cache-status"] ?? ""),
          });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

/** autocannon in its own process, so the load generator does not share an event loop with anyone. */
function autocannon(url: string, token: string, connections: number, seconds: number): Promise<Cannon> {
  const bin = join(root, "node_modules", "autocannon", "autocannon.js");
  const args = [bin, "--json", "-c", String(connections), "-d", String(seconds)];
  args.push("-H", `authorization=Bearer ${token}`, url);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c;
    });
    child.stderr.on("data", (c: Buffer) => {
      err += c;
    });
    child.on("exit", (code) => {
      if (code !== 0) reject(new Error(`autocannon exited with ${code}: ${err}`));
      else resolve(JSON.parse(out) as Cannon);
    });
  });
}

/**
 * A day the API takes a check-in of `keyResultId` on: in its cycle (the API refuses others), on or
 * before AS_OF and today.
 */
function checkInDay(doc: ReturnType<typeof generateDocument>, keyResultId: string): string {
  const kr = doc.keyResults.find((k) => k.id === keyResultId);
  const cycleId = doc.objectives.find((o) => o.id === kr?.objectiveId)?.cycleId;
  const cycle = doc.cycles.find((c) => c.id === cycleId);
  if (cycle === undefined) throw new Error(`no cycle for ${keyResultId}`);
  const latest = [cycle.end, AS_OF, new Date().toISOString().slice(0, 10)].sort()[0] as string;
  return [cycle.start, latest].sort()[1] as string; // the cycle's start at the earliest
}

export async function runEndpointBench(): Promise<void> {
  const doc = generateDocument({ keyResults: KEY_RESULTS });
  const text = JSON.stringify(doc);

  // The core, in process: the baseline, on the document as JSON.parse builds it (as the CLI reads it;
  // the generator's own objects have other shapes and score slower, which would flatter the ratio).
  // It is sampled between the cases' requests all through the run, not once up front: on a shared
  // machine the speed drifts over the minutes the cases take (one baseline taken first was 41 ms in a
  // run whose cases ran at twice that). The median of all samples is the baseline of every row.
  const parsed = JSON.parse(text);
  for (let i = 0; i < 3; i++) scoreCascade(parsed, AS_OF); // warm-up: JIT
  const baseline: number[] = [];
  const sampleCore = async (times = 1) => {
    // A pause first, so the worker's own work after a response (a deferred snapshot, its GC) is not
    // running on the other core while the baseline is timed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    for (let i = 0; i < times; i++) {
      const t0 = performance.now();
      scoreCascade(parsed, AS_OF);
      baseline.push(performance.now() - t0);
    }
  };

  console.log(
    `\nWorker: GET /v1/workspaces/{ws}/report, ${KEY_RESULTS} key results (${(text.length / 1e6).toFixed(1)} MB)`,
  );
  process.stdout.write("starting wrangler dev with a local D1 … ");
  const worker = await startLocalWorker();
  try {
    const t0 = performance.now();
    const token = await worker.createWorkspace("bench", doc);
    console.log(`stored the cascade in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const url = (asOf: string) => `${worker.origin}/v1/workspaces/bench/report?asOf=${asOf}`;
    /** Times one report request; `path` is the `Cache-Status` detail it must have taken, if given. */
    const get = async (asOf: string, path?: string, target = { id: "bench", token }) => {
      const answer = await timedGet(
        `${worker.origin}/v1/workspaces/${target.id}/report?asOf=${asOf}`,
        target.token,
      );
      if (path !== undefined && !answer.cacheStatus.includes(path)) {
        throw new Error(`expected a report by way of "${path}", the worker says "${answer.cacheStatus}"`);
      }
      return answer.ms;
    };

    await get("2026-09-30"); // warm-up: JIT in workerd
    const afterPut: number[] = [];
    for (let i = 0; i < 5; i++) {
      const put = await fetch(`${worker.origin}/v1/workspaces/bench/cascade`, {
        method: "PUT",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: text,
      });
      if (!put.ok) throw new Error(`PUT cascade: ${put.status} ${await put.text()}`);
      afterPut.push(await get(AS_OF, "detail=scored"));
      await sampleCore();
    }
    // Enough workspaces holding the same cascade that reading them in turn pushes each out of the
    // cache before it comes round again: every read after the first round is a D1 read.
    const others = Math.floor(SCORE_CACHE_BUDGET / cascadeWeight(doc));
    const round = [{ id: "bench", token }];
    for (let n = 1; n <= others; n++) {
      const id = `bench-${n}`;
      round.push({ id, token: await worker.createWorkspace(id, doc) });
    }
    for (const target of round) await get(AS_OF, undefined, target);
    // A cold read's time varies more than the others' (a collection lands in one and not the next), so
    // its rows take more samples than the rest.
    const cold: number[] = [];
    for (let i = 0; i < 12; i++) {
      const target = round[i % round.length] as (typeof round)[number];
      cold.push(await get(AS_OF, "detail=d1", target));
      await sampleCore();
    }
    await get(AS_OF); // the check-ins below start from bench's revision in the cache
    const checkIn: number[] = [];
    const afterWrite: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      const posted = await fetch(
        `${worker.origin}/v1/workspaces/bench/key-results/kr-${i}/check-ins?asOf=${AS_OF}`,
        {
          method: "POST",
          headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
          body: JSON.stringify({ date: checkInDay(doc, `kr-${i}`), value: 50 + i, confidence: 7 }),
        },
      );
      if (posted.status !== 201) throw new Error(`check-in: ${posted.status} ${await posted.text()}`);
      await posted.text();
      checkIn.push(performance.now() - started);
      afterWrite.push(await get(AS_OF, "hit"));
      await sampleCore();
    }
    const newAsOf: number[] = [];
    for (let day = 1; day <= 9; day++) {
      newAsOf.push(await get(`2026-10-${String(day).padStart(2, "0")}`, "detail=scored"));
      await sampleCore();
    }
    await get(AS_OF); // the other days pushed it out of the cache: scored once more
    const warm: number[] = [];
    for (let i = 0; i < 15; i++) warm.push(await get(AS_OF, "hit"));

    await sampleCore(4);
    const single = await autocannon(url(AS_OF), token, 1, 5);
    await sampleCore(4);
    const loaded = await autocannon(url(AS_OF), token, 8, 10);
    await sampleCore(4);
    for (const run of [single, loaded]) {
      if (run.non2xx > 0 || run.errors > 0)
        throw new Error(`autocannon saw ${run.non2xx} non-2xx, ${run.errors} errors`);
    }

    // A cold read replays on top of the snapshot the key results changed since: change 200 of them
    // (the snapshot is renewed past 564), then read bench cold again, the others pushing it out.
    process.stdout.write(`checking in on ${REPLAYED} more key results … `);
    for (let i = 7; i < 7 + REPLAYED; i++) {
      const posted = await fetch(`${worker.origin}/v1/workspaces/bench/key-results/kr-${i}/check-ins`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: JSON.stringify({ date: checkInDay(doc, `kr-${i}`), value: 40 }),
      });
      if (posted.status !== 201) throw new Error(`check-in: ${posted.status} ${await posted.text()}`);
      await posted.text();
    }
    console.log("done");
    // One round untimed first, as for the cold row: the garbage of the 200 check-ins is collected
    // in it, not in the first reads timed.
    for (const target of [...round.slice(1), round[0]]) await get(AS_OF, undefined, target);
    // The other workspaces' reads in between are plain cold reads in the same phase of the run: timed
    // too, they show what the replay itself adds.
    const replayed: number[] = [];
    const sidelong: number[] = [];
    for (let i = 0; i < 8; i++) {
      for (const other of round.slice(1)) sidelong.push(await get(AS_OF, "detail=d1", other));
      replayed.push(await get(AS_OF, "detail=d1"));
      await sampleCore();
    }

    const coreMs = median(baseline);
    const ratio = (ms: number) => `${(ms / coreMs).toFixed(2)}×`;
    const perRequest = 1000 / loaded.requests.average;
    console.log(
      `\ncore scoring in process (Node), the baseline: median ${coreMs.toFixed(1)} ms of ${baseline.length} ` +
        `samples taken between the requests (${Math.min(...baseline).toFixed(1)}–${Math.max(...baseline).toFixed(1)} ms)\n`,
    );
    console.log("| case | req/s | p50 | p99 | endpoint time | ratio to core scoring |");
    console.log("|---|---:|---:|---:|---:|---:|");
    const sequential = (name: string, xs: number[]) =>
      console.log(
        `| ${name} | – | ${median(xs).toFixed(1)} ms | ${Math.max(...xs).toFixed(1)} ms (max of ${xs.length}) | ${median(xs).toFixed(1)} ms | ${ratio(median(xs))} |`,
      );
    sequential("first read after a PUT (its document, scored from memory)", afterPut);
    sequential("cold: revision not in the isolate (D1 read + score + JSON)", cold);
    sequential(`cold, ${REPLAYED + 7} key results changed since the snapshot (replayed)`, replayed);
    sequential("cold, nothing to replay, read between those (after the same check-ins)", sidelong);
    sequential("POST a check-in (cached revision + score + write)", checkIn);
    sequential("report after that check-in (scored by the POST)", afterWrite);
    sequential("new asOf of a cached revision: score + JSON", newAsOf);
    console.log(
      `| warm, 1 connection (autocannon) | ${single.requests.average.toFixed(1)} | ${single.latency.p50} ms | ${single.latency.p99} ms | ${single.latency.p50} ms | ${ratio(single.latency.p50)} |`,
    );
    console.log(
      `| warm, 8 connections (autocannon) | ${loaded.requests.average.toFixed(1)} | ${loaded.latency.p50} ms | ${loaded.latency.p99} ms | ${perRequest.toFixed(1)} ms (1 s ÷ req/s) | ${ratio(perRequest)} |`,
    );
    console.log(
      `\n(warm, one request at a time from this process: median ${median(warm).toFixed(1)} ms over ${warm.length})`,
    );
    console.log("Goal: endpoint ≤ 3× core scoring.");
  } finally {
    await worker.stop();
  }
}
