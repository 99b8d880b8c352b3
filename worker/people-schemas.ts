/**
 * The API's zod schemas for people (issue 17) and for check-ins with their author. Kept beside
 * `worker/schemas.ts` rather than in it while that file is edited elsewhere; the check-in schemas here
 * take over the OpenAPI names `CheckInItem`, `CheckInPage` and `CheckInCreated`, which the routes now
 * answer with (the ones of `worker/schemas.ts` are no longer referenced by any route).
 */
import { z } from "@hono/zod-openapi";
import { checkInSchema, isWellFormedText, WELL_FORMED_TEXT } from "../schema/document.ts";
import { ROLES } from "./roles.ts";
import { IssuedTokenSchema, KeyResultItem, ListQuery, WorkspaceParams } from "./schemas.ts";

const NAME = "expected a name of 1 to 200 characters";
const personName = z
  .string({ error: NAME })
  .trim()
  .min(1, NAME)
  .max(200, NAME)
  .refine(isWellFormedText, WELL_FORMED_TEXT)
  .openapi({ example: "Ana Lima" });
const email = z
  .email({ error: "expected an email address, such as ana@example.com" })
  .max(254, "expected an email address of at most 254 characters")
  .openapi({ example: "ana@example.com" });
const role = z.enum(ROLES, { error: "expected one of viewer, member, admin" }).openapi({
  description: "viewer: reads; member: also writes; admin: also manages people and their tokens",
});

export const PersonSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    email: z.string(),
    role,
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Person");

export const PersonPage = z
  .object({ items: z.array(PersonSchema), nextCursor: z.string().nullable() })
  .openapi("PersonPage");

export const NewPersonBody = z.strictObject({ name: personName, email, role }).openapi("NewPerson");

export const PersonPatchBody = z
  .strictObject({ name: personName.optional(), email: email.optional(), role: role.optional() })
  .openapi("PersonPatch");

export const PeopleQuery = ListQuery.pick({ cursor: true, limit: true });

export const PersonParams = WorkspaceParams.extend({
  personId: z
    .string()
    .min(1)
    .openapi({ param: { name: "personId", in: "path" }, example: "per_3q2Xk9vA" }),
});

export const PersonTokenParams = PersonParams.extend({
  tokenId: z
    .string()
    .min(1)
    .openapi({ param: { name: "tokenId", in: "path" } }),
});

export const IssuedPersonTokenSchema = IssuedTokenSchema.extend({ personId: z.string() }).openapi(
  "IssuedPersonToken",
);

/**
 * Who recorded a check-in: a person (`id` theirs, `name` theirs when they recorded it), or a token
 * without one (`id` the token's, `name` "integration"; the admin token is id and name "admin"). One
 * object rather than a union of two, so that its `null` is documented with a type (OpenAPI 3.0).
 */
export const CheckInAuthorSchema = z.object({
  kind: z.enum(["person", "token"]),
  id: z.string().openapi({ description: "The person's id, or the token's (\"admin\" for the admin token)" }),
  name: z
    .string()
    .openapi({ description: 'The person\'s name then, or "integration" / "admin" for a token' }),
});

/** A check-in with its id, its key result and who recorded it when (null: unknown). */
export const CheckInItem = checkInSchema
  .extend({
    id: z.string(),
    keyResultId: z.string(),
    author: CheckInAuthorSchema.nullable().openapi({
      description: "Who recorded it; null for check-ins that came in a document or from a sync",
    }),
    recordedAt: z.string().nullable().openapi({ description: "When it was recorded (ISO 8601, UTC)" }),
  })
  .openapi("CheckInItem");

export const CheckInPage = z
  .object({ items: z.array(CheckInItem), nextCursor: z.string().nullable() })
  .openapi("CheckInPage");

export const CheckInCreatedSchema = z
  .object({ checkIn: CheckInItem, keyResult: KeyResultItem })
  .openapi("CheckInCreated");
