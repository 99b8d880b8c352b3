/** The retrospective as markdown for the end-of-cycle session. */
import type { Retrospective } from "../model/execution.ts";
import { formatNumber, formatPercent } from "./format.ts";
import { code, escapeMarkdown } from "./markdown.ts";

const score = (s: number | null) => (s === null ? "–" : formatNumber(s));

/**
 * Renders the retrospective: the cycle's mean and its reading, scores and grades per team and per
 * objective, the carry-over proposals and the learning notes.
 *
 * @example renderRetrospectiveMarkdown(retro).split("\n")[0] // "# Retrospective: Q1 2026 (2026-01-05 to 2026-03-30)"
 */
export function renderRetrospectiveMarkdown(retro: Retrospective): string {
  const name = escapeMarkdown(retro.cycleName ?? retro.cycleId);
  const lines = [
    `# Retrospective: ${name} (${retro.start} to ${retro.end})`,
    "",
    `${escapeMarkdown(retro.organization)}, scored as of ${retro.asOf}. ${retro.readingText}`,
  ];

  lines.push("", "## Teams", "");
  if (retro.teams.length === 0) lines.push("No objectives in this cycle.");
  else {
    lines.push("| Team | Objectives | Score | Grade |", "|---|---:|---:|---|");
    for (const t of retro.teams) {
      lines.push(
        `| ${t.team === null ? "(no team)" : escapeMarkdown(t.team)} | ${t.objectives} | ${score(t.score)} | ${t.grade ?? "–"} |`,
      );
    }
  }

  if (retro.objectives.length > 0) {
    lines.push(
      "",
      "## Objectives",
      "",
      "| Objective | Team | Owner | Score | Grade |",
      "|---|---|---|---:|---|",
    );
    for (const o of retro.objectives) {
      lines.push(
        `| ${escapeMarkdown(o.title)} (${code(o.id)}) | ${escapeMarkdown(o.team ?? "–")} | ${escapeMarkdown(o.owner ?? "–")} | ${score(o.score)} | ${o.grade ?? "–"} |`,
      );
    }
  }

  lines.push("", "## Proposed carry-over", "");
  if (retro.carryOver.length === 0)
    lines.push(
      "Every key result of the cycle is done, held its range, weighs 0 or is invalid (fix those rather " +
        "than carry them): nothing to carry over.",
    );
  for (const kr of retro.carryOver) {
    const progress = kr.progress === null ? "no data" : `${formatPercent(kr.progress)} done`;
    const owner = kr.owner === null ? "" : `, owner ${escapeMarkdown(kr.owner)}`;
    lines.push(
      `- [ ] **${escapeMarkdown(kr.title)}** (${code(kr.id)}${owner}): ${progress}, ${kr.status.replace("_", " ")}.`,
    );
  }

  lines.push("", "## Learning capture: check-in notes", "");
  if (retro.notes.length === 0) lines.push("No check-in of this cycle carries a note.");
  for (const n of retro.notes) {
    lines.push(
      `- ${n.date}, ${escapeMarkdown(n.keyResultTitle)} (${code(n.keyResultId)}): ${escapeMarkdown(n.note)}`,
    );
  }
  return `${lines.join("\n")}\n`;
}
