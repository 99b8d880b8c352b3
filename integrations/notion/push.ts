/**
 * Writing Notion: what each row's page should show (its fields, Cascade's scores, its Cascade ID),
 * against what the page holds (as read now, or as left by the last sync), and only the difference
 * written. Writes go in the layout's order (a goal's imperative exists before the goal), trashes and
 * restores first, then creates, then updates; the state is saved as they go.
 */
import type { CascadeDocument } from "../../core/model/document.ts";
import type { ScoreReport } from "../../core/model/report.ts";
import {
  CASCADE_ID,
  type Field,
  KINDS,
  type Kind,
  LAST_SYNCED,
  LAYOUT,
  type PropertyNames,
  propertyOf,
  SYNC_ERROR,
} from "./layout.ts";
import type { Merge } from "./merge.ts";
import type { NotionApi, PropertyValues } from "./notion-api.ts";
import type { Pulled } from "./pull.ts";
import { checkInLabel, ownedValues, type Row } from "./rows.ts";
import type { RowState, SyncState } from "./state.ts";
import { type FieldValue, sameValue, writeProperty } from "./values.ts";

export interface Write {
  kind: Kind;
  action: "trash" | "restore" | "create" | "update";
  row: Row;
  /** The values to write (document terms; relations as Cascade ids), and the row's Sync error. */
  values: Record<string, FieldValue>;
  error: string;
}

export interface Plan {
  writes: Write[];
  /** Page id → the row its page holds once the writes are done: the base of the next merge. */
  settled: Map<string, RowState>;
}

/** What must be written for the pages to show the merged rows and their scores. */
export function planPush(merge: Merge, pulled: Pulled, state: SyncState, report: ScoreReport): Plan {
  const doc: CascadeDocument = merge.doc;
  const owned = ownedValues(doc, report);
  const titleOfKr = new Map(doc.keyResults.map((kr) => [kr.id, kr.title]));
  const writes: Write[] = merge.toTrash.map(({ kind, pageId }) => ({
    kind,
    action: "trash",
    row: { id: state.rows[pageId]?.id ?? "", values: {}, pageId },
    values: {},
    error: "",
  }));
  const settled = new Map<string, RowState>();
  const errorOf = (pageId: string) => merge.rejected.get(pageId)?.errors.join("; ") ?? "";

  for (const kind of KINDS) {
    const pageById = new Map((pulled.pages.get(kind) ?? []).map((p) => [p.pageId, p]));
    const rows = kind === "objectives" ? parentsFirst(merge.rows.objectives) : merge.rows[kind];
    for (const row of rows) {
      const values: Record<string, FieldValue> = { ...row.values, ...(owned[kind].get(row.id) ?? {}) };
      if (kind === "checkIns") values.label = checkInLabel(row, titleOfKr);
      values[CASCADE_ID] = row.id;
      if (row.pageId === undefined) {
        writes.push({ kind, action: "create", row, values, error: "" });
        continue;
      }
      const error = errorOf(row.pageId);
      const known = state.rows[row.pageId];
      if (error !== "") {
        // The page keeps what the person typed (the next sync merges it once fixed): only the error shows.
        if ((known?.error ?? "") !== error) writes.push({ kind, action: "update", row, values: {}, error });
        continue;
      }
      settled.set(row.pageId, { kind, id: row.id, values, error: "" });
      if (merge.toRestore.has(row)) {
        writes.push({ kind, action: "restore", row, values, error: "" });
        continue;
      }
      const page = pageById.get(row.pageId);
      const holds = page
        ? { ...page.values, ...page.owned, [CASCADE_ID]: page.cascadeId }
        : (known?.values ?? {});
      const changed = Object.keys(values).filter((key) => !sameValue(values[key], holds[key]));
      if (changed.length > 0 || (known?.error ?? "") !== "") {
        // Only what differs: a field someone edits meanwhile is left alone.
        const only = Object.fromEntries(changed.map((k) => [k, values[k] ?? null]));
        writes.push({ kind, action: "update", row, values: only, error: "" });
      }
    }
  }
  // A page rejected before it became a row (new, with a bad value) shows its error too.
  const rowPages = new Set(KINDS.flatMap((kind) => merge.rows[kind].map((r) => r.pageId)));
  for (const bad of merge.rejected.values()) {
    if (!rowPages.has(bad.pageId) && (state.rows[bad.pageId]?.error ?? "") !== errorOf(bad.pageId)) {
      const row = { id: bad.id, values: {}, pageId: bad.pageId };
      writes.push({ kind: bad.kind, action: "update", row, values: {}, error: errorOf(bad.pageId) });
    }
  }
  const order = (w: Write) =>
    KINDS.indexOf(w.kind) * 4 + ["trash", "restore", "create", "update"].indexOf(w.action);
  const sorted = writes.map((w, i) => ({ w, i })).sort((a, b) => order(a.w) - order(b.w) || a.i - b.i);
  return { writes: sorted.map(({ w }) => w), settled };
}

