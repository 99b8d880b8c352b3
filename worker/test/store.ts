/** Test access to the D1 store of a workspace by id, as a request would open it now. */
import { env } from "cloudflare:test";
import type { CascadeDocument } from "../../schema/document.ts";
import type { StoredCascade } from "../../store/port.ts";
import { D1CascadeStore, type D1StoreOptions, type Defer } from "../db/store/d1-store.ts";
import { getWorkspace } from "../db/workspaces.ts";

/** The store of workspace `id` as it stands now (its revision read afresh), without the score cache. */
export async function storeOf(
  id: string,
  options: D1StoreOptions = {},
  db = env.DB,
): Promise<D1CascadeStore> {
  const workspace = await getWorkspace(db, id);
  if (!workspace) throw new Error(`no workspace ${id}`);
  return new D1CascadeStore(db, workspace, options);
}

/** The cascade as D1 holds it (snapshot and replay, renewing through `defer`). */
export async function readFromD1(id: string, defer?: Defer, db = env.DB): Promise<StoredCascade | null> {
  return (await storeOf(id, { defer }, db)).readFromD1();
}

/** Replaces the cascade through the store and returns the new revision; throws on a conflict. */
export async function replaceCascade(
  id: string,
  doc: CascadeDocument,
  expectedRevision?: number,
): Promise<number> {
  const result = await (await storeOf(id)).apply({ kind: "replace", doc }, { expectedRevision });
  if (!result.ok) throw new Error(`replace refused: ${result.reason}`);
  return result.revision;
}

/** Creates workspace `id` and stores `doc` as its cascade; returns the revision. */
export async function workspaceStoring(id: string, doc: CascadeDocument): Promise<number> {
  await env.DB.prepare("INSERT INTO workspaces (id, name, created_at) VALUES (?, ?, ?)")
    .bind(id, id, "2026-01-01T00:00:00Z")
    .run();
  return replaceCascade(id, doc);
}
