/**
 * Data source properties and the values pages hold in them: the property configuration requests of
 * `databases.create` / `dataSources.update`, the property value requests of `pages.create` /
 * `pages.update` with Notion's validation, and both rendered in the API's response shapes.
 *
 * Shapes are the client's (`DataSourceObjectResponse`, `PageObjectResponse` in @notionhq/client 5.26);
 * behaviour follows the "Page properties" and "Property object" references and "Request limits"
 * (2,000 characters a text item, 100 items an array). Writing a select name that is not an option adds
 * the option, as Notion does; a status option must already exist.
 */
import type {
  DataSourceObjectResponse,
  PageObjectResponse,
  RichTextItemResponseCommon,
  TextRichTextItemResponse,
} from "@notionhq/client";
import { invalidField, tooLong, validationError } from "./errors.ts";
import { newId, normalizeId, samePropertyId } from "./ids.ts";

const MAX_TEXT = 2000;
export const MAX_ITEMS = 100;

/** The property types the fake keeps (others are refused with a validation error that says so). */
const PROPERTY_TYPES = [
  "title",
  "rich_text",
  "number",
  "select",
  "multi_select",
  "status",
  "date",
  "checkbox",
  "url",
  "email",
  "phone_number",
  "relation",
  "created_time",
  "last_edited_time",
] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

type PropertyValueResponse = PageObjectResponse["properties"][string];
type PropertyConfigResponse = DataSourceObjectResponse["properties"][string];
export type RichText = RichTextItemResponseCommon & TextRichTextItemResponse;
export type DateValue = NonNullable<Extract<PropertyValueResponse, { type: "date" }>["date"]>;
export type SelectValue = NonNullable<Extract<PropertyValueResponse, { type: "select" }>["select"]>;
type Color = SelectValue["color"];

const COLORS: readonly Color[] = [
  "default",
  "gray",
  "brown",
  "orange",
  "yellow",
  "green",
  "blue",
  "purple",
  "pink",
  "red",
];

export interface SelectOption extends SelectValue {
  description: string | null;
}

/** The other half of a dual relation: the synced property in the related data source. */
export interface SyncedProperty {
  propertyId: string;
  propertyName: string;
}

export type PropertySchema = { id: string; name: string } & (
  | { type: "title" | "rich_text" | "date" | "checkbox" | "url" | "email" | "phone_number" }
  | { type: "created_time" | "last_edited_time" }
  | { type: "number"; format: string }
  | { type: "select" | "multi_select" | "status"; options: SelectOption[] }
  | { type: "relation"; dataSourceId: string; databaseId: string; synced: SyncedProperty | null }
);

/** A property whose value a page stores (not computed from the page's timestamps). */
export type StoredSchema = Exclude<PropertySchema, { type: "created_time" | "last_edited_time" }>;

export type PageValue =
  | { type: "title" | "rich_text"; items: RichText[] }
  | { type: "number"; number: number | null }
  | { type: "select" | "status"; option: SelectValue | null }
  | { type: "multi_select"; options: SelectValue[] }
  | { type: "date"; date: DateValue | null }
  | { type: "checkbox"; checked: boolean }
  | { type: "url" | "email" | "phone_number"; text: string | null }
  | { type: "relation"; ids: string[] };

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isPropertyType(type: string): type is PropertyType {
  return (PROPERTY_TYPES as readonly string[]).includes(type);
}

export function isStored(schema: PropertySchema): schema is StoredSchema {
  return schema.type !== "created_time" && schema.type !== "last_edited_time";
}

/** A property by name, else by id: Notion accepts either wherever a property is named. */
export function findProperty(
  properties: readonly PropertySchema[],
  nameOrId: string,
): PropertySchema | undefined {
  return (
    properties.find((p) => p.name === nameOrId) ?? properties.find((p) => samePropertyId(nameOrId, p.id))
  );
}

// --- Property configuration (schema) -------------------------------------------------------------

export interface SchemaContext {
  /** The database holding a data source, if the data source exists. */
  databaseOf(dataSourceId: string): string | undefined;
}

export interface ParsedSchema {
  schema: PropertySchema;
  /** A dual relation asks for a synced property in the related data source (named so, when given). */
  dual?: { name: string | undefined };
}

/** The type a configuration request asks for: its `type`, else its one type-named key. */
function requestedType(request: Record<string, unknown>, path: string): string {
  if (typeof request.type === "string") return request.type;
  const keys = Object.keys(request).filter((key) => key !== "name" && key !== "description");
  if (keys.length !== 1) throw invalidField(path, "an object with one property type", request);
  return keys[0] ?? "";
}