/**
 * The state is saved after this many writes, at most once a second, and at the end. A run killed in
 * between costs the next run requests, not correctness: a page created but not recorded is found by
 * its Cascade ID, and a value written but not recorded reads back equal.
 */
const SAVE_EVERY = 20;
const SAVE_INTERVAL_MS = 1000;

/**
 * Runs the writes in order, recording each page's new state; calls `onWrite` after each. With a
 * `requestBudget` it stops before the request that would pass it (a Worker invocation makes a bounded
 * number of subrequests) and answers `complete: false`: the next run goes on from the state.
 */
export async function runWrites(options: {
  api: NotionApi;
  state: SyncState;
  plan: Plan;
  rows: Merge["rows"];
  today: string;
  names: PropertyNames;
  saveState: (state: SyncState) => Promise<void>;
  onWrite?: (write: Write, done: number, total: number) => void;
  requestBudget?: number | undefined;
}): Promise<{ complete: boolean }> {
  const { api, state, plan, names } = options;
  const pageOf = new Map<string, string>(); // "kind:id" → page id, for relations
  for (const kind of KINDS)
    for (const row of options.rows[kind]) if (row.pageId) pageOf.set(`${kind}:${row.id}`, row.pageId);
  const saved = { writes: 0, at: Date.now() };
  let done = 0;
  for (const w of plan.writes) {
    // A write may take a few requests (a restore, a lost create looked up): keep that much in hand.
    if (
      options.requestBudget !== undefined &&
      api.counts.reads + api.counts.writes + 3 > options.requestBudget
    ) {
      return { complete: false };
    }
    const pageId = w.row.pageId as string;
    if (w.action === "trash") {
      await api.trashPage(pageId);
      delete state.rows[pageId];
    } else if (w.action === "create") {
      const dataSourceId = state.databases[w.kind]?.dataSourceId as string;
      const page = await api.createPage(
        dataSourceId,
        propertiesOf(w, options.today, pageOf, names),
        w.row.id,
      );
      w.row.pageId = page.id;
      pageOf.set(`${w.kind}:${w.row.id}`, page.id);
      state.rows[page.id] = { kind: w.kind, id: w.row.id, values: w.values, error: "" };
    } else {
      if (w.action === "restore") await api.restorePage(pageId);
      await api.updatePage(pageId, propertiesOf(w, options.today, pageOf, names));
      const holds = plan.settled.get(pageId);
      const known = state.rows[pageId];
      if (holds !== undefined) state.rows[pageId] = holds;
      else if (known !== undefined) known.error = w.error;
      else state.rows[pageId] = { kind: w.kind, id: w.row.id, values: {}, error: w.error };
    }
    done++;
    options.onWrite?.(w, done, plan.writes.length);
    if (done - saved.writes >= SAVE_EVERY && Date.now() - saved.at >= SAVE_INTERVAL_MS) {
      saved.writes = done;
      saved.at = Date.now();
      await options.saveState(state);
    }
  }
  return { complete: true };
}

/** The properties of a write (its values' only), with its Sync error and the day it was written. */
function propertiesOf(
  w: Write,
  today: string,
  pageOf: ReadonlyMap<string, string>,
  names: PropertyNames,
): PropertyValues {
  const properties: PropertyValues = {};
  for (const field of LAYOUT[w.kind].fields) {
    if (!(field.key in w.values)) continue;
    let value = w.values[field.key] ?? null;
    if (field.type === "relation") {
      value = ((value as string[] | null) ?? []).flatMap((id) => {
        const pageId = pageOf.get(`${field.relation}:${id}`);
        return pageId === undefined ? [] : [pageId];
      });
    }
    properties[propertyOf(w.kind, field, names)] = writeProperty(field, value);
  }
  const text: Field = { key: "", property: "", type: "text" };
  if (CASCADE_ID in w.values) properties[CASCADE_ID] = writeProperty(text, w.values[CASCADE_ID] ?? "");
  properties[SYNC_ERROR] = writeProperty(text, w.error);
  properties[LAST_SYNCED] = writeProperty({ key: "", property: "", type: "date" }, today);
  return properties;
}

/** Objectives with each parent before its children, so a new child can name its new parent's page. */
function parentsFirst(rows: Row[]): Row[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Row[] = [];
  const placed = new Set<string>();
  const place = (row: Row, depth: number) => {
    if (placed.has(row.id) || depth > rows.length) return;
    const parentId = (row.values.parentId as string[] | null)?.[0];
    const parent = parentId === undefined ? undefined : byId.get(parentId);
    if (parent !== undefined) place(parent, depth + 1);
    if (!placed.has(row.id)) {
      placed.add(row.id);
      out.push(row);
    }
  };
  for (const row of rows) place(row, 0);
  return out;
}
