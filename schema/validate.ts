import { z } from "zod";
import { validate as matchesJsonSchema } from "./cascade.validate.js";
import { type CascadeDocument, cascadeDocumentSchema, cycleSchema, settingsSchema } from "./document.ts";

/** One problem with a document: where (`keyResults[3].target`) and what was expected. */
export interface ValidationIssue {
  path: string;
  message: string;
}

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/**
 * Formats a zod path the way a facilitator reads it in their JSON file.
 *
 * @example formatPath(["keyResults", 3, "target"]) // "keyResults[3].target"
 */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(document)" : out;
}

/** Turns zod issues into path + message pairs; unknown keys get one issue each, at the key's own path. */
export function toValidationIssues(error: z.ZodError): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        issues.push({ path: formatPath([...issue.path, key]), message: "unknown field" });
      }
      continue;
    }
    issues.push({
      path: formatPath(issue.path),
      message: issue.message.replace(/^Invalid (input|option): /, ""),
    });
  }
  return issues;
}

/**
 * The rules of the zod schemas that JSON Schema cannot say (their `.refine`s), checked after the
 * compiled JSON Schema accepted a document. A new `.refine` in document.ts belongs here too: the
 * parity property test in validate.test.ts fails until it is.
 */
const refinements = z.object({ settings: settingsSchema.optional(), cycles: z.array(cycleSchema) });

/**
 * Validates a parsed JSON value as a cascade document (DOMAIN §2). Every problem is listed; nothing
 * of an invalid document is used.
 *
 * The fast path is the JSON Schema generated from the zod schemas, compiled ahead of time by Ajv
 * (schema/cascade.validate.js): about 5× faster than zod on a large document, and it returns the input
 * itself rather than a copy. Only when it rejects does zod run, to list every problem by path. Both
 * come from the same schemas, so they accept the same documents (checked by a property test).
 *
 * @example
 * const result = parseCascadeDocument(JSON.parse(text));
 * if (!result.ok) for (const i of result.error) console.error(`${i.path}: ${i.message}`);
 */
export function parseCascadeDocument(input: unknown): Result<CascadeDocument, ValidationIssue[]> {
  if (matchesJsonSchema(input) && refinements.safeParse(input).success) {
    return { ok: true, value: input as CascadeDocument };
  }
  const parsed = cascadeDocumentSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: toValidationIssues(parsed.error) };
}