export function parseSchema(
  id: string,
  name: string,
  request: unknown,
  path: string,
  context: SchemaContext,
): ParsedSchema {
  if (!isRecord(request)) throw invalidField(path, "an object", request);
  const type = requestedType(request, path);
  if (!isPropertyType(type)) {
    throw validationError(`${path}: property type "${type}" is not supported by the Notion fake.`);
  }
  const config = request[type] ?? {};
  if (!isRecord(config)) throw invalidField(`${path}.${type}`, "an object", config);
  const base = { id, name };
  switch (type) {
    case "number": {
      const format = config.format ?? "number";
      if (typeof format !== "string") throw invalidField(`${path}.number.format`, "a string", format);
      return { schema: { ...base, type, format } };
    }
    case "select":
    case "multi_select":
      return {
        schema: { ...base, type, options: parseOptions(config.options ?? [], `${path}.${type}.options`) },
      };
    case "status": {
      const options =
        config.options === undefined
          ? defaultStatusOptions()
          : parseOptions(config.options, `${path}.status.options`);
      return { schema: { ...base, type, options } };
    }
    case "relation":
      return parseRelation(base, config, `${path}.relation`, context);
    default:
      return { schema: { ...base, type } };
  }
}

function parseOptions(request: unknown, path: string): SelectOption[] {
  if (!Array.isArray(request)) throw invalidField(path, "an array", request);
  const options: SelectOption[] = [];
  request.forEach((item, i) => {
    if (!isRecord(item) || typeof item.name !== "string" || item.name === "") {
      throw invalidField(`${path}[${i}].name`, "a non-empty string", isRecord(item) ? item.name : item);
    }
    if (options.some((o) => o.name === item.name)) {
      throw validationError(`${path}: option names must be unique, "${item.name}" appears twice.`);
    }
    const description = typeof item.description === "string" ? item.description : null;
    options.push({
      id: newId(),
      name: item.name,
      color: colorOf(item.color, `${path}[${i}].color`),
      description,
    });
  });
  return options;
}

function colorOf(color: unknown, path: string): Color {
  if (color === undefined) return "default";
  const known = COLORS.find((c) => c === color);
  if (known === undefined) throw invalidField(path, `one of ${COLORS.join(", ")}`, color);
  return known;
}

/** The options and groups Notion gives a new status property. */
function defaultStatusOptions(): SelectOption[] {
  return [
    { id: newId(), name: "Not started", color: "default", description: null },
    { id: newId(), name: "In progress", color: "blue", description: null },
    { id: newId(), name: "Done", color: "green", description: null },
  ];
}

function parseRelation(
  base: { id: string; name: string },
  config: Record<string, unknown>,
  path: string,
  context: SchemaContext,
): ParsedSchema {
  const dataSourceId = normalizeId(config.data_source_id);
  if (dataSourceId === undefined) {
    throw invalidField(`${path}.data_source_id`, "a valid uuid", config.data_source_id);
  }
  const databaseId = context.databaseOf(dataSourceId);
  if (databaseId === undefined) {
    throw validationError(
      `Relation property ${base.name}: could not find data source with ID: ${dataSourceId}.`,
    );
  }
  const kind = config.type ?? (isRecord(config.dual_property) ? "dual_property" : "single_property");
  if (kind !== "single_property" && kind !== "dual_property") {
    throw invalidField(`${path}.type`, '"single_property" or "dual_property"', kind);
  }
  const schema: PropertySchema = { ...base, type: "relation", dataSourceId, databaseId, synced: null };
  if (kind === "single_property") return { schema };
  const syncedName = isRecord(config.dual_property) ? config.dual_property.synced_property_name : undefined;
  if (syncedName !== undefined && typeof syncedName !== "string") {
    throw invalidField(`${path}.dual_property.synced_property_name`, "a string", syncedName);
  }
  return { schema, dual: { name: syncedName } };
}

/** Options of `incoming` whose names `existing` lacks, appended (a schema update keeps old options). */
export function mergeOptions(existing: SelectOption[], incoming: readonly SelectOption[]): void {
  for (const option of incoming) {
    if (!existing.some((o) => o.name === option.name)) existing.push(option);
  }
}

