/** Small builders for route definitions: JSON content and the error responses a route can give. */
import type { z } from "@hono/zod-openapi";
import type { Context, TypedResponse } from "hono";
import type { ErrorStatus } from "../http-error.ts";
import { ErrorSchema } from "../schemas.ts";

const ERROR_DESCRIPTIONS: Record<ErrorStatus, string> = {
  400: "Invalid request: every problem by its path in `issues`",
  401: "Missing, unknown or revoked token",
  403: "Needs the admin token",
  404: "No such resource, or not the token's workspace",
  409: "Conflict",
  412: "If-Match names a stale version",
  413: "Body too large",
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
 * A 200 JSON response from text already serialized from a `T` (a cached report): typed as `c.json`
 * would type it, so the route keeps its checked contract without stringifying the object again.
 */
export function serializedJson<T>(c: Context, text: string): TypedResponse<T, 200, "json"> {
  return c.body(text, 200, { "content-type": "application/json" }) as unknown as TypedResponse<
    T,
    200,
    "json"
  >;
}
