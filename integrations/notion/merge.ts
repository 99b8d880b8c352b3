/**
 * The three-way merge of the document's rows with the pages read, field by field, against the values
 * the pages held after the last sync (the state file):
 *
 * - a field changed on one side only takes that side;
 * - changed on both to different values, the later edit wins: the page's last edit time against the
 *   document's (a tie goes to Notion). The conflict is listed;
 * - a page whose values are invalid is rejected: its row stays as the document has it;
 * - rows made in Notion come into the document; rows the document has and Notion not go to Notion;
 * - deletions (docs/notion.md, "Deleting"): a page trashed in Notion removes its row unless the document
 *   changed the row since (then the page is restored); a row the document dropped trashes its page
 *   unless the page was edited since (then the row comes back).
 *
 * Then the merged document is checked as a whole: a row from Notion that makes it invalid is rejected
 * and its row goes back to what the document had.
 */
import type { CascadeDocument } from "../../core/model/document.ts";
import { parseCascadeDocument } from "../../schema/validate.ts";
import { KINDS, type Kind, LAYOUT, type PropertyNames, propertyOf } from "./layout.ts";
import type { Pulled, PulledPage } from "./pull.ts";
import { checkInIds, ITEM_KINDS, inputFields, type Row, type Rows, withRows } from "./rows.ts";
import type { ConflictRecord, SyncState } from "./state.ts";
import { type FieldValue, sameValue } from "./values.ts";

export interface RejectedRow {
  kind: Kind;
  pageId: string;
  id: string;
  errors: string[];
}

export interface Merge {
  rows: Rows;
  doc: CascadeDocument;
  /** Pages to trash (their rows left the document) and to restore (trashed, but the document changed them). */
  toTrash: Array<{ kind: Kind; pageId: string }>;
  toRestore: Set<Row>;
  /** Pages whose rows left the document because Notion deleted them: they leave the state too. */
  dropped: string[];
  rejected: Map<string, RejectedRow>;
  conflicts: ConflictRecord[];
}

export class MergeError extends Error {
  override readonly name = "MergeError";
}

