/**
 * Checks answers against the response schemas of Coda's OpenAPI spec (3.0), and request bodies against
 * its request body schemas, with Ajv. OpenAPI 3.0's schemas are JSON Schema draft-07-ish with extra keywords: `nullable` becomes a `null` type, the
 * rest (`discriminator`, `example`, `x-…`) is left to Ajv's non-strict mode, and every
 * `#/components/...` reference is made absolute so any one schema compiles on its own.
 *
 * Three places of the spec cannot be met by any answer, Coda's included, and are amended here:
 * - `Table` requires `viewId` yet declares no such property and forbids undeclared ones (Coda's own
 *   packs-sdk, `PublicApiTable`, has no `viewId`): it is dropped from `required`.
 * - `CellValue` is `oneOf: [Value, RichValue]`, and both admit every scalar, so a plain "Apple" or 42
 *   matches two branches and fails `oneOf`: it is read as `anyOf`.
 * - The results of mutations (`RowsUpsertResult`, `RowUpdateResult`, …) are `allOf` the base
 *   `DocumentMutateResponse` (`requestId`) and an object of their own fields, each forbidding the
 *   other's fields (`additionalProperties: false`), so `{ requestId, id }` fails both: each is read as
 *   the one object both describe.
 */
import { readFileSync } from "node:fs";
import Ajv, { type ValidateFunction } from "ajv";
import { CODA_SPEC } from "../../../integrations/coda/generate-types.ts";

const ID = "https://coda.io/apis/v1/openapi.json";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface Operation {
  responses: Record<string, JsonObject>;
  requestBody?: JsonObject;
}

interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, JsonObject>; responses: Record<string, JsonObject> };
}

const spec = JSON.parse(readFileSync(CODA_SPEC, "utf8")) as Spec;

const ajv = new Ajv({ strict: false, allErrors: true });
// The spec's formats (ajv-formats is not a dependency of the project; these three are all it uses here).
ajv.addFormat("url", (text: string) => URL.canParse(text));
ajv.addFormat("email", /^[^\s@]+@[^\s@]+$/);
ajv.addFormat(
  "date-time",
  (text: string) => /^\d{4}-\d{2}-\d{2}T/.test(text) && !Number.isNaN(Date.parse(text)),
);
ajv.addSchema({
  $id: ID,
  components: { schemas: amend(asJsonSchema(spec.components.schemas) as JsonObject) },
});

const compiled = new Map<string, ValidateFunction>();

export type Method = "GET" | "POST" | "PUT" | "DELETE";

/**
 * What is wrong with `body` as the answer of `<method> <path>` with `status`, by the spec (empty:
 * nothing).
 *
 * @example
 * specErrors("/docs/{docId}", 200, await response.json()); // []
 * specErrors("/docs/{docId}/tables/{tableIdOrName}/rows", 202, await response.json(), "POST"); // []
 */
export function specErrors(path: string, status: number, body: unknown, method: Method = "GET"): string[] {
  const operation = `${method} ${path}`;
  const key = `${operation} ${status}`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    const responses = spec.paths[path]?.[method.toLowerCase()]?.responses;
    if (responses === undefined) return [`the spec has no ${operation}`];
    let response = responses[String(status)];
    if (response === undefined) return [`the spec gives ${operation} no ${status} answer`];
    const ref = response.$ref;
    if (typeof ref === "string") response = spec.components.responses[ref.split("/").at(-1) ?? ""] ?? {};
    const schema = jsonSchemaOf(response);
    if (schema === undefined) return [`the spec gives ${operation} ${status} no JSON body`];
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return problems(validate, body);
}

/**
 * What is wrong with `body` as the request body of `<method> <path>`, by the spec (empty: nothing).
 *
 * @example
 * requestBodyErrors("POST", "/docs/{docId}/tables/{tableIdOrName}/rows", { rows: [] }); // []
 */
export function requestBodyErrors(method: Method, path: string, body: unknown): string[] {
  const operation = `${method} ${path}`;
  const key = `${operation} request`;
  let validate = compiled.get(key);
  if (validate === undefined) {
    const requestBody = spec.paths[path]?.[method.toLowerCase()]?.requestBody;
    const schema = requestBody === undefined ? undefined : jsonSchemaOf(requestBody);
    if (schema === undefined) return [`the spec gives ${operation} no JSON request body`];
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return problems(validate, body);
}

/**
 * What is wrong with `body` as an error answer (`{ statusCode, statusMessage, message }`, the shape of
 * every error response in the spec), whatever the operation.
 *
 * @example
 * errorBodyErrors({ statusCode: 400, statusMessage: "Bad Request", message: "Invalid limit" }); // []
 */
export function errorBodyErrors(body: unknown): string[] {
  const bad = spec.components.responses.BadRequestError as JsonObject;
  const schema = ((bad.content as JsonObject)["application/json"] as JsonObject).schema as JsonObject;
  return problems(ajv.compile(schema), body);
}

/** The JSON Schema of a response's or a request body's `application/json` content. */
function jsonSchemaOf(content: JsonObject): JsonObject | undefined {
  const json = (content.content as JsonObject | undefined)?.["application/json"] as JsonObject | undefined;
  return json?.schema === undefined ? undefined : (asJsonSchema(json.schema) as JsonObject);
}

function problems(validate: ValidateFunction, body: unknown): string[] {
  return validate(body)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath || "/"} ${error.message}`);
}

/** OpenAPI 3.0 → JSON Schema: `nullable`, and references made absolute. */
function asJsonSchema(value: Json): Json {
  if (Array.isArray(value)) return value.map(asJsonSchema);
  if (typeof value !== "object" || value === null) return value;
  const out: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === "nullable") continue;
    out[key] =
      key === "$ref" && typeof item === "string" && item.startsWith("#/")
        ? `${ID}${item}`
        : asJsonSchema(item);
  }
  if (value.nullable !== true) return out;
  if (typeof out.type === "string") out.type = [out.type, "null"];
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  return out.type === undefined ? { anyOf: [out, { type: "null" }] } : out;
}

/** The three amendments the module comment explains. */
function amend(schemas: JsonObject): JsonObject {
  const base = schemas.DocumentMutateResponse as JsonObject;
  const baseRef = `${ID}#/components/schemas/DocumentMutateResponse`;
  for (const [name, schema] of Object.entries(schemas)) {
    const parts = (schema as JsonObject).allOf;
    if (!Array.isArray(parts) || !parts.some((part) => (part as JsonObject).$ref === baseRef)) continue;
    const own = parts.find((part) => (part as JsonObject).$ref !== baseRef) as JsonObject | undefined;
    schemas[name] = {
      type: "object",
      additionalProperties: false,
      required: [...(base.required as string[]), ...((own?.required as string[] | undefined) ?? [])],
      properties: {
        ...(base.properties as JsonObject),
        ...((own?.properties as JsonObject | undefined) ?? {}),
      },
    };
  }
  const table = schemas.Table as JsonObject;
  table.required = (table.required as string[]).filter((name) => name !== "viewId");
  const cellValue = schemas.CellValue as JsonObject;
  cellValue.anyOf = cellValue.oneOf as Json[];
  delete cellValue.oneOf;
  return schemas;
}
