/**
 * A workspace's stored cascade scored by the core, with lookups by id. The API's lists, the report and
 * (later) the dashboard all read through here, so every surface shows the numbers of one scorer.
 */

import type { KeyResultScore, ObjectiveScore, ScoreReport } from "../core/model/report.ts";
import { scoreCascade } from "../core/report.ts";
import type { CascadeDocument, KeyResult } from "../schema/document.ts";
import { type Defer, loadCascade, releaseObjects, type StoredCascade } from "./db/cascade-read.ts";
import type { Workspace } from "./db/workspaces.ts";
import { cascadeWeight, SCORE_CACHE_BUDGET } from "./score-budget.ts";

/**
 * A stored cascade with its report on one `asOf`, as objects, as JSON, or both. Each form is built
 * from the other on first use, and so are the lookups by id that the lists and the dashboard read: the
 * report endpoint needs only the JSON, and a cached entry the collector does not have to walk costs
 * nothing after the request that made it (see `release`).
 */
export class ScoredCascade {
  #report: ScoreReport | undefined;
  #body: Uint8Array<ArrayBuffer> | undefined;
  #keyResults: Map<string, KeyResultScore> | undefined;
  #objectives: Map<string, ObjectiveScore> | undefined;
  #goals: Map<string, number | null> | undefined;
  #imperatives: Map<string, number | null> | undefined;

  constructor(
    readonly stored: StoredCascade,
    report: ScoreReport,
  ) {
    this.#report = report;
  }

  get report(): ScoreReport {
    this.#report ??= JSON.parse(new TextDecoder().decode(this.body)) as ScoreReport;
    return this.#report;
  }

  /** The report as the endpoint sends it, JSON in UTF-8, serialized once. */
  get body(): Uint8Array<ArrayBuffer> {
    this.#body ??= utf8(reportJson(this.report));
    return this.#body;
  }

  get keyResults(): ReadonlyMap<string, KeyResultScore> {
    this.#keyResults ??= new Map(this.report.keyResults.map((k) => [k.id, k]));
    return this.#keyResults;
  }

  get objectives(): ReadonlyMap<string, ObjectiveScore> {
    this.#objectives ??= new Map(this.report.objectives.map((o) => [o.id, o]));
    return this.#objectives;
  }

  get goals(): ReadonlyMap<string, number | null> {
    this.#goals ??= new Map(this.report.goals.map((g) => [g.id, g.score]));
    return this.#goals;
  }

  get imperatives(): ReadonlyMap<string, number | null> {
    this.#imperatives ??= new Map(this.report.imperatives.map((i) => [i.id, i.score]));
    return this.#imperatives;
  }

  /**
   * Keeps the report as JSON only and lets the stored cascade drop its document's objects when it can
   * build them again (`releaseObjects`). Whoever reads them later rebuilds them: the report from its
   * JSON (~20 ms for 10k key results), the document from the snapshot's gzip data (~45–60 ms).
   */
  release(): void {
    this.#body = this.body;
    this.#report = undefined;
    this.#keyResults = this.#objectives = this.#goals = this.#imperatives = undefined;
    releaseObjects(this.stored);
  }
}

/** A string's UTF-8 bytes (TextEncoder's buffer is never a shared one, which its type allows). */
function utf8(text: string): Uint8Array<ArrayBuffer> {
  return new TextEncoder().encode(text) as Uint8Array<ArrayBuffer>;
}

/**
 * `JSON.stringify(report)`, one top-level section at a time. The text is the same (a test holds it to
 * that); in workerd, one call over the whole 2.9 MB report of 10k key results took 32–41 ms where its
 * sections one by one took 15–19 ms.
 */
export function reportJson(report: ScoreReport): string {
  let json = "";
  for (const [key, value] of Object.entries(report)) {
    const section = JSON.stringify(value);
    if (section !== undefined) json += `${json ? "," : "{"}${JSON.stringify(key)}:${section}`;
  }
  return json ? `${json}}` : "{}";
}

/** Today as `YYYY-MM-DD` (UTC): the default `asOf`. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

export function scoreStored(stored: StoredCascade, asOf: string): ScoredCascade {
  return new ScoredCascade(stored, scoreCascade(stored.doc, asOf));
}

/**
 * Scored cascades kept in the isolate's memory, least recently used first out. A report is a pure
 * function of the stored cascade and `asOf`, and every write to a cascade bumps its workspace's
 * revision, so (workspace, creation time, revision) names one stored cascade and, with `asOf`, one
 * report for good: an entry is never stale, only unused. A Coda sync paging through 10,000 key
 * results, the dashboard and the report endpoint then score a revision once instead of once per
 * request, and another `asOf` of a cached revision is scored without reading D1 again.
 *
 * The budget counts key results and check-ins, a fair proxy for memory (a 10k key-result cascade with
 * 80k check-ins is one ~90k entry, some tens of MB with its report) within the isolate's 128 MB.
 */
export class ScoreCache {
  private readonly entries = new Map<string, { revision: string; scored: ScoredCascade; size: number }>();
  private used = 0;