export function renderSchema(schema: PropertySchema): PropertyConfigResponse {
  const common = { id: schema.id, name: schema.name, description: null };
  switch (schema.type) {
    case "number":
      return { ...common, type: "number", number: { format: schema.format } };
    case "select":
      return { ...common, type: "select", select: { options: schema.options.map((o) => ({ ...o })) } };
    case "multi_select":
      return {
        ...common,
        type: "multi_select",
        multi_select: { options: schema.options.map((o) => ({ ...o })) },
      };
    case "status":
      return {
        ...common,
        type: "status",
        status: {
          options: schema.options.map((o) => ({ ...o })),
          groups: statusGroups(schema.id, schema.options),
        },
      };
    case "relation": {
      const target = { database_id: schema.databaseId, data_source_id: schema.dataSourceId };
      const relation = schema.synced
        ? {
            ...target,
            type: "dual_property" as const,
            dual_property: {
              synced_property_id: schema.synced.propertyId,
              synced_property_name: schema.synced.propertyName,
            },
          }
        : { ...target, type: "single_property" as const, single_property: {} };
      return { ...common, type: "relation", relation };
    }
    default:
      return { ...common, type: schema.type, [schema.type]: {} } as PropertyConfigResponse;
  }
}

/** Notion's three status groups; options other than "In progress" and "Done" are to-dos. */
function statusGroups(propertyId: string, options: readonly SelectOption[]) {
  const group = (name: string, color: Color, holds: (option: SelectOption) => boolean) => ({
    id: `${propertyId}-${name.toLowerCase().replace(/\W/g, "")}`,
    name,
    color,
    option_ids: options.filter(holds).map((o) => o.id),
  });
  return [
    group("To-do", "gray", (o) => o.name !== "In progress" && o.name !== "Done"),
    group("In progress", "blue", (o) => o.name === "In progress"),
    group("Complete", "green", (o) => o.name === "Done"),
  ];
}

// --- Property values ----------------------------------------------------------------------------

export interface ValueContext {
  /** Whether a page belongs to a data source (a relation holds pages of its related data source only). */
  isPageOf(dataSourceId: string, pageId: string): boolean;
}

/** What a page holds in a property it never set. */
export function emptyValue(schema: StoredSchema): PageValue {
  switch (schema.type) {
    case "title":
    case "rich_text":
      return { type: schema.type, items: [] };
    case "number":
      return { type: "number", number: null };
    case "select":
    case "status":
      return { type: schema.type, option: null };
    case "multi_select":
      return { type: "multi_select", options: [] };
    case "date":
      return { type: "date", date: null };
    case "checkbox":
      return { type: "checkbox", checked: false };
    case "url":
    case "email":
    case "phone_number":
      return { type: schema.type, text: null };
    case "relation":
      return { type: "relation", ids: [] };
  }
}

/**
 * The value a property request (`{ number: 3 }`, `{ select: { name } }`...) asks to store, validated
 * against the property's schema. `key` is the request's key (the property's name or id).
 */
export function parseValue(
  schema: PropertySchema,
  key: string,
  request: unknown,
  context: ValueContext,
): PageValue {
  const path = `body.properties.${key}`;
  if (!isRecord(request)) throw invalidField(path, "an object", request);
  if (!isStored(schema)) {
    throw validationError(`${key} is a ${schema.type} property, which cannot be written.`);
  }
  if ((request.type !== undefined && request.type !== schema.type) || !(schema.type in request)) {
    throw validationError(`${key} is expected to be ${schema.type}.`);
  }
  const value = request[schema.type];
  const at = `${path}.${schema.type}`;
  switch (schema.type) {
    case "title":
    case "rich_text":
      return { type: schema.type, items: parseRichText(value, at) };
    case "number":
      if (value === null) return { type: "number", number: null };
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw invalidField(at, "a number or `null`", value);
      }
      return { type: "number", number: value };
    case "select":
    case "status":
      return { type: schema.type, option: value === null ? null : pickOption(schema, value, at) };
    case "multi_select": {
      if (!Array.isArray(value)) throw invalidField(at, "an array", value);
      if (value.length > MAX_ITEMS) throw tooLong(at, MAX_ITEMS, value.length);
      const options: SelectValue[] = [];
      value.forEach((item, i) => {
        const option = pickOption(schema, item, `${at}[${i}]`);
        if (!options.some((o) => o.name === option.name)) options.push(option);
      });
      return { type: "multi_select", options };
    }
    case "date":
      return { type: "date", date: value === null ? null : parseDate(value, at) };
    case "checkbox":
      if (typeof value !== "boolean") throw invalidField(at, "a boolean", value);
      return { type: "checkbox", checked: value };
    case "url":
    case "email":
    case "phone_number":
      if (value === null) return { type: schema.type, text: null };
      if (typeof value !== "string") throw invalidField(at, "a string or `null`", value);
      if (value.length > MAX_TEXT) throw tooLong(at, MAX_TEXT, value.length);
      return { type: schema.type, text: value };
    case "relation":
      return { type: "relation", ids: parseRelationIds(schema, key, value, at, context) };
  }
}

