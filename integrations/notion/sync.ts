/**
 * One sync between a stored cascade and its Notion databases:
 *
 * 1. **pull**: read each data source (after the first run, only pages edited since the last read, with
 *    an overlap: Notion rounds edit times down to the minute) and check every value;
 * 2. **merge**, field by field, three ways against the values of the last sync (the state file): a field
 *    changed on one side takes that side; changed on both, the later edit wins (the page's edit time
 *    against the document's) and the conflict is listed and kept in the state's history. Cascade-owned
 *    properties are always Cascade's. Rows made in Notion come into the document; rows made elsewhere
 *    go to Notion. Deletions: see `docs/notion.md` ("Deleting");
 * 3. **write** the merged document through the store port (one `replace` against the revision read);
 * 4. **push**: score it with the core and write only what Notion does not hold yet.
 *
 * The state is saved as writes go, so a run killed halfway resumes: a page created but not recorded is
 * found by its Cascade ID, and a value written but not recorded reads back equal and is not written again.
 */

import type { CascadeDocument } from "../../core/model/document.ts";
import { scoreCascade } from "../../core/report.ts";
import { parseCascadeDocument } from "../../schema/validate.ts";
import type { CascadeStore, Revision } from "../../store/port.ts";
import {
  CASCADE_ID,
  type Field,
  KINDS,
  type Kind,
  LAST_SYNCED,
  LAYOUT,
  propertyOf,
  SYNC_ERROR,
} from "./layout.ts";
import type { NotionApi, NotionPage, PropertyValues } from "./notion-api.ts";
import { type PulledPage, readPage } from "./pull.ts";
import {
  checkInIds,
  checkInLabel,
  ITEM_KINDS,
  inputFields,
  ownedValues,
  type Row,
  type Rows,
  rowsOf,
  withRows,
} from "./rows.ts";
import type { ConflictRecord, RowState, SyncConfig, SyncState } from "./state.ts";
import { type FieldValue, sameValue, writeProperty } from "./values.ts";

export interface SyncOptions<R extends Revision> {
  store: CascadeStore<R>;
  api: NotionApi;
  state: SyncState;
  /** Saves the state (called as writes go, and at the end). */
  saveState: (state: SyncState) => Promise<void>;
  config?: SyncConfig;
  asOf: string;
  /** When the document last changed: the conflict rule compares it with the page's edit time. */
  documentEditedAt: Date;
  dryRun?: boolean;
  /** Read every page, not only those edited since the last sync: finds pages deleted in Notion. */
  full?: boolean;
  now?: () => Date;
  onProgress?: (progress: { phase: "pull" | "push"; kind: Kind; done: number; total: number }) => void;
}

export interface RejectedRow {
  kind: Kind;
  pageId: string;
  id: string;
  errors: string[];
}

export interface SyncSummary {
  dryRun: boolean;
  pulled: number;
  created: number;
  updated: number;
  trashed: number;
  restored: number;
  rejected: RejectedRow[];
  conflicts: ConflictRecord[];
  documentChanged: boolean;
  reads: number;
  writes: number;
  rateLimited: number;
  durationMs: number;
}

export class SyncError extends Error {
  override readonly name = "SyncError";
}

/** Edits Notion made within this long before a read may not show in it yet: read them again next time. */
const READ_OVERLAP_MS = 5 * 60_000;
/**
 * The state is saved after this many writes, at most once a second, and at the end. A run killed in
 * between loses no correctness, only some of the next run's requests: see the module's comment.
 */
const SAVE_EVERY = 20;
const SAVE_INTERVAL_MS = 1000;

interface Write {
  kind: Kind;
  row: Row;
  /** "create" a page, "update" properties, "trash" or "restore" it. */
  action: "create" | "update" | "trash" | "restore";
  /** What the page holds after the write, in document terms (inputs and owned). */
  values: Record<string, FieldValue>;
  error: string;
}

