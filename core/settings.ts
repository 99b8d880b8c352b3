import type { CascadeDocument } from "./model/document.ts";

/** Settings with every default filled in (DOMAIN §2). */
export interface ResolvedSettings {
  statusThresholds: { onTrack: number; atRisk: number };
  staleAfterDays: number;
  lowConfidence: number;
  limits: { objectivesPerTeam: number; minKeyResults: number; maxKeyResults: number; wigsPerTeam: number };
  microReallocationShare: number;
}

export const DEFAULT_SETTINGS: ResolvedSettings = {
  statusThresholds: { onTrack: 0.9, atRisk: 0.6 },
  staleAfterDays: 14,
  lowConfidence: 3,
  limits: { objectivesPerTeam: 5, minKeyResults: 3, maxKeyResults: 5, wigsPerTeam: 2 },
  microReallocationShare: 0.1,
};

/**
 * The document's settings over the defaults, field by field.
 *
 * @example resolveSettings({ ...doc, settings: { staleAfterDays: 7 } }).lowConfidence // 3
 */
export function resolveSettings(doc: Pick<CascadeDocument, "settings">): ResolvedSettings {
  const s = doc.settings ?? {};
  const d = DEFAULT_SETTINGS;
  return {
    statusThresholds: {
      onTrack: s.statusThresholds?.onTrack ?? d.statusThresholds.onTrack,
      atRisk: s.statusThresholds?.atRisk ?? d.statusThresholds.atRisk,
    },
    staleAfterDays: s.staleAfterDays ?? d.staleAfterDays,
    lowConfidence: s.lowConfidence ?? d.lowConfidence,
    limits: {
      objectivesPerTeam: s.limits?.objectivesPerTeam ?? d.limits.objectivesPerTeam,
      minKeyResults: s.limits?.minKeyResults ?? d.limits.minKeyResults,
      maxKeyResults: s.limits?.maxKeyResults ?? d.limits.maxKeyResults,
      wigsPerTeam: s.limits?.wigsPerTeam ?? d.limits.wigsPerTeam,
    },
    microReallocationShare: s.microReallocationShare ?? d.microReallocationShare,
  };
}
