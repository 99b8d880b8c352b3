/**
 * Identifiers shaped like Coda's: a doc's is ten letters and digits (the `_d…` of its URL), and the
 * others carry their kind as a prefix: `grid-` tables, `c-` columns, `i-` rows, `canvas-` pages, `ws-`
 * workspaces and `fl-` folders (the spec's examples: `grid-pqRst-U`, `c-tuVwxYz`, `i-tuVwxYz`).
 */
import { randomInt } from "node:crypto";

const CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomText(length: number): string {
  let text = "";
  for (let i = 0; i < length; i++) text += CHARS[randomInt(CHARS.length)];
  return text;
}

export type IdKind = "doc" | "table" | "column" | "row" | "page" | "workspace" | "folder";

const PREFIX = {
  doc: "",
  table: "grid-",
  column: "c-",
  row: "i-",
  page: "canvas-",
  workspace: "ws-",
  folder: "fl-",
} satisfies Record<IdKind, string>;

export function newId(kind: IdKind): string {
  return `${PREFIX[kind]}${randomText(10)}`;
}