export async function syncNotion<R extends Revision>(options: SyncOptions<R>): Promise<SyncSummary> {
  const started = Date.now();
  const now = options.now ?? (() => new Date());
  const { api, state } = options;
  const names = options.config?.properties ?? {};
  const stored = await options.store.read();
  if (stored === null) throw new SyncError("there is no cascade document to sync");
  for (const kind of KINDS) {
    if (state.databases[kind] === undefined) {
      throw new SyncError(
        `the ${LAYOUT[kind].title} database is not set up: run \`cascade notion init\` first`,
      );
    }
  }
  const summary: SyncSummary = {
    dryRun: options.dryRun === true,
    pulled: 0,
    created: 0,
    updated: 0,
    trashed: 0,
    restored: 0,
    rejected: [],
    conflicts: [],
    documentChanged: false,
    reads: 0,
    writes: 0,
    rateLimited: 0,
    durationMs: 0,
  };

  // 1. Pull.
  const readStarted = now();
  const pulled = new Map<Kind, PulledPage[]>();
  const missing = new Set<string>(); // pages of the state a full read did not return: deleted in Notion
  for (const kind of KINDS) {
    const dataSourceId = state.databases[kind]?.dataSourceId as string;
    const from = state.readFrom[kind];
    const filter =
      options.full || from === undefined
        ? undefined
        : { timestamp: "last_edited_time", last_edited_time: { on_or_after: from } };
    const pages = await api.queryAll(dataSourceId, filter);
    await completeRelations(api, kind, pages, names);
    pulled.set(
      kind,
      pages.map((page: NotionPage) => readPage(kind, page, names)),
    );
    summary.pulled += pages.length;
    if (options.full || from === undefined) {
      const seen = new Set(pages.map((p) => p.id));
      for (const [pageId, row] of Object.entries(state.rows)) {
        if (row.kind === kind && !seen.has(pageId)) missing.add(pageId);
      }
    }
    options.onProgress?.({ phase: "pull", kind, done: KINDS.indexOf(kind) + 1, total: KINDS.length });
  }

  // Every page's Cascade id, before relations are read: a new key result may point at a new objective.
  const idOfPage = new Map<string, string>();
  for (const [pageId, row] of Object.entries(state.rows)) idOfPage.set(pageId, row.id);
  for (const kind of KINDS) {
    for (const page of pulled.get(kind) ?? []) {
      if (idOfPage.has(page.pageId)) continue;
      const compact = page.pageId.replaceAll("-", "");
      // A row made in Notion is named after its page, so a run that stops before writing the name back
      // gives it the same id the next time.
      idOfPage.set(
        page.pageId,
        page.cascadeId !== "" ? page.cascadeId : `${LAYOUT[kind].idPrefix}-${compact.slice(0, 12)}`,
      );
    }
  }
  for (const kind of KINDS) {
    for (const page of pulled.get(kind) ?? []) {
      for (const field of LAYOUT[kind].fields) {
        if (field.type !== "relation" || field.owned) continue;
        const pageIds = page.values[field.key];
        if (!Array.isArray(pageIds)) continue;
        const ids: string[] = [];
        for (const pageId of pageIds) {
          const id = idOfPage.get(pageId);
          if (id === undefined)
            page.errors.push(
              `${propertyOf(kind, field, names)}: the related page is not a synced ${LAYOUT[field.relation as Kind].title} row`,
            );
          else ids.push(id);
        }
        page.values[field.key] = ids;
      }
    }
  }

  // 2. Merge.
  const ours = rowsOf(stored.doc);
  const merged = {} as Rows;
  const writes: Write[] = [];
  const dropped: string[] = []; // pages deleted in Notion whose rows leave the document
  const rejected = new Map<string, RejectedRow>();
  const reject = (page: PulledPage, errors: string[]) => {
    rejected.set(page.pageId, {
      kind: page.kind,
      pageId: page.pageId,
      id: idOfPage.get(page.pageId) ?? "",
      errors,
    });
  };
  const docEditedAt = options.documentEditedAt.toISOString();
  const conflict = (
    kind: Kind,
    id: string,
    field: string,
    cascade: FieldValue,
    notion: FieldValue,
    page: PulledPage | undefined,
  ) => {
    const notionLater = page !== undefined && Date.parse(page.editedAt) >= options.documentEditedAt.getTime();
    const record: ConflictRecord = {
      at: now().toISOString(),
      kind,
      id,
      field,
      cascade,
      notion,
      kept: notionLater ? "notion" : "cascade",
      why: notionLater
        ? `edited in Notion at ${page?.editedAt}, after the document (${docEditedAt})`
        : `the document changed at ${docEditedAt}, after the page (${page?.editedAt ?? "deleted"})`,
    };
    summary.conflicts.push(record);
    return record.kept;
  };

  for (const kind of KINDS) {
    const pageOfRow = new Map<string, string>();
    const stateRows = new Map<string, [string, RowState]>();
    for (const [pageId, row] of Object.entries(state.rows)) {
      if (row.kind !== kind) continue;
      pageOfRow.set(row.id, pageId);
      stateRows.set(pageId, [pageId, row]);
    }
    const pulledByPage = new Map((pulled.get(kind) ?? []).map((p) => [p.pageId, p]));
    const result: Row[] = [];
    const taken = new Set<string>(); // pages paired with a row of the document
    const fields = inputFields(kind);
    const unrecorded = new Map<string, PulledPage>(); // pages showing a Cascade ID the state does not know
    for (const page of pulledByPage.values()) {
      if (page.cascadeId !== "" && !stateRows.has(page.pageId)) unrecorded.set(page.cascadeId, page);
    }

    for (const row of ours[kind]) {
      let pageId = pageOfRow.get(row.id);
      // A page Cascade created and did not record (the run stopped): the page shows this row's id.
      if (pageId === undefined) {
        pageId = unrecorded.get(row.id)?.pageId;
      }
      if (pageId === undefined) {
        result.push({ ...row }); // new in Cascade: created in Notion by the push
        continue;
      }
      taken.add(pageId);
      const base = state.rows[pageId]?.values;
      const page = pulledByPage.get(pageId);
      if (missing.has(pageId)) {
        // Deleted in Notion: the deletion wins unless the document changed the row since.
        const changed = base === undefined || fields.some((f) => !sameValue(row.values[f.key], base[f.key]));
        if (!changed) {
          dropped.push(pageId);
          continue;
        }
        conflict(kind, row.id, "(deleted in Notion)", "changed", null, undefined);
        result.push({ ...row, pageId });
        writes.push({
          kind,
          row: result[result.length - 1] as Row,
          action: "restore",
          values: {},
          error: "",
        });
        continue;
      }
      if (page !== undefined && page.errors.length > 0) {
        reject(page, page.errors);
        result.push({ ...row, pageId });
        continue;
      }
      const theirs = page?.values ?? base ?? {};
      const values: Record<string, FieldValue> = { ...row.values };
      for (const field of fields) {
        const mine = row.values[field.key] ?? null;
        const their = theirs[field.key] ?? null;
        if (sameValue(mine, their)) continue;
        if (base === undefined) continue; // a page Cascade made: the document's values stand
        const changedMine = !sameValue(mine, base[field.key]);
        const changedTheirs = !sameValue(their, base[field.key]);
        if (changedTheirs && !changedMine) values[field.key] = their;
        else if (changedTheirs && changedMine) {
          if (conflict(kind, row.id, field.property, mine, their, page) === "notion")
            values[field.key] = their;
        }
      }
      result.push({ ...row, values, pageId });
    }

    // Pages with no row in the document: new in Notion, or deleted in Cascade.
    for (const page of pulled.get(kind) ?? []) {
      if (taken.has(page.pageId)) continue;
      const id = idOfPage.get(page.pageId) as string;
      const known = state.rows[page.pageId];
      if (page.errors.length > 0) {
        reject(page, page.errors);
        continue;
      }
      if (known !== undefined) {
        const changedInNotion = fields.some((f) => !sameValue(page.values[f.key], known.values[f.key]));
        if (!changedInNotion) {
          writes.push({
            kind,
            row: { id, values: page.values, pageId: page.pageId },
            action: "trash",
            values: {},
            error: "",
          });
          continue;
        }
        conflict(kind, id, "(deleted in Cascade)", null, "changed", page);
      }
      result.push({
        id,
        values: page.values,
        pageId: page.pageId,
        source: kind === "checkIns" ? "notion" : undefined,
      });
    }
    // Rows of the state whose page was not read (unchanged in Notion) and whose item the document dropped.
    for (const [pageId, row] of stateRows.values()) {
      if (taken.has(pageId) || pulledByPage.has(pageId) || missing.has(pageId)) continue;
      writes.push({
        kind,
        row: { id: row.id, values: row.values, pageId },
        action: "trash",
        values: {},
        error: "",
      });
    }
    merged[kind] = result;
  }

  // The merged document, checked as a whole; a row from Notion that makes it invalid is rejected.
  let doc = withRows(stored.doc, merged);
  for (let attempt = 0; attempt < 5; attempt++) {
    const parsed = parseCascadeDocument(doc);
    if (parsed.ok) break;
    let reverted = false;
    for (const issue of parsed.error) {
      const culprit = rowAt(issue.path, doc, merged);
      if (culprit === undefined) continue;
      const { kind, row } = culprit;
      const original = ours[kind].find((r) => r.id === row.id);
      if (row.pageId === undefined || (original !== undefined && sameRow(original, row))) continue;
      const field = LAYOUT[kind].fields.find((f) => issue.path.endsWith(`.${f.key}`));
      const property = field ? propertyOf(kind, field, names) : issue.path;
      rejected.set(row.pageId, {
        kind,
        pageId: row.pageId,
        id: row.id,
        errors: [`${property}: ${issue.message}`],
      });
      const list = merged[kind];
      const at = list.indexOf(row);
      if (original === undefined) list.splice(at, 1);
      else list[at] = { ...original, pageId: row.pageId };
      reverted = true;
    }
    if (!reverted) {
      throw new SyncError(
        `the merged document is invalid: ${parsed.error.map((i) => `${i.path}: ${i.message}`).join("; ")}`,
      );
    }
    doc = withRows(stored.doc, merged);
  }
  // Check-ins are known by key result, date and place: their ids follow the merged order.
  const checkInOrder = orderedCheckIns(doc, merged.checkIns);
  const ids = checkInIds(
    checkInOrder.map((r) => ({
      keyResultId: (r.values.keyResultId as string[])[0] as string,
      date: r.values.date as string,
    })),
  );
  checkInOrder.forEach((row, i) => {
    row.id = ids[i] as string;
  });
  merged.checkIns = checkInOrder;

  // 3. Write the document.
  summary.documentChanged = JSON.stringify(doc) !== JSON.stringify(stored.doc);
  if (summary.documentChanged && !options.dryRun) {
    const applied = await options.store.apply(
      { kind: "replace", doc },
      { expectedRevision: stored.revision },
    );
    if (!applied.ok) {
      throw new SyncError(
        "the document changed while Notion was read; nothing was written: run the sync again",
      );
    }
  }

  const restores = new Map(writes.filter((w) => w.action === "restore").map((w) => [w.row, w]));
  // 4. Push: what each row should show, against what its page holds (read now, or left at the last sync).
  const report = scoreCascade(doc, options.asOf);
  const owned = ownedValues(doc, report);
  const titleOfKr = new Map(doc.keyResults.map((kr) => [kr.id, kr.title]));
  const settled = new Map<string, RowState>(); // page id → the row its page holds once the push is done
  for (const kind of KINDS) {
    const pulledByPage = new Map((pulled.get(kind) ?? []).map((p) => [p.pageId, p]));
    const rows = kind === "objectives" ? parentsFirst(merged.objectives) : merged[kind];
    const rowPages = new Set(rows.map((r) => r.pageId));
    for (const row of rows) {
      const values: Record<string, FieldValue> = { ...row.values, ...(owned[kind].get(row.id) ?? {}) };
      if (kind === "checkIns") values.label = checkInLabel(row, titleOfKr);
      values[CASCADE_ID] = row.id;
      const restore = restores.get(row);
      if (restore !== undefined) restore.values = values;
      if (row.pageId === undefined) {
        writes.push({ kind, row, action: "create", values, error: "" });
        continue;
      }
      const bad = rejected.get(row.pageId);
      if (bad !== undefined) {
        // Its page keeps what the person typed (the next sync merges it once fixed); only the error shows.
        const error = bad.errors.join("; ");
        if ((state.rows[row.pageId]?.error ?? "") !== error) {
          writes.push({ kind, row, action: "update", values: {}, error });
        }
        continue;
      }
      const page = pulledByPage.get(row.pageId);
      const known = state.rows[row.pageId];
      const holds: Record<string, FieldValue> =
        page === undefined
          ? { ...(known?.values ?? {}) }
          : { ...page.values, ...page.owned, [CASCADE_ID]: page.cascadeId };
      const changed = Object.keys(values).filter((key) => !sameValue(values[key], holds[key]));
      settled.set(row.pageId, { kind, id: row.id, values, error: "" });
      if (restore !== undefined) continue;
      if (changed.length > 0 || (known?.error ?? "") !== "") {
        // Only what differs is written: a field someone edits meanwhile is left alone.
        writes.push({ kind, row, action: "update", values: pick(values, changed), error: "" });
      }
    }
    // A page rejected before it became a row (a new page with a bad value) shows its error too.
    for (const page of pulledByPage.values()) {
      const bad = rejected.get(page.pageId);
      if (bad === undefined || rowPages.has(page.pageId)) continue;
      const error = bad.errors.join("; ");
      if ((state.rows[page.pageId]?.error ?? "") !== error) {
        writes.push({
          kind,
          row: { id: "", values: {}, pageId: page.pageId },
          action: "update",
          values: {},
          error,
        });
      }
    }
  }
  summary.rejected = [...rejected.values()];

  if (options.dryRun) {
    for (const w of writes) countWrite(summary, w.action);
    return finish(summary, api, started);
  }
  state.history.push(...summary.conflicts);

  const pageOf = new Map<string, string>(); // "kind:id" → page id, for relations
  for (const kind of KINDS)
    for (const row of merged[kind]) if (row.pageId) pageOf.set(`${kind}:${row.id}`, row.pageId);
  let done = 0;
  const savedAt = { writes: 0, time: Date.now() };
  const order = (w: Write) =>
    KINDS.indexOf(w.kind) * 4 + ["trash", "restore", "create", "update"].indexOf(w.action);
  const sorted = writes.map((w, i) => ({ w, i })).sort((a, b) => order(a.w) - order(b.w) || a.i - b.i);
  for (const { w } of sorted) {
    const pageId = w.row.pageId;
    if (w.action === "trash") {
      await api.trashPage(pageId as string);
      delete state.rows[pageId as string];
    } else if (w.action === "create") {
      const dataSourceId = state.databases[w.kind]?.dataSourceId as string;
      const page = await api.createPage(
        dataSourceId,
        propertiesOf(w.kind, w.values, "", options.asOf, pageOf, names),
        w.row.id,
      );
      w.row.pageId = page.id;
      pageOf.set(`${w.kind}:${w.row.id}`, page.id);
      state.rows[page.id] = { kind: w.kind, id: w.row.id, values: w.values, error: "" };
    } else {
      if (w.action === "restore") await api.restorePage(pageId as string);
      await api.updatePage(
        pageId as string,
        propertiesOf(w.kind, w.values, w.error, options.asOf, pageOf, names),
      );
      const known = state.rows[pageId as string];
      if (known !== undefined) known.error = w.error;
      else if (w.error !== "")
        state.rows[pageId as string] = { kind: w.kind, id: w.row.id, values: {}, error: w.error };
      const holds = settled.get(pageId as string);
      if (holds !== undefined) state.rows[pageId as string] = holds;
    }
    countWrite(summary, w.action);
    done++;
    options.onProgress?.({ phase: "push", kind: w.kind, done, total: sorted.length });
    if (done - savedAt.writes >= SAVE_EVERY && Date.now() - savedAt.time >= SAVE_INTERVAL_MS) {
      savedAt.writes = done;
      savedAt.time = Date.now();
      await options.saveState(state);
    }
  }
  // Every row's page now holds its values: they are the base of the next merge.
  for (const [pageId, row] of settled) state.rows[pageId] = row;
  for (const pageId of dropped) delete state.rows[pageId];
  const readFrom = new Date(readStarted.getTime() - READ_OVERLAP_MS).toISOString();
  for (const kind of KINDS) state.readFrom[kind] = readFrom;
  await options.saveState(state);
  return finish(summary, api, started);
}

