/**
 * People of a workspace and their tokens: add, list, read, change (name, email, role) and remove
 * people; issue, list and revoke a person's tokens (shown once, stored hashed). Managed by an admin
 * person, a workspace token without a person (an integration's) or the admin token; anyone else gets
 * 403, and another workspace's people are 404 like all its resources.
 */
import { OpenAPIHono } from "@hono/zod-openapi";
import { requirePeopleManager, workspaceOf } from "../auth.ts";
import {
  createPerson,
  getPerson,
  insertPersonToken,
  listPeople,
  listPersonTokens,
  removePerson,
  revokePersonTokens,
  updatePerson,
} from "../db/people.ts";
import type { AppEnv } from "../env.ts";
import { HttpError, notFound } from "../http-error.ts";
import { decodeCursor, finishPage } from "../pagination.ts";
import {
  IssuedPersonTokenSchema,
  NewPersonBody,
  PeopleQuery,
  PersonPage,
  PersonParams,
  PersonPatchBody,
  PersonSchema,
  PersonTokenParams,
} from "../people-schemas.ts";
import { ErrorSchema, TokenListSchema, WorkspaceParams } from "../schemas.ts";
import { issueToken, newId } from "../tokens.ts";
import { createRoute, errors, json, jsonBody } from "./openapi.ts";

/** These routes' 403: not the generic "needs the admin token". */
const forbidden = {
  403: json(ErrorSchema, "Needs an admin person, a workspace token without a person, or the admin token"),
};

const PEOPLE = "/workspaces/{ws}/people";
const PERSON = `${PEOPLE}/{personId}`;
const TOKENS = `${PERSON}/tokens`;

const createPersonRoute = createRoute({
  operationId: "createPerson",
  method: "post",
  path: PEOPLE,
  summary: "Add a person to the workspace, with a role (viewer, member or admin)",
  request: { params: WorkspaceParams, body: jsonBody(NewPersonBody) },
  responses: {
    201: json(PersonSchema, "Added; issue them a token with POST …/people/{personId}/tokens"),
    ...errors(400, 401, 404, 409, 413, 415),
    ...forbidden,
  },
});

const listPeopleRoute = createRoute({
  operationId: "listPeople",
  method: "get",
  path: PEOPLE,
  summary: "The workspace's people, by id",
  request: { params: WorkspaceParams, query: PeopleQuery },
  responses: { 200: json(PersonPage, "A page"), ...errors(400, 401, 404), ...forbidden },
});

const getPersonRoute = createRoute({
  operationId: "getPerson",
  method: "get",
  path: PERSON,
  summary: "One person",
  request: { params: PersonParams },
  responses: { 200: json(PersonSchema, "The person"), ...errors(400, 401, 404), ...forbidden },
});

const updatePersonRoute = createRoute({
  operationId: "updatePerson",
  method: "patch",
  path: PERSON,
  summary: "Change a person's name, email or role (from their next request on)",
  request: { params: PersonParams, body: jsonBody(PersonPatchBody) },
  responses: {
    200: json(PersonSchema, "The person as changed"),
    ...errors(400, 401, 404, 409, 413, 415),
    ...forbidden,
  },
});

const removePersonRoute = createRoute({
  operationId: "removePerson",
  method: "delete",
  path: PERSON,
  summary:
    "Remove a person: their tokens and dashboard sessions are revoked; their check-ins keep naming them",
  request: { params: PersonParams },
  responses: { 204: { description: "Removed" }, ...errors(400, 401, 404), ...forbidden },
});

const issuePersonTokenRoute = createRoute({
  operationId: "createPersonToken",
  method: "post",
  path: TOKENS,
  summary: "Issue a token that acts as the person (API and dashboard sign-in)",
  request: { params: PersonParams },
  responses: {
    201: json(IssuedPersonTokenSchema, "Issued; shown this once"),
    ...errors(400, 401, 404),
    ...forbidden,
  },
});

const listPersonTokensRoute = createRoute({
  operationId: "listPersonTokens",
  method: "get",
  path: TOKENS,
  summary: "A person's tokens, without secrets",
  request: { params: PersonParams },
  responses: { 200: json(TokenListSchema, "The tokens"), ...errors(400, 401, 404), ...forbidden },
});

const revokePersonTokensRoute = createRoute({
  operationId: "revokePersonTokens",
  method: "delete",
  path: TOKENS,
  summary: "Revoke every token of a person and end the dashboard sessions they started",
  request: { params: PersonParams },
  responses: { 204: { description: "Revoked" }, ...errors(400, 401, 404), ...forbidden },
});

