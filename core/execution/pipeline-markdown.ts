/** The ranked pipeline of a cycle with each team's cut line, as markdown (`cascade pipeline`). */
import { compareText } from "../compare.ts";
import type { CascadeDocument } from "../model/document.ts";
import type { CapacityReport, InitiativeReport, ReallocationReport } from "../model/execution.ts";
import { blastRadius, documentGraph } from "./dependency-graph.ts";
import { formatNumber } from "./format.ts";
import { code, escapeMarkdown, plural } from "./markdown.ts";

export interface PipelineView {
  initiatives: readonly InitiativeReport[];
  capacity: readonly CapacityReport[];
  /** Budget moves from or to these initiatives, in the order applied. */
  reallocations: readonly ReallocationReport[];
}

/** An off-track initiative others depend on, with everything that waits on it (its blast radius). */
export interface Blocking {
  id: string;
  dependents: string[];
}

export interface PipelineSelection extends PipelineView {
  /** The view's off-track initiatives that something depends on, most dependents first. */
  blocking: Blocking[];
}

/**
 * The initiatives and capacity entries of one cycle (and optionally one team), in rank order, with the
 * budget moves that touch those initiatives and, from the document's dependencies, the off-track
 * initiatives among them that others wait on.
 *
 * @example selectPipeline(report, doc, "q1", "platform").capacity.length // 1
 */
export function selectPipeline(
  view: PipelineView,
  doc: Pick<CascadeDocument, "keyResults" | "initiatives" | "dependencies">,
  cycleId: string,
  team?: string,
): PipelineSelection {
  const keep = (x: { cycleId: string; team: string }) =>
    x.cycleId === cycleId && (team === undefined || x.team === team);
  const initiatives = view.initiatives.filter(keep);
  const ids = new Set(initiatives.map((i) => i.id));
  const offTrack = initiatives.filter((i) => i.status === "off_track");
  const blocking: Blocking[] = [];
  if (offTrack.length > 0 && (doc.dependencies?.length ?? 0) > 0) {
    const graph = documentGraph(doc);
    for (const i of offTrack) {
      const dependents = blastRadius(graph, i.id);
      if (dependents.length > 0) blocking.push({ id: i.id, dependents });
    }
    blocking.sort((a, b) => b.dependents.length - a.dependents.length || compareText(a.id, b.id));
  }
  return {
    initiatives,
    capacity: view.capacity.filter(keep),
    reallocations: view.reallocations.filter((r) => ids.has(r.from) || ids.has(r.to)),
    blocking,
  };
}

/**
 * Renders one table per team in line order: admitted initiatives, those above the line, the cut line,
 * those below it; then what trade-offs dropped. A team without capacity gets its ranking and no line.
 *
 * @example renderPipelineMarkdown(selectPipeline(report, "q1"), "q1")
 */
