/**
 * Property values, Notion ↔ document: what a page's property holds, read as the document's value (with
 * a clear error when it cannot be one), and the property value Notion wants for a document value.
 * Shapes from Notion's "Property values" reference (API version 2025-09-03).
 */
import { keyResultSourceSchema } from "../../schema/document.ts";
import type { Field } from "./layout.ts";

/** A field's value in document terms; relations hold Notion page ids until the merge maps them. */
export type FieldValue = string | number | boolean | string[] | null;

export type ReadResult = { ok: true; value: FieldValue } | { ok: false; error: string };

/** Notion's rich text items: at most 2,000 characters each. */
const TEXT_ITEM_MAX = 2000;

interface RichText {
  plain_text?: string;
  text?: { content: string };
}

function plainText(items: readonly RichText[] | undefined): string {
  return (items ?? []).map((item) => item.plain_text ?? item.text?.content ?? "").join("");
}

/** "On track", "on_track" and "on-track" are the option "on track" (or "on_track", as listed). */
function normalizeOption(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, " ");
}

export function matchOption(options: readonly string[], text: string): string | undefined {
  const wanted = normalizeOption(text);
  return options.find((option) => normalizeOption(option) === wanted);
}

/**
 * The document's value of a page property. Empty cells read as null (the field is absent); a value of
 * the wrong kind is an error naming the property and what was expected.
 */
export function readProperty(field: Field, property: string, value: unknown): ReadResult {
  const prop = value as Record<string, unknown> | undefined;
  if (prop === undefined) return { ok: false, error: `${property}: the property is missing` };
  switch (field.type) {
    case "title":
    case "text": {
      const items = (prop.title ?? prop.rich_text) as RichText[] | undefined;
      const text = plainText(items).trim();
      return { ok: true, value: text === "" && field.type === "text" ? null : text };
    }
    case "json":
      return readSource(property, plainText(prop.rich_text as RichText[] | undefined).trim());
    case "number":
    case "percent": {
      const n = prop.number ?? prop.formula;
      if (n === null || n === undefined) return { ok: true, value: null };
      if (typeof n !== "number" || !Number.isFinite(n)) {
        return { ok: false, error: `${property}: expected a number` };
      }
      return { ok: true, value: n };
    }
    case "select": {
      const selected = (prop.select ?? prop.status) as { name?: string } | null | undefined;
      if (!selected?.name) return { ok: true, value: null };
      if (field.options === undefined) return { ok: true, value: selected.name.trim() };
      const option = matchOption(field.options, selected.name);
      if (option === undefined) {
        return {
          ok: false,
          error: `${property}: expected one of ${field.options.join(", ")}, not "${selected.name}"`,
        };
      }
      return { ok: true, value: option };
    }
    case "date": {
      const date = prop.date as { start?: string } | null | undefined;
      return { ok: true, value: date?.start ? date.start.slice(0, 10) : null };
    }
    case "checkbox":
      return { ok: true, value: prop.checkbox === true };
    case "relation": {
      const ids = ((prop.relation as Array<{ id: string }> | undefined) ?? []).map((r) => r.id);
      if (!field.many && ids.length > 1) {
        return { ok: false, error: `${property}: expected at most one page, found ${ids.length}` };
      }
      return { ok: true, value: ids };
    }
  }
}

/**
 * A key result's source as a person typed it: a JSON object the document accepts (what a binding
 * lacks for a sync to read it is reported on the key result by the worker's runs, as for a PUT). Kept
 * as its JSON text (compact), so the merge compares it as text.
 */
function readSource(property: string, text: string): ReadResult {
  if (text === "") return { ok: true, value: null };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      ok: false,
      error: `${property}: expected JSON such as {"type":"manual"}, not "${text.slice(0, 40)}"`,
    };
  }
  const source = keyResultSourceSchema.safeParse(parsed);
  if (!source.success) {
    return { ok: false, error: `${property}: expected {"type": "coda" | "notion" | "manual", …}` };
  }
  return { ok: true, value: JSON.stringify(source.data) };
}

function richText(text: string): Array<{ type: "text"; text: { content: string } }> {
  const items: Array<{ type: "text"; text: { content: string } }> = [];
  for (let i = 0; i < text.length; i += TEXT_ITEM_MAX) {
    items.push({ type: "text", text: { content: text.slice(i, i + TEXT_ITEM_MAX) } });
  }
  return items;
}

/** The property value to write for a document value (relations: Notion page ids). */
export function writeProperty(field: Field, value: FieldValue): Record<string, unknown> {
  switch (field.type) {
    case "title":
      return { title: richText(typeof value === "string" ? value : "") };
    case "text":
    case "json":
      return { rich_text: richText(typeof value === "string" ? value : "") };
    case "number":
    case "percent":
      return { number: typeof value === "number" ? value : null };
    case "select":
      return { select: typeof value === "string" && value !== "" ? { name: value } : null };
    case "date":
      return { date: typeof value === "string" ? { start: value } : null };
    case "checkbox":
      return { checkbox: value === true };
    case "relation":
      return { relation: (Array.isArray(value) ? value : []).map((id) => ({ id })) };
  }
}

/** The schema of a property in `databases.create` / `dataSources.update`. */
export function propertySchema(field: Field, relatedDataSource?: string): Record<string, unknown> {
  switch (field.type) {
    case "title":
      return { title: {} };
    case "text":
    case "json":
      return { rich_text: {} };
    case "number":
      return { number: { format: "number" } };
    case "percent":
      return { number: { format: "percent" } };
    case "select":
      return { select: { options: (field.options ?? []).map((name) => ({ name })) } };
    case "date":
      return { date: {} };
    case "checkbox":
      return { checkbox: {} };
    case "relation":
      return { relation: { data_source_id: relatedDataSource, single_property: {} } };
  }
}

/** Whether two field values are the same (relations compare as sets). */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    const x = Array.isArray(a) ? a : [];
    const y = Array.isArray(b) ? b : [];
    return x.length === y.length && x.every((id) => y.includes(id));
  }
  return (a ?? null) === (b ?? null);
}
