import { buildRetrospective } from "../../core/execution/retro.ts";
import { renderRetrospectiveMarkdown } from "../../core/execution/retro-markdown.ts";
import { scoreCascade } from "../../core/report.ts";
import type { Command } from "../command.ts";
import { EXIT_OK, UsageError } from "../command.ts";
import { loadScorableDocument, requiredOption } from "../load.ts";

export const retro: Command = {
  name: "retro",
  summary: "The retrospective of a cycle: final scores, the stretch reading, carry-over, notes",
  usage: "cascade retro FILE --cycle ID [--json]",
  options: { cycle: { type: "string" }, json: { type: "boolean" } },
  async run([file], values, output) {
    const cycleId = requiredOption(values, "cycle", "the id of a cycle");
    const doc = await loadScorableDocument(file);
    const result = buildRetrospective(doc, cycleId, (asOf) => scoreCascade(doc, asOf));
    if (result === null) throw new UsageError(unknownCycle(cycleId, doc.cycles));
    output.out(values.json ? `${JSON.stringify(result, null, 2)}\n` : renderRetrospectiveMarkdown(result));
    return EXIT_OK;
  },
};

/** The message for a --cycle that names no cycle, listing the ones there are. */
export function unknownCycle(cycleId: string, cycles: ReadonlyArray<{ id: string }>): string {
  const known = cycles.map((c) => c.id).join(", ");
  return `--cycle: no cycle "${cycleId}" in the document${known === "" ? "" : ` (cycles: ${known})`}`;
}
