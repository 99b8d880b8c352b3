/**
 * The execution layer (DOMAIN §7) as paged lists for sync tables: cycles, the one pipeline of
 * initiatives, health metrics and budget moves, each read from the report the core scored for asOf
 * (the `/report` endpoint's, through the same cache), `{ items, nextCursor }` in id order; and the
 * retrospective of a finished cycle, the core's, as the dashboard and `cascade retro --json` show it.
 */
import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Context } from "hono";
import { latestValue } from "../../core/execution/health.ts";
import { buildRetrospective } from "../../core/execution/retro.ts";
import { firstById } from "../../core/first-by-id.ts";
import type { CascadeDocument, Cycle, HealthMetric } from "../../core/model/document.ts";
import type { HealthMetricReport, InitiativeReport } from "../../core/model/execution.ts";
import type { ScoreReport } from "../../core/model/report.ts";
import { cycleInProgress, expectedProgress } from "../../core/scoring/expected.ts";
import { currentCycle, isFinished } from "../../core/view/cycles.ts";
import { workspaceOf } from "../auth.ts";
import { type AppEnv, deferTo } from "../env.ts";
import { HttpError, notFound } from "../http-error.ts";
import { pageByKey } from "../pagination.ts";
import {
  AsOfQuery,
  CyclePage,
  CycleParams,
  HealthMetricListQuery,
  HealthMetricPage,
  InitiativeListQuery,
  InitiativePage,
  ListQuery,
  ReallocationListQuery,
  ReallocationPage,
  RetrospectiveSchema,
  WorkspaceParams,
} from "../schemas.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { loadScoredCascade } from "../scoring/load.ts";
import { createRoute, errors, json } from "./openapi.ts";

/** A list's query: `ListQuery` with the list's own filters. */
type ListQueryOf = NonNullable<NonNullable<RouteConfig["request"]>["query"]>;

/** The workspace's cascade scored for asOf (default today, UTC), with the day. */
async function scoredOn(c: Context<AppEnv>, ws: string, asOf: string | undefined) {
  const workspace = await workspaceOf(c, ws);
  const day = asOf ?? todayUtc();
  const loaded = await loadScoredCascade(c.env.DB, workspace, day, deferTo(c));
  if (!loaded) throw notFound("cascade");
  return { workspace, day, scored: loaded.scored };
}

/** 404 for a cycle filter that names no cycle of the cascade. */
function knownCycle(doc: CascadeDocument, cycleId: string | undefined): void {
  if (cycleId !== undefined && !doc.cycles.some((c) => c.id === cycleId)) throw notFound("cycle");
}

function cycleState(cycle: Cycle, day: string): "upcoming" | "in_progress" | "finished" {
  if (cycleInProgress(cycle, day)) return "in_progress";
  return isFinished(cycle, day) ? "finished" : "upcoming";
}

/** How many of `items` each cycle holds. */
function countByCycle(items: ReadonlyArray<{ cycleId: string }>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.cycleId, (counts.get(item.cycleId) ?? 0) + 1);
  return counts;
}

function cycleItems(doc: CascadeDocument, day: string) {
  const current = currentCycle(doc.cycles, day);
  const objectives = countByCycle(doc.objectives);
  const initiatives = countByCycle(doc.initiatives ?? []);
  const cycleOfObjective = new Map([...firstById(doc.objectives)].map(([id, o]) => [id, o.cycleId]));
  const keyResults = countByCycle(
    doc.keyResults.map((kr) => ({ cycleId: cycleOfObjective.get(kr.objectiveId) ?? "" })),
  );
  return [...firstById(doc.cycles).values()].map((cycle) => ({
    ...cycle,
    title: cycle.name ?? cycle.id,
    expected: expectedProgress(cycle, day),
    state: cycleState(cycle, day),
    current: cycle === current,
    objectives: objectives.get(cycle.id) ?? 0,
    keyResults: keyResults.get(cycle.id) ?? 0,
    initiatives: initiatives.get(cycle.id) ?? 0,
  }));
}

