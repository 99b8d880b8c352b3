/**
 * Row schemas of the sync tables, drawn as Coda draws its own columns: progress and scores as
 * progress bars, confidence as a scale, status, grade and severity as select chips, owners as people
 * (when the cascade gives an email), a link to each row's page on Cascade's dashboard. Each table's
 * identity lets the others reference it, so Coda shows the cascade as linked rows: KeyResult →
 * Objective (→ parent Objective) → Goal → Imperative; CheckIn, Alert and AgendaItem → KeyResult;
 * Initiative → KeyResults and Cycle; BudgetMove → Initiatives; RetroItem → Cycle, Objective, KeyResult.
 */
import * as coda from "@codahq/packs-sdk";
import {
  CYCLE_STATE_LABEL,
  GRADE_LABEL,
  HEALTH_AREA_LABEL,
  HEALTH_STATUS_LABEL,
  INITIATIVE_STATUS_LABEL,
  INITIATIVE_TYPE_LABEL,
  KIND_LABELS,
  LINE_LABEL,
  RETRO_SECTION_LABEL,
  SCALE_LABEL,
  SEVERITY_LABEL,
  STATUS_LABEL,
  STRETCH_LABEL,
  TREND_LABEL,
} from "./labels.ts";

export const IDENTITY = {
  imperative: "Imperative",
  goal: "Goal",
  objective: "Objective",
  keyResult: "KeyResult",
  checkIn: "CheckIn",
  alert: "Alert",
  agendaItem: "AgendaItem",
  cycle: "Cycle",
  initiative: "Initiative",
  healthMetric: "HealthMetric",
  budgetMove: "BudgetMove",
  retroItem: "RetroItem",
} as const;

const percent = (description: string) =>
  ({ type: coda.ValueType.Number, codaType: coda.ValueHintType.Percent, description }) as const;
const number = (description: string) => ({ type: coda.ValueType.Number, description }) as const;
const text = (description: string) => ({ type: coda.ValueType.String, description }) as const;

/** A share from 0 to 1 drawn as a bar (progress, scores: never above 100%). */
const progressBar = (description: string) =>
  ({
    type: coda.ValueType.Number,
    codaType: coda.ValueHintType.ProgressBar,
    minimum: 0,
    maximum: 1,
    step: 0.01,
    showValue: true,
    description,
  }) as const;

/** One of a fixed set of labels, drawn as a chip. (SDK 1.12.3 has no option colours.) */
const select = (labels: Record<string, string>, description: string) =>
  ({
    type: coda.ValueType.String,
    codaType: coda.ValueHintType.SelectList,
    options: Object.values(labels),
    description,
  }) as const;

const link = {
  type: coda.ValueType.String,
  codaType: coda.ValueHintType.Url,
  display: coda.LinkDisplayType.IconOnly,
  description: "Opens it on Cascade's dashboard (sign in with a workspace token)",
} as const;

/** A person Coda can @-mention: its id must be an email. */
const person = (description: string) =>
  coda.makeObjectSchema({
    codaType: coda.ValueHintType.Person,
    description,
    properties: {
      name: { type: coda.ValueType.String, required: true },
      email: { type: coda.ValueType.String, required: true },
    },
    idProperty: "email",
    displayProperty: "name",
  });

const confidenceScale = {
  type: coda.ValueType.Number,
  codaType: coda.ValueHintType.Scale,
  maximum: 10,
  description: "Confidence 0–10 of reaching the target (a scale of whole points: 7.5 shows as 8)",
} as const;

/**
 * Id and title: what a reference to a row needs (both required). The reference carries the title, so
 * it reads as a name even when the referenced table is not in the doc. (The table schemas themselves
 * cannot be used: an objective's reference to its parent would be part of its own schema.)
 */
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
const cycleRef = coda.makeReferenceSchemaFromObjectSchema(titled(IDENTITY.cycle, "cycle"), IDENTITY.cycle);
const initiativeRef = coda.makeReferenceSchemaFromObjectSchema(
  titled(IDENTITY.initiative, "initiative"),
  IDENTITY.initiative,
);

