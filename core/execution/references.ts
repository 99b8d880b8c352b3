/**
 * `unknown_reference` for the execution sections (DOMAIN §6, §7), each by the JSON path of the field
 * (`initiatives[2].keyResultIds[0]`). The §1–§6 references and team capacities are checked in core/lint.
 */
import type { CascadeDocument, Dependency, Initiative, TradeOff } from "../model/document.ts";
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
  const cycles = new Set<string>();
  for (const c of doc.cycles) cycles.add(c.id);
  let teams: Set<string> | undefined;
  if (doc.teams !== undefined) {
    teams = new Set();
    for (const t of doc.teams) teams.add(t.id);
  }
  const findings: LintFinding[] = [];
  // Paths are built only for a finding: most references resolve.

  const initiatives = doc.initiatives ?? [];
  for (let i = 0; i < initiatives.length; i++) {
    const init = initiatives[i] as Initiative;
    if (teams !== undefined && !teams.has(init.team)) {
      missing(findings, init.id, `initiatives[${i}].team`, "team", init.team);
    }
    if (!cycles.has(init.cycleId)) {
      missing(findings, init.id, `initiatives[${i}].cycleId`, "cycle", init.cycleId);
    }
    const first = items.keyResultStart[i] as number;
    for (let at = first; at < (items.keyResultStart[i + 1] as number); at++) {
      if (items.keyResultItems[at] !== -1) continue;
      const j = at - first;
      missing(
        findings,
        init.id,
        `initiatives[${i}].keyResultIds[${j}]`,
        "key result",
        init.keyResultIds?.[j],
      );
    }
  }

  (doc.tradeOffs ?? []).forEach((t, i) => {
    if (!cycles.has(t.cycleId)) missing(findings, t.id, `tradeOffs[${i}].cycleId`, "cycle", t.cycleId);
    if (teams !== undefined && !teams.has(t.team)) {
      missing(findings, t.id, `tradeOffs[${i}].team`, "team", t.team);
    }
    checkOnLine(findings, items, t, t.admitted, `tradeOffs[${i}].admitted`);
    t.dropped.forEach((id, j) => {
      checkOnLine(findings, items, t, id, `tradeOffs[${i}].dropped[${j}]`);
    });
  });

  const item = "key result or initiative";
  const dependencies = doc.dependencies ?? [];
  for (let i = 0; i < dependencies.length; i++) {
    const d = dependencies[i] as Dependency;
    if (items.dependencyFrom[i] === -1) missing(findings, d.from, `dependencies[${i}].from`, item, d.from);
    if (items.dependencyTo[i] === -1) missing(findings, d.from, `dependencies[${i}].to`, item, d.to);
  }

  (doc.reallocations ?? []).forEach((r, i) => {
    if (!items.initiativeOf.has(r.from)) {
      missing(findings, r.id, `reallocations[${i}].from`, "initiative", r.from);
    }
    if (!items.initiativeOf.has(r.to)) missing(findings, r.id, `reallocations[${i}].to`, "initiative", r.to);
  });
  return findings;
}

/** A trade-off's `admitted` or `dropped` must name an initiative of the trade-off's team and cycle. */
function checkOnLine(
  findings: LintFinding[],
  items: ExecutionItems,
  t: TradeOff,
  id: string,
  path: string,
): void {
  const at = items.initiativeOf.get(id);
  const init = at === undefined ? undefined : items.initiatives[at];
  if (init === undefined) missing(findings, t.id, path, "initiative", id);
  else if (init.team !== t.team || init.cycleId !== t.cycleId) {
    unknown(
      findings,
      t.id,
      path,
      `${path} names initiative "${id}" of team ${init.team}, cycle ${init.cycleId}, not of this ` +
        `trade-off's team ${t.team}, cycle ${t.cycleId}.`,
    );
  }
}

function missing(
  findings: LintFinding[],
  subject: string,
  path: string,
  what: string,
  value: string | undefined,
): void {
  unknown(findings, subject, path, `${path} names ${what} "${value}", which is not in the document.`);
}

function unknown(findings: LintFinding[], subject: string, path: string, message: string): void {
  findings.push({ code: "unknown_reference", severity: "error", subject, path, message });
}
