/**
 * `npm run bench -- --memory-only`: memory while clients read the reports of 10k key-result cascades,
 * sampled as requests go: the worker isolate's JavaScript heap (used and its size, through the V8
 * inspector of `wrangler dev`), and the resident set of the whole workerd process (from /proc: the
 * runtime, its local D1's SQLite, and every isolate).
 * Three workspaces hold the same cascade and are read in turn by 10 connections at once, so most reads
 * are cold (the score cache holds about two such cascades), the case that grew the process from 338 MB
 * to 994 MB in 127 requests. Linux only (it reads /proc).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import WebSocket from "ws";
import { freePort, startLocalWorker } from "../scripts/local-worker.ts";
import { generateDocument } from "./generate.ts";

const CONNECTIONS = 10;
const REQUESTS = 150;
const WORKSPACES = 3;

/** The resident memory of every workerd process, in MB (wrangler runs one). */
function workerdRss(): number {
  let pids: string[] = [];
  try {
    pids = execFileSync("pgrep", ["-f", "workerd serve"], { encoding: "utf8" }).trim().split("\n");
  } catch {
    return Number.NaN;
  }
  let kb = 0;
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    } catch {
      // the process ended meanwhile
    }
  }
  return kb / 1024;
}

/** A DevTools protocol session with the worker's isolate (the first target `wrangler dev` lists). */
async function inspector(port: number) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json`)).json()) as Array<{
    webSocketDebuggerUrl: string;
  }>;
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error("the worker's inspector lists no target");
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
  });
  let next = 1;
  const waiting = new Map<number, (result: Record<string, number>) => void>();
  socket.on("message", (data) => {
    const message = JSON.parse(String(data)) as { id?: number; result?: Record<string, number> };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result ?? {});
  });
  const send = (method: string) =>
    new Promise<Record<string, number>>((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      socket.send(JSON.stringify({ id, method }));
    });
  return {
    /**
     * The isolate's heap in use and its size (MB). workerd's inspector does not answer
     * `HeapProfiler.collectGarbage`, so garbage not yet collected counts as used.
     */
    async heap(): Promise<{ used: number; total: number }> {
      const usage = await send("Runtime.getHeapUsage");
      return {
        used: (usage.usedSize ?? Number.NaN) / 2 ** 20,
        total: (usage.totalSize ?? Number.NaN) / 2 ** 20,
      };
    },
    close: () => socket.close(),
  };
}

function get(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.on("data", () => {});
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

export async function runMemoryBench(): Promise<void> {
  console.log(`\nMemory while ${CONNECTIONS} connections read 10k key-result reports\n`);
  const inspectorPort = await freePort();
  const worker = await startLocalWorker({ inspectorPort });
  const isolate = await inspector(inspectorPort);
  try {
    const doc = generateDocument({ keyResults: 10_000 });
    const tokens: string[] = [];
    for (let i = 0; i < WORKSPACES; i++) tokens.push(await worker.createWorkspace(`mem-${i}`, doc));
    const sample = async (n: number) => ({ n, rss: workerdRss(), ...(await isolate.heap()) });
    const samples = [await sample(0)];
    let sampling = Promise.resolve();
    let sent = 0;
    let done = 0;
    let failed = 0;
    const client = async () => {
      while (sent < REQUESTS) {
        const i = sent++;
        const status = await get(
          `${worker.origin}/v1/workspaces/mem-${i % WORKSPACES}/report`,
          tokens[i % WORKSPACES] as string,
        );
        if (status !== 200) failed++;
        done++;
        if (done % 10 === 0) {
          const n = done;
          sampling = sampling.then(async () => void samples.push(await sample(n)));
        }
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, client));
    await sampling;
    await new Promise((r) => setTimeout(r, 5000));
    samples.push(await sample(done));
    console.log("| requests | isolate heap used | isolate heap size | workerd RSS |");
    console.log("|---:|---:|---:|---:|");
    for (const s of samples) {
      console.log(`| ${s.n} | ${s.used.toFixed(0)} MB | ${s.total.toFixed(0)} MB | ${s.rss.toFixed(0)} MB |`);
    }
    console.log(`\n(last row: 5 s after the last response; ${failed} requests failed)`);
  } finally {
    isolate.close();
    await worker.stop();
  }
}
