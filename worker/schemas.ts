/**
 * The API's zod schemas. Request bodies reuse the document's own schemas from `schema/`, so the
 * validation, the types and `/openapi.json` all come from one source.
 */
import { z } from "@hono/zod-openapi";
import { AGENDA_ORDER } from "../core/execution/agenda.ts";
import type { Agenda, AgendaKind, Retrospective } from "../core/model/execution.ts";
import type { ScoreReport } from "../core/model/report.ts";
import {
  cascadeDocumentSchema,
  checkInSchema,
  goalSchema,
  healthAreas,
  id,
  imperativeSchema,
  initiativeTypes,
  isoDate,
  isWellFormedText,
  keyResultSchema,
  keyResultSourceSchema,
  milestoneSchema,
  objectiveSchema,
  tradeOffSchema,
  WELL_FORMED_TEXT,
} from "../schema/document.ts";
import { ERROR_CODES } from "./error-codes.ts";
import { ROLES } from "./roles.ts";

/**
 * A key result's `source` as the OpenAPI document describes it: `type` and the fields that type binds.
 * zod-to-openapi writes the open part of a `looseObject` as `additionalProperties: { nullable: true }`,
 * a `nullable` without a `type`, which OpenAPI 3.0 does not allow (Redocly's `nullable-type-sibling`);
 * `additionalProperties: true` says what the schema means. The validation is the document's own.
 */
const KeyResultSourceSchema = keyResultSourceSchema.openapi({
  additionalProperties: true,
  description: "Where the key result's figures come from: `type`, and the fields that type binds",
});
const documentedSource = { source: KeyResultSourceSchema.optional() };

/** The document (`schema/document.ts`), with its key results' `source` documented as above. */
export const CascadeDocumentSchema = cascadeDocumentSchema
  .extend({ keyResults: z.array(keyResultSchema.extend(documentedSource)) })
  .openapi("CascadeDocument");

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ example: "invalid_request" }),
      message: z.string(),
      issues: z
        .array(
          z.object({ path: z.string().openapi({ example: "keyResults[3].target" }), message: z.string() }),
        )
        .optional(),
    }),
  })
  .openapi("Error");

const workspaceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, "expected lowercase letters, digits and dashes (at most 63)")
  .openapi({ example: "northwind" });

export const WorkspaceParams = z.object({ ws: workspaceId.openapi({ param: { name: "ws", in: "path" } }) });
export const KeyResultParams = WorkspaceParams.extend({
  id: id.openapi({ param: { name: "id", in: "path" } }),
});
export const TokenParams = WorkspaceParams.extend({
  tokenId: z.string().openapi({ param: { name: "tokenId", in: "path" } }),
});

export const CreateWorkspaceBody = z
  .strictObject({
    id: workspaceId,
    name: z.string().min(1, "expected a name").max(200).refine(isWellFormedText, WELL_FORMED_TEXT),
  })
  .openapi("CreateWorkspace");

export const WorkspaceSchema = z.object({ id: z.string(), name: z.string() }).openapi("Workspace");

export const IssuedTokenSchema = z
  .object({
    id: z.string().openapi({ description: "The token's id, to revoke it" }),
    token: z.string().openapi({ description: "Shown once: only its hash is stored" }),
  })
  .openapi("IssuedToken");

export const CreatedWorkspaceSchema = WorkspaceSchema.extend({
  token: z.string(),
  tokenId: z.string(),
}).openapi("CreatedWorkspace");

export const TokenListSchema = z
  .object({
    items: z.array(z.object({ id: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() })),
  })
  .openapi("TokenList");

export const MeSchema = z
  .union([
    z.object({
      kind: z.literal("workspace"),
      workspace: WorkspaceSchema,
      person: z
        .object({
          id: z.string(),
          name: z.string(),
          role: z.enum(ROLES),
        })
        .optional()
        .openapi({
          description:
            "The person the token is of, with their role now; absent for a token without a person (an integration's)",
        }),
    }),
    z.object({ kind: z.literal("admin") }),
  ])
  .openapi("Me");

