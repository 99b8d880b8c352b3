/**
 * The file implementation of the store port: a cascade document kept in one JSON file, as the CLI and
 * the Notion sync read and write it. Its revision is the SHA-256 of the file's text, so a change made
 * against a revision fails (`stale_revision`) when anyone else rewrote the file meanwhile. A write goes
 * to a temporary file beside it and is renamed over it: a reader sees the old text or the new, never
 * half of one, and a crash leaves the old file whole.
 */
import { createHash } from "node:crypto";
import { readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { parseCascadeDocument, type ValidationIssue } from "../schema/validate.ts";
import { applyChange, isConflict } from "./change.ts";
import { formatDocument } from "./format.ts";
import type {
  ApplyConflict,
  ApplyOptions,
  ApplyResult,
  CascadeChange,
  CascadeStore,
  PreparedChange,
  StoredCascade,
} from "./port.ts";

/** Why a document file could not be read as a cascade. */
export class CascadeFileError extends Error {
  override readonly name = "CascadeFileError";

  constructor(
    readonly reason: "unreadable" | "invalid_json" | "invalid_document",
    message: string,
    /** For `invalid_document`: every problem, by JSON path. */
    readonly issues: readonly ValidationIssue[] = [],
  ) {
    super(message);
  }
}

/** A file's revision: the SHA-256 of its text, in hex. */
export function revisionOf(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

export class FileCascadeStore implements CascadeStore<string> {
  constructor(readonly path: string) {}

  /**
   * The document in the file, validated, or null when there is no file. Throws `CascadeFileError`
   * when the file cannot be read or is not a valid cascade document.
   */
  async read(): Promise<StoredCascade<string> | null> {
    const text = await this.text();
    return text === null ? null : this.parse(text);
  }

  async prepare(change: CascadeChange<string>): Promise<PreparedChange<string> | ApplyConflict> {
    const base = change.kind === "replace" ? undefined : await this.read();
    if (base === null) return { ok: false, reason: "not_found", what: "cascade" };
    const changed = applyChange(base ?? null, change, "");
    if (isConflict(changed)) return changed;
    const revision = revisionOf(formatDocument(changed.doc));
    return { change, base, next: { doc: changed.doc, revision, versions: new Map() } };
  }

  async commit(
    prepared: PreparedChange<string>,
    { expectedRevision }: ApplyOptions<string> = {},
  ): Promise<ApplyResult<string>> {
    const current = await this.text();
    const currentRevision = current === null ? "" : revisionOf(current);
    // Refused when the file moved past the revision asked for, or past the one the change was made on.
    const against = expectedRevision ?? prepared.base?.revision;
    if (against !== undefined && against !== currentRevision) {
      return { ok: false, reason: "stale_revision", revision: currentRevision };
    }
    const text = formatDocument(prepared.next.doc);
    const temporary = join(dirname(this.path), `.${basename(this.path)}.${process.pid}.${Date.now()}.tmp`);
    try {
      await writeFile(temporary, text, "utf8");
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    return { ok: true, revision: prepared.next.revision, cascade: prepared.next, exact: true };
  }

  async apply(change: CascadeChange<string>, options?: ApplyOptions<string>): Promise<ApplyResult<string>> {
    const prepared = await this.prepare(change);
    return "ok" in prepared ? prepared : this.commit(prepared, options);
  }

  /** The file's text, or null when there is no file. */
  private async text(): Promise<string | null> {
    try {
      return await readFile(this.path, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return null;
      const reason = code === "EISDIR" ? "is a directory" : String(error);
      throw new CascadeFileError("unreadable", `cannot read ${this.path}: ${reason}`);
    }
  }

  private parse(text: string): StoredCascade<string> {
    const doc = parseDocumentText(text, this.path);
    return { doc, revision: revisionOf(text), versions: new Map() };
  }
}

/**
 * A cascade document from its JSON text; `name` says where it came from in the error. Throws
 * `CascadeFileError` naming the line and column of bad JSON, or every problem of an invalid document.
 */
export function parseDocumentText(text: string, name: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CascadeFileError(
      "invalid_json",
      `${name} is not valid JSON: ${describeJsonError(text, error as Error)}`,
    );
  }
  const result = parseCascadeDocument(json);
  if (!result.ok) {
    const n = result.error.length;
    const lines = result.error.map((issue) => `  ${issue.path}: ${issue.message}`);
    throw new CascadeFileError(
      "invalid_document",
      `${name} is not a valid cascade document (${n} problem${n === 1 ? "" : "s"}):\n${lines.join("\n")}`,
      result.error,
    );
  }
  return result.value;
}

/** Adds the line and column to JSON.parse's "at position N". */
function describeJsonError(source: string, error: Error): string {
  const position = /position (\d+)/.exec(error.message)?.[1];
  if (position === undefined) return error.message;
  const before = source.slice(0, Number(position));
  const line = before.split("\n").length;
  const column = Number(position) - before.lastIndexOf("\n");
  return `${error.message} (line ${line}, column ${column})`;
}
