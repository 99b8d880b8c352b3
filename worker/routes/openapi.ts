/**
 * Small builders for route definitions: the routes themselves (validated as a whole), JSON content and
 * the error responses a route can give.
 */
import { createRoute as createOpenApiRoute, type RouteConfig, type z } from "@hono/zod-openapi";
import type { Context, MiddlewareHandler, TypedResponse } from "hono";
import { toValidationIssues, type ValidationIssue } from "../../schema/validate.ts";
import { type ErrorStatus, invalid } from "../http-error.ts";
import { ErrorSchema } from "../schemas.ts";

/**
 * A route as `@hono/zod-openapi` defines it, whose 400 names every invalid field of the request.
 * The library validates the query, the path, the headers and the body one after another and answers
 * at the first that fails, so a bad `asOf` would hide a bad body. Here a first check of the parameters
 * runs before those validators; when it finds a problem, it checks the body too and answers with all
 * of them. A valid request passes through (its body is then validated once, by the library).
 *
 * Every route names its `operationId` (a generated client's method name: `getReport`, `putCascade`,
 * `listKeyResults`, `createCheckIn`): they are part of the API, unique, and never renamed
 * (`worker/routes/openapi.test.ts` lists them).
 */
export function createRoute<
  P extends string,
  R extends Omit<RouteConfig, "path"> & { path: P; operationId: string },
>(config: R): ReturnType<typeof createOpenApiRoute<P, R>> {
  return createOpenApiRoute<P, R>({
    ...config,
    middleware: [everyInvalidField(config.request), ...middlewareOf(config)],
  });
}

function middlewareOf(config: RouteConfig): MiddlewareHandler[] {
  const given = config.middleware as MiddlewareHandler | MiddlewareHandler[] | undefined;
  return given === undefined ? [] : Array.isArray(given) ? given : [given];
}

function everyInvalidField(request: RouteConfig["request"]): MiddlewareHandler {
  return async (c, next) => {
    const issues: ValidationIssue[] = [];
    const check = (schema: z.ZodType | undefined, value: unknown) => {
      const result = schema?.safeParse(value);
      if (result && !result.success) issues.push(...toValidationIssues(result.error));
    };
    // The values as hono's validators read them.
    const query = Object.fromEntries(
      Object.entries(c.req.queries()).map(([k, v]) => (v.length === 1 ? [k, v[0]] : [k, v])),
    );
    check(request?.query as z.ZodType | undefined, query);
    check(request?.params as z.ZodType | undefined, c.req.param());
    check(request?.headers as z.ZodType | undefined, c.req.header());
    if (issues.length > 0) {
      const media = request?.body?.content?.["application/json"] as { schema?: unknown } | undefined;
      const body = media?.schema as z.ZodType | undefined;
      if (body !== undefined) {
        try {
          check(body, await c.req.json());
        } catch {
          // Not JSON: the parameters' problems are enough to answer with.
        }
      }
      throw invalid("invalid_request", issues);
    }
    await next();
  };
}

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: "Invalid request: every problem by its path in `issues`",
  401: "Missing, unknown or revoked token",
  403: "Needs the admin token",
  404: "No such resource, or not the token's workspace",
  409: "Conflict",
  412: "If-Match names a stale version",
  413: "Body too large, or the workspace would cross one of its limits (docs/scaling.md)",
  415: "Body is not JSON",
  500: "Internal error",
};

/** `{ description, content: { "application/json": { schema } } }` */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A required JSON body. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { required: true, content: { "application/json": { schema } } };
}

/** The error responses of a route, all in the one envelope. */
export function errors(...statuses: ErrorStatus[]) {
  return Object.fromEntries(statuses.map((s) => [s, json(ErrorSchema, ERROR_DESCRIPTIONS[s])])) as Record<
    ErrorStatus,
    ReturnType<typeof json<typeof ErrorSchema>>
  >;
}

/**
 * A 200 JSON response from text (or its UTF-8 bytes) already serialized from a `T` (a cached report):
 * typed as `c.json` would type it, so the route keeps its checked contract without stringifying the
 * object again.
 */
export function serializedJson<T>(
  c: Context,
  text: string | Uint8Array<ArrayBuffer>,
): TypedResponse<T, 200, "json"> {
  return c.body(text, 200, { "content-type": "application/json" }) as unknown as TypedResponse<
    T,
    200,
    "json"
  >;
}
