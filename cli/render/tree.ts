/**
 * The readable form of a score report: the cascade as a tree (imperative → goal → objective → key
 * result) with progress bars, status and expected pace, then alerts and lint.
 */
import pc from "picocolors";
import { STATUS_TEXT } from "../../core/execution/format.ts";
import type { CascadeDocument, KeyResult } from "../../core/model/document.ts";
import type { Alert, KeyResultStatus, ScoreReport } from "../../core/model/report.ts";
import { alertsInView } from "../../core/view/alerts-in-view.ts";
import {
  cascadeTree,
  type GoalNode,
  type KeyResultNode,
  type ObjectiveNode,
} from "../../core/view/cascade-tree.ts";

type Colors = ReturnType<typeof pc.createColors>;

export interface TreeOptions {
  color: boolean;
  /** Only objectives of this cycle, with the objectives, goals and imperatives above them. */
  cycle?: string | undefined;
  /** Only objectives of this team, with the objectives, goals and imperatives above them. */
  team?: string | undefined;
}

interface Row {
  depth: number;
  label: string;
  title: string;
  score: number | null;
  expected: number | null;
  status: KeyResultStatus | null;
  detail: string;
}

const BAR_WIDTH = 20;
const TITLE_WIDTH = 56;

function paint(c: Colors, status: KeyResultStatus | null, text: string): string {
  switch (status) {
    case "on_track":
    case "done":
      return c.green(text);
    case "at_risk":
      return c.yellow(text);
    case "off_track":
    case "invalid":
      return c.red(text);
    case "not_started":
    case "no_data":
    case null:
      return c.dim(text);
  }
}

/** A progress bar with `┃` at the expected pace, e.g. `██████░░░┃░░░░`. */
export function progressBar(progress: number, expected: number | null, width = BAR_WIDTH): string {
  const filled = Math.round(Math.min(1, Math.max(0, progress)) * width);
  const chars: string[] = Array.from({ length: width }, (_, i) => (i < filled ? "█" : "░"));
  if (expected !== null) chars[Math.min(width - 1, Math.round(expected * width))] = "┃";
  return chars.join("");
}

export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function fitWidth(text: string, width: number): string {
  const chars = [...text];
  if (chars.length > width) return `${chars.slice(0, width - 1).join("")}…`;
  return text + " ".repeat(width - chars.length);
}

function keyResultDetail(kr: KeyResult, current: number | null): string {
  const unit = kr.unit ? ` ${kr.unit}` : "";
  switch (kr.kind) {
    case "increase":
    case "decrease":
      return `now ${current ?? "–"}, target ${kr.target ?? "?"}${unit}`;
    case "range":
      return `${current ?? "–"}${unit} in [${kr.low ?? "−∞"}, ${kr.high ?? "∞"}]`;
    case "milestone": {
      const milestones = kr.milestones ?? [];
      return `${milestones.filter((m) => m.done).length}/${milestones.length} milestones`;
    }
  }
}

/**
 * Renders the report as a tree followed by the alerts and lint findings. The tree is core's
 * `cascadeTree`, so the filters keep the same objectives as the dashboard: an objective outside them
 * that one inside hangs below is drawn as context (`▹`, without its key results). The alerts follow
 * the same filters (core's `alertsInView`: those of the key results drawn and of the initiatives of
 * that cycle and team), with a count of the ones left out; lint covers the whole document.
 *
 * @example
 * renderScoreTree(doc, scoreCascade(doc, "2026-11-24"), { color: false, team: "platform" })
 */
