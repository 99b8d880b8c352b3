/**
 * The sync's state: the ids of the databases, for every page the row it holds and the values Notion
 * held after the last sync (the base of the three-way merge), how far each data source has been read,
 * and the history of conflicts. The CLI keeps it in a file (state-file.ts), the worker in D1.
 */
import type { Kind, PropertyNames } from "./layout.ts";
import type { FieldValue } from "./values.ts";

export interface DatabaseIds {
  databaseId: string;
  dataSourceId: string;
}

/** What a page held after Cascade last synced it, in document terms (relations as Cascade ids). */
export interface RowState {
  kind: Kind;
  id: string;
  values: Record<string, FieldValue>;
  /** The Sync error the page shows ("" when none). */
  error?: string;
}

export interface ConflictRecord {
  at: string;
  kind: Kind;
  id: string;
  field: string;
  cascade: FieldValue;
  notion: FieldValue;
  kept: "cascade" | "notion";
  why: string;
}

export interface SyncState {
  version: 1;
  parentPageId?: string;
  databases: Partial<Record<Kind, DatabaseIds>>;
  /** Per data source: read pages edited on or after this time next (Notion's clock, minus an overlap). */
  readFrom: Partial<Record<Kind, string>>;
  rows: Record<string, RowState>;
  history: ConflictRecord[];
}

/** The configuration a team gives to adopt existing databases (`--config FILE`). */
export interface SyncConfig {
  /** Existing databases to use instead of creating them: database ids by kind. */
  databases?: Partial<Record<Kind, string>>;
  /** Renamed properties: `{ "keyResults": { "Target": "Goal value" } }`. */
  properties?: PropertyNames;
}

export function emptyState(): SyncState {
  return { version: 1, databases: {}, readFrom: {}, rows: {}, history: [] };
}

/** A state as stored (a file, a D1 row), checked; throws with what is wrong. */
export function parseState(text: string): SyncState {
  const state = JSON.parse(text) as SyncState;
  if (state.version !== 1 || typeof state.rows !== "object" || typeof state.databases !== "object") {
    throw new Error("expected a Cascade Notion state of version 1");
  }
  state.readFrom ??= {};
  state.history ??= [];
  return state;
}