export const AsOfQuery = z.object({
  asOf: isoDate
    .optional()
    .openapi({ description: "Day to score for (UTC); default today", example: "2026-05-01" }),
});

export const ListQuery = AsOfQuery.extend({
  cursor: z.string().optional().openapi({ description: "nextCursor of the previous page" }),
  // Plain decimal digits only: `Number()` would also take "1e2", "0x10", " 5" or "5.0".
  limit: z
    .preprocess(
      (value) => (typeof value === "string" && /^[1-9][0-9]*$/.test(value) ? Number(value) : value),
      z
        .number({ error: "expected an integer from 1 to 500" })
        .int("expected an integer from 1 to 500")
        .min(1, "expected an integer from 1 to 500")
        .max(500, "expected an integer from 1 to 500"),
    )
    .default(100),
});

/** Check-ins carry no score: their list has no asOf. */
export const CheckInListQuery = ListQuery.omit({ asOf: true }).extend({
  keyResultId: id.optional().openapi({ description: "Only this key result's check-ins" }),
});

const score = z.number().nullable();

const forecastSchema = z.object({ value: z.number(), progress: z.number() }).nullable();
const keyResultScoreFields = {
  current: z.number().nullable(),
  attainment: z.number().nullable(),
  progress: z.number().nullable(),
  expected: z.number(),
  status: z.enum(["invalid", "no_data", "not_started", "on_track", "at_risk", "off_track", "done"]),
  forecast: forecastSchema,
};
const objectiveScoreFields = {
  score,
  expected: z.number(),
  status: z.enum(["no_data", "not_started", "on_track", "at_risk", "off_track", "done"]),
  grade: z.enum(["green", "yellow", "red"]).nullable(),
};
const alertSchema = z.object({
  code: z.enum([
    "off_track",
    "lead_declining",
    "forecast_shortfall",
    "low_confidence",
    "stale_check_in",
    "dependency_at_risk",
    "health_red",
    "health_worsening",
    "source_conflict",
  ]),
  severity: z.enum(["high", "medium"]),
  subject: z.string(),
  message: z.string(),
});

// The execution sections of the report (DOMAIN §7, docs/report.md).
const idList = z.array(z.string());
const healthStatus = z.enum(["green", "yellow", "red"]);

const InitiativeReportSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    type: z.enum(initiativeTypes),
    team: z.string(),
    cycleId: z.string(),
    owner: z.string().nullable(),
    committed: z.boolean(),
    size: z.number(),
    costOfDelay: z.number().openapi({ description: "value + timeCriticality + riskReduction" }),
    priority: z.number().openapi({ description: "WSJF: costOfDelay / size" }),
    rank: z.number().int().openapi({ description: "1-based place in the one pipeline" }),
    teamRank: z.number().int().openapi({ description: "1-based place within its team and cycle" }),
    line: z.enum(["above_line", "below_line", "admitted_by_trade_off", "dropped"]).nullable(),
    tradeOffId: z.string().nullable(),
    status: z.enum(["off_track", "at_risk", "no_data", "on_track", "not_started", "done"]).nullable(),
    keyResultIds: idList,
    dependsOn: idList,
    blockedBy: idList.openapi({ description: "What it depends on that is at risk or off track" }),
    budget: z.number(),
    currentBudget: z.number().openapi({ description: "After the reallocations dated ≤ asOf" }),
  })
  .openapi("InitiativeReport");

const CapacityReportSchema = z
  .object({
    team: z.string(),
    cycleId: z.string(),
    capacity: z.number().nullable().openapi({ description: "null: no line is drawn" }),
    load: z.number(),
    committedLoad: z.number(),
    lineLoad: z.number().nullable(),
    free: z.number().nullable(),
    onLine: idList,
    belowLine: idList,
    dropped: idList,
    overCapacity: idList.openapi({ description: "Committed ids below the line (over_capacity lint)" }),
  })
  .openapi("CapacityReport");

