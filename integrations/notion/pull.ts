/**
 * Reading pages: each page of a data source as a row of the document, with every value checked. A page
 * whose value cannot be the document's (an unknown Kind, a confidence of 42, a check-in without a date)
 * carries the errors, named by property, instead of reaching the document.
 */

import { CASCADE_ID, type Kind, LAYOUT, type PropertyNames, propertyOf } from "./layout.ts";
import type { NotionPage } from "./notion-api.ts";
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
