/**
 * `GET /v1/me`: whose token this is (the Coda Pack shows it as the connection's name): the admin, or a
 * workspace and, for a person's token, the person with their role as of this request.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../env.ts";
import { MeSchema } from "../schemas.ts";
import { createRoute, errors, json } from "./openapi.ts";

const meRoute = createRoute({
  operationId: "getMe",
  method: "get",
  path: "/me",
  summary: "The workspace of the token, and its person with their role when it is a person's",
  responses: { 200: json(MeSchema, "The caller"), ...errors(401) },
});

export const meRoutes = new OpenAPIHono<AppEnv>().openapi(meRoute, async (c) => {
  const principal = c.var.principal;
  if (principal.kind === "admin") return c.json({ kind: "admin" as const }, 200);
  const { workspace, person } = principal;
  return c.json(
    {
      kind: "workspace" as const,
      workspace: { id: workspace.id, name: workspace.name },
      ...(person ? { person: { id: person.id, name: person.name, role: person.role } } : {}),
    },
    200,
  );
});
