/**
 * The `filter` and `sorts` of a data source query, compiled (and validated) into a predicate and a
 * comparator over the data source's pages.
 *
 * From the "Filter data source entries" reference: property filters by type, timestamp filters on
 * `created_time` / `last_edited_time`, compound `and` / `or` nested at most two levels deep (as the
 * client's `GroupFilterOperatorArray` type also encodes), properties named by name or id, dates compared
 * with millisecond precision when they carry a time and in UTC when they carry no offset. From "Sort data
 * source entries": property and timestamp sorts, earlier sorts first. Without sorts, pages come newest
 * first by created time (what Notion does, though the reference does not say so: makenotion/notion-sdk-js
 * issue #388). Relative dates ("today", `past_week`...) are refused as the fake does not model them.
 */
import { failedValidation, invalidField, validationError } from "./errors.ts";
import { normalizeId } from "./ids.ts";
import {
  dateRange,
  findProperty,
  isRecord,
  MAX_ITEMS,
  type PageValue,
  type PropertySchema,
  type PropertyType,
  plainText,
  type StoredSchema,
} from "./properties.ts";

/** A page as filters and sorts see it. */
export interface Row {
  /** Creation order, to break ties between equal timestamps. */
  readonly seq: number;
  readonly created: number;
  readonly edited: number;
  value(property: StoredSchema): PageValue;
}

export type RowPredicate = (row: Row) => boolean;
export type RowOrder = (a: Row, b: Row) => number;

/** The filter condition keys each property type accepts (a title filters as `title` or `rich_text`). */
const FILTER_KEYS: Record<PropertyType, readonly string[]> = {
  title: ["title", "rich_text"],
  rich_text: ["rich_text", "title"],
  url: ["url"],
  email: ["email"],
  phone_number: ["phone_number"],
  number: ["number"],
  checkbox: ["checkbox"],
  select: ["select"],
  status: ["status"],
  multi_select: ["multi_select"],
  date: ["date"],
  created_time: ["created_time", "date"],
  last_edited_time: ["last_edited_time", "date"],
  relation: ["relation"],
};

const EXISTENCE = ["is_empty", "is_not_empty"] as const;
const TEXT_OPS = [
  "equals",
  "does_not_equal",
  "contains",
  "does_not_contain",
  "starts_with",
  "ends_with",
  ...EXISTENCE,
];
const NUMBER_OPS = [
  "equals",
  "does_not_equal",
  "greater_than",
  "less_than",
  "greater_than_or_equal_to",
  "less_than_or_equal_to",
  ...EXISTENCE,
];
const SELECT_OPS = ["equals", "does_not_equal", ...EXISTENCE];
const CONTAINS_OPS = ["contains", "does_not_contain", ...EXISTENCE];
const DATE_OPS = ["equals", "before", "after", "on_or_before", "on_or_after", ...EXISTENCE];
const CHECKBOX_OPS = ["equals", "does_not_equal"];

/** The deepest a compound filter may sit: the top level is 0, its compound children 1. */
const MAX_COMPOUND_DEPTH = 1;

export function compileFilter(filter: unknown, properties: readonly PropertySchema[]): RowPredicate {
  if (filter === undefined || filter === null) return () => true;
  return compileNode(filter, properties, "body.filter", 0);
}

function compileNode(
  node: unknown,
  properties: readonly PropertySchema[],
  path: string,
  depth: number,
): RowPredicate {
  if (!isRecord(node)) throw invalidField(path, "an object", node);
  if ("and" in node || "or" in node) {
    const op = "and" in node ? "and" : "or";
    const list = node[op];
    if (Object.keys(node).length !== 1) {
      throw invalidField(path, "an object with one key, `and` or `or`", node);
    }
    if (depth > MAX_COMPOUND_DEPTH) {
      throw failedValidation(
        `${path}.${op}`,
        "should not be present: compound filters nest at most two levels deep.",
      );
    }
    if (!Array.isArray(list)) throw invalidField(`${path}.${op}`, "an array", list);
    if (list.length > MAX_ITEMS) {
      throw invalidField(`${path}.${op}`, `at most ${MAX_ITEMS} filters`, list.length);
    }
    const parts = list.map((child, i) => compileNode(child, properties, `${path}.${op}[${i}]`, depth + 1));
    return op === "and"
      ? (row) => parts.every((p) => p(row))
      : (row) => parts.length === 0 || parts.some((p) => p(row));
  }
  if ("timestamp" in node) return compileTimestamp(node, path);
  if ("property" in node) return compileProperty(node, properties, path);
  throw invalidField(path, "a property, timestamp, `and` or `or` filter", node);
}

