/**
 * Hygiene of ids and references (DOMAIN §6): `duplicate_id` across the whole document and
 * `unknown_reference` for the fields of §1–§6 (the execution layer checks its own sections).
 */
import type { CascadeDocument, Goal, KeyResult, Objective, Team } from "../model/document.ts";
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

/** A problem that makes a document ambiguous, at the JSON path of the field at fault. */
export interface DocumentProblem {
  path: string;
  message: string;
}

/**
 * Ids used more than once anywhere in the document (DOMAIN §2: ids are unique across the whole
 * document), one problem for each use after the first, naming the first. Such a document is ambiguous:
 * every lookup by id (a key result's objective, a dependency, `/key-results/{id}`) would silently pick
 * one of the items. Both the worker (`PUT /cascade`, 400) and the CLI (exit 1) refuse it with these
 * problems, and lint reports each id as `duplicate_id`.
 *
 * @example
 * duplicateIdProblems(docWithTwoKrA) // [{ path: "keyResults[3].id", message: 'duplicate id "kr-a" (also keyResults[0].id)' }]
 */
export function duplicateIdProblems(doc: CascadeDocument): DocumentProblem[] {
  const repeated = repeatedIds(doc);
  if (repeated.size === 0) return [];
  const first = new Map<string, string>();
  const problems: DocumentProblem[] = [];
  for (const section of ID_SECTIONS) {
    (doc[section] ?? []).forEach((item: { id: string }, i: number) => {
      if (!repeated.has(item.id)) return;
      const path = `${section}[${i}].id`;
      const firstPath = first.get(item.id);
      if (firstPath === undefined) first.set(item.id, path);
      else problems.push({ path, message: `duplicate id ${JSON.stringify(item.id)} (also ${firstPath})` });
    });
  }
  return problems;
}

/** The ids used more than once, found with plain sets: paths are built only when something repeats. */
function repeatedIds(doc: CascadeDocument): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const section of ID_SECTIONS) {
    for (const item of doc[section] ?? []) {
      if (seen.has(item.id)) repeated.add(item.id);
      else seen.add(item.id);
    }
  }
  return repeated;
}

/** One finding for each id that appears more than once, naming every place it is used. */
export function lintDuplicateIds(doc: CascadeDocument): LintFinding[] {
  const repeated = repeatedIds(doc);
  if (repeated.size === 0) return [];
  const places = new Map<string, string[]>();
  for (const section of ID_SECTIONS) {
    (doc[section] ?? []).forEach((item: { id: string }, i: number) => {
      if (repeated.has(item.id)) places.set(item.id, [...(places.get(item.id) ?? []), `${section}[${i}].id`]);
    });
  }
  const findings: LintFinding[] = [];
  for (const [id, paths] of places) {
    const sections = [...new Set(paths.map((p) => p.slice(0, p.indexOf("["))))].sort();
    findings.push({
      code: "duplicate_id",
      severity: "error",
      subject: id,
      path: paths[1] as string,
      message: `Id "${id}" is used ${paths.length} times (in ${sections.join(", ")}); ids must be unique across the document.`,
    });
  }
  return findings;
}

/**
 * Dangling references of cycles, teams, goals, objectives and key results, each by its field path.
 * `objectives` holds the ids of the document's objectives.
 */
export function lintReferences(
  doc: CascadeDocument,
  objectives: { has(id: string): boolean },
): LintFinding[] {
  const cycles = new Set(doc.cycles.map((c) => c.id));
  const imperatives = new Set(doc.imperatives.map((i) => i.id));
  const goals = new Set(doc.goals.map((g) => g.id));
  const teams = doc.teams === undefined ? undefined : new Set(doc.teams.map((t) => t.id));
  const findings: LintFinding[] = [];
  const teamList = doc.teams ?? [];
  for (let i = 0; i < teamList.length; i++) {
    const t = teamList[i] as Team;
    for (const cycleId of Object.keys(t.capacity ?? {})) {
      checkReference(findings, cycles, cycleId, t.id, "teams", i, `capacity.${cycleId}`, "cycle");
    }
  }
  for (let i = 0; i < doc.goals.length; i++) {
    const g = doc.goals[i] as Goal;
    checkReference(findings, imperatives, g.imperativeId, g.id, "goals", i, "imperativeId", "imperative");
  }
  for (let i = 0; i < doc.objectives.length; i++) {
    const o = doc.objectives[i] as Objective;
    checkReference(findings, cycles, o.cycleId, o.id, "objectives", i, "cycleId", "cycle");
    if (o.goalId !== undefined)
      checkReference(findings, goals, o.goalId, o.id, "objectives", i, "goalId", "goal");
    if (o.parentId !== undefined)
      checkReference(findings, objectives, o.parentId, o.id, "objectives", i, "parentId", "objective");
    // Teams are free text until the document declares its teams.
    if (o.team !== undefined && teams !== undefined)
      checkReference(findings, teams, o.team, o.id, "objectives", i, "team", "team");
  }
  for (let i = 0; i < doc.keyResults.length; i++) {
    const kr = doc.keyResults[i] as KeyResult;
    checkReference(findings, objectives, kr.objectiveId, kr.id, "keyResults", i, "objectiveId", "objective");
  }
  return findings;
}

/**
 * An `unknown_reference` finding when `value` is not among the known ids. `field` is the path below
 * `section[index]`; the path string is built only for a finding.
 */
function checkReference(
  findings: LintFinding[],
  known: { has(id: string): boolean },
  value: string,
  subject: string,
  section: string,
  index: number,
  field: string,
  what: string,
): void {
  if (known.has(value)) return;
  const path = `${section}[${index}].${field}`;
  findings.push({
    code: "unknown_reference",
    severity: "error",
    subject,
    path,
    message: `${path} names ${what} "${value}", which is not in the document.`,
  });
}