function pick(values: Record<string, FieldValue>, keys: string[]): Record<string, FieldValue> {
  return Object.fromEntries(keys.map((k) => [k, values[k] ?? null]));
}

/** Relations of more than 25 pages: a page object lists 25, the rest come from the property's own endpoint. */
async function completeRelations(
  api: NotionApi,
  kind: Kind,
  pages: NotionPage[],
  names: SyncConfig["properties"],
): Promise<void> {
  for (const field of LAYOUT[kind].fields) {
    if (field.type !== "relation") continue;
    const name = propertyOf(kind, field, names);
    for (const page of pages) {
      const prop = page.properties[name] as
        | { id: string; has_more?: boolean; relation?: Array<{ id: string }> }
        | undefined;
      if (prop?.has_more) prop.relation = (await api.relationIds(page.id, prop.id)).map((id) => ({ id }));
    }
  }
}

function countWrite(summary: SyncSummary, action: Write["action"]): void {
  if (action === "create") summary.created++;
  else if (action === "update") summary.updated++;
  else if (action === "trash") summary.trashed++;
  else summary.restored++;
}

function finish(summary: SyncSummary, api: NotionApi, started: number): SyncSummary {
  summary.reads = api.counts.reads;
  summary.writes = api.counts.writes;
  summary.rateLimited = api.counts.rateLimited;
  summary.durationMs = Date.now() - started;
  return summary;
}

