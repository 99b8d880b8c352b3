/**
 * `npm run bench -- --memory-only`: the memory of workerd (the local Workers runtime under `wrangler dev`)
 * while clients read the reports of 10k key-result cascades, sampled from /proc as requests go.
 * Three workspaces hold the same cascade and are read in turn by 10 connections at once, so most reads
 * are cold (the score cache holds about two such cascades), the case that grew the process from 338 MB
 * to 994 MB in 127 requests. Linux only (it reads /proc).
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { startLocalWorker } from "../scripts/local-worker.ts";
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
  console.log(
    `\nMemory: workerd's resident set while ${CONNECTIONS} connections read 10k key-result reports\n`,
  );
  const worker = await startLocalWorker();
  try {
    const doc = generateDocument({ keyResults: 10_000 });
    const tokens: string[] = [];
    for (let i = 0; i < WORKSPACES; i++) tokens.push(await worker.createWorkspace(`mem-${i}`, doc));
    const samples: Array<[number, number]> = [[0, workerdRss()]];
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
        if (done % 10 === 0) samples.push([done, workerdRss()]);
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, client));
    await new Promise((r) => setTimeout(r, 5000));
    samples.push([done, workerdRss()]);
    console.log("| requests | workerd RSS |");
    console.log("|---:|---:|");
    for (const [n, mb] of samples) console.log(`| ${n} | ${mb.toFixed(0)} MB |`);
    console.log(`\n(last row: 5 s after the last response; ${failed} requests failed)`);
  } finally {
    await worker.stop();
  }
}
