/**
 * `unknown_reference` for the execution sections (DOMAIN §6, §7), each by the JSON path of the field
 * (`initiatives[2].keyResultIds[0]`). The §1–§6 references and team capacities are checked in core/lint.
 */
import { firstById } from "../first-by-id.ts";
import type { CascadeDocument } from "../model/document.ts";
import type { LintFinding } from "../model/report.ts";

/**
 * Every reference of initiatives, trade-offs, dependencies and reallocations that names nothing.
 * Teams are free text until the document declares its teams (as for objectives). A trade-off's
 * `admitted` and `dropped` must name initiatives of the trade-off's own team and cycle: an initiative of
 * another team or cycle cannot be traded against this line.
 *
 * `known` is the document's key results and initiatives by id, when the caller has them already.
 *
 * @example executionReferences(doc)[0] // { code: "unknown_reference", path: "initiatives[2].keyResultIds[0]", … }
 */
export function executionReferences(
  doc: CascadeDocument,
  known: {
    keyResults: { has(id: string): boolean };
    initiatives: { get(id: string): { team: string; cycleId: string } | undefined; has(id: string): boolean };
  } = { keyResults: firstById(doc.keyResults), initiatives: firstById(doc.initiatives ?? []) },
): LintFinding[] {
  const cycles = new Set(doc.cycles.map((c) => c.id));
  const teams = doc.teams === undefined ? undefined : new Set(doc.teams.map((t) => t.id));
  const { keyResults, initiatives } = known;
  const findings: LintFinding[] = [];
  const report = (subject: string, path: string, message: string) =>
    findings.push({ code: "unknown_reference", severity: "error", subject, path, message });
  const check = (
    known: { has(id: string): boolean },
    value: string,
    subject: string,
    where: () => string,
    what: string,
  ) => {
    if (known.has(value)) return;
    // The path is built only for a finding: most references resolve.
    const path = where();
    report(subject, path, `${path} names ${what} "${value}", which is not in the document.`);
  };

  doc.initiatives?.forEach((init, i) => {
    if (teams !== undefined) check(teams, init.team, init.id, () => `initiatives[${i}].team`, "team");
    check(cycles, init.cycleId, init.id, () => `initiatives[${i}].cycleId`, "cycle");
    init.keyResultIds?.forEach((kr, j) => {
      check(keyResults, kr, init.id, () => `initiatives[${i}].keyResultIds[${j}]`, "key result");
    });
  });

  doc.tradeOffs?.forEach((t, i) => {
    check(cycles, t.cycleId, t.id, () => `tradeOffs[${i}].cycleId`, "cycle");
    if (teams !== undefined) check(teams, t.team, t.id, () => `tradeOffs[${i}].team`, "team");
    const onThisLine = (id: string, path: string) => {
      const init = initiatives.get(id);
      if (init === undefined) check(initiatives, id, t.id, () => path, "initiative");
      else if (init.team !== t.team || init.cycleId !== t.cycleId) {
        report(
          t.id,
          path,
          `${path} names initiative "${id}" of team ${init.team}, cycle ${init.cycleId}, not of this ` +
            `trade-off's team ${t.team}, cycle ${t.cycleId}.`,
        );
      }
    };
    onThisLine(t.admitted, `tradeOffs[${i}].admitted`);
    t.dropped.forEach((id, j) => {
      onThisLine(id, `tradeOffs[${i}].dropped[${j}]`);
    });
  });

  const items = { has: (id: string) => keyResults.has(id) || initiatives.has(id) };
  doc.dependencies?.forEach((d, i) => {
    check(items, d.from, d.from, () => `dependencies[${i}].from`, "key result or initiative");
    check(items, d.to, d.from, () => `dependencies[${i}].to`, "key result or initiative");
  });

  doc.reallocations?.forEach((r, i) => {
    check(initiatives, r.from, r.id, () => `reallocations[${i}].from`, "initiative");
    check(initiatives, r.to, r.id, () => `reallocations[${i}].to`, "initiative");
  });
  return findings;
}
