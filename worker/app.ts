/**
 * The worker's HTTP app: `/healthz`, `/openapi.json` and the `/v1` API. Errors are translated once,
 * here, into `{ error: { code, message, issues? } }`. The dashboard (`worker/dashboard/`) serves its
 * HTML pages beside `/v1`.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { HTTPException } from "hono/http-exception";
import { toValidationIssues } from "../schema/validate.ts";
import { requireToken } from "./auth.ts";
import { dashboardRoutes } from "./dashboard/routes.tsx";
import type { AppEnv } from "./env.ts";
import { type ErrorCode, HttpError, invalid } from "./http-error.ts";
import { cascadeRoutes } from "./routes/cascade.ts";
import { executionListRoutes } from "./routes/execution-lists.ts";
import { keyResultRoutes } from "./routes/key-results.ts";
import { listRoutes } from "./routes/lists.ts";
import { meRoutes } from "./routes/me.ts";
import { createRoute } from "./routes/openapi.ts";
import { peopleRoutes } from "./routes/people.ts";
import { reportRoutes } from "./routes/report.ts";
import { syncRoutes } from "./routes/sync.ts";
import { webhookRoutes } from "./routes/webhooks.ts";
import { workspaceRoutes } from "./routes/workspaces.ts";
import { HealthSchema } from "./schemas.ts";
import { securityHeaders } from "./security-headers.ts";

/** A cascade of 10,000 key results with their check-ins fits; anything else is a small JSON body. */
export const MAX_CASCADE_BYTES = 16 * 1024 * 1024;
export const MAX_BODY_BYTES = 64 * 1024;

const HTTP_EXCEPTION_CODES: Partial<Record<number, ErrorCode>> = {
  // Hono's JSON validator throws 400 only when the body is not JSON at all.
  400: "invalid_json",
  401: "unauthorized",
  404: "not_found",
  413: "payload_too_large",
  415: "unsupported_media_type",
};

function errorResponse(err: Error, c: Context<AppEnv>): Response {
  if (err instanceof HttpError) return err.getResponse();
  if (err instanceof HTTPException && err.status < 500) {
    const code = HTTP_EXCEPTION_CODES[err.status] ?? "invalid_request";
    const message = code === "invalid_json" ? "the body is not valid JSON" : err.message || code;
    return c.json({ error: { code, message } }, err.status);
  }
  // Log the details for the operator; the client learns nothing of the internals.
  console.error("unhandled error", c.req.method, c.req.path, err);
  return c.json({ error: { code: "internal", message: "internal error" } }, 500);
}

const tooLarge = (max: number) => () => {
  throw new HttpError("payload_too_large", `the body exceeds ${max} bytes`);
};
const cascadeBodyLimit = bodyLimit({ maxSize: MAX_CASCADE_BYTES, onError: tooLarge(MAX_CASCADE_BYTES) });
const smallBodyLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge(MAX_BODY_BYTES) });

const healthRoute = createRoute({
  operationId: "getHealth",
  method: "get",
  path: "/healthz",
  summary: "Liveness check (no auth)",
  responses: {
    200: { description: "The worker answers", content: { "application/json": { schema: HealthSchema } } },
  },
});

export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw invalid("invalid_request", toValidationIssues(result.error));
    },
  });
  app.onError(errorResponse);
  app.notFound((c) => c.json({ error: { code: "not_found", message: "no such route" } }, 404));
  // First, so it wraps every answer: routes, the dashboard, errors and the 404 above.
  app.use("*", securityHeaders);

  app.openapi(healthRoute, (c) => c.json({ ok: true as const }, 200));
  // Before the bearer token check: Notion signs its deliveries instead (worker/routes/webhooks.ts).
  app.route("/v1", webhookRoutes);

  app.use("/v1/*", requireToken, (c, next) =>
    c.req.method === "PUT" && c.req.path.endsWith("/cascade")
      ? cascadeBodyLimit(c, next)
      : smallBodyLimit(c, next),
  );
  app.openAPIRegistry.registerComponent("securitySchemes", "bearer", { type: "http", scheme: "bearer" });
  for (const routes of [
    meRoutes,
    workspaceRoutes,
    peopleRoutes,
    cascadeRoutes,
    reportRoutes,
    listRoutes,
    executionListRoutes,
    keyResultRoutes,
    syncRoutes,
  ]) {
    app.route("/v1", routes);
  }

  app.route("/", dashboardRoutes);

  // The server is the origin the document was fetched from: a client generated from it calls that worker.
  app.doc("/openapi.json", (c) => ({
    openapi: "3.0.3",
    info: {
      title: "Cascade API",
      version: "1",
      description:
        "Store a cascade, take check-ins, read scores. Errors: { error: { code, message, issues? } }.",
      license: { name: "MIT", url: "https://opensource.org/license/mit" },
    },
    servers: [{ url: new URL(c.req.url).origin, description: "This worker" }],
    security: [{ bearer: [] }],
  }));
  return app;
}