export function parseRichText(request: unknown, path: string): RichText[] {
  if (!Array.isArray(request)) throw invalidField(path, "an array", request);
  if (request.length > MAX_ITEMS) throw tooLong(path, MAX_ITEMS, request.length);
  return request.map((item, i) => parseRichTextItem(item, `${path}[${i}]`));
}

function parseRichTextItem(item: unknown, path: string): RichText {
  if (!isRecord(item)) throw invalidField(path, "an object", item);
  if ((item.type ?? "text") !== "text" || !isRecord(item.text)) {
    throw invalidField(`${path}.text`, "an object (the Notion fake stores text items only)", item.text);
  }
  const { content, link = null } = item.text;
  if (typeof content !== "string") throw invalidField(`${path}.text.content`, "a string", content);
  if (content.length > MAX_TEXT) throw tooLong(`${path}.text.content`, MAX_TEXT, content.length);
  if (link !== null && !(isRecord(link) && typeof link.url === "string")) {
    throw invalidField(`${path}.text.link`, "an object with a url, or `null`", link);
  }
  const url = link === null ? null : String(link.url);
  return {
    type: "text",
    text: { content, link: url === null ? null : { url } },
    annotations: parseAnnotations(item.annotations, `${path}.annotations`),
    plain_text: content,
    href: url,
  };
}

function parseAnnotations(request: unknown, path: string): RichText["annotations"] {
  const annotations: RichText["annotations"] = {
    bold: false,
    italic: false,
    strikethrough: false,
    underline: false,
    code: false,
    color: "default",
  };
  if (request === undefined) return annotations;
  if (!isRecord(request)) throw invalidField(path, "an object", request);
  for (const flag of ["bold", "italic", "strikethrough", "underline", "code"] as const) {
    const value = request[flag];
    if (value === undefined) continue;
    if (typeof value !== "boolean") throw invalidField(`${path}.${flag}`, "a boolean", value);
    annotations[flag] = value;
  }
  if (request.color !== undefined) {
    if (typeof request.color !== "string") throw invalidField(`${path}.color`, "a color", request.color);
    annotations.color = request.color as RichText["annotations"]["color"];
  }
  return annotations;
}

export function plainText(items: readonly RichText[]): string {
  return items.map((item) => item.plain_text).join("");
}

/** The option a select/status request names (by id or name); an unknown select name is a new option. */
function pickOption(
  schema: { name: string; type: string; options: SelectOption[] },
  request: unknown,
  path: string,
) {
  if (!isRecord(request)) throw invalidField(path, "an object", request);
  if (request.id !== undefined) {
    const byId = schema.options.find((o) => o.id === request.id);
    if (byId === undefined) {
      throw validationError(
        `${path}.id: ${schema.name} has no option with ID ${JSON.stringify(request.id)}.`,
      );
    }
    return { id: byId.id, name: byId.name, color: byId.color };
  }
  const { name } = request;
  if (typeof name !== "string" || name === "") throw invalidField(`${path}.name`, "a non-empty string", name);
  const byName = schema.options.find((o) => o.name === name);
  if (byName !== undefined) return { id: byName.id, name: byName.name, color: byName.color };
  if (schema.type === "status") {
    throw validationError(
      `Invalid status option. Status option "${name}" does not exist for ${schema.name}.`,
    );
  }
  if (name.includes(",")) throw validationError(`Invalid select option, commas not allowed: ${name}`);
  return { id: newId(), name, color: colorOf(request.color, `${path}.color`) };
}

