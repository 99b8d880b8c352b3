import { scoreCascade } from "../../core/report.ts";
import type { Command } from "../command.ts";
import { EXIT_OK } from "../command.ts";
import { asOfOption, loadScorableDocument, teamOption } from "../load.ts";
import { renderScoreTree } from "../render/tree.ts";
import { useColor } from "../tty.ts";

export const score: Command = {
  name: "score",
  summary: "Score a cascade document: the tree with progress, status and pace, then alerts and lint",
  usage: "cascade score FILE [--as-of YYYY-MM-DD] [--cycle ID] [--team T] [--json]",
  options: {
    "as-of": { type: "string" },
    cycle: { type: "string" },
    team: { type: "string" },
    json: { type: "boolean" },
  },
  async run([file], values, output) {
    const asOf = asOfOption(values);
    const doc = await loadScorableDocument(file);
    const team = teamOption(values, [
      ...(doc.teams ?? []).map((t) => t.id),
      ...doc.objectives.flatMap((o) => (o.team === undefined ? [] : [o.team])),
      ...(doc.initiatives ?? []).map((i) => i.team),
    ]);
    const report = scoreCascade(doc, asOf);
    if (values.json) {
      output.out(`${JSON.stringify(report, null, 2)}\n`);
      return EXIT_OK;
    }
    const cycle = typeof values.cycle === "string" ? values.cycle : undefined;
    output.out(renderScoreTree(doc, report, { color: useColor(), cycle, team }));
    return EXIT_OK;
  },
};
