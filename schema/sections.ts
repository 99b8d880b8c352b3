/**
 * The sections of a cascade document (DOMAIN §2), listed once. Everything that walks a document section
 * by section derives from this list: the order a stored document is read back in, which sections are
 * optional (kept absent when the document left them out), and which hold items addressed by id.
 */
import type { CascadeDocument } from "./document.ts";

interface SectionInfo {
  /** Absent from a document that leaves it out (and then read back absent). */
  readonly optional: boolean;
  /** Its items have an `id` the API addresses them by, unique within the section. */
  readonly ids: boolean;
}

/** Every section after `version` and `organization`, in the order DOMAIN §2 lists them. */
export const DOCUMENT_SECTIONS = {
  settings: { optional: true, ids: false },
  cycles: { optional: false, ids: true },
  teams: { optional: true, ids: true },
  imperatives: { optional: false, ids: true },
  goals: { optional: false, ids: true },
  objectives: { optional: false, ids: true },
  keyResults: { optional: false, ids: true },
  initiatives: { optional: true, ids: true },
  tradeOffs: { optional: true, ids: true },
  dependencies: { optional: true, ids: false },
  healthMetrics: { optional: true, ids: true },
  reallocations: { optional: true, ids: true },
} as const satisfies Record<Exclude<keyof CascadeDocument, "version" | "organization">, SectionInfo>;

export type SectionName = keyof typeof DOCUMENT_SECTIONS;

type Where<P extends keyof SectionInfo> = {
  [S in SectionName]: (typeof DOCUMENT_SECTIONS)[S][P] extends true ? S : never;
}[SectionName];

export type OptionalSection = Where<"optional">;
export type IdSection = Where<"ids">;

const names = Object.keys(DOCUMENT_SECTIONS) as SectionName[];

/** The sections a document may leave out, in document order. */
export const OPTIONAL_SECTIONS = names.filter((s) => DOCUMENT_SECTIONS[s].optional) as OptionalSection[];

/** The sections whose items have ids, in document order. */
export const ID_SECTIONS = names.filter((s) => DOCUMENT_SECTIONS[s].ids) as IdSection[];

/**
 * The document with its fields in the order DOMAIN §2 lists them and absent optional sections left out,
 * so a document read back from storage reads like the file that was sent.
 *
 * @example canonicalOrder({ cycles, organization: "Acme", version: 1, ... }) // version, organization, cycles, ...
 */
export function canonicalOrder(doc: CascadeDocument): CascadeDocument {
  const ordered: Record<string, unknown> = { version: doc.version, organization: doc.organization };
  for (const section of names) {
    const value = doc[section];
    if (value !== undefined) ordered[section] = value;
  }
  return ordered as unknown as CascadeDocument;
}
