/**
 * Each cascade table's mapping, defined once: which document field each column holds, and how nested
 * values (JSON columns, booleans) are stored. The insert, select, update and read-back code of the D1
 * store is derived from these; nothing else names a column of these tables.
 */
import { z } from "zod";
import {
  type CascadeDocument,
  type CheckIn,
  keyResultSourceSchema,
  milestoneSchema,
} from "../../../schema/document.ts";
import type { Authorship, CheckInAuthor } from "../people.ts";
import { insertRows, type Row } from "./json-rows.ts";

/** A value as D1 hands it back. */
export type SqlValue = string | number | null;
export type SqlRow = Record<string, SqlValue>;

interface Column {
  /** The document's field name. */
  readonly field: string;
  readonly column: string;
  /** How the field is stored when it is not a plain string or number. */
  readonly as?: "bool" | z.ZodType;
}

/**
 * A table of one kind of item. `columns` are in the order the read-back object takes its fields (the
 * order GET /cascade has always answered with); every table also has `workspace_id` and the extra
 * columns a statement names (`position`, a parent's id, `version`...).
 */
export interface Table {
  readonly name: string;
  readonly columns: readonly Column[];
}

const col = (field: string, column = field, as?: Column["as"]): Column =>
  as === undefined ? { field, column } : { field, column, as };

const idList = z.array(z.string());

/**
 * A stored `source` as read back: its type checked, its bounds not (MAX_SOURCE_DEPTH, MAX_SOURCE_BYTES
 * came later). A row written before them still reads, and a PUT of that document answers 400 by path
 * instead of every read failing.
 */
const storedSource = z.looseObject(keyResultSourceSchema.shape);

export const CYCLES: Table = {
  name: "cycles",
  columns: [col("id"), col("name"), col("start"), col("end")],
};

export const TEAMS: Table = {
  name: "teams",
  columns: [col("id"), col("name"), col("capacity", "capacity", z.record(z.string(), z.number()))],
};

export const IMPERATIVES: Table = {
  name: "imperatives",
  columns: [col("id"), col("title"), col("owner"), col("weight")],
};

export const GOALS: Table = {
  name: "goals",
  columns: [
    col("id"),
    col("title"),
    col("imperativeId", "imperative_id"),
    col("year"),
    col("owner"),
    col("weight"),
  ],
};

export const OBJECTIVES: Table = {
  name: "objectives",
  columns: [
    col("id"),
    col("title"),
    col("cycleId", "cycle_id"),
    col("team"),
    col("owner"),
    col("goalId", "goal_id"),
    col("parentId", "parent_id"),
    col("weight"),
    col("perspective"),
    col("wig", "wig", "bool"),
  ],
};

/** Key results without their check-ins (a table of their own) and the store's own columns. */
export const KEY_RESULTS: Table = {
  name: "key_results",
  columns: [
    col("id"),
    col("objectiveId", "objective_id"),
    col("title"),
    col("kind"),
    col("start"),
    col("target"),
    col("low"),
    col("high"),
    col("current"),
    col("unit"),
    col("weight"),
    col("measure"),
    col("owner"),
    col("milestones", "milestones", z.array(milestoneSchema)),
    col("source", "source", storedSource),
  ],
};

export const CHECK_INS: Table = {
  name: "check_ins",
  columns: [col("date"), col("value"), col("confidence"), col("note"), col("source")],
};

/** The check-in fields, in the order a check-in object takes them. */
export const CHECK_IN_FIELDS = CHECK_INS.columns.map((c) => c.field) as Array<keyof CheckIn>;

/**
 * A check-in from its fields' stored values (null or undefined: absent), in `CHECK_IN_FIELDS` order.
 * Written out rather than derived like `fromRow`: a cascade holds 100k check-ins, and the generic loop
 * builds them several times slower (docs/performance.md). A test holds it to the mapping.
 */
