import { z } from "zod";
import { cascadeDocumentSchema } from "./document.ts";

/**
 * The JSON Schema (draft 2020-12) of the cascade document, generated from the zod schemas so editors
 * complete and check documents with the same rules the CLI and the worker apply.
 */
export function cascadeJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(cascadeDocumentSchema, { target: "draft-2020-12", io: "input" }),
    $id: "urn:cascade:schema:document:1",
    title: "Cascade document",
    description:
      "A strategy cascade: imperatives, annual goals, objectives, key results and the execution layer.",
  };
}
