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

/** `String.prototype.isWellFormed` (ES2024: Node 20, workerd), typed here while the lib is ES2023. */
type MaybeWellFormed = { isWellFormed?: () => boolean };
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Whether `text` is well-formed UTF-16: no lone surrogate (`"x\ud800y"`). JSON can spell one, but no
 * UTF-8 store can hold it: D1 keeps U+FFFD instead while a snapshot's JSON keeps the escape, so the
 * same cascade would read back two ways. Every string and field name of a document must be one.
 */
export const isWellFormedText: (text: string) => boolean =
  typeof (String.prototype as MaybeWellFormed).isWellFormed === "function"
    ? (text) => (text as MaybeWellFormed as Required<MaybeWellFormed>).isWellFormed()
    : (text) => !LONE_SURROGATE.test(text);

export const WELL_FORMED_TEXT =
  "expected text without a lone UTF-16 surrogate (\\ud800–\\udfff only as pairs)";
const WELL_FORMED_KEYS =
  "expected field names without a lone UTF-16 surrogate (\\ud800–\\udfff only as pairs)";

/** A string of the document: well-formed text (`isWellFormedText`). */
const text = (error?: string) =>
  (error === undefined ? z.string() : z.string({ error })).refine(isWellFormedText, WELL_FORMED_TEXT);

export const id = text("expected a non-empty string id").min(1, "expected a non-empty string id");
const title = text("expected a string");
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
  .strictObject({ id, name: text().optional(), start: isoDate, end: isoDate })
  .refine((c) => c.end >= c.start, { message: "expected a date on or after start", path: ["end"] });

export const teamSchema = z.strictObject({
  id,
  name: text().optional(),
  capacity: z
    .record(z.string(), z.number().min(0, "expected a capacity ≥ 0"))
    .superRefine((capacity, ctx) => {
      if (!Object.keys(capacity).every(isWellFormedText))
        ctx.addIssue({ code: "custom", message: WELL_FORMED_KEYS });
    })
    .optional(),
});

export const imperativeSchema = z.strictObject({
  id,
  title,
  owner: text().optional(),
  weight: weight.optional(),
});

export const goalSchema = z.strictObject({
  id,
  title,
  imperativeId: id,
  year: z.number({ error: "expected a year such as 2026" }).int().min(1900).max(3000),
  owner: text().optional(),
  weight: weight.optional(),
});

export { perspectives };

export const objectiveSchema = z.strictObject({
  id,
  title,
  cycleId: id,
  team: text().optional(),
  owner: text().optional(),
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
  note: text().optional(),
  source: text().optional(),
});

/**
 * How deep a key result's `source` may nest: the source object is level 1, an object or array in it
 * level 2, and so on. A binding (a Coda doc/table/row/column, a Notion page and property) needs 1 or 2.
 */
export const MAX_SOURCE_DEPTH = 8;
/** The most a key result's `source` may weigh: the UTF-8 bytes of its JSON without spaces. */
export const MAX_SOURCE_BYTES = 4096;

/**
 * What is wrong with a source's open part (paths relative to the source): nesting deeper than
 * MAX_SOURCE_DEPTH, JSON longer than MAX_SOURCE_BYTES, a value JSON cannot hold, text with a lone
 * surrogate. Iterative, and it stops at the first level or byte over a limit, so a source nested
 * 100,000 deep or 10 MB wide costs no more than one at the limits; nothing recursive (JSON Schema,
 * JSON.stringify, the stores) touches a source before this accepted it.
 */
