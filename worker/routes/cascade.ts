/** `PUT|GET /v1/workspaces/{ws}/cascade`: replace the whole cascade, or read it back. */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import type { CascadeDocument } from "../../schema/document.ts";
import { formatPath, toValidationIssues, type ValidationIssue } from "../../schema/validate.ts";
import { workspaceOf } from "../auth.ts";
import { loadCascade, type StoredCascade } from "../db/cascade-read.ts";
import { replaceCascade, StaleRevisionError } from "../db/cascade-write.ts";
import type { Workspace } from "../db/workspaces.ts";
import { type AppEnv, deferTo } from "../env.ts";
import { HttpError, invalid, notFound } from "../http-error.ts";
import { CascadeDocumentSchema, CascadeSavedSchema, WorkspaceParams } from "../schemas.ts";
import { ScoreCache, scoreCache, scoreStored, todayUtc } from "../scored-cascade.ts";
import { createRoute, errors, json, jsonBody } from "./openapi.ts";
import { etag, ifMatchVersion } from "./preconditions.ts";

const ID_SECTIONS = [
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
] as const;

/**
 * Ids repeated within one section. The API addresses items by id (`/key-results/{id}`), so the worker
 * refuses what the core would only lint: one id for two key results would make every later write
 * ambiguous. The same id in two different sections stays a lint finding of the report.
 */
export function duplicateIds(doc: CascadeDocument): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const section of ID_SECTIONS) {
    const seen = new Map<string, number>();
    (doc[section] ?? []).forEach((item, i) => {
      const first = seen.get(item.id);
      if (first === undefined) seen.set(item.id, i);
      else
        issues.push({ path: `${section}[${i}].id`, message: `duplicate id (also ${section}[${first}].id)` });
    });
  }
  return issues;
}

/**
 * The longest text the worker stores in one field. D1 keeps at most 2 MB in one value, and a row of
 * several fields travels as one value: a title, note or owner longer than this is refused up front,
 * by path, rather than failing inside the write.
 */
export const MAX_TEXT_CHARS = 100_000;

/**
 * Every string of the document longer than MAX_TEXT_CHARS, by JSON path. The path is kept as a stack
 * of keys and written out only for a string that is too long: a 10k key-result document has ~500k
 * values, nearly all of them fine.
 */
export function overlongTexts(doc: CascadeDocument): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const path: PropertyKey[] = [];
  const walk = (value: unknown) => {
    if (typeof value === "string") {
      if (value.length > MAX_TEXT_CHARS) {
        const message = `at most ${MAX_TEXT_CHARS} characters (this one has ${value.length})`;
        issues.push({ path: formatPath(path), message });
      }
      return;
    }
    if (value === null || typeof value !== "object") return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        walk(value[i]);
        path.pop();
      }
      return;
    }
    for (const key in value) {
      path.push(key);
      walk((value as Record<string, unknown>)[key]);
      path.pop();
    }
  };
  walk(doc);
  return issues;
}

/**
 * The document just written is the stored cascade at the revision the write took (it reads back equal),
 * so it is scored for today and cached: the dashboard or report read that follows an upload, and a
 * report for another day, need no D1 read in this isolate.
 */
function rememberPut(workspace: Workspace, stored: StoredCascade): void {
  if (!scoreCache.fits(stored.doc)) return;
  const asOf = todayUtc();
  scoreCache.set(ScoreCache.revisionKey(workspace, stored.revision), asOf, scoreStored(stored, asOf));
}

const putRoute = createRoute({
  method: "put",
  path: "/workspaces/{ws}/cascade",
  summary: "Replace the cascade with a document (DOMAIN §2); an invalid one changes nothing",
  request: {
    params: WorkspaceParams,
    headers: z.object({
      "if-match": z.string().optional().openapi({ description: "The revision (ETag) you read" }),
    }),
    body: jsonBody(CascadeDocumentSchema),
  },
  responses: {
    200: json(CascadeSavedSchema, "Stored; ETag is the new revision"),
    ...errors(400, 401, 404, 412, 413, 415),
  },
});

const getRoute = createRoute({
  method: "get",
  path: "/workspaces/{ws}/cascade",
  summary: "The stored cascade as a document",
  request: { params: WorkspaceParams },
  responses: { 200: json(CascadeDocumentSchema, "The document; ETag is its revision"), ...errors(401, 404) },
});

export const cascadeRoutes = new OpenAPIHono<AppEnv>()
  .openapi(
    putRoute,
    async (c) => {
      const workspace = await workspaceOf(c, c.req.valid("param").ws);
      const doc = c.req.valid("json");
      const refused = [...duplicateIds(doc), ...overlongTexts(doc)];
      if (refused.length > 0) throw invalid("invalid_document", refused);
      const expected = ifMatchVersion(c.req.valid("header")["if-match"]);
      const stale = () =>
        new HttpError(412, "precondition_failed", "the cascade changed since that revision");
      if (expected !== undefined && expected !== workspace.revision) throw stale();
      let revision: number;
      try {
        revision = await replaceCascade(c.env.DB, workspace.id, doc, new Date().toISOString(), expected);
      } catch (error) {
        if (error instanceof StaleRevisionError) throw stale();
        throw error;
      }
      rememberPut(workspace, {
        doc,
        revision,
        versions: new Map(doc.keyResults.map((kr) => [kr.id, revision])),
      });
      const counts: Record<string, number> = {};
      for (const section of [...ID_SECTIONS, "dependencies"] as const)
        counts[section] = doc[section]?.length ?? 0;
      counts.checkIns = doc.keyResults.reduce((n, kr) => n + (kr.checkIns?.length ?? 0), 0);
      c.header("ETag", etag(revision));
      return c.json({ revision, counts }, 200);
    },
    // A body that is not a valid document is `invalid_document`; bad parameters stay `invalid_request`.
    (result) => {
      if (!result.success) {
        const code = result.target === "json" ? "invalid_document" : "invalid_request";
        throw invalid(code, toValidationIssues(result.error));
      }
    },
  )
  .openapi(getRoute, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    const stored = await loadCascade(c.env.DB, workspace.id, deferTo(c));
    if (!stored) throw notFound("cascade");
    c.header("ETag", etag(stored.revision));
    return c.json(stored.doc, 200);
  });
