import { renderPipelineMarkdown, selectPipeline } from "../../core/execution/pipeline-markdown.ts";
import { scoreCascade } from "../../core/report.ts";
import type { Command } from "../command.ts";
import { EXIT_OK, UsageError } from "../command.ts";
import { asOfOption, loadScorableDocument, requiredOption, teamOption } from "../load.ts";
import { unknownCycle } from "./retro.ts";

export const pipeline: Command = {
  name: "pipeline",
  summary: "The ranked pipeline of a cycle (WSJF) with each team's cut line",
  usage: "cascade pipeline FILE --cycle ID [--team T] [--as-of YYYY-MM-DD] [--json]",
  options: {
    cycle: { type: "string" },
    team: { type: "string" },
    "as-of": { type: "string" },
    json: { type: "boolean" },
  },
  async run([file], values, output) {
    const cycleId = requiredOption(values, "cycle", "the id of a cycle");
    const asOf = asOfOption(values);
    const doc = await loadScorableDocument(file);
    if (!doc.cycles.some((c) => c.id === cycleId)) throw new UsageError(unknownCycle(cycleId, doc.cycles));
    const team = teamOption(values, [
      ...(doc.teams ?? []).map((t) => t.id),
      ...(doc.initiatives ?? []).map((i) => i.team),
    ]);
    const view = selectPipeline(scoreCascade(doc, asOf), doc, cycleId, team);
    if (values.json) {
      output.out(`${JSON.stringify({ asOf, cycleId, team: team ?? null, ...view }, null, 2)}\n`);
    } else {
      output.out(renderPipelineMarkdown(view, cycleId, asOf));
    }
    return EXIT_OK;
  },
};