export function merge(options: {
  doc: CascadeDocument;
  ours: Rows;
  pulled: Pulled;
  state: SyncState;
  documentEditedAt: Date;
  now: Date;
  names: PropertyNames;
}): Merge {
  const { ours, pulled, state } = options;
  const result: Merge = {
    rows: {} as Rows,
    doc: options.doc,
    toTrash: [],
    toRestore: new Set(),
    dropped: [],
    rejected: new Map(),
    conflicts: [],
  };
  const reject = (kind: Kind, pageId: string, id: string, errors: string[]) =>
    result.rejected.set(pageId, { kind, pageId, id, errors });
  // Notion keeps edit times to the minute: the document's is compared at the same precision, and a
  // tie (both edits in one minute) goes to Notion, the person typing.
  const docTime = Math.floor(options.documentEditedAt.getTime() / 60_000) * 60_000;
  /** Records a conflict; answers the side that is kept. */
  const conflict = (
    kind: Kind,
    id: string,
    field: string,
    cascade: FieldValue,
    notion: FieldValue,
    page?: PulledPage,
  ) => {
    const notionLater = page !== undefined && Date.parse(page.editedAt) >= docTime;
    const docEdited = options.documentEditedAt.toISOString();
    result.conflicts.push({
      at: options.now.toISOString(),
      kind,
      id,
      field,
      cascade,
      notion,
      kept: notionLater ? "notion" : "cascade",
      why: notionLater
        ? `edited in Notion at ${page?.editedAt}, after the document (${docEdited})`
        : `the document changed at ${docEdited}, after the page (${page?.editedAt ?? "deleted"})`,
    });
    return notionLater ? "notion" : "cascade";
  };

  for (const kind of KINDS) {
    const fields = inputFields(kind);
    const pageOfRow = new Map<string, string>();
    const statePages = new Set<string>();
    for (const [pageId, row] of Object.entries(state.rows)) {
      if (row.kind !== kind) continue;
      pageOfRow.set(row.id, pageId);
      statePages.add(pageId);
    }
    const pages = pulled.pages.get(kind) ?? [];
    const pageById = new Map(pages.map((p) => [p.pageId, p]));
    // Pages the state does not know, by the id they show or are named after: made by a run that stopped
    // before recording them, or made in Notion and taken into the document by a run that stopped before
    // naming them.
    const unrecorded = new Map<string, PulledPage>();
    for (const page of pages) {
      if (!statePages.has(page.pageId)) unrecorded.set(pulled.idOfPage.get(page.pageId) as string, page);
    }
    const rows: Row[] = [];
    const taken = new Set<string>();

    for (const row of ours[kind]) {
      const pageId = pageOfRow.get(row.id) ?? unrecorded.get(row.id)?.pageId;
      if (pageId === undefined) {
        rows.push({ ...row }); // new in Cascade: the push creates its page
        continue;
      }
      taken.add(pageId);
      const base = state.rows[pageId]?.values;
      const page = pageById.get(pageId);
      if (pulled.missing.has(pageId)) {
        const changed = base === undefined || fields.some((f) => !sameValue(row.values[f.key], base[f.key]));
        if (!changed) {
          result.dropped.push(pageId);
          continue;
        }
        conflict(kind, row.id, "(deleted in Notion)", "changed", null);
        const restored = { ...row, pageId };
        rows.push(restored);
        result.toRestore.add(restored);
        continue;
      }
      if (page !== undefined && page.errors.length > 0) {
        reject(kind, pageId, row.id, page.errors);
        rows.push({ ...row, pageId });
        continue;
      }
      const theirs = page?.values ?? base ?? {};
      const values: Record<string, FieldValue> = { ...row.values };
      // A page Cascade made but did not record has no base: the document's values stand.
      if (base !== undefined) {
        for (const field of fields) {
          const mine = row.values[field.key] ?? null;
          const their = theirs[field.key] ?? null;
          if (sameValue(mine, their)) continue;
          const changedMine = !sameValue(mine, base[field.key]);
          const changedTheirs = !sameValue(their, base[field.key]);
          if (changedTheirs && !changedMine) values[field.key] = their;
          else if (changedTheirs && conflict(kind, row.id, field.property, mine, their, page) === "notion") {
            values[field.key] = their;
          }
        }
      }
      rows.push({ ...row, values, pageId });
    }

    // Pages with no row in the document: made in Notion, or deleted in Cascade.
    for (const page of pages) {
      if (taken.has(page.pageId)) continue;
      const id = pulled.idOfPage.get(page.pageId) as string;
      if (page.errors.length > 0) {
        reject(kind, page.pageId, id, page.errors);
        continue;
      }
      const known = state.rows[page.pageId];
      if (known !== undefined) {
        if (!fields.some((f) => !sameValue(page.values[f.key], known.values[f.key]))) {
          result.toTrash.push({ kind, pageId: page.pageId });
          continue;
        }
        conflict(kind, id, "(deleted in Cascade)", null, "changed", page);
      }
      const source = kind === "checkIns" ? "notion" : undefined;
      rows.push({ id, values: page.values, pageId: page.pageId, source });
    }
    // Rows the document dropped whose pages were not read (unchanged in Notion, or deleted there too).
    for (const pageId of statePages) {
      if (taken.has(pageId) || pageById.has(pageId)) continue;
      if (pulled.missing.has(pageId)) result.dropped.push(pageId);
      else result.toTrash.push({ kind, pageId });
    }
    result.rows[kind] = rows;
  }

  result.doc = checkedDocument(options.doc, ours, result, options.names);
  return result;
}

/**
 * The document the merged rows make, valid: a row from Notion that makes it invalid is rejected (named
 * by its property) and goes back to the document's version, or out when it is new. Check-ins take their
 * ids from their place in the result; one whose key result is not in the document is rejected.
 */
