/**
 * The layout of Cascade's databases in Notion (the contract of docs/notion.md): one database per kind,
 * each with a title property **Name**, a text property **Cascade ID**, the input properties people edit
 * (named after the document's fields in Title Case) and the properties Cascade owns and writes.
 * Teams that adopt an existing database rename properties in the sync's config (`properties`).
 */
import { healthAreas, initiativeTypes, keyResultKinds, perspectives } from "../../schema/document.ts";

export const KINDS = [
  "imperatives",
  "goals",
  "objectives",
  "keyResults",
  "checkIns",
  "initiatives",
  "healthMetrics",
] as const;
export type Kind = (typeof KINDS)[number];

/** `json`: a text property holding a JSON object (a key result's source binding). */
export type FieldType =
  | "title"
  | "text"
  | "number"
  | "percent"
  | "select"
  | "date"
  | "checkbox"
  | "relation"
  | "json";

export interface Field {
  /** The document's field (for owned fields: the report's). */
  readonly key: string;
  /** The property's name in the default layout. */
  readonly property: string;
  readonly type: FieldType;
  /** A select's options, as the document spells them. */
  readonly options?: readonly string[];
  /** A relation's kind, and whether it holds several pages (else at most one). */
  readonly relation?: Kind;
  readonly many?: boolean;
  /** Cascade computes it and writes it; what a person types there is overwritten. */
  readonly owned?: boolean;
}

export interface KindLayout {
  readonly kind: Kind;
  /** The database's title. */
  readonly title: string;
  /** The prefix of ids Cascade gives rows a person made in Notion. */
  readonly idPrefix: string;
  readonly fields: readonly Field[];
}

/** The report's status words, as the Status select shows them ("on track"). */
export const STATUS_WORDS = ["invalid", "no data", "not started", "on track", "at risk", "off track", "done"];

export const CASCADE_ID = "Cascade ID";
export const LAST_SYNCED = "Last synced";
export const SYNC_ERROR = "Sync error";

const name: Field = { key: "title", property: "Name", type: "title" };
const owner: Field = { key: "owner", property: "Owner", type: "text" };
const weight: Field = { key: "weight", property: "Weight", type: "number" };
const score: Field = { key: "score", property: "Score", type: "percent", owned: true };

export const LAYOUT: Readonly<Record<Kind, KindLayout>> = {
  imperatives: {
    kind: "imperatives",
    title: "Imperatives",
    idPrefix: "imp",
    fields: [name, owner, weight, score],
  },
  goals: {
    kind: "goals",
    title: "Goals",
    idPrefix: "goal",
    fields: [
      name,
      { key: "imperativeId", property: "Imperative", type: "relation", relation: "imperatives" },
      { key: "year", property: "Year", type: "number" },
      owner,
      weight,
      score,
    ],
  },
  objectives: {
    kind: "objectives",
    title: "Objectives",
    idPrefix: "obj",
    fields: [
      name,
      { key: "goalId", property: "Goal", type: "relation", relation: "goals" },
      { key: "parentId", property: "Parent", type: "relation", relation: "objectives" },
      { key: "cycleId", property: "Cycle", type: "select" },
      { key: "team", property: "Team", type: "select" },
      owner,
      weight,
      { key: "wig", property: "WIG", type: "checkbox" },
      { key: "perspective", property: "Perspective", type: "select", options: perspectives },
      score,
      { key: "expected", property: "Expected", type: "percent", owned: true },
      { key: "status", property: "Status", type: "select", options: STATUS_WORDS, owned: true },
      { key: "grade", property: "Grade", type: "select", options: ["green", "yellow", "red"], owned: true },
    ],
  },
  keyResults: {
    kind: "keyResults",
    title: "Key Results",
    idPrefix: "kr",
    fields: [
      name,
      { key: "objectiveId", property: "Objective", type: "relation", relation: "objectives" },
      { key: "kind", property: "Kind", type: "select", options: keyResultKinds },
      { key: "start", property: "Start", type: "number" },
      { key: "target", property: "Target", type: "number" },
      { key: "low", property: "Low", type: "number" },
      { key: "high", property: "High", type: "number" },
      weight,
      { key: "unit", property: "Unit", type: "text" },
      owner,
      { key: "measure", property: "Measure", type: "select", options: ["lead", "lag"] },
      // Where the value comes from: {"type":"coda","docId":…} (README, "Binding a key result to a source").
      { key: "source", property: "Source", type: "json" },
      { key: "current", property: "Current", type: "number", owned: true },
      { key: "progress", property: "Progress", type: "percent", owned: true },
      { key: "expected", property: "Expected", type: "percent", owned: true },
      { key: "status", property: "Status", type: "select", options: STATUS_WORDS, owned: true },
      { key: "forecast", property: "Forecast", type: "number", owned: true },
    ],
  },
  checkIns: {
    kind: "checkIns",
    title: "Check-ins",
    idPrefix: "ci",
    fields: [
      // Check-ins have no title in the document: Cascade names the row "date · key result".
      { key: "label", property: "Name", type: "title", owned: true },
      { key: "keyResultId", property: "Key Result", type: "relation", relation: "keyResults" },
      { key: "date", property: "Date", type: "date" },
      { key: "value", property: "Value", type: "number" },
      { key: "confidence", property: "Confidence", type: "number" },
      { key: "note", property: "Note", type: "text" },
    ],
  },
  initiatives: {
    kind: "initiatives",
    title: "Initiatives",
    idPrefix: "ini",
    fields: [
      name,
      { key: "type", property: "Type", type: "select", options: initiativeTypes },
      { key: "team", property: "Team", type: "select" },
      { key: "cycleId", property: "Cycle", type: "select" },
      { key: "keyResultIds", property: "Key Results", type: "relation", relation: "keyResults", many: true },
      { key: "size", property: "Size", type: "number" },
      { key: "value", property: "Value", type: "number" },
      { key: "timeCriticality", property: "Time Criticality", type: "number" },
      { key: "riskReduction", property: "Risk Reduction", type: "number" },
      { key: "committed", property: "Committed", type: "checkbox" },
      { key: "budget", property: "Budget", type: "number" },
      owner,
    ],
  },
  healthMetrics: {
    kind: "healthMetrics",
    title: "Health Metrics",
    idPrefix: "hm",
    fields: [
      name,
      { key: "area", property: "Area", type: "select", options: healthAreas },
      {
        key: "direction",
        property: "Direction",
        type: "select",
        options: ["higher_is_better", "lower_is_better"],
      },
      { key: "green", property: "Green", type: "number" },
      { key: "red", property: "Red", type: "number" },
      { key: "latest", property: "Latest", type: "number", owned: true },
    ],
  },
};

/** Property names a team renamed, per kind: `{ keyResults: { Target: "Goal value" } }`. */
export type PropertyNames = Partial<Record<Kind, Record<string, string>>>;

/** The property a field is stored in, after the team's renames. */
export function propertyOf(kind: Kind, field: Field, names: PropertyNames = {}): string {
  return names[kind]?.[field.property] ?? field.property;
}
