/** ETags are versions: `"7"`. If-Match takes one (quoted or not; a weak `W/` prefix is ignored). */
import { HttpError } from "../http-error.ts";

export const etag = (version: number) => `"${version}"`;

/** The version an If-Match header names; undefined when absent or `*`; 412 when unreadable. */
export function ifMatchVersion(header: string | undefined): number | undefined {
  if (header === undefined || header.trim() === "*") return undefined;
  const match = header.trim().match(/^(?:W\/)?"?(\d+)"?$/);
  if (!match?.[1]) throw new HttpError("precondition_failed", 'If-Match must name a version, e.g. "7"');
  return Number(match[1]);
}