export function checkInOf(
  date: string,
  value: number | null | undefined,
  confidence: number | null | undefined,
  note: string | null | undefined,
  source: string | null | undefined,
): CheckIn {
  const checkIn: CheckIn = { date };
  if (value !== null && value !== undefined) checkIn.value = value;
  if (confidence !== null && confidence !== undefined) checkIn.confidence = confidence;
  if (note !== null && note !== undefined) checkIn.note = note;
  if (source !== null && source !== undefined) checkIn.source = source;
  return checkIn;
}

/** A check-in row (`CHECK_INS`) as a check-in. */
export function checkInFromRow(row: SqlRow): CheckIn {
  return checkInOf(
    String(row.date),
    row.value as number | null,
    row.confidence as number | null,
    row.note as string | null,
    row.source as string | null,
  );
}

/**
 * Who recorded a check-in and when: columns of `check_ins` beside the document's fields (a check-in of
 * the document has no author), all NULL when unknown.
 */
export const AUTHORSHIP_COLUMNS = ["author_kind", "author_id", "author_name", "recorded_at"] as const;

/** An authorship's values in `AUTHORSHIP_COLUMNS` order. */
export function authorshipRow(authorship: Authorship | null): SqlValue[] {
  const author = authorship?.author ?? null;
  return [author?.kind ?? null, author?.id ?? null, author?.name ?? null, authorship?.recordedAt ?? null];
}

/** The author and recording time a check-in row holds (null when unknown). */
export function authorshipFromRow(row: SqlRow): { author: CheckInAuthor | null; recordedAt: string | null } {
  const { author_kind: kind, author_id: id, author_name: name } = row;
  const author: CheckInAuthor | null =
    (kind === "person" || kind === "token") && typeof id === "string" && typeof name === "string"
      ? { kind, id, name }
      : null;
  return { author, recordedAt: typeof row.recorded_at === "string" ? row.recorded_at : null };
}

export const INITIATIVES: Table = {
  name: "initiatives",
  columns: [
    col("id"),
    col("title"),
    col("type"),
    col("team"),
    col("cycleId", "cycle_id"),
    col("size"),
    col("value"),
    col("timeCriticality", "time_criticality"),
    col("riskReduction", "risk_reduction"),
    col("budget"),
    col("owner"),
    col("keyResultIds", "key_result_ids", idList),
    col("committed", "committed", "bool"),
  ],
};

export const TRADE_OFFS: Table = {
  name: "trade_offs",
  columns: [
    col("id"),
    col("cycleId", "cycle_id"),
    col("team"),
    col("admitted"),
    col("decidedBy", "decided_by"),
    col("date"),
    col("reason"),
    col("dropped", "dropped", idList),
  ],
};

export const DEPENDENCIES: Table = {
  name: "dependencies",
  columns: [col("from", "from_id"), col("to", "to_id"), col("note")],
};

/** Health metrics without their values (a table of their own). */
export const HEALTH_METRICS: Table = {
  name: "health_metrics",
  columns: [col("id"), col("title"), col("area"), col("direction"), col("green"), col("red")],
};

export const HEALTH_VALUES: Table = {
  name: "health_values",
  columns: [col("date"), col("value")],
};

export const REALLOCATIONS: Table = {
  name: "reallocations",
  columns: [
    col("id"),
    col("date"),
    col("from", "from_id"),
    col("to", "to_id"),
    col("amount"),
    col("approvedBy", "approved_by"),
  ],
};

/** Every table that holds part of a cascade, in an order that never breaks a reference on insert. */
export const CASCADE_TABLES: readonly Table[] = [
  CYCLES,
  TEAMS,
  IMPERATIVES,
  GOALS,
  OBJECTIVES,
  KEY_RESULTS,
  CHECK_INS,
  INITIATIVES,
  TRADE_OFFS,
  DEPENDENCIES,
  HEALTH_METRICS,
  HEALTH_VALUES,
  REALLOCATIONS,
];

/** The table's columns for a SELECT list, `prefix.` before each when given. */
export function selectList(table: Table, prefix = ""): string {
  return table.columns.map((c) => `${prefix}"${c.column}"`).join(", ");
}

/** The column names of a table, with `extra` columns (not document fields) first. */
export function columnNames(table: Table, extra: readonly string[] = []): string[] {
  return [...extra, ...table.columns.map((c) => c.column)];
}