/** An initiative of the report with what the pipeline's table shows beside it. */
function initiativeItems(doc: CascadeDocument, report: ScoreReport, selected: readonly InitiativeReport[]) {
  const initiatives = firstById(doc.initiatives ?? []);
  const tradeOffs = firstById(doc.tradeOffs ?? []);
  const teams = firstById(doc.teams ?? []);
  const capacityOf = new Map(report.capacity.map((c) => [`${c.team}\u0000${c.cycleId}`, c]));
  return selected.map((i) => {
    const planned = initiatives.get(i.id);
    const capacity = capacityOf.get(`${i.team}\u0000${i.cycleId}`);
    return {
      ...i,
      teamName: teams.get(i.team)?.name ?? i.team,
      value: planned?.value ?? 0,
      timeCriticality: planned?.timeCriticality ?? 0,
      riskReduction: planned?.riskReduction ?? 0,
      capacity: capacity?.capacity ?? null,
      overCapacity: capacity?.overCapacity.includes(i.id) ?? false,
      tradeOff: i.tradeOffId === null ? null : (tradeOffs.get(i.tradeOffId) ?? null),
    };
  });
}

/** A metric's latest value with the one before it, and which way it moved in the metric's direction. */
function healthMetricItem(metric: HealthMetricReport, values: HealthMetric["values"] | undefined) {
  const latest = metric.date;
  const previous =
    latest === null || values === undefined
      ? null
      : latestValue(
          values.filter((v) => v.date < latest),
          latest,
        );
  let change: "better" | "worse" | "steady" | null = null;
  if (previous !== null && metric.value !== null) {
    const delta =
      metric.direction === "higher_is_better" ? metric.value - previous.value : previous.value - metric.value;
    change = delta > 0 ? "better" : delta < 0 ? "worse" : "steady";
  }
  return {
    ...metric,
    previous: previous === null ? null : { date: previous.date, value: previous.value },
    change,
  };
}

const MOVE_FINDINGS: ReadonlySet<string> = new Set(["unapproved_reallocation", "negative_budget"]);

function reallocationItems(
  doc: CascadeDocument,
  report: ScoreReport,
  filter: { cycleId?: string | undefined; team?: string | undefined },
) {
  const initiatives = firstById(doc.initiatives ?? []);
  const matches = (id: string) => {
    const i = initiatives.get(id);
    return (
      i !== undefined &&
      (filter.cycleId === undefined || i.cycleId === filter.cycleId) &&
      (filter.team === undefined || i.team === filter.team)
    );
  };
  const any = filter.cycleId === undefined && filter.team === undefined;
  return report.reallocations
    .filter((r) => any || matches(r.from) || matches(r.to))
    .map((r) => ({
      ...r,
      cycleId: initiatives.get(r.from)?.cycleId ?? initiatives.get(r.to)?.cycleId ?? null,
      lint: report.lint
        .filter((l) => l.subject === r.id && MOVE_FINDINGS.has(l.code))
        .map(({ code, severity, message }) => ({ code, severity, message })),
    }));
}

const listRoute = <Q extends ListQueryOf, T extends Parameters<typeof json>[0]>(
  operationId: string,
  path: string,
  query: Q,
  page: T,
  summary: string,
) =>
  createRoute({
    operationId,
    method: "get",
    path: `/workspaces/{ws}/${path}`,
    summary,
    request: { params: WorkspaceParams, query },
    responses: { 200: json(page, "A page"), ...errors(400, 401, 404) },
  });

const retroRoute = createRoute({
  operationId: "getRetrospective",
  method: "get",
  path: "/workspaces/{ws}/cycles/{cycleId}/retro",
  summary:
    "The retrospective of a cycle finished by asOf (DOMAIN §7), scored on its last day; 409 while it runs",
  request: { params: CycleParams, query: AsOfQuery },
  responses: { 200: json(RetrospectiveSchema, "The retrospective"), ...errors(400, 401, 404, 409) },
});

