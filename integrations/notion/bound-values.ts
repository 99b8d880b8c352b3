/**
 * Values of key results bound to a Notion page property (`source: { type: "notion", pageId, property }`):
 * one page read per bound page, the property read as a number (a number property, or a formula or
 * rollup that gives one). What cannot be read is a problem on the key result, named plainly.
 */
import type { NotionBinding } from "../sources/binding.ts";
import type { PulledValue } from "../sources/reconcile.ts";
import { type NotionApi, NotionError } from "./notion-api.ts";

export interface NotionBoundPull {
  values: PulledValue[];
  problems: Array<{ keyResultId: string; problem: string }>;
  pagesRead: number;
}

/**
 * @example await pullNotionBindings(api, [{ keyResultId: "kr-1", binding: { type: "notion", pageId, property: "ARR" } }])
 */
export async function pullNotionBindings(
  api: Pick<NotionApi, "retrievePage">,
  bindings: ReadonlyArray<{ keyResultId: string; binding: NotionBinding }>,
): Promise<NotionBoundPull> {
  const result: NotionBoundPull = { values: [], problems: [], pagesRead: 0 };
  const pages = new Map<string, Array<{ keyResultId: string; binding: NotionBinding }>>();
  for (const bound of bindings)
    pages.set(bound.binding.pageId, [...(pages.get(bound.binding.pageId) ?? []), bound]);
  for (const [pageId, bound] of pages) {
    let properties: Record<string, unknown>;
    try {
      properties = (await api.retrievePage(pageId)).properties as Record<string, unknown>;
      result.pagesRead++;
    } catch (error) {
      if (
        !(error instanceof NotionError) ||
        !["object_not_found", "restricted_resource", "validation_error"].includes(error.code)
      ) {
        throw error;
      }
      for (const { keyResultId } of bound) {
        result.problems.push({
          keyResultId,
          problem: `Notion page ${pageId} was not found, or it is not shared with the integration (••• → Connections)`,
        });
      }
      continue;
    }
    for (const { keyResultId, binding } of bound) {
      const read = numberOf(properties[binding.property]);
      if (typeof read === "number") result.values.push({ keyResultId, source: "notion", value: read });
      else
        result.problems.push({
          keyResultId,
          problem:
            properties[binding.property] === undefined
              ? `Notion page ${pageId} has no property "${binding.property}" (it has ${Object.keys(properties)
                  .map((p) => `"${p}"`)
                  .join(", ")})`
              : `Notion page ${pageId}, property "${binding.property}": ${read.problem}`,
        });
    }
  }
  return result;
}

/** A property value's number, or why there is none. */
function numberOf(property: unknown): number | { problem: string } {
  const p = property as
    | {
        type?: string;
        number?: unknown;
        formula?: { type?: string; number?: unknown };
        rollup?: { type?: string; number?: unknown };
      }
    | undefined;
  const value =
    p?.type === "number"
      ? p.number
      : p?.type === "formula"
        ? p.formula?.number
        : p?.type === "rollup"
          ? p.rollup?.number
          : undefined;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (
    p?.type === "number" ||
    (p?.type === "formula" && p.formula?.type === "number") ||
    (p?.type === "rollup" && p.rollup?.type === "number")
  ) {
    return { problem: "it is empty" };
  }
  return { problem: `it is a ${p?.type ?? "missing"} property, not a number` };
}