const HealthReportSchema = z
  .object({
    metrics: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        area: z.enum(healthAreas),
        direction: z.enum(["higher_is_better", "lower_is_better"]),
        green: z.number(),
        red: z.number(),
        value: z.number().nullable(),
        date: z.string().nullable(),
        status: healthStatus.nullable(),
        worsening: z.boolean(),
      }),
    ),
    areas: z.array(
      z.object({
        area: z.enum(healthAreas),
        metrics: z.number().int(),
        green: z.number().int(),
        yellow: z.number().int(),
        red: z.number().int(),
        noData: z.number().int(),
        worst: healthStatus.nullable(),
      }),
    ),
  })
  .openapi("HealthReport");

const ReallocationReportSchema = z
  .object({
    id: z.string(),
    date: z.string(),
    from: z.string(),
    to: z.string(),
    amount: z.number(),
    scale: z
      .enum(["micro", "major"])
      .openapi({ description: "Against microReallocationShare × total budget" }),
    approvedBy: z.string().nullable(),
    applied: z.boolean().openapi({ description: "False when from or to names no initiative" }),
    fromBudgetAfter: z.number().nullable(),
  })
  .openapi("ReallocationReport");

export const ReportSchema = z
  .object({
    asOf: z.string(),
    organization: z.string(),
    keyResults: z.array(
      z.object({
        id: z.string(),
        objectiveId: z.string(),
        kind: z.enum(["increase", "decrease", "range", "milestone"]),
        ...keyResultScoreFields,
      }),
    ),
    objectives: z.array(z.object({ id: z.string(), ...objectiveScoreFields })),
    goals: z.array(z.object({ id: z.string(), score })),
    imperatives: z.array(z.object({ id: z.string(), score })),
    alerts: z.array(alertSchema),
    lint: z.array(
      z.object({
        code: z.string(),
        severity: z.enum(["error", "warning"]),
        subject: z.string(),
        path: z.string().optional(),
        message: z.string(),
      }),
    ),
    initiatives: z.array(InitiativeReportSchema),
    capacity: z.array(CapacityReportSchema),
    health: HealthReportSchema,
    reallocations: z.array(ReallocationReportSchema),
  })
  .openapi("ScoreReport");

// The report's zod schema documents core's type: this fails to compile if they drift apart.
type Assert<T extends true> = T;
export type ReportSchemaMatchesCore = Assert<ScoreReport extends z.input<typeof ReportSchema> ? true : false>;
// The execution sections both ways: the schema describes exactly the core's shapes.
export type ExecutionSchemasMatchCore = [
  Assert<z.output<typeof InitiativeReportSchema> extends ScoreReport["initiatives"][number] ? true : false>,
  Assert<z.output<typeof CapacityReportSchema> extends ScoreReport["capacity"][number] ? true : false>,
  Assert<z.output<typeof HealthReportSchema> extends ScoreReport["health"] ? true : false>,
  Assert<
    z.output<typeof ReallocationReportSchema> extends ScoreReport["reallocations"][number] ? true : false
  >,
];

const agendaKind = z.enum(AGENDA_ORDER as readonly AgendaKind[] as [AgendaKind, ...AgendaKind[]]);

export const AgendaItemSchema = z
  .object({
    kind: agendaKind,
    subject: z.string().openapi({ description: "Id of the key result, initiative, metric or record" }),
    title: z.string(),
    owner: z.string().nullable(),
    why: z.string().openapi({ description: "One plain sentence" }),
    also: z.array(agendaKind).openapi({ description: "Later agenda kinds that apply to the same subject" }),
  })
  .openapi("AgendaItem");

export const AgendaSchema = z
  .object({ asOf: z.string(), organization: z.string(), items: z.array(AgendaItemSchema) })
  .openapi("Agenda");
export type AgendaSchemaMatchesCore = Assert<Agenda extends z.input<typeof AgendaSchema> ? true : false>;

const page = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