const score = progressBar("Weighted mean of what it rolls up, on the sync's day (blank: nothing to score)");
const expected = percent("Share of the cycle elapsed on the sync's day: the pace the plan expects by now");
const pace = number("Score ÷ expected: 1 is exactly on pace (blank before the cycle starts)");
const owner = text("Who answers for it, as the cascade names them");
const ownerPerson = person(
  "The owner as a Coda person, when the cascade gives an email (ana@acme.com or Ana Lopez <ana@acme.com>)",
);
const weight = number("Weight in its parent's roll-up (default 1)");
const status = select(STATUS_LABEL, "On track, At risk, Off track, Done, Not started, No data or Invalid");

export const ImperativeSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("The imperative's id in the cascade"), required: true },
    title: { ...text("The strategic imperative"), required: true },
    owner,
    ownerPerson,
    weight,
    score: progressBar("Weighted mean of its goals' scores"),
    link,
  },
  idProperty: "id",
  displayProperty: "title",
  featuredProperties: ["score", "owner", "link"],
});

export const GoalSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("The goal's id in the cascade"), required: true },
    title: { ...text("The annual goal"), required: true },
    imperative: imperativeRef,
    year: number("The goal's year"),
    owner,
    ownerPerson,
    weight,
    score: progressBar("Weighted mean of its top-level objectives whose cycle has started"),
    link,
  },
  idProperty: "id",
  displayProperty: "title",
  featuredProperties: ["imperative", "year", "score", "owner", "link"],
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
    ownerPerson,
    weight,
    wig: { type: coda.ValueType.Boolean, description: "A wildly important goal of its team" },
    perspective: text("Balanced-scorecard perspective"),
    score,
    expected,
    pace,
    status,
    grade: select(GRADE_LABEL, "Green (≥ 70%), Yellow (≥ 40%) or Red"),
    link,
  },
  idProperty: "id",
  displayProperty: "title",
  featuredProperties: ["goal", "owner", "score", "expected", "status", "grade", "link"],
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
    kind: select(KIND_LABELS, "increase, decrease, range or milestone"),
    owner: {
      ...owner,
      description: `${owner.description} (editable: the change is written to Cascade)`,
      mutable: true,
    },
    ownerPerson,
    unit: text("Unit of its values"),
    measure: text("lead or lag"),
    weight,
    start: number("Value at the start (increase, decrease)"),
    target: {
      ...number("Value to reach (increase, decrease; editable: the change is written to Cascade)"),
      mutable: true,
    },
    low: number("Lowest acceptable value (range)"),
    high: number("Highest acceptable value (range)"),
    milestones: { type: coda.ValueType.Array, items: MilestoneSchema, description: "Milestones (milestone)" },
    current: number("Latest checked-in value on the sync's day"),
    confidence: {
      ...confidenceScale,
      description:
        "The owner's confidence 0–10, from the latest check-in on the sync's day (blank: it gave none; editable: a change records a check-in)",
      mutable: true,
    },
    nextValue: {
      ...number(
        "The next check-in's value (editable, blank after each sync): recorded in Cascade as a check-in dated today, with NextNote and Confidence if changed too",
      ),
      mutable: true,
    },
    nextNote: {
      ...text(
        "The next check-in's note (editable, blank after each sync): recorded with NextValue or Confidence",
      ),
      mutable: true,
    },
    attainment: percent("Share of the way from start to target, unclamped (125% = beyond target)"),
    progress: progressBar("Attainment clamped to 0–100%: what rolls up"),
    expected,
    pace,
    status,
    forecast: number("Projected value at the cycle's end, from the trend of the check-ins"),
    forecastProgress: percent("Progress the forecast would mean at the cycle's end"),
    version: number("Changes with every write: buttons and edits send it back to catch concurrent changes"),
    link,
  },
  idProperty: "id",
  displayProperty: "title",
  featuredProperties: [
    "objective",
    "owner",
    "current",
    "progress",
    "expected",
    "status",
    "confidence",
    "nextValue",
    "nextNote",
    "link",
  ],
});

