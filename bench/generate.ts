/**
 * Deterministic cascade documents of any size for benchmarks: the same arguments always give the same
 * document. Proportions follow a real organization: 4 KRs per objective, every third objective nested,
 * 10 objectives per goal, weekly check-ins, one initiative per two KRs when asked for.
 */
import type { CascadeDocument, CheckIn, Initiative, KeyResult, Objective } from "../core/model/document.ts";

/** mulberry32: a small seeded PRNG, enough for reproducible test data. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface GenerateOptions {
  keyResults: number;
  checkInsPerKeyResult?: number;
  initiatives?: number;
  dependencies?: number;
  seed?: number;
}

const CYCLES = [
  { id: "2026-Q1", start: "2026-01-01", end: "2026-03-31" },
  { id: "2026-Q2", start: "2026-04-01", end: "2026-06-30" },
  { id: "2026-Q3", start: "2026-07-01", end: "2026-09-30" },
  { id: "2026-Q4", start: "2026-10-01", end: "2026-12-31" },
];
const KINDS = ["increase", "increase", "decrease", "range", "milestone"] as const;
const TYPES = ["business", "technical", "competency", "operational", "tech_debt"] as const;

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function generateDocument(options: GenerateOptions): CascadeDocument {
  const rnd = random(options.seed ?? 42);
  const int = (n: number) => Math.floor(rnd() * n);
  const checkInsPer = options.checkInsPerKeyResult ?? 8;
  const objectiveCount = Math.max(1, Math.ceil(options.keyResults / 4));
  const goalCount = Math.max(1, Math.ceil(objectiveCount / 10));
  const imperativeCount = Math.max(1, Math.ceil(goalCount / 4));
  const teamCount = Math.max(1, Math.min(200, Math.ceil(objectiveCount / 12)));

  const objectives: Objective[] = [];
  for (let i = 0; i < objectiveCount; i++) {
    const cycle = CYCLES[i % CYCLES.length] as (typeof CYCLES)[number];
    const nested = i % 3 === 2 && i >= 4;
    objectives.push({
      id: `obj-${i}`,
      title: `Objective ${i}`,
      cycleId: cycle.id,
      team: `team-${i % teamCount}`,
      owner: `Owner ${i % 97}`,
      ...(nested ? { parentId: `obj-${i - 4}` } : { goalId: `goal-${i % goalCount}` }),
      ...(i % 7 === 0 && { weight: 2 }),
    });
  }

  const keyResults: KeyResult[] = [];
  for (let i = 0; i < options.keyResults; i++) {
    const objectiveIndex = i % objectiveCount;
    const cycle = CYCLES[objectiveIndex % CYCLES.length] as (typeof CYCLES)[number];
    const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
    const checkIns: CheckIn[] = [];
    let value = 100 * rnd();
    for (let w = 0; w < checkInsPer; w++) {
      value += (rnd() - 0.3) * 10;
      checkIns.push({
        date: addDays(cycle.start, 7 * w + int(3)),
        value: Math.round(value * 10) / 10,
        confidence: 1 + int(10),
        ...(w % 4 === 3 && { note: `Week ${w}: steady progress, one blocker cleared.` }),
      });
    }
    const base = {
      id: `kr-${i}`,
      objectiveId: `obj-${objectiveIndex}`,
      title: `Key result ${i}`,
      owner: `Owner ${i % 89}`,
    };
    if (kind === "increase")
      keyResults.push({
        ...base,
        kind,
        start: 0,
        target: 150,
        unit: "units",
        checkIns,
        ...(i % 10 === 0 && { measure: "lead" as const }),
      });
    else if (kind === "decrease") keyResults.push({ ...base, kind, start: 200, target: 20, checkIns });
    else if (kind === "range") keyResults.push({ ...base, kind, low: 40, high: 90, checkIns });
    else {
      keyResults.push({
        ...base,
        kind,
        milestones: [
          { title: "Design", done: rnd() < 0.8 },
          { title: "Build", done: rnd() < 0.5, weight: 2 },
          { title: "Launch", done: rnd() < 0.2 },
        ],
      });
    }
  }

  const initiatives: Initiative[] = [];
  for (let i = 0; i < (options.initiatives ?? 0); i++) {
    const cycle = CYCLES[i % CYCLES.length] as (typeof CYCLES)[number];
    initiatives.push({
      id: `ini-${i}`,
      title: `Initiative ${i}`,
      type: TYPES[i % TYPES.length] as (typeof TYPES)[number],
      team: `team-${i % teamCount}`,
      cycleId: cycle.id,
      keyResultIds: [`kr-${int(options.keyResults)}`, `kr-${int(options.keyResults)}`],
      size: 1 + int(13),
      value: 1 + int(20),
      timeCriticality: 1 + int(20),
      riskReduction: 1 + int(20),
      committed: rnd() < 0.6,
      budget: 10_000 * (1 + int(20)),
    });
  }
  const dependencies = [];
  const dependencyCount = options.dependencies ?? 0;
  for (let i = 0; i < dependencyCount; i++) {
    // Edges only point from higher to lower indexes: a dense graph without cycles, as in real plans.
    const pool = initiatives.length > 0 && i % 2 === 0 ? "ini" : "kr";
    const size = pool === "ini" ? initiatives.length : options.keyResults;
    const from = 1 + int(size - 1);
    dependencies.push({ from: `${pool}-${from}`, to: `${pool}-${int(from)}` });
  }

  return {
    version: 1,
    organization: `Generated ${options.keyResults}`,
    cycles: CYCLES.map((c) => ({ ...c })),
    teams: Array.from({ length: teamCount }, (_, i) => ({
      id: `team-${i}`,
      capacity: Object.fromEntries(CYCLES.map((c) => [c.id, 40])),
    })),
    imperatives: Array.from({ length: imperativeCount }, (_, i) => ({
      id: `imp-${i}`,
      title: `Imperative ${i}`,
    })),
    goals: Array.from({ length: goalCount }, (_, i) => ({
      id: `goal-${i}`,
      title: `Goal ${i}`,
      imperativeId: `imp-${i % imperativeCount}`,
      year: 2026,
    })),
    objectives,
    keyResults,
    ...(initiatives.length > 0 && { initiatives }),
    ...(dependencies.length > 0 && { dependencies }),
  };
}
