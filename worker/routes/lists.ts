/**
 * Paged lists for sync tables (the Coda Pack): each row with its computed score and status,
 * `{ items, nextCursor }`, in key order (ids; check-ins by arrival), so concurrent writes never shift
 * a page.
 */

import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { compareText } from "../../core/compare.ts";
import type { Alert } from "../../core/model/report.ts";
import { workspaceOf } from "../auth.ts";
import { type AppEnv, deferTo } from "../env.ts";
import { notFound } from "../http-error.ts";
import { decodeCursor, finishPage, pageByKey } from "../pagination.ts";
import { CheckInPage } from "../people-schemas.ts";
import {
  AlertPage,
  DatedCheckInListQuery,
  GoalPage,
  ImperativePage,
  KeyResultPage,
  ListQuery,
  ObjectivePage,
  WorkspaceParams,
} from "../schemas.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { keyResultItem } from "../scoring/key-result-item.ts";
import { cascadeStore, loadScoredCascade } from "../scoring/load.ts";
import { checkWindow } from "./check-in-window.ts";
import { createRoute, errors, json } from "./openapi.ts";

const listRoute = <T extends Parameters<typeof json>[0]>(
  operationId: string,
  path: string,
  page: T,
  summary: string,
) =>
  createRoute({
    operationId,
    method: "get",
    path: `/workspaces/{ws}/${path}`,
    summary,
    request: { params: WorkspaceParams, query: ListQuery },
    responses: { 200: json(page, "A page"), ...errors(400, 401, 404) },
  });

async function scored(c: Context<AppEnv>, ws: string, asOf: string | undefined) {
  const workspace = await workspaceOf(c, ws);
  const loaded = await loadScoredCascade(c.env.DB, workspace, asOf ?? todayUtc(), deferTo(c));
  if (!loaded) throw notFound("cascade");
  return loaded.scored;
}

/**
 * Alerts have no id: (subject, code) names one. A document with a duplicate id can raise one pair
 * twice; those are numbered in message order. The message itself stays out of the key, because its
 * numbers change with every check-in: a cursor that named it would serve an alert again on the next
 * page once its message sorted later.
 */
function keyedAlerts(alerts: readonly Alert[]): Array<{ alert: Alert; key: string }> {
  const sorted = [...alerts].sort(
    (a, b) =>
      compareText(a.subject, b.subject) || compareText(a.code, b.code) || compareText(a.message, b.message),
  );
  const seen = new Map<string, number>();
  return sorted.map((alert) => {
    const pair = `${alert.subject}\u0000${alert.code}`;
    const n = seen.get(pair) ?? 0;
    seen.set(pair, n + 1);
    return { alert, key: `${pair}\u0000${String(n).padStart(6, "0")}` };
  });
}

const checkInsRoute = createRoute({
  operationId: "listCheckIns",
  method: "get",
  path: "/workspaces/{ws}/check-ins",
  summary: "Check-ins, oldest first, each with who recorded it when",
  request: { params: WorkspaceParams, query: DatedCheckInListQuery },
  responses: { 200: json(CheckInPage, "A page"), ...errors(400, 401, 404) },
});

export const listRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    listRoute("listImperatives", "imperatives", ImperativePage, "Strategic imperatives with their scores"),
    async (c) => {
      const { cursor, limit, asOf } = c.req.valid("query");
      const s = await scored(c, c.req.valid("param").ws, asOf);
      const items = s.stored.doc.imperatives.map((i) => ({ ...i, score: s.imperatives.get(i.id) ?? null }));
      return c.json(
        pageByKey(items, (i) => i.id, cursor, limit),
        200,
      );
    },
  )
  .openapi(listRoute("listGoals", "goals", GoalPage, "Annual goals with their scores"), async (c) => {
    const { cursor, limit, asOf } = c.req.valid("query");
    const s = await scored(c, c.req.valid("param").ws, asOf);
    const items = s.stored.doc.goals.map((g) => ({ ...g, score: s.goals.get(g.id) ?? null }));
    return c.json(
      pageByKey(items, (g) => g.id, cursor, limit),
      200,
    );
  })
  .openapi(
    listRoute("listObjectives", "objectives", ObjectivePage, "Objectives with score, status and grade"),
    async (c) => {
      const { cursor, limit, asOf } = c.req.valid("query");
      const s = await scored(c, c.req.valid("param").ws, asOf);
      const items = s.stored.doc.objectives.map((o) => {
        const score = s.objectives.get(o.id);
        return {
          ...o,
          score: score?.score ?? null,
          expected: score?.expected ?? 0,
          status: score?.status ?? ("no_data" as const),
          grade: score?.grade ?? null,
        };
      });
      return c.json(
        pageByKey(items, (o) => o.id, cursor, limit),
        200,
      );
    },
  )
  .openapi(
    listRoute("listKeyResults", "key-results", KeyResultPage, "Key results with their scores and versions"),
    async (c) => {
      const { cursor, limit, asOf } = c.req.valid("query");
      const s = await scored(c, c.req.valid("param").ws, asOf);
      const page = pageByKey(s.stored.doc.keyResults, (k) => k.id, cursor, limit);
      const items = page.items.map((kr) =>
        keyResultItem(kr, s.stored.versions.get(kr.id) ?? 0, s.keyResults.get(kr.id), s.report.asOf),
      );
      return c.json({ items, nextCursor: page.nextCursor }, 200);
    },
  )
  .openapi(listRoute("listAlerts", "alerts", AlertPage, "Alerts on asOf (DOMAIN §5)"), async (c) => {
    const { cursor, limit, asOf } = c.req.valid("query");
    const s = await scored(c, c.req.valid("param").ws, asOf);
    const page = pageByKey(keyedAlerts(s.report.alerts), (a) => a.key, cursor, limit);
    return c.json({ items: page.items.map((a) => a.alert), nextCursor: page.nextCursor }, 200);
  })
  .openapi(checkInsRoute, async (c) => {
    const { cursor, limit, keyResultId, from, to } = c.req.valid("query");
    checkWindow({ from, to });
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    if (!workspace.hasCascade) throw notFound("cascade");
    const after = cursor === undefined ? 0 : decodeCursor(cursor, "number");
    const store = cascadeStore(c.env.DB, workspace);
    const rows = await store.checkInsAfter(after, limit + 1, keyResultId, { from, to });
    if (!rows) throw notFound("key result");
    return c.json(
      finishPage(rows, (r) => Number(r.id), limit),
      200,
    );
  });
