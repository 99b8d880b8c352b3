/**
 * Reading a cascade document from a file or stdin, with every failure turned into a UsageError that
 * says what is wrong and where.
 */
import { readFile } from "node:fs/promises";
import { text } from "node:stream/consumers";
import { todayUtc } from "../core/dates.ts";
import type { CascadeDocument } from "../core/model/document.ts";
import { isoDate } from "../schema/document.ts";
import { parseCascadeDocument } from "../schema/validate.ts";
import { type OptionValues, UsageError } from "./command.ts";

/** Reads `file` (`-` for stdin) and validates it as a cascade document. */
export async function loadDocument(file: string | undefined): Promise<CascadeDocument> {
  if (file === undefined)
    throw new UsageError("missing FILE: give the path of a cascade document, or - for stdin");
  const name = file === "-" ? "stdin" : file;
  let source: string;
  try {
    source = file === "-" ? await text(process.stdin) : await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : String(error);
    throw new UsageError(`cannot read ${name}: ${reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw new UsageError(`${name} is not valid JSON: ${describeJsonError(source, error as Error)}`);
  }
  const result = parseCascadeDocument(json);
  if (!result.ok) {
    const n = result.error.length;
    const lines = result.error.map((issue) => `  ${issue.path}: ${issue.message}`);
    throw new UsageError(
      `${name} is not a valid cascade document (${n} problem${n === 1 ? "" : "s"}):\n${lines.join("\n")}`,
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
