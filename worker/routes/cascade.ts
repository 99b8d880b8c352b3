/** `PUT|GET /v1/workspaces/{ws}/cascade`: replace the whole cascade, or read it back. */
import { OpenAPIHono, z } from "@hono/zod-openapi";
import { summarizeLint } from "../../core/lint/summary.ts";
import { scoreCascade } from "../../core/report.ts";
import { toValidationIssues } from "../../schema/validate.ts";
import { workspaceOf } from "../auth.ts";
import { checkCascadeLimits, workspaceLimits } from "../domain/limits.ts";
import { replaceCascade } from "../domain/replace-cascade.ts";
import { type AppEnv, deferTo } from "../env.ts";
import { invalid, notFound } from "../http-error.ts";
import { CascadeDocumentSchema, CascadeSavedSchema, WorkspaceParams } from "../schemas.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { cascadeStore } from "../scoring/load.ts";
import { ScoreCache, scoreCache } from "../scoring/score-cache.ts";
import { createRoute, errors, json, jsonBody } from "./openapi.ts";
import { etag } from "./preconditions.ts";

/** The lint of the stored cascade in counts, so that an upload with errors does not look clean. */
const LintSummarySchema = z
  .object({
    errors: z.number().int().openapi({ description: "Lint errors (DOMAIN §6), as the report lists them" }),
    warnings: z.number().int().openapi({ description: "Lint warnings" }),
    byCode: z.record(z.string(), z.number().int()).openapi({
      description:
        'How many findings of each lint code (only the codes found), e.g. `{ "unknown_reference": 2 }`',
    }),
  })
  .openapi("LintSummary", {
    description:
      "The report's lint of the stored cascade today (UTC), counted; GET the report for the findings",
  });

const CascadeStoredSchema = CascadeSavedSchema.extend({ lint: LintSummarySchema }).openapi("CascadeStored");

const putRoute = createRoute({
  operationId: "putCascade",
  method: "put",
  path: "/workspaces/{ws}/cascade",
  summary: "Replace the cascade with a document (DOMAIN §2); an invalid or ambiguous one changes nothing",
  description:
    "A document that breaks DOMAIN §2, or uses an id twice anywhere (which would make every lookup by " +
    "that id pick one item silently), is refused with 400 `invalid_document` and every problem by its " +
    "path. A stored document may still have lint findings: the answer counts them (`lint`).",
  request: {
    params: WorkspaceParams,
    headers: z.object({
      "if-match": z.string().optional().openapi({ description: "The revision (ETag) you read" }),
    }),
    body: jsonBody(CascadeDocumentSchema),
  },
  responses: {
    200: json(CascadeStoredSchema, "Stored, with its lint counted; ETag is the new revision"),
    ...errors(400, 401, 404, 412, 413, 415),
  },
});

const getRoute = createRoute({
  operationId: "getCascade",
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
      const today = todayUtc();
      // 413 before anything is written when the document crosses a workspace limit.
      checkCascadeLimits(doc, workspaceLimits(c.env), today);
      const { revision, counts } = await replaceCascade(cascadeStore(c.env.DB, workspace), workspace, doc, {
        ifMatchHeader: c.req.valid("header")["if-match"],
      });
      // replaceCascade keeps the cascade scored for today when it fits the cache: its lint is there.
      const cached = scoreCache.get(ScoreCache.key(ScoreCache.revisionKey(workspace, revision), today));
      const lint = summarizeLint((cached?.report ?? scoreCascade(doc, today)).lint);
      c.header("ETag", etag(revision));
      return c.json({ revision, counts, lint }, 200);
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
    // Read from D1 even when the isolate holds this revision: the document as stored, in the order
    // its rows (or snapshot) give it back.
    const stored = await cascadeStore(c.env.DB, workspace, deferTo(c)).readFromD1();
    if (!stored) throw notFound("cascade");
    c.header("ETag", etag(stored.revision));
    return c.json(stored.doc, 200);
  });
