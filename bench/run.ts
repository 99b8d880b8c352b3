/**
 * `npm run bench`: validate+score against JSON.parse of the same text, measured in one run, at 1k, 10k
 * and 100k key results (and a document with 10k initiatives and 20k dependencies). Figures are ratios
 * against the JSON.parse baseline, so they hold on any machine. Then the worker's report endpoint
 * (bench/endpoint.ts) unless `--core-only` is given; `--worker-only` runs just that part. Then the
 * Notion sync's requests against their lower bound (bench/notion.ts); `--notion-only` runs just that;
 * the Coda pull's likewise (bench/coda.ts, `--coda-only`).
 */
import { scoreCascade } from "../core/report.ts";
import { parseCascadeDocument } from "../schema/validate.ts";
import { runCodaBench } from "./coda.ts";
import { runEndpointBench } from "./endpoint.ts";
import { type GenerateOptions, generateDocument } from "./generate.ts";
import { runMemoryBench } from "./memory.ts";
import { runNotionBench } from "./notion.ts";

const AS_OF = "2026-11-24";
const gc = (globalThis as { gc?: () => void }).gc;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

/**
 * Times each function `runs` times after a warm-up, interleaved (a, b, c, a, b, c, …) so that a slower
 * spell of a shared machine weighs on every figure alike; returns each function's median.
 */
function timeInterleaved(fns: ReadonlyArray<() => void>, runs: number): number[] {
  for (const fn of fns) fn(); // warm-up: JIT and the compiled validators
  const samples: number[][] = fns.map(() => []);
  for (let i = 0; i < runs; i++) {
    fns.forEach((fn, k) => {
      gc?.();
      const t0 = performance.now();
      fn();
      samples[k]?.push(performance.now() - t0);
    });
  }
  return samples.map(median);
}

interface Row {
  name: string;
  keyResults: number;
  megabytes: number;
  parseMs: number;
  validateMs: number;
  scoreMs: number;
}

function measure(name: string, options: GenerateOptions, runs: number): Row {
  const text = JSON.stringify(generateDocument(options));
  const parsed = JSON.parse(text);
  const doc = parseCascadeDocument(parsed);
  if (!doc.ok) throw new Error(JSON.stringify(doc.error.slice(0, 3)));
  const [parseMs, validateMs, scoreMs] = timeInterleaved(
    [
      () => JSON.parse(text),
      () => {
        if (!parseCascadeDocument(parsed).ok) throw new Error("generated document is invalid");
      },
      () => scoreCascade(doc.value, AS_OF),
    ],
    runs,
  ) as [number, number, number];
  return { name, keyResults: options.keyResults, megabytes: text.length / 1e6, parseMs, validateMs, scoreMs };
}

const fmt = (x: number, digits = 1) => x.toFixed(digits);

export function runCoreBench(): Row[] {
  if (gc === undefined) console.warn("(run with node --expose-gc for steadier figures)");
  const rows = [
    measure("1k KRs", { keyResults: 1_000 }, 21),
    measure("10k KRs", { keyResults: 10_000 }, 31),
    measure("100k KRs", { keyResults: 100_000 }, 9),
    measure(
      "10k KRs + 10k initiatives + 20k deps",
      { keyResults: 10_000, initiatives: 10_000, dependencies: 20_000 },
      7,
    ),
  ];
  console.log("\nCore: validate + score vs JSON.parse of the same text (median of runs, as of 2026-11-24)\n");
  console.log("| document | size | JSON.parse | validate | score | validate+score | ratio to parse |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) {
    const total = r.validateMs + r.scoreMs;
    console.log(
      `| ${r.name} | ${fmt(r.megabytes)} MB | ${fmt(r.parseMs)} ms | ${fmt(r.validateMs)} ms | ${fmt(r.scoreMs)} ms | ${fmt(total)} ms | ${fmt(total / r.parseMs, 2)}× |`,
    );
  }
  const [, k10, k100] = rows as [Row, Row, Row, Row];
  const growth = (k100.validateMs + k100.scoreMs) / (k10.validateMs + k10.scoreMs);
  const ratio100 = (k100.validateMs + k100.scoreMs) / k100.parseMs;
  console.log(`\nGrowth 10k → 100k: ${fmt(growth, 2)}× (goal ≤ 11×)`);
  console.log(`Ratio at 100k: ${fmt(ratio100, 2)}× JSON.parse (goal ≤ 2×)`);
  return rows;
}

const only = process.argv.find((a) => a.endsWith("-only"));
if (only === undefined || only === "--core-only") runCoreBench();
if (only === undefined || only === "--worker-only") await runEndpointBench();
if (only === undefined || only === "--notion-only") await runNotionBench();
if (only === undefined || only === "--coda-only") await runCodaBench();
if (only === undefined || only === "--memory-only") await runMemoryBench();
