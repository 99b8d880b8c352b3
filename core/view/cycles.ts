/**
 * Which cycle a day falls in, as every surface that picks "the cycle in progress" reads it: the
 * dashboard opens on it, the API's cycle list marks it, the pack's tables default to it.
 */
import type { Cycle } from "../model/document.ts";

/**
 * The cycle in progress on asOf, else the latest that started, else the first.
 *
 * @example currentCycle(doc.cycles, "2026-11-20")?.id // "2026-Q4"
 */
export function currentCycle(cycles: readonly Cycle[], asOf: string): Cycle | undefined {
  const started = cycles.filter((c) => c.start <= asOf);
  return (
    started.find((c) => asOf <= c.end) ??
    [...started].sort((a, b) => (a.start < b.start ? 1 : -1))[0] ??
    cycles[0]
  );
}

/** Whether a cycle has ended by asOf: its scores are final (its retro is ready). */
export function isFinished(cycle: Cycle, asOf: string): boolean {
  return cycle.end < asOf;
}
