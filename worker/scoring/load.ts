/**
 * A request's way to its workspace's cascade: the D1 store reading the isolate's memory first, and the
 * cascade scored on an `asOf` through the score cache.
 */
import type { StoredCascade } from "../../store/port.ts";
import { D1CascadeStore, type Defer } from "../db/store/d1-store.ts";
import type { Workspace } from "../db/workspaces.ts";
import { cascadeWeight } from "./score-budget.ts";
import { ScoreCache, scoreCache } from "./score-cache.ts";
import { type ScoredCascade, scoreStored } from "./scored-cascade.ts";

/**
 * The store of a workspace's cascade for one request. It reads a revision the isolate already holds
 * from the score cache; everything else comes from D1.
 */
export function cascadeStore(
  db: D1Database,
  workspace: Workspace,
  defer?: Defer,
  cache: ScoreCache = scoreCache,
): D1CascadeStore {
  return new D1CascadeStore(db, workspace, {
    defer,
    memory: (revision) => cache.stored(ScoreCache.revisionKey(workspace, revision)),
  });
}

/** Where a scored cascade came from: the cache, scored from a cached document, or read from D1. */
export type ScoreSource = "hit" | "scored" | "d1";

/**
 * The workspace's cascade scored on `asOf`, with where it came from, or null when it has none yet. The
 * returned objects are shared with later requests: read them, never change them.
 *
 * With `jsonOnly` (the report endpoint), a cascade read from D1 is kept in the cache as its report's
 * UTF-8 JSON and its snapshot's gzip data (`ScoredCascade.release`): a cold read then leaves no
 * objects behind for the collector (why that matters: docs/performance.md). Whatever reads the objects
 * later builds them once.
 */
export async function loadScoredCascade(
  db: D1Database,
  workspace: Workspace,
  asOf: string,
  defer?: Defer,
  options: { cache?: ScoreCache; jsonOnly?: boolean } = {},
): Promise<{ scored: ScoredCascade; source: ScoreSource } | null> {
  if (!workspace.hasCascade) return null;
  const cache = options.cache ?? scoreCache;
  const key = ScoreCache.key(ScoreCache.revisionKey(workspace, workspace.revision), asOf);
  const hit = cache.get(key);
  if (hit) return { scored: hit, source: "hit" };
  // Concurrent readers of one revision and day wait for one load: ten clients opening the same report
  // would otherwise read and score it ten times over, each holding its own copy of the cascade.
  let underWay = loading.get(cache);
  if (underWay === undefined) {
    underWay = new Map();
    loading.set(cache, underWay);
  }
  const pending = underWay.get(key);
  if (pending) return pending;
  const load = loadMissing(db, workspace, asOf, defer, cache, options.jsonOnly === true);
  underWay.set(key, load);
  try {
    return await load;
  } finally {
    underWay.delete(key);
  }
}

/** Loads under way in this isolate, per cache and by score-cache key. */
const loading = new WeakMap<
  ScoreCache,
  Map<string, Promise<{ scored: ScoredCascade; source: ScoreSource } | null>>
>();

async function loadMissing(
  db: D1Database,
  workspace: Workspace,
  asOf: string,
  defer: Defer | undefined,
  cache: ScoreCache,
  jsonOnly: boolean,
): Promise<{ scored: ScoredCascade; source: ScoreSource } | null> {
  const read = await cascadeStore(db, workspace, defer, cache).readWithOrigin();
  if (!read) return null;
  const { stored } = read;
  const source: ScoreSource = read.origin === "d1" ? "d1" : "scored";
  // Evict what this entry will displace before scoring, not after: two 10k cascades at once crowd the
  // isolate's 128 MB and make the collector work.
  if (source === "d1") cache.makeRoom(cascadeWeight(stored.doc));
  // A write may land between the workspace read and the cascade's: key the entry by the revision the
  // cascade was actually read at, which comes from the same state as its rows.
  const revision = ScoreCache.revisionKey(workspace, stored.revision);
  const scored = cache.get(ScoreCache.key(revision, asOf)) ?? scoreStored(stored, asOf);
  cache.set(revision, asOf, scored);
  if (jsonOnly && source === "d1") scored.release();
  return { scored, source };
}

/**
 * Keeps a cascade the store wrote (an exact `apply` result: the stored cascade at its revision) scored
 * on `asOf`, so the next read in this isolate needs no D1 read.
 */
export function rememberWritten(
  workspace: Workspace,
  scored: ScoredCascade,
  asOf: string,
  cache: ScoreCache = scoreCache,
): void {
  cache.set(ScoreCache.revisionKey(workspace, scored.stored.revision), asOf, scored);
}

/** Scores a written cascade for `asOf` and keeps it, when it fits the cache at all. */
export function rememberStored(
  workspace: Workspace,
  stored: StoredCascade,
  asOf: string,
  cache: ScoreCache = scoreCache,
): void {
  if (!cache.fits(stored.doc)) return;
  rememberWritten(workspace, scoreStored(stored, asOf), asOf, cache);
}

/**
 * The `Cache-Status` header (RFC 9211) of a scored response: `hit`, or a miss scored from the cascade
 * in memory or read from D1. It tells an operator (and the benchmark) which path a request took.
 */
export function cacheStatus(source: ScoreSource): string {
  return source === "hit" ? "cascade; hit" : `cascade; fwd=miss; detail=${source}`;
}
