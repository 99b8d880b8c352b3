/**
 * Row schemas of the sync tables. Each table's identity lets the others reference it, so Coda shows
 * the cascade as linked rows: KeyResult → Objective (→ parent Objective) → Goal → Imperative, and
 * CheckIn and Alert → KeyResult.
 */
import * as coda from "@codahq/packs-sdk";

export const IDENTITY = {
  imperative: "Imperative",
  goal: "Goal",
  objective: "Objective",
  keyResult: "KeyResult",
  checkIn: "CheckIn",
  alert: "Alert",
  agendaItem: "AgendaItem",
} as const;

const percent = (description: string) =>
  ({ type: coda.ValueType.Number, codaType: coda.ValueHintType.Percent, description }) as const;
const number = (description: string) => ({ type: coda.ValueType.Number, description }) as const;
const text = (description: string) => ({ type: coda.ValueType.String, description }) as const;

/** Id and title: what a reference to a row needs (both required). */
function titled(identity: string, what: string) {
  return coda.makeObjectSchema({
    properties: {
      id: { ...text(`The ${what}'s id in the cascade`), required: true },
      title: { ...text(`The ${what}`), required: true },
    },
    idProperty: "id",
    displayProperty: "title",
    identity: { name: identity },
  });
}

const imperativeRef = coda.makeReferenceSchemaFromObjectSchema(
  titled(IDENTITY.imperative, "imperative"),
  IDENTITY.imperative,
);
const goalRef = coda.makeReferenceSchemaFromObjectSchema(titled(IDENTITY.goal, "goal"), IDENTITY.goal);
const objectiveRef = coda.makeReferenceSchemaFromObjectSchema(
  titled(IDENTITY.objective, "objective"),
  IDENTITY.objective,
);
const keyResultRef = coda.makeReferenceSchemaFromObjectSchema(
  titled(IDENTITY.keyResult, "key result"),
  IDENTITY.keyResult,
);

const score = percent("Weighted mean of what it rolls up, on the sync's day (blank: nothing to score)");
const expected = percent("Share of the cycle elapsed on the sync's day: the pace the plan expects by now");
const pace = number("Score ÷ expected: 1 is exactly on pace (blank before the cycle starts)");
const owner = text("Who answers for it");
const weight = number("Weight in its parent's roll-up (default 1)");

export const ImperativeSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("The imperative's id in the cascade"), required: true },
    title: { ...text("The strategic imperative"), required: true },
    owner,
    weight,
    score: percent("Weighted mean of its goals' scores"),
  },
  idProperty: "id",
  displayProperty: "title",
  featuredProperties: ["score", "owner"],
});

export const GoalSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("The goal's id in the cascade"), required: true },
    title: { ...text("The annual goal"), required: true },
    imperative: imperativeRef,
    year: number("The goal's year"),
    owner,
    weight,
    score: percent("Weighted mean of its top-level objectives whose cycle has started"),
  },
  idProperty: "id",
  displayProperty: "title",
  featuredProperties: ["imperative", "year", "score", "owner"],
});

export const ObjectiveSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("The objective's id in the cascade"), required: true },
    title: { ...text("The objective"), required: true },
    goal: goalRef,
    parent: objectiveRef,
    cycle: text("The cycle's id"),
    team: text("The team that owns it"),
    owner,
    weight,
    wig: { type: coda.ValueType.Boolean, description: "A wildly important goal of its team" },
    perspective: text("Balanced-scorecard perspective"),
    score,
    expected,
    pace,
    status: text("On track, At risk, Off track, Done, Not started or No data"),
    grade: text("Green (≥ 70%), Yellow (≥ 40%) or Red"),
  },
  idProperty: "id",
  displayProperty: "title",
  featuredProperties: ["goal", "owner", "score", "expected", "status", "grade"],
});

const MilestoneSchema = coda.makeObjectSchema({
  properties: {
    title: { ...text("The milestone"), required: true },
    done: { type: coda.ValueType.Boolean, description: "Reached" },
    weight,
  },
  displayProperty: "title",
});

export const KeyResultSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("The key result's id in the cascade"), required: true },
    title: { ...text("The key result"), required: true },
    objective: objectiveRef,
    kind: text("increase, decrease, range or milestone"),
    owner,
    unit: text("Unit of its values"),
    measure: text("lead or lag"),
    weight,
    start: number("Value at the start (increase, decrease)"),
    target: number("Value to reach (increase, decrease)"),
    low: number("Lowest acceptable value (range)"),
    high: number("Highest acceptable value (range)"),
    milestones: { type: coda.ValueType.Array, items: MilestoneSchema, description: "Milestones (milestone)" },
    current: number("Latest checked-in value on the sync's day"),
    attainment: percent("Share of the way from start to target, unclamped (125% = beyond target)"),
    progress: percent("Attainment clamped to 0–100%: what rolls up"),
    expected,
    pace,
    status: text("On track, At risk, Off track, Done, Not started, No data or Invalid"),
    forecast: number("Projected value at the cycle's end (least squares through the check-ins)"),
    forecastProgress: percent("Progress the forecast would mean at the cycle's end"),
    version: number("Changes with every write: buttons send it back to catch concurrent edits"),
  },
  idProperty: "id",
  displayProperty: "title",
  featuredProperties: ["objective", "owner", "current", "progress", "expected", "status"],
});

export const CheckInSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("The check-in's number, in order of arrival"), required: true },
    label: { ...text("Key result and date"), required: true },
    keyResult: keyResultRef,
    date: { type: coda.ValueType.String, codaType: coda.ValueHintType.Date, description: "Day checked in" },
    value: number("Value checked in (blank: confidence only)"),
    confidence: number("Confidence 0–10 of reaching the target"),
    note: text("What the owner said"),
    source: text("Where it came from (coda, notion, manual...)"),
  },
  idProperty: "id",
  displayProperty: "label",
  featuredProperties: ["keyResult", "date", "value", "confidence", "note"],
});

export const AlertSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("Subject, code and message"), required: true },
    message: { ...text("Why it is raised"), required: true },
    code: text("off_track, lead_declining, forecast_shortfall, low_confidence, stale_check_in, ..."),
    severity: text("High or Medium"),
    subject: text("Id of the key result, initiative or health metric"),
    keyResult: keyResultRef,
  },
  idProperty: "id",
  displayProperty: "message",
  featuredProperties: ["severity", "code", "keyResult", "message"],
});

export const AgendaItemSchema = coda.makeObjectSchema({
  properties: {
    subject: {
      ...text("Id of the key result, initiative, health metric or record it is about"),
      required: true,
    },
    title: { ...text("What it is about"), required: true },
    rank: number("Its place on the agenda: 1 is the first thing to discuss"),
    kind: text("Why it is on the agenda: blocking and off track, lead measure declining, health red, ..."),
    why: text("One sentence: what to discuss"),
    owner: text("Who answers for it in the meeting"),
    also: text("Other reasons that apply to the same subject"),
    keyResult: keyResultRef,
  },
  idProperty: "subject",
  displayProperty: "title",
  featuredProperties: ["rank", "kind", "owner", "why"],
});
