/**
 * The document as rows, the way the databases hold it: per kind, each item's id and its fields' values
 * (relations as lists of Cascade ids), and back. Check-ins have no id in the document: a check-in is
 * known by its key result, its date and its place among that day's check-ins (`kr-1@2026-11-20`,
 * `kr-1@2026-11-20#2`).
 */

import { compareText } from "../../core/compare.ts";
import type { CascadeDocument, CheckIn, KeyResult } from "../../core/model/document.ts";
import type { ScoreReport } from "../../core/model/report.ts";
import { type Field, KINDS, type Kind, LAYOUT } from "./layout.ts";
import type { FieldValue } from "./values.ts";

export interface Row {
  id: string;
  /** Input fields (the ones people edit) by key. */
  values: Record<string, FieldValue>;
  /** The Notion page, once known. */
  pageId?: string | undefined;
  /** For a check-in: where it came from (`source`), kept across the round trip. */
  source?: string | undefined;
}

export type Rows = Record<Kind, Row[]>;

type Item = Record<string, unknown> & { id: string };

export const ITEM_KINDS = [
  "imperatives",
  "goals",
  "objectives",
  "keyResults",
  "initiatives",
  "healthMetrics",
] as const;
type ItemKind = (typeof ITEM_KINDS)[number];

export function inputFields(kind: Kind): Field[] {
  return LAYOUT[kind].fields.filter((f) => !f.owned);
}

function fieldValue(field: Field, raw: unknown): FieldValue {
  if (field.type === "relation") {
    if (field.many) return Array.isArray(raw) ? [...(raw as string[])] : [];
    return typeof raw === "string" ? [raw] : [];
  }
  if (field.type === "checkbox") return raw === true;
  if (raw === undefined || raw === null) return field.type === "title" ? "" : null;
  if (field.type === "json") return JSON.stringify(raw);
  return raw as FieldValue;
}

/** The id of each check-in, in the order given: by key result, date and place among that day's. */
export function checkInIds(rows: ReadonlyArray<{ keyResultId: string; date: string }>): string[] {
  const seen = new Map<string, number>();
  return rows.map(({ keyResultId, date }) => {
    const key = `${keyResultId}@${date}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return n === 1 ? key : `${key}#${n}`;
  });
}

export function rowsOf(doc: CascadeDocument): Rows {
  const rows = {} as Rows;
  for (const kind of ITEM_KINDS) {
    const fields = inputFields(kind);
    rows[kind] = ((doc[kind] ?? []) as Item[]).map((item) => ({
      id: item.id,
      values: Object.fromEntries(fields.map((f) => [f.key, fieldValue(f, item[f.key])])),
    }));
  }
  const checkIns: Row[] = [];
  for (const kr of doc.keyResults) {
    const list = kr.checkIns ?? [];
    const ids = checkInIds(list.map((c) => ({ keyResultId: kr.id, date: c.date })));
    list.forEach((c, i) => {
      checkIns.push({
        id: ids[i] as string,
        values: {
          keyResultId: [kr.id],
          date: c.date,
          value: c.value ?? null,
          confidence: c.confidence ?? null,
          note: c.note ?? null,
        },
        source: c.source,
      });
    });
  }
  rows.checkIns = checkIns;
  return rows;
}

function itemOf(kind: ItemKind, row: Row, before: Item | undefined): Item {
  const item: Item = { ...(before ?? {}), id: row.id };
  for (const field of inputFields(kind)) {
    const value = row.values[field.key];
    if (field.type === "relation" && !field.many) {
      const id = Array.isArray(value) ? value[0] : undefined;
      if (id === undefined) delete item[field.key];
      else item[field.key] = id;
    } else if (field.type === "relation") {
      if (Array.isArray(value) && value.length > 0) item[field.key] = value;
      else delete item[field.key];
    } else if (field.type === "checkbox") {
      if (value === true) item[field.key] = true;
      else if (before?.[field.key] === false) item[field.key] = false;
      else delete item[field.key];
    } else if (value === null || value === undefined) {
      if (field.type === "title") item[field.key] = "";
      else delete item[field.key];
    } else if (field.type === "json") {
      item[field.key] = JSON.parse(String(value)); // read as valid JSON (values.ts)
    } else {
      item[field.key] = value;
    }
  }
  return item;
}

/**
 * The document with these rows: items keep the fields the databases do not hold (milestones, a key
 * result's source, a health metric's values) and their order; new rows come after, in the order given.
 * Check-ins are kept in the order given per key result.
 */
export function withRows(doc: CascadeDocument, rows: Rows): CascadeDocument {
  const next: Record<string, unknown> = { ...doc };
  for (const kind of ITEM_KINDS) {
    const before = new Map(((doc[kind] ?? []) as Item[]).map((item) => [item.id, item]));
    const items = rows[kind].map((row) => itemOf(kind, row, before.get(row.id)));
    if (items.length > 0 || doc[kind] !== undefined) next[kind] = items;
  }
  const checkInsOf = new Map<string, CheckIn[]>();
  for (const row of rows.checkIns) {
    const krId = (row.values.keyResultId as string[] | null)?.[0];
    if (krId === undefined) continue;
    const checkIn: CheckIn = { date: row.values.date as string };
    if (typeof row.values.value === "number") checkIn.value = row.values.value;
    if (typeof row.values.confidence === "number") checkIn.confidence = row.values.confidence;
    if (typeof row.values.note === "string") checkIn.note = row.values.note;
    if (row.source !== undefined) checkIn.source = row.source;
    const list = checkInsOf.get(krId) ?? [];
    list.push(checkIn);
    checkInsOf.set(krId, list);
  }
  next.keyResults = (next.keyResults as KeyResult[]).map((kr) => {
    const checkIns = checkInsOf.get(kr.id);
    if (checkIns === undefined) return kr.checkIns === undefined ? kr : { ...kr, checkIns: [] };
    return { ...kr, checkIns };
  });
  return next as CascadeDocument;
}

const statusWord = (status: string) => status.replaceAll("_", " ");

/** The values Cascade owns, per kind and id, from the scored document. */
export function ownedValues(
  doc: CascadeDocument,
  report: ScoreReport,
): Record<Kind, Map<string, Record<string, FieldValue>>> {
  const owned = Object.fromEntries(KINDS.map((k) => [k, new Map()])) as Record<
    Kind,
    Map<string, Record<string, FieldValue>>
  >;
  for (const kr of report.keyResults) {
    owned.keyResults.set(kr.id, {
      current: kr.current,
      progress: kr.progress,
      expected: kr.expected,
      status: statusWord(kr.status),
      forecast: kr.forecast?.value ?? null,
    });
  }
  for (const o of report.objectives) {
    owned.objectives.set(o.id, {
      score: o.score,
      expected: o.expected,
      status: statusWord(o.status),
      grade: o.grade,
    });
  }
  for (const g of report.goals) owned.goals.set(g.id, { score: g.score });
  for (const i of report.imperatives) owned.imperatives.set(i.id, { score: i.score });
  for (const metric of doc.healthMetrics ?? []) {
    const latest = [...metric.values].sort((a, b) => compareText(a.date, b.date)).at(-1);
    owned.healthMetrics.set(metric.id, { latest: latest?.value ?? null });
  }
  return owned;
}

/** A check-in row's name: its date and its key result's title. */
export function checkInLabel(row: Row, titleOf: ReadonlyMap<string, string>): string {
  const krId = (row.values.keyResultId as string[] | null)?.[0] ?? "";
  return `${String(row.values.date ?? "")} · ${titleOf.get(krId) ?? krId}`;
}