export const ImperativeItem = imperativeSchema.extend({ score }).openapi("ImperativeItem");
export const GoalItem = goalSchema.extend({ score }).openapi("GoalItem");
export const ObjectiveItem = objectiveSchema.extend(objectiveScoreFields).openapi("ObjectiveItem");
export const KeyResultItem = keyResultSchema
  .omit({ checkIns: true })
  .extend({
    ...documentedSource,
    version: z.number().int(),
    ...keyResultScoreFields,
    confidence: z.number().min(0).max(10).nullable().openapi({
      description:
        "The owner's confidence (0 to 10) of the latest check-in dated on or before asOf, what caps an on-track status; null when that check-in carries none, or there is none",
    }),
  })
  .openapi("KeyResultItem");
export const CheckInItem = checkInSchema
  .extend({ id: z.string(), keyResultId: z.string() })
  .openapi("CheckInItem");
export const AlertItem = alertSchema.openapi("Alert");

export const ImperativePage = page(ImperativeItem, "ImperativePage");
export const GoalPage = page(GoalItem, "GoalPage");
export const ObjectivePage = page(ObjectiveItem, "ObjectivePage");
export const KeyResultPage = page(KeyResultItem, "KeyResultPage");
export const CheckInPage = page(CheckInItem, "CheckInPage");
export const AlertPage = page(AlertItem, "AlertPage");

export const NewCheckInBody = checkInSchema
  .omit({ source: true })
  .extend({ source: z.string().max(200).refine(isWellFormedText, WELL_FORMED_TEXT).optional() })
  .openapi("NewCheckIn");

export const CheckInCreatedSchema = z
  .object({ checkIn: CheckInItem, keyResult: KeyResultItem })
  .openapi("CheckInCreated");

/** JSON merge patch of a key result: a field set to null is removed (RFC 7396). */
export const KeyResultPatchBody = z
  .strictObject({
    objectiveId: id.optional(),
    // The document's own rules for text (well-formed, no lone surrogate).
    title: keyResultSchema.shape.title.optional(),
    kind: keyResultSchema.shape.kind.optional(),
    start: z.number().nullable().optional(),
    target: z.number().nullable().optional(),
    low: z.number().nullable().optional(),
    high: z.number().nullable().optional(),
    milestones: z.array(milestoneSchema).nullable().optional(),
    current: z.number().nullable().optional(),
    unit: keyResultSchema.shape.unit.unwrap().nullable().optional(),
    weight: z.number().min(0, "expected a number ≥ 0").nullable().optional(),
    measure: z.enum(["lead", "lag"]).nullable().optional(),
    owner: keyResultSchema.shape.owner.unwrap().nullable().optional(),
    source: KeyResultSourceSchema.nullable().optional(),
  })
  .openapi("KeyResultPatch");

export const CascadeSavedSchema = z
  .object({
    revision: z.number().int(),
    counts: z.record(z.string(), z.number().int()),
  })
  .openapi("CascadeSaved");

export const HealthSchema = z.object({ ok: z.literal(true) }).openapi("Health");

// The execution layer as lists for sync tables (worker/routes/execution-lists.ts): cycles, the one
// pipeline, health metrics, budget moves and a cycle's retrospective.

export const CycleParams = WorkspaceParams.extend({
  cycleId: id.openapi({ param: { name: "cycleId", in: "path" } }),
});

const cycleFilter = (what: string) =>
  id.optional().openapi({ description: `Only ${what} (404 when the cascade has no such cycle)` });

/** Check-ins of one date window: a sync table that keeps to the last weeks, or to one cycle. */
export const DatedCheckInListQuery = CheckInListQuery.extend({
  from: isoDate.optional().openapi({ description: "Only check-ins dated on or after this day" }),
  to: isoDate.optional().openapi({ description: "Only check-ins dated on or before this day" }),
});

export const InitiativeListQuery = ListQuery.extend({
  cycleId: cycleFilter("this cycle's initiatives"),
  team: id.optional().openapi({ description: "Only this team's initiatives" }),
  owner: z
    .string()
    .min(1, "expected an owner")
    .optional()
    .openapi({ description: "Only the initiatives of this owner, written as the cascade writes it" }),
});

export const HealthMetricListQuery = ListQuery.extend({
  area: z.enum(healthAreas).optional().openapi({ description: "Only this area's metrics" }),
});

