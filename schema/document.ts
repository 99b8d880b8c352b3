/**
 * zod schemas of the cascade document (DOMAIN §2). They are the boundary: every file, HTTP body and
 * synced row is checked here once, and `core/` trusts the types inferred from them.
 *
 * Objects are strict: an unknown field is almost always a typo (`tagret`), and silently dropping it
 * would score a different document than the one the facilitator wrote. `source` is the one open object,
 * because each source type carries its own locator fields.
 */
import { z } from "zod";
import { perspectives } from "../core/model/perspectives.ts";

/** A calendar date `YYYY-MM-DD` (UTC, day granularity). zod's ISO date rejects 2026-02-30 too. */
export const isoDate = z.iso.date({ error: "expected a date YYYY-MM-DD" });
export const id = z
  .string({ error: "expected a non-empty string id" })
  .min(1, "expected a non-empty string id");
const title = z.string({ error: "expected a string" });
const weight = z.number({ error: "expected a number ≥ 0" }).min(0, "expected a number ≥ 0");
const share = z.number({ error: "expected a number between 0 and 1" }).min(0).max(1);
const positiveInt = z.number({ error: "expected a positive integer" }).int().min(1);

export const settingsSchema = z.strictObject({
  statusThresholds: z
    .strictObject({ onTrack: share.optional(), atRisk: share.optional() })
    .refine((t) => t.onTrack === undefined || t.atRisk === undefined || t.atRisk <= t.onTrack, {
      message: "expected atRisk ≤ onTrack",
      path: ["atRisk"],
    })
    .optional(),
  staleAfterDays: z.number().int().min(1).optional(),
  lowConfidence: z.number().min(0).max(10).optional(),
  limits: z
    .strictObject({
      objectivesPerTeam: positiveInt.optional(),
      minKeyResults: positiveInt.optional(),
      maxKeyResults: positiveInt.optional(),
      wigsPerTeam: positiveInt.optional(),
    })
    .optional(),
  microReallocationShare: share.optional(),
});

export const cycleSchema = z
  .strictObject({ id, name: z.string().optional(), start: isoDate, end: isoDate })
  .refine((c) => c.end >= c.start, { message: "expected a date on or after start", path: ["end"] });

export const teamSchema = z.strictObject({
  id,
  name: z.string().optional(),
  capacity: z.record(z.string(), z.number().min(0, "expected a capacity ≥ 0")).optional(),
});

export const imperativeSchema = z.strictObject({
  id,
  title,
  owner: z.string().optional(),
  weight: weight.optional(),
});

export const goalSchema = z.strictObject({
  id,
  title,
  imperativeId: id,
  year: z.number({ error: "expected a year such as 2026" }).int().min(1900).max(3000),
  owner: z.string().optional(),
  weight: weight.optional(),
});

export { perspectives };

export const objectiveSchema = z.strictObject({
  id,
  title,
  cycleId: id,
  team: z.string().optional(),
  owner: z.string().optional(),
  goalId: id.optional(),
  parentId: id.optional(),
  weight: weight.optional(),
  wig: z.boolean().optional(),
  perspective: z.enum(perspectives).optional(),
});

export const keyResultKinds = ["increase", "decrease", "range", "milestone"] as const;

export const milestoneSchema = z.strictObject({ title, done: z.boolean(), weight: weight.optional() });

export const checkInSchema = z.strictObject({
  date: isoDate,
  value: z.number().optional(),
  confidence: z.number().min(0).max(10, "expected a confidence from 0 to 10").optional(),
  note: z.string().optional(),
  source: z.string().optional(),
});

export const keyResultSourceSchema = z.looseObject({ type: z.enum(["coda", "notion", "manual"]) });

export const keyResultSchema = z.strictObject({
  id,
  objectiveId: id,
  title,
  kind: z.enum(keyResultKinds),
  start: z.number().optional(),
  target: z.number().optional(),
  low: z.number().optional(),
  high: z.number().optional(),
  milestones: z.array(milestoneSchema).optional(),
  current: z.number().optional(),
  unit: z.string().optional(),
  weight: weight.optional(),
  measure: z.enum(["lead", "lag"]).optional(),
  owner: z.string().optional(),
  source: keyResultSourceSchema.optional(),
  checkIns: z.array(checkInSchema).optional(),
});

export const initiativeTypes = ["business", "technical", "competency", "operational", "tech_debt"] as const;

export const initiativeSchema = z.strictObject({
  id,
  title,
  type: z.enum(initiativeTypes),
  team: id,
  cycleId: id,
  keyResultIds: z.array(id).optional(),
  size: z.number({ error: "expected a size > 0" }).positive("expected a size > 0"),
  value: weight,
  timeCriticality: weight,
  riskReduction: weight,
  committed: z.boolean().optional(),
  budget: z.number().optional(),
  owner: z.string().optional(),
});

export const tradeOffSchema = z.strictObject({
  id,
  cycleId: id,
  team: id,
  admitted: id,
  dropped: z.array(id),
  decidedBy: z.string().min(1, "expected who decided"),
  date: isoDate,
  reason: z.string(),
});

export const dependencySchema = z.strictObject({ from: id, to: id, note: z.string().optional() });

export const healthAreas = ["growth", "operations", "finance", "talent", "culture", "innovation"] as const;

export const healthMetricSchema = z.strictObject({
  id,
  title,
  area: z.enum(healthAreas),
  direction: z.enum(["higher_is_better", "lower_is_better"]),
  green: z.number(),
  red: z.number(),
  values: z.array(z.strictObject({ date: isoDate, value: z.number() })),
});

export const reallocationSchema = z.strictObject({
  id,
  date: isoDate,
  from: id,
  to: id,
  amount: z.number().positive("expected an amount > 0"),
  approvedBy: z.string().optional(),
});

export const cascadeDocumentSchema = z.strictObject({
  version: z.literal(1, { error: "expected 1" }),
  organization: z.string({ error: "expected the organization's name" }),
  settings: settingsSchema.optional(),
  cycles: z.array(cycleSchema),
  teams: z.array(teamSchema).optional(),
  imperatives: z.array(imperativeSchema),
  goals: z.array(goalSchema),
  objectives: z.array(objectiveSchema),
  keyResults: z.array(keyResultSchema),
  initiatives: z.array(initiativeSchema).optional(),
  tradeOffs: z.array(tradeOffSchema).optional(),
  dependencies: z.array(dependencySchema).optional(),
  healthMetrics: z.array(healthMetricSchema).optional(),
  reallocations: z.array(reallocationSchema).optional(),
});

export type CascadeDocument = z.output<typeof cascadeDocumentSchema>;
export type Settings = z.output<typeof settingsSchema>;
export type Cycle = z.output<typeof cycleSchema>;
export type Team = z.output<typeof teamSchema>;
export type Imperative = z.output<typeof imperativeSchema>;
export type Goal = z.output<typeof goalSchema>;
export type Objective = z.output<typeof objectiveSchema>;
export type KeyResult = z.output<typeof keyResultSchema>;
export type KeyResultKind = KeyResult["kind"];
export type Milestone = z.output<typeof milestoneSchema>;
export type CheckIn = z.output<typeof checkInSchema>;
export type Initiative = z.output<typeof initiativeSchema>;
export type InitiativeType = Initiative["type"];
export type TradeOff = z.output<typeof tradeOffSchema>;
export type Dependency = z.output<typeof dependencySchema>;
export type HealthMetric = z.output<typeof healthMetricSchema>;
export type HealthArea = HealthMetric["area"];
export type Reallocation = z.output<typeof reallocationSchema>;