export function sourceProblems(source: object): Array<{ path: PropertyKey[]; message: string }> {
  const problems: Array<{ path: PropertyKey[]; message: string }> = [];
  const over = (message: string) => [...problems, { path: [], message }];
  const stack: Array<{ value: unknown; path: PropertyKey[]; depth: number }> = [
    { value: source, path: [], depth: 1 },
  ];
  let bytes = 0;
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const { value, path, depth } = next;
    if (typeof value === "string") {
      if (!isWellFormedText(value)) problems.push({ path, message: WELL_FORMED_TEXT });
      bytes += value.length + 2 > MAX_SOURCE_BYTES ? value.length + 2 : jsonBytes(value);
    } else if (typeof value === "number" && Number.isFinite(value)) {
      bytes += JSON.stringify(value).length;
    } else if (typeof value === "boolean") {
      bytes += value ? 4 : 5;
    } else if (value === null) {
      bytes += 4;
    } else if (Array.isArray(value) || isPlainObject(value)) {
      if (depth > MAX_SOURCE_DEPTH) return over(SOURCE_TOO_DEEP);
      // Members are pushed last first, so that they are checked (and problems listed) in order.
      const members: Array<{ value: unknown; path: PropertyKey[]; depth: number }> = [];
      bytes += 2;
      const add = (key: PropertyKey, member: unknown) => {
        bytes += members.length === 0 ? 0 : 1;
        members.push({ value: member, path: [...path, key], depth: depth + 1 });
        return bytes <= MAX_SOURCE_BYTES;
      };
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!add(i, value[i])) return over(SOURCE_TOO_LARGE);
      } else {
        for (const key in value) {
          const member = value[key];
          if (member === undefined) continue; // JSON.stringify leaves it out, and so does every store
          if (!isWellFormedText(key)) problems.push({ path, message: WELL_FORMED_KEYS });
          bytes += jsonBytes(key) + 1;
          if (!add(key, member)) return over(SOURCE_TOO_LARGE);
        }
      }
      for (let i = members.length - 1; i >= 0; i--) stack.push(members[i] as (typeof members)[number]);
    } else {
      problems.push({
        path,
        message: "expected a JSON value (text, number, boolean, null, array or object)",
      });
    }
    if (bytes > MAX_SOURCE_BYTES) return over(SOURCE_TOO_LARGE);
  }
  return problems;
}

const SOURCE_TOO_DEEP = `expected at most ${MAX_SOURCE_DEPTH} levels of nested objects and arrays`;
const SOURCE_TOO_LARGE = `expected at most ${MAX_SOURCE_BYTES} bytes of JSON`;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The UTF-8 bytes of a string's JSON text (quotes and escapes included). */
function jsonBytes(text: string): number {
  return utf8Length(JSON.stringify(text));
}

/**
 * The UTF-8 bytes of well-formed text (JSON text is: JSON.stringify escapes lone surrogates), counted
 * without encoding it.
 */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x80) continue;
    if (unit < 0x800) bytes += 1;
    else if (unit >= 0xd800 && unit <= 0xdbff) {
      bytes += 2; // a pair: 2 units, 4 bytes
      i++;
    } else bytes += 2;
  }
  return bytes;
}

/**
 * Where a key result's figures come from: `{ type: "coda" | "notion" | "manual", ... }`, open to the
 * fields each type binds (DOMAIN §2). Bounded (MAX_SOURCE_DEPTH, MAX_SOURCE_BYTES) so that what is
 * stored can always be read, written back and checked without deep recursion.
 */
export const keyResultSourceSchema = z
  .looseObject({ type: z.enum(["coda", "notion", "manual"]) })
  .superRefine((source, ctx) => {
    for (const { path, message } of sourceProblems(source)) ctx.addIssue({ code: "custom", message, path });
  });

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
  unit: text().optional(),
  weight: weight.optional(),
  measure: z.enum(["lead", "lag"]).optional(),
  owner: text().optional(),
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
  owner: text().optional(),
});

export const tradeOffSchema = z.strictObject({
  id,
  cycleId: id,
  team: id,
  admitted: id,
  dropped: z.array(id),
  decidedBy: text().min(1, "expected who decided"),
  date: isoDate,
  reason: text(),
});

export const dependencySchema = z.strictObject({ from: id, to: id, note: text().optional() });

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
  approvedBy: text().optional(),
});

export const cascadeDocumentSchema = z.strictObject({
  version: z.literal(1, { error: "expected 1" }),
  organization: text("expected the organization's name"),
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
