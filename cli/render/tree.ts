/**
 * The readable form of a score report: the cascade as a tree (imperative → goal → objective → key
 * result) with progress bars, status and expected pace, then alerts and lint.
 */
import pc from "picocolors";
import { STATUS_TEXT } from "../../core/execution/format.ts";
import type { CascadeDocument, KeyResult, Objective } from "../../core/model/document.ts";
import type { KeyResultStatus, ScoreReport } from "../../core/model/report.ts";

type Colors = ReturnType<typeof pc.createColors>;

export interface TreeOptions {
  color: boolean;
  /** Only objectives of this cycle (and the goals and imperatives above them). */
  cycle?: string | undefined;
  /** Only objectives of this team. */
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

/** Renders the report as a tree followed by the alerts and lint findings. */
export function renderScoreTree(doc: CascadeDocument, report: ScoreReport, options: TreeOptions): string {
  const c = pc.createColors(options.color);
  const krScores = new Map(report.keyResults.map((k) => [k.id, k]));
  const objectiveScores = new Map(report.objectives.map((o) => [o.id, o]));
  const goalScores = new Map(report.goals.map((g) => [g.id, g.score]));
  const imperativeScores = new Map(report.imperatives.map((i) => [i.id, i.score]));
  const objectiveIds = new Set(doc.objectives.map((o) => o.id));

  const shown = (o: Objective) =>
    (options.cycle === undefined || o.cycleId === options.cycle) &&
    (options.team === undefined || o.team === options.team);
  const children = new Map<string, Objective[]>();
  const roots: Objective[] = [];
  for (const o of doc.objectives) {
    if (o.parentId !== undefined && objectiveIds.has(o.parentId) && o.parentId !== o.id) {
      children.set(o.parentId, [...(children.get(o.parentId) ?? []), o]);
    } else roots.push(o);
  }
  const krsOf = new Map<string, KeyResult[]>();
  for (const kr of doc.keyResults) krsOf.set(kr.objectiveId, [...(krsOf.get(kr.objectiveId) ?? []), kr]);

  const rows: Row[] = [];
  const visited = new Set<string>();
  const addObjective = (o: Objective, depth: number) => {
    if (visited.has(o.id)) return; // a loop of parents: lint reports it
    visited.add(o.id);
    const score = objectiveScores.get(o.id);
    const tags = [o.cycleId, o.team].filter(Boolean).join(" · ");
    rows.push({
      depth,
      label: "▸",
      title: `${o.title}${tags ? c.dim(` [${tags}]`) : ""}`,
      score: score?.score ?? null,
      expected: score?.expected ?? null,
      status: score?.status ?? null,
      detail: [o.owner, score?.grade ? `grade ${score.grade}` : ""].filter(Boolean).join(" · "),
    });
    for (const kr of krsOf.get(o.id) ?? []) {
      const s = krScores.get(kr.id);
      rows.push({
        depth: depth + 1,
        label: "•",
        title: kr.title,
        score: s?.progress ?? null,
        expected: s?.expected ?? null,
        status: s?.status ?? null,
        detail: [keyResultDetail(kr, s?.current ?? null), kr.owner].filter(Boolean).join(" · "),
      });
    }
    for (const child of children.get(o.id) ?? []) addObjective(child, depth + 1);
  };

  for (const imperative of doc.imperatives) {
    const goals = doc.goals.filter((g) => g.imperativeId === imperative.id);
    const goalRoots = goals.map((g) => ({
      g,
      objectives: roots.filter((o) => o.goalId === g.id && shown(o)),
    }));
    const filtering = options.cycle !== undefined || options.team !== undefined;
    if (filtering && goalRoots.every((x) => x.objectives.length === 0)) continue;
    rows.push({
      depth: 0,
      label: "◆",
      title: c.bold(imperative.title),
      score: imperativeScores.get(imperative.id) ?? null,
      expected: null,
      status: null,
      detail: imperative.owner ?? "",
    });
    for (const { g, objectives } of goalRoots) {
      if (filtering && objectives.length === 0) continue;
      rows.push({
        depth: 1,
        label: "●",
        title: `${g.title}${c.dim(` [${g.year}]`)}`,
        score: goalScores.get(g.id) ?? null,
        expected: null,
        status: null,
        detail: g.owner ?? "",
      });
      for (const o of objectives) addObjective(o, 2);
    }
  }
  // Objectives not reached above: unaligned ones, and those on a loop of parents.
  const unaligned = doc.objectives.filter((o) => shown(o) && !visited.has(o.id));
  if (unaligned.length > 0) {
    rows.push({
      depth: 0,
      label: "◇",
      title: c.bold("Not under a known goal and imperative"),
      score: null,
      expected: null,
      status: null,
      detail: "",
    });
    for (const o of unaligned) addObjective(o, 1);
  }

  const lines = [c.bold(`${report.organization} · as of ${report.asOf}`), ""];
  if (rows.length === 0) {
    const filters = [options.cycle && `--cycle ${options.cycle}`, options.team && `--team ${options.team}`];
    lines.push(c.dim(`No objectives match ${filters.filter(Boolean).join(" ")}.`));
  }
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
  lines.push("", ...renderFindings(report, c));
  return `${lines.join("\n")}\n`;
}

function renderFindings(report: ScoreReport, c: Colors): string[] {
  const lines: string[] = [];
  lines.push(c.bold(`Alerts (${report.alerts.length})`));
  if (report.alerts.length === 0) lines.push(c.dim("  none"));
  for (const a of report.alerts) {
    const severity = a.severity === "high" ? c.red("high  ") : c.yellow("medium");
    lines.push(`  ${severity} ${a.code.padEnd(20)} ${a.message}`);
  }
  const errors = report.lint.filter((f) => f.severity === "error").length;
  const warnings = report.lint.length - errors;
  lines.push(
    "",
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
