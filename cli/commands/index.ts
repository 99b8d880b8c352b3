import type { Command } from "../command.ts";
import { lint } from "./lint.ts";
import { schema } from "./schema.ts";
import { score } from "./score.ts";

/** Every `cascade` subcommand, in the order `cascade help` lists them. */
export const commands: readonly Command[] = [score, lint, schema];
