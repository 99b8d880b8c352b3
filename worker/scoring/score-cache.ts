/**
 * The isolate's memory of scored cascades. A report is a pure function of the stored cascade and
 * `asOf`, and every write bumps the workspace's revision, so an entry is never stale, only unused.
 */
import type { CascadeDocument } from "../../schema/document.ts";
import type { StoredCascade } from "../../store/port.ts";
import type { Workspace } from "../db/workspaces.ts";
import { cascadeWeight, SCORE_CACHE_BUDGET } from "./score-budget.ts";
import type { ScoredCascade } from "./scored-cascade.ts";

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