export const CheckInSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("The check-in's number, in order of arrival"), required: true },
    label: { ...text("Key result and date"), required: true },
    keyResult: keyResultRef,
    date: { type: coda.ValueType.String, codaType: coda.ValueHintType.Date, description: "Day checked in" },
    value: number("Value checked in (blank: confidence only)"),
    confidence: confidenceScale,
    note: text("What the owner said"),
    source: text("Where it came from (coda, notion, manual...)"),
    link,
  },
  idProperty: "id",
  displayProperty: "label",
  featuredProperties: ["keyResult", "date", "value", "confidence", "note"],
});

export const AlertSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("Subject and code: an alert keeps its row from day to day"), required: true },
    message: { ...text("Why it is raised, in the sync day's numbers"), required: true },
    code: text("off_track, lead_declining, forecast_shortfall, low_confidence, stale_check_in, ..."),
    severity: select(SEVERITY_LABEL, "High or Medium"),
    subject: text("Id of the key result, initiative or health metric"),
    keyResult: keyResultRef,
    link,
  },
  idProperty: "id",
  displayProperty: "message",
  featuredProperties: ["severity", "code", "keyResult", "message", "link"],
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
    ownerPerson,
    also: text("Other reasons that apply to the same subject"),
    keyResult: keyResultRef,
    link,
  },
  idProperty: "subject",
  displayProperty: "title",
  featuredProperties: ["rank", "kind", "owner", "why", "link"],
});

const day = (description: string) =>
  ({ type: coda.ValueType.String, codaType: coda.ValueHintType.Date, description }) as const;
const flag = (description: string) => ({ type: coda.ValueType.Boolean, description }) as const;

export const CycleSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("The cycle's id in the cascade"), required: true },
    title: { ...text("Its name, else its id"), required: true },
    start: day("First day"),
    end: day("Last day"),
    elapsed: progressBar(
      "Share of the cycle elapsed on the sync's day: the pace its key results are held to",
    ),
    state: select(CYCLE_STATE_LABEL, "Upcoming, In progress or Finished on the sync's day"),
    current: flag(
      "The cycle the tables default to: the one the sync's day falls in (else the latest that started)",
    ),
    objectives: number("Objectives set for it"),
    keyResults: number("Key results of those objectives"),
    initiatives: number("Initiatives planned in it"),
    link,
    retro: {
      ...link,
      description: "Opens its retrospective on Cascade's dashboard (once it has finished)",
    },
  },
  idProperty: "id",
  displayProperty: "title",
  featuredProperties: ["start", "end", "state", "elapsed", "link"],
});

export const InitiativeSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("The initiative's id in the cascade"), required: true },
    title: { ...text("The initiative"), required: true },
    type: select(INITIATIVE_TYPE_LABEL, "Business, Technical, Competency, Operational or Tech debt"),
    cycle: cycleRef,
    team: text("The team that does it (its id)"),
    teamName: text("The team's name"),
    owner,
    ownerPerson,
    keyResults: {
      type: coda.ValueType.Array,
      items: keyResultRef,
      description: "The key results it moves",
    },
    rank: number("Its place in the one pipeline of all initiatives: 1 first"),
    teamRank: number("Its place among its team's initiatives of its cycle"),
    priority: number("WSJF: cost of delay ÷ size"),
    costOfDelay: number("Value + time criticality + risk reduction"),
    size: number("Its size, in the team's capacity units"),
    value: number("Business value"),
    timeCriticality: number("Time criticality"),
    riskReduction: number("Risk reduction or opportunity enablement"),
    committed: flag("The team committed to it"),
    line: select(
      LINE_LABEL,
      "Above the line, Below the line, Admitted by trade-off or Dropped (blank: no line)",
    ),
    onLine: flag("Inside its team's capacity: above the line or admitted by a trade-off"),
    overCapacity: flag("Committed but below the line: over capacity until a trade-off makes room"),
    capacity: number("Its team's capacity for the cycle (blank: no capacity set, so no line)"),
    status: select(INITIATIVE_STATUS_LABEL, "The worst status of its key results"),
    dependsOn: text("What it depends on (ids)"),
    blockedBy: text("Of those, what is at risk or off track"),
    budget: number("Budget as planned"),
    currentBudget: number("Budget after the budget moves dated on or before the sync's day"),
    tradeOff: text("The trade-off that admitted or dropped it"),
    tradeOffReason: text("Why, as the trade-off records it"),
    decidedBy: text("Who decided the trade-off"),
    link,
  },
  idProperty: "id",
  displayProperty: "title",
  featuredProperties: ["team", "rank", "priority", "line", "committed", "status", "keyResults", "link"],
});