export function renderPipelineMarkdown(view: PipelineSelection, cycleId: string, asOf?: string): string {
  const lines = [
    `# Pipeline: cycle ${escapeMarkdown(cycleId)}${asOf === undefined ? "" : ` (as of ${asOf})`}`,
  ];
  if (view.capacity.length === 0) {
    lines.push("", "No initiatives and no capacity in this cycle.");
    return `${lines.join("\n")}\n`;
  }
  const byId = new Map(view.initiatives.map((i) => [i.id, i] as const));
  for (const c of view.capacity) {
    const mine = view.initiatives.filter((i) => i.team === c.team && i.cycleId === c.cycleId);
    lines.push("", `## Team ${escapeMarkdown(c.team)}`, "", summary(c), "");
    if (mine.length === 0) {
      lines.push("No initiatives.");
      continue;
    }
    lines.push(
      "| # | Initiative | Type | WSJF | Cost of delay | Size | Total | Committed | Status |",
      "|---:|---|---|---:|---:|---:|---:|---|---|",
    );
    const row = (i: InitiativeReport, total: number | null, note = "") =>
      `| ${i.teamRank} | ${escapeMarkdown(i.title)} (${code(i.id)})${note} | ${i.type} | ${formatNumber(i.priority)} | ` +
      `${formatNumber(i.costOfDelay)} | ${formatNumber(i.size)} | ${total === null ? "–" : formatNumber(total)} | ` +
      `${i.committed ? "yes" : "no"} | ${i.status?.replace("_", " ") ?? "–"} |`;
    if (c.capacity === null) {
      let total = 0;
      for (const i of mine) {
        if (c.dropped.includes(i.id)) continue;
        total += i.size;
        lines.push(row(i, total));
      }
    } else {
      let total = 0;
      for (const id of c.onLine) {
        const i = byId.get(id) as InitiativeReport;
        total += i.size;
        lines.push(
          row(i, total, i.line === "admitted_by_trade_off" ? ` admitted by ${code(i.tradeOffId ?? "")}` : ""),
        );
      }
      lines.push(`| | **── cut line: capacity ${formatNumber(c.capacity)} ──** | | | | | | | |`);
      for (const id of c.belowLine) {
        const i = byId.get(id) as InitiativeReport;
        total += i.size;
        lines.push(row(i, total, c.overCapacity.includes(id) ? " **over capacity**" : ""));
      }
    }
    const dropped = mine.filter((i) => c.dropped.includes(i.id));
    if (dropped.length > 0) {
      lines.push(
        "",
        `Dropped by trade-offs: ${dropped.map((i) => `${escapeMarkdown(i.title)} (${code(i.id)}, ${code(i.tradeOffId ?? "")})`).join(", ")}.`,
      );
    }
  }
  lines.push(...blockingLines(view), ...budgetMoves(view.reallocations));
  return `${lines.join("\n")}\n`;
}

/** Off-track initiatives others wait on: what their slip puts at risk, directly or down the chain. */
function blockingLines(view: PipelineSelection): string[] {
  if (view.blocking.length === 0) return [];
  const title = new Map(view.initiatives.map((i) => [i.id, i.title] as const));
  const lines = ["", "## Off track, and others wait on it", ""];
  for (const b of view.blocking) {
    const shown = b.dependents.slice(0, 10).map(code).join(", ");
    const more = b.dependents.length > 10 ? ` and ${b.dependents.length - 10} more` : "";
    lines.push(
      `- **${escapeMarkdown(title.get(b.id) ?? b.id)}** (${code(b.id)}): ${plural(b.dependents.length, "item")} ` +
        `${b.dependents.length === 1 ? "depends" : "depend"} on it, directly or down the chain: ${shown}${more}.`,
    );
  }
  return lines;
}

/**
 * The budget moves touching the pipeline: micro ones the resource council may approve on its own,
 * major ones that need a named leadership approval (DOMAIN §7, resource fluidity).
 */
function budgetMoves(moves: readonly ReallocationReport[]): string[] {
  if (moves.length === 0) return [];
  const lines = [
    "",
    "## Budget moves",
    "",
    "Micro moves (below the share of the total budget the settings allow) need no leadership decision; major ones need a named approver.",
    "",
    "| Date | Move | Amount | Scale | Approved by |",
    "|---|---|---:|---|---|",
  ];
  for (const r of moves) {
    const approval =
      r.approvedBy !== null
        ? escapeMarkdown(r.approvedBy)
        : r.scale === "major"
          ? "**none: needs approval**"
          : "–";
    const applied = r.applied ? "" : " (not applied: names no initiative)";
    lines.push(
      `| ${r.date} | ${code(r.from)} → ${code(r.to)}${applied} | ${formatNumber(r.amount)} | ${r.scale} | ${approval} |`,
    );
  }
  return lines;
}

function summary(c: CapacityReport): string {
  const committed = `committed ${formatNumber(c.committedLoad)}`;
  if (c.capacity === null)
    return `No capacity set for this cycle, so no line: load ${formatNumber(c.load)}, ${committed}.`;
  const over =
    c.overCapacity.length > 0
      ? ` **${plural(c.overCapacity.length, "committed initiative")} below the line.**`
      : "";
  return (
    `Capacity ${formatNumber(c.capacity)}, on the line ${formatNumber(c.lineLoad ?? 0)} ` +
    `(free ${formatNumber(c.free ?? 0)}), load ${formatNumber(c.load)}, ${committed}.${over}`
  );
}