const revokePersonTokenRoute = createRoute({
  operationId: "revokePersonToken",
  method: "delete",
  path: `${TOKENS}/{tokenId}`,
  summary: "Revoke one token of a person and end the dashboard sessions it started",
  request: { params: PersonTokenParams },
  responses: { 204: { description: "Revoked" }, ...errors(400, 401, 404), ...forbidden },
});

const now = () => new Date().toISOString();

const emailTaken = (email: string) =>
  new HttpError("conflict", "another person of this workspace has this email", [
    { path: "email", message: `${email} is already someone's in this workspace` },
  ]);

export const peopleRoutes = new OpenAPIHono<AppEnv>()
  .openapi(createPersonRoute, async (c) => {
    // Another workspace's people are 404 like all its resources; one's own need the right (403).
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    requirePeopleManager(c);
    const body = c.req.valid("json");
    const person = await createPerson(c.env.DB, workspace.id, { id: newId("per"), ...body }, now());
    if (!person) throw emailTaken(body.email);
    return c.json(person, 201);
  })
  .openapi(listPeopleRoute, async (c) => {
    const workspace = await workspaceOf(c, c.req.valid("param").ws);
    requirePeopleManager(c);
    const { cursor, limit } = c.req.valid("query");
    const after = cursor === undefined ? "" : decodeCursor(cursor, "string");
    const rows = await listPeople(c.env.DB, workspace.id, after, limit + 1);
    return c.json(
      finishPage(rows, (p) => p.id, limit),
      200,
    );
  })
  .openapi(getPersonRoute, async (c) => {
    const { ws, personId } = c.req.valid("param");
    const workspace = await workspaceOf(c, ws);
    requirePeopleManager(c);
    const person = await getPerson(c.env.DB, workspace.id, personId);
    if (!person) throw notFound("person");
    return c.json(person, 200);
  })
  .openapi(updatePersonRoute, async (c) => {
    const { ws, personId } = c.req.valid("param");
    const workspace = await workspaceOf(c, ws);
    requirePeopleManager(c);
    const patch = c.req.valid("json");
    const changed =
      Object.keys(patch).length === 0
        ? ((await getPerson(c.env.DB, workspace.id, personId)) ?? "not_found")
        : await updatePerson(c.env.DB, workspace.id, personId, patch, now());
    if (changed === "not_found") throw notFound("person");
    if (changed === "email_taken") throw emailTaken(patch.email ?? "");
    return c.json(changed, 200);
  })
  .openapi(removePersonRoute, async (c) => {
    const { ws, personId } = c.req.valid("param");
    const workspace = await workspaceOf(c, ws);
    requirePeopleManager(c);
    if (!(await removePerson(c.env.DB, workspace.id, personId, now()))) throw notFound("person");
    return c.body(null, 204);
  })
  .openapi(issuePersonTokenRoute, async (c) => {
    const { ws, personId } = c.req.valid("param");
    const workspace = await workspaceOf(c, ws);
    requirePeopleManager(c);
    const { token, ...issued } = await issueToken();
    if (!(await insertPersonToken(c.env.DB, workspace.id, personId, issued, now()))) {
      throw notFound("person");
    }
    return c.json({ id: issued.id, token, personId }, 201);
  })
  .openapi(listPersonTokensRoute, async (c) => {
    const { ws, personId } = c.req.valid("param");
    const workspace = await workspaceOf(c, ws);
    requirePeopleManager(c);
    const items = await listPersonTokens(c.env.DB, workspace.id, personId);
    if (!items) throw notFound("person");
    return c.json({ items }, 200);
  })
  .openapi(revokePersonTokensRoute, async (c) => {
    const { ws, personId } = c.req.valid("param");
    const workspace = await workspaceOf(c, ws);
    requirePeopleManager(c);
    if ((await revokePersonTokens(c.env.DB, workspace.id, personId, null, now())) === "no_person") {
      throw notFound("person");
    }
    return c.body(null, 204);
  })
  .openapi(revokePersonTokenRoute, async (c) => {
    const { ws, personId, tokenId } = c.req.valid("param");
    const workspace = await workspaceOf(c, ws);
    requirePeopleManager(c);
    const outcome = await revokePersonTokens(c.env.DB, workspace.id, personId, tokenId, now());
    if (outcome !== "revoked") throw notFound(outcome === "no_person" ? "person" : "token");
    return c.body(null, 204);
  });