function checkedDocument(
  doc: CascadeDocument,
  ours: Rows,
  merge: Merge,
  names: PropertyNames,
): CascadeDocument {
  const rows = merge.rows;
  let next = withRows(doc, rows);
  for (let attempt = 0; ; attempt++) {
    const parsed = parseCascadeDocument(next);
    if (parsed.ok) break;
    let reverted = false;
    for (const issue of parsed.error) {
      const culprit = attempt < 5 ? rowAt(issue.path, next, rows) : undefined;
      if (culprit === undefined || culprit.row.pageId === undefined) continue;
      const { kind, row } = culprit;
      const original = ours[kind].find((r) => r.id === row.id);
      if (
        original !== undefined &&
        Object.keys(original.values).every((k) => sameValue(original.values[k], row.values[k]))
      ) {
        continue; // the document's own value: not Notion's doing
      }
      const field = LAYOUT[kind].fields.find((f) => issue.path.endsWith(`.${f.key}`));
      const property = field ? propertyOf(kind, field, names) : issue.path;
      merge.rejected.set(row.pageId as string, {
        kind,
        pageId: row.pageId as string,
        id: row.id,
        errors: [`${property}: ${issue.message}`],
      });
      const list = rows[kind];
      const at = list.indexOf(row);
      if (original === undefined) list.splice(at, 1);
      else list[at] = { ...original, pageId: row.pageId };
      reverted = true;
    }
    if (!reverted) {
      const problems = parsed.error.map((i) => `${i.path}: ${i.message}`).join("; ");
      throw new MergeError(
        `the merged document is invalid, and not because of a row from Notion: ${problems}`,
      );
    }
    next = withRows(doc, rows);
  }

  // Check-ins are known by key result, date and place: their ids follow the merged order.
  const byKr = new Map<string, Row[]>();
  for (const row of rows.checkIns) {
    const krId = (row.values.keyResultId as string[] | null)?.[0] as string;
    byKr.set(krId, [...(byKr.get(krId) ?? []), row]);
  }
  const ordered = next.keyResults.flatMap((kr) => byKr.get(kr.id) ?? []);
  const krIds = new Set(next.keyResults.map((kr) => kr.id));
  for (const row of rows.checkIns) {
    const krId = (row.values.keyResultId as string[] | null)?.[0] as string;
    if (!krIds.has(krId) && row.pageId !== undefined) {
      const field = LAYOUT.checkIns.fields.find((f) => f.key === "keyResultId");
      const property = field ? propertyOf("checkIns", field, names) : "Key Result";
      merge.rejected.set(row.pageId, {
        kind: "checkIns",
        pageId: row.pageId,
        id: row.id,
        errors: [`${property}: the key result ${krId} is not in the document (rejected or deleted)`],
      });
    }
  }
  const ids = checkInIds(
    ordered.map((r) => ({
      keyResultId: (r.values.keyResultId as string[])[0] as string,
      date: r.values.date as string,
    })),
  );
  ordered.forEach((row, i) => {
    row.id = ids[i] as string;
  });
  rows.checkIns = ordered;
  return next;
}

/** The row an issue's path ("keyResults[3].target", "keyResults[3].checkIns[1].confidence") is about. */
function rowAt(path: string, doc: CascadeDocument, rows: Rows): { kind: Kind; row: Row } | undefined {
  const checkIn = /^keyResults\[(\d+)\]\.checkIns\[(\d+)\]/.exec(path);
  if (checkIn) {
    const kr = doc.keyResults[Number(checkIn[1])];
    const ofKr = rows.checkIns.filter((r) => (r.values.keyResultId as string[] | null)?.[0] === kr?.id);
    const row = ofKr[Number(checkIn[2])];
    return row && { kind: "checkIns", row };
  }
  const item = /^(\w+)\[(\d+)\]/.exec(path);
  if (!item || !(ITEM_KINDS as readonly string[]).includes(item[1] as string)) return undefined;
  const kind = item[1] as Kind;
  const row = rows[kind][Number(item[2])];
  return row && { kind, row };
}
