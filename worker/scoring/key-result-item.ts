/** A key result as the API lists it: its fields (no check-ins), its version and its computed score. */
import type { KeyResultScore } from "../../core/model/report.ts";
import type { KeyResult } from "../../schema/document.ts";

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
