/**
 * Reading Notion: each page of a data source as a row of the document, with every value checked. A page
 * whose value cannot be the document's (an unknown Kind, a confidence of 42, a check-in without a date)
 * carries the errors, named by property, instead of reaching the document. After the first run only
 * pages edited since the last read are read, with an overlap (Notion rounds edit times down to the minute).
 */

import { CASCADE_ID, KINDS, type Kind, LAYOUT, type PropertyNames, propertyOf } from "./layout.ts";
import type { NotionApi, NotionPage } from "./notion-api.ts";
import type { SyncState } from "./state.ts";
import { type FieldValue, readProperty } from "./values.ts";

export interface PulledPage {
  kind: Kind;
  pageId: string;
  /** The Cascade ID the page shows ("" when a person made it and Cascade has not named it yet). */
  cascadeId: string;
  /** Input fields by key; relations hold Notion page ids. */
  values: Record<string, FieldValue>;
  /** What the page shows in Cascade-owned properties (a person may have typed over them). */
  owned: Record<string, FieldValue>;
  errors: string[];
  /** Notion's last_edited_time (rounded down to the minute by Notion). */
  editedAt: string;
}

/** What must hold of a row, beyond each value's type, before it can be a document item. */
const REQUIRED: Partial<Record<Kind, Array<[key: string, what: string]>>> = {
  goals: [
    ["imperativeId", "an imperative"],
    ["year", "a year"],
  ],
  objectives: [["cycleId", "a cycle"]],
  keyResults: [
    ["objectiveId", "an objective"],
    ["kind", "a kind"],
  ],
  checkIns: [
    ["keyResultId", "a key result"],
    ["date", "a date"],
  ],
  initiatives: [
    ["type", "a type"],
    ["team", "a team"],
    ["cycleId", "a cycle"],
    ["size", "a size"],
  ],
  healthMetrics: [
    ["area", "an area"],
    ["direction", "a direction"],
    ["green", "a green bound"],
    ["red", "a red bound"],
  ],
};

export function readPage(kind: Kind, page: NotionPage, names: PropertyNames): PulledPage {
  const props = page.properties as Record<string, unknown>;
  const errors: string[] = [];
  const values: Record<string, FieldValue> = {};
  const owned: Record<string, FieldValue> = {};
  for (const field of LAYOUT[kind].fields) {
    const property = propertyOf(kind, field, names);
    const read = readProperty(field, property, props[property]);
    if (field.owned) owned[field.key] = read.ok ? read.value : null;
    else if (read.ok) values[field.key] = read.value;
    else errors.push(read.error);
  }
  for (const [key, what] of REQUIRED[kind] ?? []) {
    const value = values[key];
    if (value === null || (Array.isArray(value) && value.length === 0)) {
      const field = LAYOUT[kind].fields.find((f) => f.key === key);
      if (field && !errors.some((e) => e.startsWith(`${propertyOf(kind, field, names)}:`))) {
        errors.push(`${propertyOf(kind, field, names)}: expected ${what}`);
      }
    }
  }
  const idProp = readProperty(
    { key: "id", property: CASCADE_ID, type: "text" },
    CASCADE_ID,
    props[CASCADE_ID],
  );
  return {
    kind,
    pageId: page.id,
    cascadeId: idProp.ok && typeof idProp.value === "string" ? idProp.value : "",
    values,
    owned,
    errors,
    editedAt: page.last_edited_time,
  };
}

/** What a sync read: the pages per kind, the pages a full read did not return, every page's Cascade id. */
export interface Pulled {
  pages: Map<Kind, PulledPage[]>;
  /** Pages of the state a full read did not return: trashed or deleted in Notion. */
  missing: Set<string>;
  /** Every known page's Cascade id (rows made in Notion get one named after their page). */
  idOfPage: Map<string, string>;
  count: number;
}

/**
 * Reads every data source: after the first run only the pages edited since `state.readFrom`, all of
 * them with `full`. Relations come back as Cascade ids; one to a page that is no synced row is an error.
 */
export async function pullAll(
  api: NotionApi,
  state: SyncState,
  names: PropertyNames,
  full: boolean,
  onProgress?: (done: number, total: number) => void,
): Promise<Pulled> {
  const pages = new Map<Kind, PulledPage[]>();
  const missing = new Set<string>();
  let count = 0;
  for (const kind of KINDS) {
    const dataSourceId = state.databases[kind]?.dataSourceId as string;
    const from = state.readFrom[kind];
    const filter =
      full || from === undefined
        ? undefined
        : { timestamp: "last_edited_time", last_edited_time: { on_or_after: from } };
    const read = await api.queryAll(dataSourceId, filter);
    await completeRelations(api, kind, read, names);
    pages.set(
      kind,
      read.map((page) => readPage(kind, page, names)),
    );
    count += read.length;
    if (filter === undefined) {
      const seen = new Set(read.map((p) => p.id));
      for (const [pageId, row] of Object.entries(state.rows)) {
        if (row.kind === kind && !seen.has(pageId)) missing.add(pageId);
      }
    }
    onProgress?.(KINDS.indexOf(kind) + 1, KINDS.length);
  }

  // Every page's Cascade id before relations are read: a new key result may point at a new objective.
  const idOfPage = new Map<string, string>();
  for (const [pageId, row] of Object.entries(state.rows)) idOfPage.set(pageId, row.id);
  for (const kind of KINDS) {
    for (const page of pages.get(kind) ?? []) {
      if (idOfPage.has(page.pageId)) continue;
      // A row made in Notion is named after its page, so a run that stops before writing the name back
      // gives it the same id the next time.
      const named = `${LAYOUT[kind].idPrefix}-${page.pageId.replaceAll("-", "").slice(0, 12)}`;
      idOfPage.set(page.pageId, page.cascadeId !== "" ? page.cascadeId : named);
    }
  }
  for (const kind of KINDS) {
    for (const page of pages.get(kind) ?? []) {
      for (const field of LAYOUT[kind].fields) {
        const pageIds = page.values[field.key];
        if (field.type !== "relation" || !Array.isArray(pageIds)) continue;
        const ids: string[] = [];
        for (const pageId of pageIds) {
          const id = idOfPage.get(pageId);
          if (id !== undefined) ids.push(id);
          else {
            const target = LAYOUT[field.relation as Kind].title;
            page.errors.push(
              `${propertyOf(kind, field, names)}: the related page is not a synced ${target} row`,
            );
          }
        }
        page.values[field.key] = ids;
      }
    }
  }
  return { pages, missing, idOfPage, count };
}

/** Relations of more than 25 pages: a page object lists 25, the rest come from the property's own endpoint. */
async function completeRelations(api: NotionApi, kind: Kind, pages: NotionPage[], names: PropertyNames) {
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
