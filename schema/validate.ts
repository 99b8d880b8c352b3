import { z } from "zod";
import { validate as matchesJsonSchema } from "./cascade.validate.js";
import {
  type CascadeDocument,
  cascadeDocumentSchema,
  cycleSchema,
  isWellFormedText,
  MAX_SOURCE_DEPTH,
  settingsSchema,
  sourceProblems,
} from "./document.ts";

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
 * parity property test in validate.test.ts fails until it is. Two are checked apart, faster than zod
 * would: well-formed text everywhere (`wellFormedAndShallow`) and the bounds of each key result's
 * `source` (`sourceProblems`).
 */
const refinements = z.object({ settings: settingsSchema.optional(), cycles: z.array(cycleSchema) });

/**
 * The deepest a valid document nests (objects and arrays; the document is level 1): a key result's
 * `source` is level 4 (document, `keyResults`, the key result) and holds MAX_SOURCE_DEPTH levels.
 */
export const MAX_DOCUMENT_DEPTH = 3 + MAX_SOURCE_DEPTH;

/**
 * Whether every string and field name of `input` is well-formed text and it nests no deeper than a
 * valid document can. One iterative walk, run before anything recursive touches the value: a document
 * nested 100,000 deep is turned down here at level MAX_DOCUMENT_DEPTH + 1, and zod then names the
 * problem (zod itself descends only as deep as the schemas do).
 */
function wellFormedAndShallow(input: unknown): boolean {
  if (typeof input === "string") return isWellFormedText(input);
  // Containers only: strings are checked where they are met, the rest of the scalars are skipped.
  const stack: unknown[] = [input];
  const depths: number[] = [1];
  const visit = (value: unknown, depth: number) => {
    if (typeof value === "string") return isWellFormedText(value);
    if (value !== null && typeof value === "object") {
      stack.push(value);
      depths.push(depth);
    }
    return true;
  };
  while (stack.length > 0) {
    const value = stack.pop();
    const depth = depths.pop() as number;
    if (value === null || typeof value !== "object") continue;
    if (depth > MAX_DOCUMENT_DEPTH) return false;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) if (!visit(value[i], depth + 1)) return false;
      continue;
    }
    for (const key in value) {
      if (!isWellFormedText(key) || !visit((value as Record<string, unknown>)[key], depth + 1)) return false;
    }
  }
  return true;
}

/** Whether every key result's `source` of a document the JSON Schema accepted is within its bounds. */
function sourcesFit(doc: CascadeDocument): boolean {
  return doc.keyResults.every((kr) => kr.source === undefined || sourceProblems(kr.source).length === 0);
}

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
  if (
    wellFormedAndShallow(input) &&
    matchesJsonSchema(input) &&
    sourcesFit(input as CascadeDocument) &&
    refinements.safeParse(input).success
  ) {
    return { ok: true, value: input as CascadeDocument };
  }
  const parsed = cascadeDocumentSchema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, error: toValidationIssues(parsed.error) };
}