function compileTimestamp(node: Record<string, unknown>, path: string): RowPredicate {
  const { timestamp } = node;
  if (timestamp !== "created_time" && timestamp !== "last_edited_time") {
    throw invalidField(`${path}.timestamp`, '"created_time" or "last_edited_time"', timestamp);
  }
  const at = timestamp === "created_time" ? (row: Row) => row.created : (row: Row) => row.edited;
  return datePredicate(node[timestamp], `${path}.${timestamp}`, at);
}

function compileProperty(node: Record<string, unknown>, properties: readonly PropertySchema[], path: string) {
  const name = node.property;
  if (typeof name !== "string") throw invalidField(`${path}.property`, "a string", name);
  const schema = findProperty(properties, name);
  if (schema === undefined) throw validationError(`Could not find property with name or id: ${name}`);
  const keys = Object.keys(node).filter((key) => key !== "property" && key !== "type");
  const key = keys[0];
  if (keys.length !== 1 || key === undefined) throw invalidField(path, "a filter with one condition", node);
  if (!FILTER_KEYS[schema.type].includes(key)) {
    throw failedValidation(
      `${path}.${key}`,
      `does not match the type of property ${schema.name} (${schema.type}).`,
    );
  }
  const condition = node[key];
  const at = `${path}.${key}`;
  switch (schema.type) {
    case "created_time":
      return datePredicate(condition, at, (row) => row.created);
    case "last_edited_time":
      return datePredicate(condition, at, (row) => row.edited);
    case "title":
    case "rich_text":
    case "url":
    case "email":
    case "phone_number":
      return textPredicate(condition, at, (row) => textOf(row.value(schema)));
    case "number":
      return numberPredicate(condition, at, (row) => {
        const value = row.value(schema);
        return value.type === "number" ? value.number : null;
      });
    case "checkbox":
      return checkboxPredicate(condition, at, (row) => {
        const value = row.value(schema);
        return value.type === "checkbox" && value.checked;
      });
    case "select":
    case "status":
      return selectPredicate(condition, at, (row) => {
        const value = row.value(schema);
        return value.type === "select" || value.type === "status" ? (value.option?.name ?? null) : null;
      });
    case "multi_select":
      return containsPredicate(
        condition,
        at,
        (row) => {
          const value = row.value(schema);
          return value.type === "multi_select" ? value.options.map((o) => o.name) : [];
        },
        (operand) => (typeof operand === "string" ? operand : undefined),
      );
    case "date":
      return datePredicate(condition, at, (row) => {
        const value = row.value(schema);
        return value.type === "date" && value.date !== null
          ? (dateRange(value.date.start)?.start ?? null)
          : null;
      });
    case "relation":
      return containsPredicate(
        condition,
        at,
        (row) => {
          const value = row.value(schema);
          return value.type === "relation" ? value.ids : [];
        },
        normalizeId,
      );
  }
}

function textOf(value: PageValue): string {
  if (value.type === "title" || value.type === "rich_text") return plainText(value.items);
  if (value.type === "url" || value.type === "email" || value.type === "phone_number")
    return value.text ?? "";
  return "";
}

/** The one operator of a condition object, and its operand (`true` for `is_empty` / `is_not_empty`). */
function operation(condition: unknown, path: string, operators: readonly string[]): [string, unknown] {
  if (!isRecord(condition)) throw invalidField(path, "an object", condition);
  const keys = Object.keys(condition);
  const op = keys[0];
  if (keys.length !== 1 || op === undefined || !operators.includes(op)) {
    throw invalidField(path, `an object with one of ${operators.join(", ")}`, condition);
  }
  const operand = condition[op];
  if ((op === "is_empty" || op === "is_not_empty") && operand !== true) {
    throw invalidField(`${path}.${op}`, "`true`", operand);
  }
  return [op, operand];
}

