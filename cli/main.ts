/**
 * `cascade`: score, lint and inspect cascade documents from the command line.
 * Exit codes: 0 ok; 1 lint errors (lint), or ids used twice (every command that scores); 2 unreadable
 * file, invalid document or bad arguments.
 */
import { parseArgs } from "node:util";
import {
  AmbiguousDocumentError,
  type Command,
  EXIT_LINT_ERRORS,
  EXIT_OK,
  EXIT_USAGE,
  type OptionValues,
  type Output,
  UsageError,
} from "./command.ts";
import { commands } from "./commands/index.ts";

const processOutput: Output = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    "cascade: score strategy cascades (imperatives → goals → objectives → key results)",
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "Usage:",
    ...commands.map((c) => `  ${c.usage}`),
    "",
    "FILE may be - to read the document from stdin. --as-of defaults to today (UTC).",
    "Exit codes: 0 ok, 1 lint errors (lint) or ids used twice (the commands that score),",
    "2 unreadable file, invalid document or bad arguments.",
    "",
  ].join("\n");
}

/** Runs the CLI with `argv` (without node and the script) and returns the exit code. */
export async function main(argv: string[], output: Output = processOutput): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    output.out(help());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const command: Command | undefined = commands.find((c) => c.name === name);
  if (command === undefined) {
    output.err(`cascade: unknown command "${name}"\n\n${help()}`);
    return EXIT_USAGE;
  }
  try {
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args: rest, options: command.options, allowPositionals: true, strict: true });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    const maxPositionals = command.usage.includes("FILE") ? 1 : 0;
    if (parsed.positionals.length > maxPositionals) {
      throw new UsageError(`unexpected argument "${parsed.positionals[maxPositionals]}"`);
    }
    return await command.run(parsed.positionals, parsed.values as OptionValues, output);
  } catch (error) {
    if (error instanceof AmbiguousDocumentError) {
      output.err(`cascade ${command.name}: ${error.message}\n`);
      return EXIT_LINT_ERRORS;
    }
    if (!(error instanceof UsageError)) throw error;
    output.err(`cascade ${command.name}: ${error.message}\nusage: ${command.usage}\n`);
    return EXIT_USAGE;
  }
}
