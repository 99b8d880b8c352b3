/**
 * `unknown_reference` for the execution sections (DOMAIN §6, §7), each by the JSON path of the field
 * (`initiatives[2].keyResultIds[0]`). The §1–§6 references and team capacities are checked in core/lint.
 */
import type { CascadeDocument } from "../model/document.ts";
import type { LintFinding } from "../model/report.ts";
import { type ExecutionItems, indexItems } from "./items.ts";

/**
 * Every reference of initiatives, trade-offs, dependencies and reallocations that names nothing.
 * Teams are free text until the document declares its teams (as for objectives). A trade-off's
 * `admitted` and `dropped` must name initiatives of the trade-off's own team and cycle: an initiative of
 * another team or cycle cannot be traded against this line.
 *
 * `items` is the document's index of key results and initiatives, when the caller has it already: its
 * references are resolved there, once.
 *
 * @example executionReferences(doc)[0] // { code: "unknown_reference", path: "initiatives[2].keyResultIds[0]", … }
 */
export function executionReferences(
  doc: CascadeDocument,
  items: ExecutionItems = indexItems(doc),
): LintFinding[] {
  const cycles = new Set(doc.cycles.map((c) => c.id));
  const teams = doc.teams === undefined ? undefined : new Set(doc.teams.map((t) => t.id));
  const initiatives = {
    has: (id: string) => items.initiativeOf.has(id),
    get: (id: string) => {
      const at = items.initiativeOf.get(id);
      return at === undefined ? undefined : items.initiatives[at];
    },
  };
  const findings: LintFinding[] = [];
  const report = (subject: string, path: string, message: string) =>
    findings.push({ code: "unknown_reference", severity: "error", subject, path, message });
  const missing = (subject: string, path: string, what: string, value: string | undefined) =>
    report(subject, path, `${path} names ${what} "${value}", which is not in the document.`);
  // The path is built only for a finding: most references resolve.
  const check = (
    known: { has(id: string): boolean },
    value: string,
    subject: string,
    where: () => string,
    what: string,
  ) => {
    if (!known.has(value)) missing(subject, where(), what, value);
  };

  doc.initiatives?.forEach((init, i) => {
    if (teams !== undefined) check(teams, init.team, init.id, () => `initiatives[${i}].team`, "team");
    check(cycles, init.cycleId, init.id, () => `initiatives[${i}].cycleId`, "cycle");
    const first = items.keyResultStart[i] as number;
    for (let at = first; at < (items.keyResultStart[i + 1] as number); at++) {
      if (items.keyResultItems[at] !== -1) continue;
      const j = at - first;
      missing(init.id, `initiatives[${i}].keyResultIds[${j}]`, "key result", init.keyResultIds?.[j]);
    }
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

  const item = "key result or initiative";
  doc.dependencies?.forEach((d, i) => {
    if (items.dependencyFrom[i] === -1) missing(d.from, `dependencies[${i}].from`, item, d.from);
    if (items.dependencyTo[i] === -1) missing(d.from, `dependencies[${i}].to`, item, d.to);
  });

  doc.reallocations?.forEach((r, i) => {
    check(initiatives, r.from, r.id, () => `reallocations[${i}].from`, "initiative");
    check(initiatives, r.to, r.id, () => `reallocations[${i}].to`, "initiative");
  });
  return findings;
}