/** Text comparisons: `equals` exactly, `contains` / `starts_with` / `ends_with` ignoring case. */
function textPredicate(condition: unknown, path: string, text: (row: Row) => string): RowPredicate {
  const [op, operand] = operation(condition, path, TEXT_OPS);
  if (op === "is_empty") return (row) => text(row) === "";
  if (op === "is_not_empty") return (row) => text(row) !== "";
  if (typeof operand !== "string") throw invalidField(`${path}.${op}`, "a string", operand);
  const needle = operand.toLowerCase();
  const lower = (row: Row) => text(row).toLowerCase();
  switch (op) {
    case "equals":
      return (row) => text(row) === operand;
    case "does_not_equal":
      return (row) => text(row) !== operand;
    case "contains":
      return (row) => lower(row).includes(needle);
    case "does_not_contain":
      return (row) => !lower(row).includes(needle);
    case "starts_with":
      return (row) => lower(row).startsWith(needle);
    default:
      return (row) => lower(row).endsWith(needle);
  }
}

/** Number comparisons; an empty number matches only `is_empty` and `does_not_equal`. */
function numberPredicate(
  condition: unknown,
  path: string,
  number: (row: Row) => number | null,
): RowPredicate {
  const [op, operand] = operation(condition, path, NUMBER_OPS);
  if (op === "is_empty") return (row) => number(row) === null;
  if (op === "is_not_empty") return (row) => number(row) !== null;
  if (typeof operand !== "number") throw invalidField(`${path}.${op}`, "a number", operand);
  const compare: Record<string, (value: number) => boolean> = {
    equals: (v) => v === operand,
    greater_than: (v) => v > operand,
    less_than: (v) => v < operand,
    greater_than_or_equal_to: (v) => v >= operand,
    less_than_or_equal_to: (v) => v <= operand,
  };
  if (op === "does_not_equal") return (row) => number(row) !== operand;
  const test = compare[op] ?? (() => false);
  return (row) => {
    const value = number(row);
    return value !== null && test(value);
  };
}

function checkboxPredicate(condition: unknown, path: string, checked: (row: Row) => boolean): RowPredicate {
  const [op, operand] = operation(condition, path, CHECKBOX_OPS);
  if (typeof operand !== "boolean") throw invalidField(`${path}.${op}`, "a boolean", operand);
  return op === "equals" ? (row) => checked(row) === operand : (row) => checked(row) !== operand;
}

/** Select and status: `equals` / `does_not_equal` an option name, or any of several names. */
function selectPredicate(condition: unknown, path: string, name: (row: Row) => string | null): RowPredicate {
  const [op, operand] = operation(condition, path, SELECT_OPS);
  if (op === "is_empty") return (row) => name(row) === null;
  if (op === "is_not_empty") return (row) => name(row) !== null;
  const names = Array.isArray(operand) ? operand : [operand];
  if (!names.every((n) => typeof n === "string")) {
    throw invalidField(`${path}.${op}`, "a string or strings", operand);
  }
  const matches = (row: Row) => {
    const value = name(row);
    return value !== null && names.includes(value);
  };
  return op === "equals" ? matches : (row) => !matches(row);
}

/** Multi-select names and relation ids: `contains` / `does_not_contain` one item. */
function containsPredicate(
  condition: unknown,
  path: string,
  items: (row: Row) => readonly string[],
  parseOperand: (operand: unknown) => string | undefined,
): RowPredicate {
  const [op, operand] = operation(condition, path, CONTAINS_OPS);
  if (op === "is_empty") return (row) => items(row).length === 0;
  if (op === "is_not_empty") return (row) => items(row).length > 0;
  const item = parseOperand(operand);
  if (item === undefined) throw invalidField(`${path}.${op}`, "a name or an id", operand);
  return op === "contains" ? (row) => items(row).includes(item) : (row) => !items(row).includes(item);
}

/**
 * Dates and timestamps. A date-only operand covers its whole UTC day (`after` a day is after its end,
 * `on_or_before` it is up to its end); an operand with a time is an instant.
 */
