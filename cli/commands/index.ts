import type { Command } from "../command.ts";
import { agenda } from "./agenda.ts";
import { lint } from "./lint.ts";
import { notion } from "./notion.ts";
import { pipeline } from "./pipeline.ts";
import { retro } from "./retro.ts";
import { schema } from "./schema.ts";
import { score } from "./score.ts";

/** Every `cascade` subcommand, in the order `cascade help` lists them. */
export const commands: readonly Command[] = [score, lint, agenda, pipeline, retro, notion, schema];