export const HealthMetricSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("The metric's id in the cascade"), required: true },
    title: { ...text("The health metric"), required: true },
    area: select(HEALTH_AREA_LABEL, "Growth, Operations, Finance, Talent, Culture or Innovation"),
    status: select(HEALTH_STATUS_LABEL, "Green, Yellow or Red on the sync's day (blank: no value yet)"),
    value: number("Latest value dated on or before the sync's day"),
    date: day("Day of the latest value"),
    previous: number("The value before it"),
    previousDate: day("Day of the value before it"),
    trend: select(
      TREND_LABEL,
      "Worsening (worse two weeks running), else Worse, Steady or Better than before",
    ),
    direction: text("Higher is better, or lower is better"),
    green: number("Green at or better than this"),
    red: number("Red at or worse than this"),
    link,
  },
  idProperty: "id",
  displayProperty: "title",
  featuredProperties: ["area", "status", "value", "trend", "link"],
});

export const BudgetMoveSchema = coda.makeObjectSchema({
  properties: {
    id: { ...text("The move's id in the cascade"), required: true },
    label: { ...text("From → to, and the amount"), required: true },
    date: day("Day of the move"),
    from: initiativeRef,
    to: initiativeRef,
    cycle: cycleRef,
    amount: number("Budget moved"),
    scale: select(SCALE_LABEL, "Micro (the resource council may approve it) or Major"),
    approvedBy: text("Who approved it"),
    needsApproval: flag("A major move without an approver"),
    applied: flag("Applied: both ends name an initiative"),
    fromBudgetAfter: number("What the initiative it comes from has left"),
    findings: text("What Cascade's checks say of it"),
    link,
  },
  idProperty: "id",
  displayProperty: "label",
  featuredProperties: ["date", "from", "to", "amount", "scale", "approvedBy", "link"],
});

export const RetroItemSchema = coda.makeObjectSchema({
  properties: {
    id: {
      ...text("Cycle, part and subject: a row keeps its identity from one sync to the next"),
      required: true,
    },
    title: { ...text("What the row is about"), required: true },
    section: select(RETRO_SECTION_LABEL, "Cycle, Team, Objective, Carry-over or Learning"),
    order: number("Its place in the retrospective, to sort by"),
    cycle: cycleRef,
    team: text("The team"),
    objective: objectiveRef,
    keyResult: keyResultRef,
    owner,
    ownerPerson,
    score: progressBar("Final score: the cycle's mean, a team's mean, an objective's score on the last day"),
    grade: select(GRADE_LABEL, "Green (≥ 70%), Yellow (≥ 40%) or Red"),
    status: select(STATUS_LABEL, "Status on the cycle's last day"),
    progress: progressBar("A carried-over key result's progress on the cycle's last day"),
    reading: select(STRETCH_LABEL, "What the cycle's mean says of its ambition (0.6–0.7: the stretch zone)"),
    date: day("Day of the check-in"),
    note: text("The reading of the mean, or what the check-in's note said"),
    link,
  },
  idProperty: "id",
  displayProperty: "title",
  featuredProperties: ["section", "score", "grade", "owner", "note", "link"],
});