/** Adds to a select's options those a stored value introduced (done once the whole write is valid). */
export function addNewOptions(schema: PropertySchema, value: PageValue): void {
  if (schema.type !== "select" && schema.type !== "multi_select") return;
  const chosen =
    value.type === "select" ? [value.option] : value.type === "multi_select" ? value.options : [];
  for (const option of chosen) {
    if (option !== null && !schema.options.some((o) => o.id === option.id)) {
      schema.options.push({ ...option, description: null });
    }
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:\d{2})?$/;
const DAY_MS = 86_400_000;

/**
 * The instants an ISO 8601 date or date-time covers: a whole UTC day for a date, one millisecond for a
 * date-time (UTC when it has no offset), as the "Filter data source entries" reference describes.
 */
export function dateRange(text: string): { start: number; end: number } | undefined {
  if (DATE.test(text)) {
    const start = Date.parse(`${text}T00:00:00Z`);
    if (Number.isNaN(start) || new Date(start).toISOString().slice(0, 10) !== text) return undefined;
    return { start, end: start + DAY_MS };
  }
  const parts = DATE_TIME.exec(text);
  if (parts === null) return undefined;
  const start = Date.parse(parts[6] === undefined ? `${text}Z` : text);
  return Number.isNaN(start) ? undefined : { start, end: start + 1 };
}

/** A date as Notion answers it: dates as sent, date-times with seconds, milliseconds and an offset. */
function parseDateString(value: unknown, path: string): string {
  if (typeof value !== "string" || dateRange(value) === undefined) {
    throw invalidField(path, "a valid ISO 8601 date string", value);
  }
  const parts = DATE_TIME.exec(value);
  if (parts === null) return value;
  const [, day, hours, minutes, seconds = "00", fraction = "", offset] = parts;
  const zone = offset === undefined || offset === "Z" ? "+00:00" : offset;
  return `${day}T${hours}:${minutes}:${seconds}.${fraction.padEnd(3, "0").slice(0, 3)}${zone}`;
}

function parseDate(request: unknown, path: string): DateValue {
  if (!isRecord(request)) throw invalidField(path, "an object or `null`", request);
  const start = parseDateString(request.start, `${path}.start`);
  const end =
    request.end === undefined || request.end === null ? null : parseDateString(request.end, `${path}.end`);
  const timeZone = request.time_zone ?? null;
  if (timeZone !== null && typeof timeZone !== "string") {
    throw invalidField(`${path}.time_zone`, "a string or `null`", timeZone);
  }
  return { start, end, time_zone: timeZone };
}

function parseRelationIds(
  schema: { dataSourceId: string },
  key: string,
  request: unknown,
  path: string,
  context: ValueContext,
): string[] {
  if (!Array.isArray(request)) throw invalidField(path, "an array", request);
  if (request.length > MAX_ITEMS) throw tooLong(path, MAX_ITEMS, request.length);
  const ids: string[] = [];
  request.forEach((item, i) => {
    const sent = isRecord(item) ? item.id : item;
    const id = normalizeId(sent);
    if (id === undefined) throw invalidField(`${path}[${i}].id`, "a valid uuid", sent);
    if (!context.isPageOf(schema.dataSourceId, id)) {
      throw validationError(`${key}: could not find page with ID ${id} in the related data source.`);
    }
    if (!ids.includes(id)) ids.push(id);
  });
  return ids;
}

export interface Timestamps {
  created_time: string;
  last_edited_time: string;
}

/**
 * A property as a page object shows it. Relations show at most `relationLimit` pages, with
 * `has_more` beyond (page objects stop at 25; the property item endpoint pages through the rest).
 */
export function renderValue(
  schema: PropertySchema,
  stored: PageValue | undefined,
  times: Timestamps,
  relationLimit: number,
): PropertyValueResponse {
  const id = schema.id;
  if (!isStored(schema)) {
    return schema.type === "created_time"
      ? { id, type: "created_time", created_time: times.created_time }
      : { id, type: "last_edited_time", last_edited_time: times.last_edited_time };
  }
  const value = stored ?? emptyValue(schema);
  switch (value.type) {
    case "title":
      return { id, type: "title", title: value.items.map((item) => structuredClone(item)) };
    case "rich_text":
      return { id, type: "rich_text", rich_text: value.items.map((item) => structuredClone(item)) };
    case "number":
      return { id, type: "number", number: value.number };
    case "select":
      return { id, type: "select", select: value.option && { ...value.option } };
    case "status":
      return { id, type: "status", status: value.option && { ...value.option } };
    case "multi_select":
      return { id, type: "multi_select", multi_select: value.options.map((o) => ({ ...o })) };
    case "date":
      return { id, type: "date", date: value.date && { ...value.date } };
    case "checkbox":
      return { id, type: "checkbox", checkbox: value.checked };
    case "url":
      return { id, type: "url", url: value.text };
    case "email":
      return { id, type: "email", email: value.text };
    case "phone_number":
      return { id, type: "phone_number", phone_number: value.text };
    case "relation": {
      // `has_more` is in Notion's answers though not in the client's type, hence the variable.
      const relation = {
        id,
        type: "relation" as const,
        relation: value.ids.slice(0, relationLimit).map((page) => ({ id: page })),
        has_more: value.ids.length > relationLimit,
      };
      return relation;
    }
  }
}