export function renderScoreTree(doc: CascadeDocument, report: ScoreReport, options: TreeOptions): string {
  const c = pc.createColors(options.color);
  const tree = cascadeTree(doc, report, { cycle: options.cycle, team: options.team });
  const rows: Row[] = [];
  const goalRows = (g: GoalNode, depth: number) => {
    rows.push({
      depth,
      label: "●",
      title: `${g.goal.title}${c.dim(` [${g.goal.year}]`)}`,
      score: g.score,
      expected: null,
      status: null,
      detail: g.goal.owner ?? "",
    });
    objectiveRows(g.objectives, depth + 1);
  };
  const objectiveRows = (nodes: readonly ObjectiveNode[], depth: number) => {
    // Depth first with a stack: a long chain of parents must not overflow the call stack.
    const stack: Array<{ node: ObjectiveNode; depth: number }> = [];
    for (let i = nodes.length - 1; i >= 0; i--) stack.push({ node: nodes[i] as ObjectiveNode, depth });
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      const { node, depth } = next;
      rows.push(objectiveRow(node, depth, c));
      for (const kr of node.keyResults) rows.push(keyResultRow(kr, depth + 1));
      for (let i = node.children.length - 1; i >= 0; i--) {
        stack.push({ node: node.children[i] as ObjectiveNode, depth: depth + 1 });
      }
    }
  };

  for (const imperative of tree.imperatives) {
    rows.push({
      depth: 0,
      label: "◆",
      title: c.bold(imperative.imperative.title),
      score: imperative.score,
      expected: null,
      status: null,
      detail: imperative.imperative.owner ?? "",
    });
    for (const g of imperative.goals) goalRows(g, 1);
  }
  const { unlinked } = tree;
  if (unlinked.goals.length > 0 || unlinked.objectives.length > 0) {
    rows.push({
      depth: 0,
      label: "◇",
      title: c.bold("Not under a known goal and imperative"),
      score: null,
      expected: null,
      status: null,
      detail: "",
    });
    for (const g of unlinked.goals) goalRows(g, 1);
    objectiveRows(unlinked.objectives, 1);
  }

  const lines = [c.bold(`${report.organization} · as of ${report.asOf}`), ""];
  const filters = [options.cycle && `--cycle ${options.cycle}`, options.team && `--team ${options.team}`]
    .filter(Boolean)
    .join(" ");
  if (rows.length === 0) lines.push(c.dim(`No objectives match ${filters}.`));
  for (const row of rows) {
    const indent = "  ".repeat(row.depth);
    const plainTitleWidth = TITLE_WIDTH - indent.length - 2;
    const title = fitWidth(stripAnsi(row.title), plainTitleWidth);
    const styledTitle = row.title === stripAnsi(row.title) ? title : restyle(row.title, title);
    const bar = row.score === null ? " ".repeat(BAR_WIDTH) : progressBar(row.score, row.expected);
    const score = row.score === null ? "   –" : pct(row.score).padStart(4);
    const status = row.status === null ? "" : paint(c, row.status, STATUS_TEXT[row.status].padEnd(11));
    const pace = row.expected === null ? "" : c.dim(`pace ${pct(row.expected).padStart(4)}`);
    lines.push(
      `${indent}${row.label} ${styledTitle} ${paint(c, row.status, bar)} ${score}  ${status}${pace}  ${c.dim(row.detail)}`.trimEnd(),
    );
  }
  const alerts = alertsInView(doc, report.alerts, { cycle: options.cycle, team: options.team });
  lines.push("", ...renderAlerts(alerts.shown, alerts.hidden, filters, c), "", ...renderLint(report, c));
  return `${lines.join("\n")}\n`;
}

function objectiveRow(node: ObjectiveNode, depth: number, c: Colors): Row {
  const o = node.objective;
  const tags = [o.cycleId, o.team].filter(Boolean).join(" · ");
  return {
    depth,
    label: node.context ? "▹" : "▸",
    title: `${o.title}${tags ? c.dim(` [${tags}]`) : ""}`,
    score: node.score,
    expected: node.expected,
    status: node.status,
    detail: [node.context ? "outside the filters" : "", o.owner, node.grade ? `grade ${node.grade}` : ""]
      .filter(Boolean)
      .join(" · "),
  };
}

function keyResultRow(node: KeyResultNode, depth: number): Row {
  return {
    depth,
    label: "•",
    title: node.keyResult.title,
    score: node.progress,
    expected: node.expected,
    status: node.status,
    detail: [keyResultDetail(node.keyResult, node.current), node.keyResult.owner].filter(Boolean).join(" · "),
  };
}

function renderAlerts(alerts: readonly Alert[], hidden: number, filters: string, c: Colors): string[] {
  const lines: string[] = [];
  lines.push(c.bold(`Alerts (${alerts.length})`));
  if (alerts.length === 0 && hidden === 0) lines.push(c.dim("  none"));
  for (const a of alerts) {
    const severity = a.severity === "high" ? c.red("high  ") : c.yellow("medium");
    lines.push(`  ${severity} ${a.code.padEnd(20)} ${a.message}`);
  }
  if (hidden > 0) {
    lines.push(c.dim(`  ${hidden} more about items outside ${filters}, not shown`));
  }
  return lines;
}

function renderLint(report: ScoreReport, c: Colors): string[] {
  const lines: string[] = [];
  const errors = report.lint.filter((f) => f.severity === "error").length;
  const warnings = report.lint.length - errors;
  lines.push(
    c.bold(
      `Lint (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"})`,
    ),
  );
  if (report.lint.length === 0) lines.push(c.dim("  none"));
  lines.push(...renderLintLines(report.lint, c));
  return lines;
}

/** One line per lint finding: severity, code, path and message. */
export function renderLintLines(lint: ScoreReport["lint"], c: Colors): string[] {
  return lint.map((f) => {
    const severity = f.severity === "error" ? c.red("error  ") : c.yellow("warning");
    return `  ${severity} ${f.code.padEnd(30)} ${f.path ? `${c.dim(f.path)} ` : ""}${f.message}`;
  });
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escape sequences is the point
const ANSI = /\u001b\[[0-9;]*m/g;

function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** Keeps the colours of a styled title whose plain text was padded or cut to `fitted`. */
function restyle(styled: string, fitted: string): string {
  const plain = stripAnsi(styled);
  if (fitted.startsWith(plain)) return styled + fitted.slice(plain.length);
  return fitted;
}
