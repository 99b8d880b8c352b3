/**
 * Reading a cascade document from a file or stdin, with every failure turned into a UsageError that
 * says what is wrong and where.
 */
import { text } from "node:stream/consumers";
import { todayUtc } from "../core/dates.ts";
import { duplicateIdProblems } from "../core/lint/references.ts";
import type { CascadeDocument } from "../core/model/document.ts";
import { isoDate } from "../schema/document.ts";
import { CascadeFileError, FileCascadeStore, parseDocumentText } from "../store/file.ts";
import { AmbiguousDocumentError, type OptionValues, UsageError } from "./command.ts";

/**
 * Reads `file` (`-` for stdin) and validates it as a cascade document. A file is read through the file
 * store, the one way in and out of a document file.
 */
export async function loadDocument(file: string | undefined): Promise<CascadeDocument> {
  if (file === undefined)
    throw new UsageError("missing FILE: give the path of a cascade document, or - for stdin");
  try {
    if (file === "-") return parseDocumentText(await stdinText(), "stdin");
    const stored = await new FileCascadeStore(file).read();
    if (stored === null) throw new UsageError(`cannot read ${file}: no such file`);
    return stored.doc;
  } catch (error) {
    if (error instanceof CascadeFileError) throw new UsageError(error.message);
    throw error;
  }
}

/**
 * Reads a document as {@link loadDocument} does, for a command that scores it: one that uses an id
 * twice is refused with every duplicate by path (an AmbiguousDocumentError), as `PUT /cascade` refuses
 * it, because scoring would silently pick one of the items each such id names.
 */
export async function loadScorableDocument(file: string | undefined): Promise<CascadeDocument> {
  const doc = await loadDocument(file);
  const problems = duplicateIdProblems(doc);
  if (problems.length > 0) {
    const n = problems.length;
    const lines = problems.map((p) => `  ${p.path}: ${p.message}`);
    throw new AmbiguousDocumentError(
      `${file === "-" ? "stdin" : file} uses ids more than once, so what they name is ambiguous (${n} problem${n === 1 ? "" : "s"}):\n${lines.join("\n")}\nGive each item an id of its own; nothing was scored.`,
      problems,
    );
  }
  return doc;
}

async function stdinText(): Promise<string> {
  try {
    return await text(process.stdin);
  } catch (error) {
    throw new UsageError(`cannot read stdin: ${String(error)}`);
  }
}

/** The `--as-of` option, checked; today (UTC) when absent. */
export function asOfOption(values: OptionValues): string {
  const value = values["as-of"];
  if (value === undefined) return todayUtc();
  if (typeof value !== "string" || !isoDate.safeParse(value).success) {
    throw new UsageError(`--as-of: expected a date YYYY-MM-DD, got "${String(value)}"`);
  }
  return value;
}

/** A required string option such as `--cycle`. */
export function requiredOption(values: OptionValues, name: string, what: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "") throw new UsageError(`--${name}: expected ${what}`);
  return value;
}

/**
 * The `--team` option, checked against the teams the document knows (a --team that names none would
 * filter everything away and look like a team without problems); undefined when absent.
 */
export function teamOption(values: OptionValues, known: Iterable<string>): string | undefined {
  const team = values.team;
  if (team === undefined) return undefined;
  const teams = new Set(known);
  if (typeof team !== "string" || !teams.has(team)) {
    const list = [...teams].sort().join(", ");
    throw new UsageError(
      `--team: no team "${String(team)}" in the document${list === "" ? "" : ` (teams: ${list})`}`,
    );
  }
  return team;
}