export const executionListRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    listRoute("listCycles", "cycles", ListQuery, CyclePage, "Cycles with how far along they are on asOf"),
    async (c) => {
      const { cursor, limit, asOf } = c.req.valid("query");
      const { day, scored } = await scoredOn(c, c.req.valid("param").ws, asOf);
      return c.json(
        pageByKey(cycleItems(scored.stored.doc, day), (i) => i.id, cursor, limit),
        200,
      );
    },
  )
  .openapi(
    listRoute(
      "listInitiatives",
      "initiatives",
      InitiativeListQuery,
      InitiativePage,
      "The one pipeline on asOf: initiatives ranked by WSJF, each against its team's cut line",
    ),
    async (c) => {
      const { cursor, limit, asOf, cycleId, team, owner } = c.req.valid("query");
      const { scored } = await scoredOn(c, c.req.valid("param").ws, asOf);
      const { doc } = scored.stored;
      knownCycle(doc, cycleId);
      const selected = scored.report.initiatives.filter(
        (i) =>
          (cycleId === undefined || i.cycleId === cycleId) &&
          (team === undefined || i.team === team) &&
          (owner === undefined || i.owner === owner),
      );
      const page = pageByKey(selected, (i) => i.id, cursor, limit);
      return c.json(
        { items: initiativeItems(doc, scored.report, page.items), nextCursor: page.nextCursor },
        200,
      );
    },
  )
  .openapi(
    listRoute(
      "listHealthMetrics",
      "health-metrics",
      HealthMetricListQuery,
      HealthMetricPage,
      "Health metrics of the six areas: latest value on asOf, status and trend",
    ),
    async (c) => {
      const { cursor, limit, asOf, area } = c.req.valid("query");
      const { scored } = await scoredOn(c, c.req.valid("param").ws, asOf);
      const metrics = firstById(scored.stored.doc.healthMetrics ?? []);
      const selected = scored.report.health.metrics.filter((m) => area === undefined || m.area === area);
      const page = pageByKey(selected, (m) => m.id, cursor, limit);
      const items = page.items.map((m) => healthMetricItem(m, metrics.get(m.id)?.values));
      return c.json({ items, nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(
    listRoute(
      "listReallocations",
      "reallocations",
      ReallocationListQuery,
      ReallocationPage,
      "Budget moves dated on or before asOf, as applied (DOMAIN §7, resource fluidity)",
    ),
    async (c) => {
      const { cursor, limit, asOf, cycleId, team } = c.req.valid("query");
      const { scored } = await scoredOn(c, c.req.valid("param").ws, asOf);
      knownCycle(scored.stored.doc, cycleId);
      const items = reallocationItems(scored.stored.doc, scored.report, { cycleId, team });
      return c.json(
        pageByKey(items, (r) => r.id, cursor, limit),
        200,
      );
    },
  )
  .openapi(retroRoute, async (c) => {
    const { ws, cycleId } = c.req.valid("param");
    const { workspace, day, scored } = await scoredOn(c, ws, c.req.valid("query").asOf);
    const cycle = scored.stored.doc.cycles.find((x) => x.id === cycleId);
    if (cycle === undefined) throw notFound("cycle");
    if (!isFinished(cycle, day)) {
      throw new HttpError(
        "conflict",
        `cycle ${cycle.id} runs until ${cycle.end}: its retrospective is ready once it has ended`,
      );
    }
    // Scored on the cycle's last day, through the same cache as that day's report.
    const atEnd = await loadScoredCascade(c.env.DB, workspace, cycle.end, deferTo(c));
    if (!atEnd) throw notFound("cascade");
    const retro = buildRetrospective(atEnd.scored.stored.doc, cycle.id, () => atEnd.scored.report);
    if (retro === null) throw notFound("cycle");
    return c.json(retro, 200);
  });
