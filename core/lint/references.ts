/**
 * Hygiene of ids and references (DOMAIN §6): `duplicate_id` across the whole document and
 * `unknown_reference` for the fields of §1–§6 (the execution layer checks its own sections).
 */
import type { CascadeDocument } from "../model/document.ts";
import type { LintFinding } from "../model/report.ts";

type IdSection =
  | "cycles"
  | "teams"
  | "imperatives"
  | "goals"
  | "objectives"
  | "keyResults"
  | "initiatives"
  | "tradeOffs"
  | "healthMetrics"
  | "reallocations";

const ID_SECTIONS: readonly IdSection[] = [
  "cycles",
  "teams",
  "imperatives",
  "goals",
  "objectives",
  "keyResults",
  "initiatives",
  "tradeOffs",
  "healthMetrics",
  "reallocations",
];

/** One finding for each id that appears more than once, naming every place it is used. */
export function lintDuplicateIds(doc: CascadeDocument): LintFinding[] {
  // First place of every id as [section, index]; paths are built only for the duplicates.
  const first = new Map<string, readonly [IdSection, number]>();
  const repeated = new Map<string, [IdSection, number][]>();
  for (const section of ID_SECTIONS) {
    const items: readonly { id: string }[] = doc[section] ?? [];
    for (let i = 0; i < items.length; i++) {
      const id = (items[i] as { id: string }).id;
      const seen = first.get(id);
      if (seen === undefined) first.set(id, [section, i]);
      else repeated.set(id, [...(repeated.get(id) ?? [[...seen]]), [section, i]]);
    }
  }
  const findings: LintFinding[] = [];
  for (const [id, places] of repeated) {
    const sections = [...new Set(places.map(([section]) => section))].sort();
    const [section, index] = places[1] as [IdSection, number];
    findings.push({
      code: "duplicate_id",
      severity: "error",
      subject: id,
      path: `${section}[${index}].id`,
      message: `Id "${id}" is used ${places.length} times (in ${sections.join(", ")}); ids must be unique across the document.`,
    });
  }
  return findings;
}

/** Dangling references of cycles, teams, goals, objectives and key results, each by its field path. */
export function lintReferences(doc: CascadeDocument): LintFinding[] {
  const cycles = new Set(doc.cycles.map((c) => c.id));
  const imperatives = new Set(doc.imperatives.map((i) => i.id));
  const goals = new Set(doc.goals.map((g) => g.id));
  const objectives = new Set(doc.objectives.map((o) => o.id));
  const teams = doc.teams === undefined ? undefined : new Set(doc.teams.map((t) => t.id));
  const findings: LintFinding[] = [];
  // `field` is the path below `section[index]`; the path string is built only for a finding.
  const check = (
    known: ReadonlySet<string>,
    value: string,
    subject: string,
    section: string,
    index: number,
    field: string,
    what: string,
  ) => {
    if (known.has(value)) return;
    const path = `${section}[${index}].${field}`;
    findings.push({
      code: "unknown_reference",
      severity: "error",
      subject,
      path,
      message: `${path} names ${what} "${value}", which is not in the document.`,
    });
  };
  doc.teams?.forEach((t, i) => {
    for (const cycleId of Object.keys(t.capacity ?? {})) {
      check(cycles, cycleId, t.id, "teams", i, `capacity.${cycleId}`, "cycle");
    }
  });
  doc.goals.forEach((g, i) => {
    check(imperatives, g.imperativeId, g.id, "goals", i, "imperativeId", "imperative");
  });
  doc.objectives.forEach((o, i) => {
    check(cycles, o.cycleId, o.id, "objectives", i, "cycleId", "cycle");
    if (o.goalId !== undefined) check(goals, o.goalId, o.id, "objectives", i, "goalId", "goal");
    if (o.parentId !== undefined)
      check(objectives, o.parentId, o.id, "objectives", i, "parentId", "objective");
    // Teams are free text until the document declares its teams.
    if (o.team !== undefined && teams !== undefined)
      check(teams, o.team, o.id, "objectives", i, "team", "team");
  });
  doc.keyResults.forEach((kr, i) => {
    check(objectives, kr.objectiveId, kr.id, "keyResults", i, "objectiveId", "objective");
  });
  return findings;
}