/** An item's values in column order, as stored: absent fields NULL, nested values as JSON text. */
export function rowOf(table: Table, item: object): SqlValue[] {
  const fields = item as Record<string, unknown>;
  return table.columns.map(({ field, as }) => {
    const value = fields[field];
    if (value === undefined) return null;
    if (as === undefined) return value as SqlValue;
    if (as === "bool") return value ? 1 : 0;
    return JSON.stringify(value);
  });
}

/**
 * The item a row holds, its fields in column order; NULL columns are absent fields, JSON columns are
 * checked with the document's own schemas.
 */
export function fromRow<T>(table: Table, row: SqlRow): T {
  const item: Record<string, unknown> = {};
  for (const { field, column, as } of table.columns) {
    const value = row[column];
    if (value === null || value === undefined) continue;
    if (as === undefined) item[field] = value;
    else if (as === "bool") item[field] = value === 1;
    else item[field] = as.parse(JSON.parse(String(value)));
  }
  return item as T;
}

/**
 * Insert statements for a section's items: `extra` names the columns before the item's own, and
 * `extraValues` gives their values for the item at index `i`.
 */
export function insertItems<T extends object>(
  db: D1Database,
  workspaceId: string,
  table: Table,
  items: readonly T[],
  extra: readonly string[] = ["position"],
  extraValues: (item: T, i: number) => SqlValue[] = (_, i) => [i],
): D1PreparedStatement[] {
  const rows: Row[] = items.map((item, i) => [...extraValues(item, i), ...rowOf(table, item)]);
  return insertRows(db, table.name, columnNames(table, extra), workspaceId, rows);
}

/** Every table's insert statements for a document, in an order that never breaks a reference. */
export function insertCascadeStatements(
  db: D1Database,
  workspaceId: string,
  doc: CascadeDocument,
): D1PreparedStatement[] {
  const checkIns: Array<{ keyResultId: string; checkIn: CheckIn }> = [];
  for (const kr of doc.keyResults) {
    for (const checkIn of kr.checkIns ?? []) checkIns.push({ keyResultId: kr.id, checkIn });
  }
  const healthValues: Array<{ metricId: string; i: number; value: { date: string; value: number } }> = [];
  for (const metric of doc.healthMetrics ?? []) {
    metric.values.forEach((value, i) => {
      healthValues.push({ metricId: metric.id, i, value });
    });
  }
  const section = <T extends object>(table: Table, items: readonly T[] | undefined) =>
    insertItems(db, workspaceId, table, items ?? []);
  return [
    ...section(CYCLES, doc.cycles),
    ...section(TEAMS, doc.teams),
    ...section(IMPERATIVES, doc.imperatives),
    ...section(GOALS, doc.goals),
    ...section(OBJECTIVES, doc.objectives),
    ...insertItems(
      db,
      workspaceId,
      KEY_RESULTS,
      doc.keyResults,
      ["position", "has_check_ins", "version"],
      // The version is set to the workspace's new revision at the end of the batch.
      (kr, i) => [i, kr.checkIns ? 1 : 0, 0],
    ),
    ...insertRows(
      db,
      CHECK_INS.name,
      columnNames(CHECK_INS, ["key_result_id"]),
      workspaceId,
      checkIns.map((c) => [c.keyResultId, ...rowOf(CHECK_INS, c.checkIn)]),
    ),
    ...section(INITIATIVES, doc.initiatives),
    ...section(TRADE_OFFS, doc.tradeOffs),
    ...section(DEPENDENCIES, doc.dependencies),
    ...section(HEALTH_METRICS, doc.healthMetrics),
    ...insertRows(
      db,
      HEALTH_VALUES.name,
      columnNames(HEALTH_VALUES, ["metric_id", "position"]),
      workspaceId,
      healthValues.map((v) => [v.metricId, v.i, ...rowOf(HEALTH_VALUES, v.value)]),
    ),
    ...section(REALLOCATIONS, doc.reallocations),
  ];
}