/** The properties to write for these values (the keys given only), with the row's Sync error. */
function propertiesOf(
  kind: Kind,
  values: Record<string, FieldValue>,
  error: string,
  today: string,
  pageOf: ReadonlyMap<string, string>,
  names: SyncConfig["properties"] = {},
): PropertyValues {
  const properties: PropertyValues = {};
  for (const field of LAYOUT[kind].fields) {
    if (!(field.key in values)) continue;
    let value = values[field.key] ?? null;
    if (field.type === "relation") {
      value = ((value as string[] | null) ?? []).flatMap((id) => {
        const pageId = pageOf.get(`${field.relation}:${id}`);
        return pageId === undefined ? [] : [pageId];
      });
    }
    properties[propertyOf(kind, field, names)] = writeProperty(field, value);
  }
  const text: Field = { key: "", property: "", type: "text" };
  if (CASCADE_ID in values) properties[CASCADE_ID] = writeProperty(text, values[CASCADE_ID] ?? "");
  properties[SYNC_ERROR] = writeProperty(text, error);
  properties[LAST_SYNCED] = writeProperty({ key: "", property: "", type: "date" }, today);
  return properties;
}

function sameRow(a: Row, b: Row): boolean {
  return Object.keys({ ...a.values, ...b.values }).every((k) => sameValue(a.values[k], b.values[k]));
}

