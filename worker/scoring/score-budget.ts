/**
 * What the isolate's score cache may hold, and what a cascade weighs against it. Apart from the cache so
 * that the benchmark can size its cold reads without the worker's runtime types.
 */
import type { CascadeDocument } from "../../schema/document.ts";

/** Key results + check-ins the isolate's cache holds at most (a 10k cascade with 80k check-ins fits). */
export const SCORE_CACHE_BUDGET = 150_000;

/** A cascade's weight: its key results and check-ins, a fair proxy for memory, plus one. */
export function cascadeWeight(doc: Pick<CascadeDocument, "keyResults">): number {
  let size = 1 + doc.keyResults.length;
  for (const kr of doc.keyResults) size += kr.checkIns?.length ?? 0;
  return size;
}