function datePredicate(condition: unknown, path: string, instant: (row: Row) => number | null): RowPredicate {
  const [op, operand] = operation(condition, path, DATE_OPS);
  if (op === "is_empty") return (row) => instant(row) === null;
  if (op === "is_not_empty") return (row) => instant(row) !== null;
  const range = typeof operand === "string" ? dateRange(operand) : undefined;
  if (range === undefined) throw invalidField(`${path}.${op}`, "an ISO 8601 date or date-time", operand);
  const { start, end } = range;
  const test: Record<string, (value: number) => boolean> = {
    equals: (v) => v >= start && v < end,
    before: (v) => v < start,
    after: (v) => v >= end,
    on_or_before: (v) => v < end,
    on_or_after: (v) => v >= start,
  };
  const compare = test[op] ?? (() => false);
  return (row) => {
    const value = instant(row);
    return value !== null && compare(value);
  };
}

// --- Sorts ----------------------------------------------------------------------------------------

/** Notion's order when a query has no sorts: newest created first. */
const newestFirst: RowOrder = (a, b) => b.created - a.created || b.seq - a.seq;

type SortKey = (row: Row) => number | string | null;

export function compileSorts(sorts: unknown, properties: readonly PropertySchema[]): RowOrder {
  if (sorts === undefined || sorts === null) return newestFirst;
  if (!Array.isArray(sorts)) throw invalidField("body.sorts", "an array", sorts);
  const orders = sorts.map((sort, i) => compileSort(sort, properties, `body.sorts[${i}]`));
  return (a, b) => {
    for (const order of orders) {
      const result = order(a, b);
      if (result !== 0) return result;
    }
    return newestFirst(a, b);
  };
}

function compileSort(sort: unknown, properties: readonly PropertySchema[], path: string): RowOrder {
  if (!isRecord(sort)) throw invalidField(path, "an object", sort);
  const { direction } = sort;
  if (direction !== "ascending" && direction !== "descending") {
    throw invalidField(`${path}.direction`, '"ascending" or "descending"', direction);
  }
  const key = sortKey(sort, properties, path);
  const sign = direction === "ascending" ? 1 : -1;
  // Timestamps are kept to the minute; pages of one minute keep their creation order (in the sort's
  // direction), as Notion's finer clock orders them.
  const ties: RowOrder = isTimestampSort(sort, properties) ? (a, b) => a.seq - b.seq : () => 0;
  return (a, b) => {
    const x = key(a);
    const y = key(b);
    // Empty values sort last whichever the direction.
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === "string" && typeof y === "string" ? x.localeCompare(y) : Number(x) - Number(y);
    return sign * (order || ties(a, b));
  };
}

function isTimestampSort(sort: Record<string, unknown>, properties: readonly PropertySchema[]): boolean {
  if (sort.timestamp !== undefined) return true;
  const type = typeof sort.property === "string" ? findProperty(properties, sort.property)?.type : undefined;
  return type === "created_time" || type === "last_edited_time";
}

function sortKey(
  sort: Record<string, unknown>,
  properties: readonly PropertySchema[],
  path: string,
): SortKey {
  if (sort.timestamp !== undefined) {
    if (sort.timestamp === "created_time") return (row) => row.created;
    if (sort.timestamp === "last_edited_time") return (row) => row.edited;
    throw invalidField(`${path}.timestamp`, '"created_time" or "last_edited_time"', sort.timestamp);
  }
  if (typeof sort.property !== "string") throw invalidField(`${path}.property`, "a string", sort.property);
  const schema = findProperty(properties, sort.property);
  if (schema === undefined) {
    throw validationError(`Could not find sort property with name or id: ${sort.property}`);
  }
  switch (schema.type) {
    case "created_time":
      return (row) => row.created;
    case "last_edited_time":
      return (row) => row.edited;
    case "relation":
      throw validationError(`${path}: the Notion fake cannot sort by a relation (${schema.name}).`);
    case "select":
    case "status":
    case "multi_select": {
      // Options sort in the order the property lists them, not alphabetically.
      const options = schema.options;
      return (row) => {
        const value = row.value(schema);
        const first =
          value.type === "multi_select"
            ? value.options[0]
            : value.type === "select" || value.type === "status"
              ? value.option
              : undefined;
        return first ? options.findIndex((o) => o.id === first.id) : null;
      };
    }
    default:
      return (row) => {
        const value = row.value(schema);
        switch (value.type) {
          case "number":
            return value.number;
          case "checkbox":
            return value.checked ? 1 : 0;
          case "date":
            return value.date === null ? null : (dateRange(value.date.start)?.start ?? null);
          default: {
            const text = textOf(value);
            return text === "" ? null : text;
          }
        }
      };
  }
}