export const ReallocationListQuery = ListQuery.extend({
  cycleId: cycleFilter("moves from or to an initiative of this cycle"),
  team: id.optional().openapi({ description: "Only moves from or to an initiative of this team" }),
});

export const CycleItem = z
  .object({
    id: z.string(),
    name: z.string().optional(),
    title: z.string().openapi({ description: "Its name, else its id" }),
    start: z.string(),
    end: z.string(),
    expected: z.number().openapi({ description: "Share of the cycle elapsed on asOf (DOMAIN §3)" }),
    state: z.enum(["upcoming", "in_progress", "finished"]),
    current: z.boolean().openapi({
      description:
        "The cycle asOf falls in (else the latest that started, else the first): the one the dashboard opens on",
    }),
    objectives: z.number().int(),
    keyResults: z.number().int(),
    initiatives: z.number().int(),
  })
  .openapi("CycleItem");

export const InitiativeItem = InitiativeReportSchema.extend({
  teamName: z.string().openapi({ description: "The team's name, else its id" }),
  value: z.number(),
  timeCriticality: z.number(),
  riskReduction: z.number(),
  capacity: z
    .number()
    .nullable()
    .openapi({ description: "Its team's capacity for its cycle; null: no line" }),
  overCapacity: z.boolean().openapi({ description: "Committed and below the line (over_capacity lint)" }),
  tradeOff: tradeOffSchema.nullable().openapi({ description: "The trade-off that admitted or dropped it" }),
}).openapi("InitiativeItem");

export const HealthMetricItem = HealthReportSchema.shape.metrics.element
  .extend({
    previous: z
      .object({ date: z.string(), value: z.number() })
      .nullable()
      .openapi({ description: "The latest value dated before the latest one" }),
    change: z
      .enum(["better", "worse", "steady"])
      .nullable()
      .openapi({ description: "From the previous value to the latest, in the metric's direction" }),
  })
  .openapi("HealthMetricItem");

export const ReallocationItem = ReallocationReportSchema.extend({
  cycleId: z
    .string()
    .nullable()
    .openapi({ description: "The cycle of the initiative it moves budget from (else to)" }),
  lint: z
    .array(z.object({ code: z.string(), severity: z.enum(["error", "warning"]), message: z.string() }))
    .openapi({ description: "unapproved_reallocation and negative_budget findings about this move" }),
}).openapi("ReallocationItem");

export const CyclePage = page(CycleItem, "CyclePage");
export const InitiativePage = page(InitiativeItem, "InitiativePage");
export const HealthMetricPage = page(HealthMetricItem, "HealthMetricPage");
export const ReallocationPage = page(ReallocationItem, "ReallocationPage");

const grade = z.enum(["green", "yellow", "red"]).nullable();

export const RetrospectiveSchema = z
  .object({
    organization: z.string(),
    cycleId: z.string(),
    cycleName: z.string().nullable(),
    start: z.string(),
    end: z.string(),
    asOf: z.string().openapi({ description: "The day it was scored for: the cycle's end" }),
    objectives: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        team: z.string().nullable(),
        owner: z.string().nullable(),
        score,
        grade,
        status: objectiveScoreFields.status,
      }),
    ),
    teams: z.array(z.object({ team: z.string().nullable(), objectives: z.number().int(), score, grade })),
    mean: score.openapi({ description: "Plain mean of the cycle's objectives' scores" }),
    reading: z
      .enum(["not_ambitious", "above_stretch", "stretch_zone", "below_stretch", "over_reach"])
      .nullable(),
    readingText: z.string(),
    carryOver: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        objectiveId: z.string(),
        owner: z.string().nullable(),
        progress: z.number().nullable(),
        status: keyResultScoreFields.status,
      }),
    ),
    notes: z.array(
      z.object({ date: z.string(), keyResultId: z.string(), keyResultTitle: z.string(), note: z.string() }),
    ),
  })
  .openapi("Retrospective");
export type RetrospectiveSchemaMatchesCore = [
  Assert<Retrospective extends z.input<typeof RetrospectiveSchema> ? true : false>,
  Assert<z.output<typeof RetrospectiveSchema> extends Retrospective ? true : false>,
];
