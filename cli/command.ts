import type { ParseArgsConfig } from "node:util";

/** Where a command writes; tests and `main` pass process streams or buffers. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export type OptionValues = Record<string, string | boolean | undefined>;

/** One `cascade <name>` subcommand. `run` returns the exit code. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: NonNullable<ParseArgsConfig["options"]>;
  run(positionals: string[], values: OptionValues, output: Output): Promise<number>;
}

export const EXIT_OK = 0;
/**
 * `cascade lint` found an error, or a command that scores was given an ambiguous document (an id used
 * twice, see {@link AmbiguousDocumentError}).
 */
export const EXIT_LINT_ERRORS = 1;
/** Unreadable file, invalid document or bad arguments. */
export const EXIT_USAGE = 2;

/**
 * A valid document that cannot be scored without guessing: ids used more than once (docs/scoring.md,
 * "Duplicate ids"). `main` prints the problems, the same ones `PUT /cascade` answers 400 with, and
 * exits with {@link EXIT_LINT_ERRORS}.
 */
export class AmbiguousDocumentError extends Error {
  override name = "AmbiguousDocumentError";

  constructor(
    message: string,
    readonly problems: ReadonlyArray<{ path: string; message: string }>,
  ) {
    super(message);
  }
}

/** Bad input to the CLI: `main` prints the message and exits with {@link EXIT_USAGE}. */
export class UsageError extends Error {
  override name = "UsageError";
}