  constructor(private readonly budget = SCORE_CACHE_BUDGET) {}

  /** The name of one stored revision of a workspace's cascade. */
  static revisionKey(workspace: Pick<Workspace, "id" | "createdAt">, revision: number): string {
    return `${workspace.id}\u0000${workspace.createdAt}\u0000${revision}`;
  }

  static key(revisionKey: string, asOf: string): string {
    return `${revisionKey}\u0000${asOf}`;
  }

  get(key: string): ScoredCascade | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key); // re-insert: Map order is the recency order
    this.entries.set(key, entry);
    return entry.scored;
  }

  /** The stored cascade of a revision, when some `asOf` of it is cached. */
  stored(revisionKey: string): StoredCascade | undefined {
    for (const entry of this.entries.values()) {
      if (entry.revision === revisionKey) return entry.scored.stored;
    }
    return undefined;
  }

  /** Whether a cascade fits the budget at all: larger ones are never kept. */
  fits(doc: CascadeDocument): boolean {
    return cascadeWeight(doc) <= this.budget;
  }

  set(revisionKey: string, asOf: string, scored: ScoredCascade): void {
    const key = ScoreCache.key(revisionKey, asOf);
    const size = cascadeWeight(scored.stored.doc);
    if (size > this.budget) return;
    const old = this.entries.get(key);
    if (old) this.used -= old.size;
    this.entries.delete(key);
    this.makeRoom(size);
    this.entries.set(key, { revision: revisionKey, scored, size });
    this.used += size;
  }

  /**
   * Evicts, least recently used first, until an entry of `weight` fits the budget. `set` calls it; a
   * cold read calls it before it builds its entry, so it scores its cascade without the isolate still
   * holding the ones it is about to replace (two 10k cascades at once crowd the 128 MB and make the
   * collector work).
   */
  makeRoom(weight: number): void {
    if (weight > this.budget) return;
    for (const [k, entry] of this.entries) {
      if (this.used + weight <= this.budget) break;
      this.entries.delete(k);
      this.used -= entry.size;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** One cache per isolate: module state lives as long as the isolate serving the requests. */
export const scoreCache = new ScoreCache();

/** Where a scored cascade came from: the cache, scored from a cached document, or read from D1. */
export type ScoreSource = "hit" | "scored" | "d1";

/**
 * The workspace's cascade scored on `asOf`, with where it came from, or null when it has none yet. The
 * returned objects are shared with later requests: read them, never change them.
 *
 * With `jsonOnly` (the report endpoint), a cascade read from D1 is kept in the cache as its report's
 * UTF-8 JSON and its snapshot's gzip data (`ScoredCascade.release`): a cold read then leaves no
 * objects behind for the collector. Kept as objects, the 10k key-result cascade and its report cost
 * workerd ~100 ms more CPU per cold read, in a scavenge after the response and in collections of the
 * old generation. Whatever reads the objects later builds them once.
 */
export async function loadScoredCascade(
  db: D1Database,
  workspace: Workspace,
  asOf: string,
  defer?: Defer,
  { cache = scoreCache, jsonOnly = false }: { cache?: ScoreCache; jsonOnly?: boolean } = {},
): Promise<{ scored: ScoredCascade; source: ScoreSource } | null> {
  if (!workspace.hasCascade) return null;
  let revision = ScoreCache.revisionKey(workspace, workspace.revision);
  const known = ScoreCache.key(revision, asOf);
  const hit = cache.get(known);
  if (hit) return { scored: hit, source: "hit" };
  let source: ScoreSource = "scored";
  let stored = cache.stored(revision);
  if (!stored) {
    const read = await loadCascade(db, workspace.id, defer);
    if (!read) return null;
    stored = read;
    source = "d1";
    cache.makeRoom(cascadeWeight(stored.doc));
    // A write may land between the workspace read and this one: key the entry by the revision the
    // cascade was actually read at, which comes from the same snapshot as its rows.
    revision = ScoreCache.revisionKey(workspace, stored.revision);
  }
  const key = ScoreCache.key(revision, asOf);
  const scored = cache.get(key) ?? scoreStored(stored, asOf);
  cache.set(revision, asOf, scored);
  if (jsonOnly && source === "d1") scored.release();
  return { scored, source };
}

/**
 * The `Cache-Status` header (RFC 9211) of a scored response: `hit`, or a miss scored from the cascade
 * in memory or read from D1. It tells an operator (and the benchmark) which path a request took.
 */
export function cacheStatus(source: ScoreSource): string {
  return source === "hit" ? "cascade; hit" : `cascade; fwd=miss; detail=${source}`;
}

/** A key result as the API lists it: its fields (no check-ins), its version and its computed score. */
export function keyResultItem(kr: KeyResult, version: number, score: KeyResultScore | undefined) {
  const { checkIns: _checkIns, ...fields } = kr;
  return {
    ...fields,
    version,
    current: score?.current ?? null,
    attainment: score?.attainment ?? null,
    progress: score?.progress ?? null,
    expected: score?.expected ?? 0,
    status: score?.status ?? ("no_data" as const),
    forecast: score?.forecast ?? null,
  };
}
