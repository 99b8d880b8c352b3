/** The weekly agenda as markdown a facilitator pastes into the meeting doc. */
import type { Agenda, AgendaKind } from "../model/execution.ts";
import { AGENDA_ORDER } from "./agenda.ts";
import { code, escapeMarkdown, plural } from "./markdown.ts";

/** Section headings, in agenda order. */
export const AGENDA_HEADINGS: Record<AgendaKind, string> = {
  blocking_off_track: "Off-track key results others depend on",
  lead_declining: "Lead measures declining: countermove needed",
  health_red: "Health metrics in the red",
  dependency_at_risk: "Blocked by a dependency",
  off_track: "Off track",
  health_worsening: "Health metrics worsening",
  forecast_shortfall: "Forecast short of target",
  low_confidence_at_risk: "At risk, with low confidence",
  stale_check_in: "Stale or missing check-ins",
  lint_error: "Errors in the cascade document",
};

const ALSO: Record<AgendaKind, string> = {
  blocking_off_track: "blocks others",
  lead_declining: "lead measure declining",
  health_red: "health red",
  dependency_at_risk: "blocked by a dependency",
  off_track: "off track",
  health_worsening: "health worsening",
  forecast_shortfall: "forecast short",
  low_confidence_at_risk: "low confidence",
  stale_check_in: "check-in stale",
  lint_error: "document error",
};

/**
 * Renders the agenda: a heading, a count, then one section per kind that has items, each item with its
 * title, id, owner and why. An empty agenda says so in one line.
 *
 * @example renderAgendaMarkdown(agenda).split("\n")[0] // "# Leadership agenda: Northwind, 2026-02-16"
 */
export function renderAgendaMarkdown(agenda: Agenda): string {
  const lines = [`# Leadership agenda: ${escapeMarkdown(agenda.organization)}, ${agenda.asOf}`, ""];
  if (agenda.items.length === 0) {
    lines.push(`Nothing hot as of ${agenda.asOf}: no alerts and no errors in the cascade document.`);
    return `${lines.join("\n")}\n`;
  }
  lines.push(`${plural(agenda.items.length, "hot item")}, hottest first.`);
  let n = 0;
  for (const kind of AGENDA_ORDER) {
    const items = agenda.items.filter((i) => i.kind === kind);
    if (items.length === 0) continue;
    lines.push("", `## ${AGENDA_HEADINGS[kind]}`, "");
    for (const item of items) {
      n++;
      const owner = item.owner === null ? "no owner" : `owner ${escapeMarkdown(item.owner)}`;
      lines.push(
        `${n}. **${escapeMarkdown(item.title)}** (${code(item.subject)}, ${owner}): ${escapeMarkdown(item.why)}`,
      );
      if (item.also.length > 0) lines.push(`   Also: ${item.also.map((k) => ALSO[k]).join(", ")}.`);
    }
  }
  return `${lines.join("\n")}\n`;
}