/** The row an issue's path ("keyResults[3].target", "keyResults[3].checkIns[1].confidence") is about. */
function rowAt(path: string, doc: CascadeDocument, merged: Rows): { kind: Kind; row: Row } | undefined {
  const checkIn = /^keyResults\[(\d+)\]\.checkIns\[(\d+)\]/.exec(path);
  if (checkIn) {
    const kr = doc.keyResults[Number(checkIn[1])];
    const rows = merged.checkIns.filter((r) => (r.values.keyResultId as string[] | null)?.[0] === kr?.id);
    const row = rows[Number(checkIn[2])];
    return row && { kind: "checkIns", row };
  }
  const item = /^(\w+)\[(\d+)\]/.exec(path);
  if (!item || !(ITEM_KINDS as readonly string[]).includes(item[1] as string)) return undefined;
  const kind = item[1] as Kind;
  const row = merged[kind][Number(item[2])];
  return row && { kind, row };
}

/** Check-in rows in the document's order: by key result, then as listed. */
function orderedCheckIns(doc: CascadeDocument, rows: Row[]): Row[] {
  const byKr = new Map<string, Row[]>();
  for (const row of rows) {
    const krId = (row.values.keyResultId as string[] | null)?.[0];
    if (krId === undefined) continue;
    const list = byKr.get(krId) ?? [];
    list.push(row);
    byKr.set(krId, list);
  }
  return doc.keyResults.flatMap((kr) => byKr.get(kr.id) ?? []);
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
