import { buildAgenda } from "../../core/execution/agenda.ts";
import { renderAgendaMarkdown } from "../../core/execution/agenda-markdown.ts";
import { scoreCascade } from "../../core/report.ts";
import type { Command } from "../command.ts";
import { EXIT_OK } from "../command.ts";
import { asOfOption, loadScorableDocument } from "../load.ts";

export const agenda: Command = {
  name: "agenda",
  summary: "The weekly leadership agenda: hot items in order, each with why, as markdown to paste",
  usage: "cascade agenda FILE [--as-of YYYY-MM-DD] [--json]",
  options: { "as-of": { type: "string" }, json: { type: "boolean" } },
  async run([file], values, output) {
    const asOf = asOfOption(values);
    const doc = await loadScorableDocument(file);
    const result = buildAgenda(doc, scoreCascade(doc, asOf));
    output.out(values.json ? `${JSON.stringify(result, null, 2)}\n` : renderAgendaMarkdown(result));
    return EXIT_OK;
  },
};
