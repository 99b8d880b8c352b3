/** A key result as the API lists it: its fields (no check-ins), its version and its computed score. */
import type { IsoDate, KeyResultScore } from "../../core/model/report.ts";
import { latestCheckIn } from "../../core/scoring/key-result.ts";
import type { KeyResult } from "../../schema/document.ts";

/**
 * The item of a key result scored on `asOf`. Its `confidence` is the one the core's status cap reads
 * (DOMAIN §3 rule 7): that of the latest check-in dated ≤ asOf, null when there is none or it carries
 * none.
 */
export function keyResultItem(
  kr: KeyResult,
  version: number,
  score: KeyResultScore | undefined,
  asOf: IsoDate,
) {
  const { checkIns, ...fields } = kr;
  return {
    ...fields,
    version,
    current: score?.current ?? null,
    confidence: latestCheckIn(checkIns, asOf)?.confidence ?? null,
    attainment: score?.attainment ?? null,
    progress: score?.progress ?? null,
    expected: score?.expected ?? 0,
    status: score?.status ?? ("no_data" as const),
    forecast: score?.forecast ?? null,
  };
}
