/** `GET /v1/workspaces/{ws}/report?asOf=`: the §8 report, and `/agenda`: the weekly agenda, by the core. */
import { OpenAPIHono } from "@hono/zod-openapi";
import { buildAgenda } from "../../core/execution/agenda.ts";
import type { ScoreReport } from "../../core/model/report.ts";
import { workspaceOf } from "../auth.ts";
import { type AppEnv, deferTo } from "../env.ts";
import { notFound } from "../http-error.ts";
import { AgendaSchema, AsOfQuery, ReportSchema, WorkspaceParams } from "../schemas.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { cacheStatus, loadScoredCascade } from "../scoring/load.ts";
import { createRoute, errors, json, serializedJson } from "./openapi.ts";

const reportRoute = createRoute({
  operationId: "getReport",
  method: "get",
  path: "/workspaces/{ws}/report",
  summary: "The score report (DOMAIN §8) on asOf",
  request: { params: WorkspaceParams, query: AsOfQuery },
  responses: { 200: json(ReportSchema, "The report"), ...errors(400, 401, 404) },
});

const agendaRoute = createRoute({
  operationId: "getAgenda",
  method: "get",
  path: "/workspaces/{ws}/agenda",
  summary: "The weekly leadership agenda on asOf (DOMAIN §7), hottest items first",
  request: { params: WorkspaceParams, query: AsOfQuery },
  responses: { 200: json(AgendaSchema, "The agenda"), ...errors(400, 401, 404) },
});

export const reportRoutes = new OpenAPIHono<AppEnv>()
  .openapi(agendaRoute, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    const loaded = await loadScoredCascade(
      c.env.DB,
      workspace,
      c.req.valid("query").asOf ?? todayUtc(),
      deferTo(c),
    );
    if (!loaded) throw notFound("cascade");
    return c.json(buildAgenda(loaded.scored.stored.doc, loaded.scored.report), 200);
  })
  .openapi(reportRoute, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    const loaded = await loadScoredCascade(
      c.env.DB,
      workspace,
      c.req.valid("query").asOf ?? todayUtc(),
      deferTo(c),
      { jsonOnly: true },
    );
    if (!loaded) throw notFound("cascade");
    c.header("Cache-Status", cacheStatus(loaded.source));
    // Serialized once per cached report: a repeated request costs a lookup, not a stringify.
    return serializedJson<ScoreReport>(c, loaded.scored.body);
  });
