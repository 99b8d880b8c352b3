/**
 * Focus limits (DOMAIN §6 warnings): objectives and wildly important goals per team and cycle, and key
 * results per objective.
 */
import type { CascadeDocument, Objective } from "../model/document.ts";
import type { LintFinding } from "../model/report.ts";
import type { ResolvedSettings } from "../settings.ts";

/**
 * `too_many_objectives`, `too_many_wigs` per team and cycle, and `key_result_count` per objective
 * (`keyResultCount`: the number of key results of each objective id, at the position of its first
 * objective as `positionOf` gives it).
 */
export function lintLimits(
  doc: CascadeDocument,
  settings: ResolvedSettings,
  keyResultCount: Int32Array,
  positionOf: ReadonlyMap<string, number>,
): LintFinding[] {
  const { objectivesPerTeam, wigsPerTeam, minKeyResults, maxKeyResults } = settings.limits;
  const findings: LintFinding[] = [];
  const perTeam = new Map<string, { team: string; cycleId: string; objectives: number; wigs: number }>();
  for (const o of doc.objectives) {
    if (o.team === undefined) continue;
    const key = `${o.team}\u0000${o.cycleId}`;
    const entry = perTeam.get(key) ?? { team: o.team, cycleId: o.cycleId, objectives: 0, wigs: 0 };
    entry.objectives++;
    if (o.wig === true) entry.wigs++;
    perTeam.set(key, entry);
  }
  for (const { team, cycleId, objectives, wigs } of perTeam.values()) {
    if (objectives > objectivesPerTeam) {
      findings.push({
        code: "too_many_objectives",
        severity: "warning",
        subject: team,
        message: `Team ${team} has ${objectives} objectives in ${cycleId}; focus on at most ${objectivesPerTeam}.`,
      });
    }
    if (wigs > wigsPerTeam) {
      findings.push({
        code: "too_many_wigs",
        severity: "warning",
        subject: team,
        message: `Team ${team} has ${wigs} wildly important goals in ${cycleId}; at most ${wigsPerTeam} keep them wildly important.`,
      });
    }
  }
  for (let i = 0; i < doc.objectives.length; i++) {
    const o = doc.objectives[i] as Objective;
    const count = keyResultCount[positionOf.get(o.id) as number] as number;
    if (count === 0 || (count >= minKeyResults && count <= maxKeyResults)) continue;
    findings.push({
      code: "key_result_count",
      severity: "warning",
      subject: o.id,
      path: `objectives[${i}]`,
      message: `Objective "${o.title}" has ${count} key result${count === 1 ? "" : "s"}; ${minKeyResults} to ${maxKeyResults} keep it measurable and focused.`,
    });
  }
  return findings;
}
