/** @jsxImportSource hono/jsx */
/**
 * What a key result's row says at a glance, on the tree, the key result's page and the shared screen:
 * where it stands against its target in its unit, the owner's latest confidence, how long since the
 * last check-in, which way the last two values moved, whether it counts at all (weight 0 does not),
 * and, for a range key result, a gauge of its band instead of a progress bar.
 */
import { daysBetween } from "../../core/dates.ts";
import type { CheckIn, KeyResult } from "../../core/model/document.ts";
import type { KeyResultScore } from "../../core/model/report.ts";
import { latestCheckIn } from "../../core/scoring/key-result.ts";
import { formatCount, formatDecimal, formatValue, percent } from "./format.ts";

/**
 * Where the key result stands in its unit: "12 → 36 customers", "14% (keep 10%–18%)", "2 of 4
 * milestones done".
 */
export function standing(kr: KeyResult, current: number | null): string {
  const v = (x: number | null | undefined) => formatValue(x, kr.unit);
  switch (kr.kind) {
    case "increase":
    case "decrease":
      return `${current === null ? "no value yet" : v(current)} → ${v(kr.target)}`;
    case "range":
      return `${current === null ? "no value yet" : v(current)} (${bandText(kr)})`;
    case "milestone": {
      const all = kr.milestones ?? [];
      return `${formatCount(all.filter((m) => m.done).length)} of ${formatCount(all.length)} milestones done`;
    }
  }
}

/** The band a range key result keeps to: "keep 10%–18%", "keep at least 50", "keep at most 3". */
export function bandText(kr: KeyResult): string {
  const v = (x: number) => formatValue(x, kr.unit);
  if (kr.low !== undefined && kr.high !== undefined) {
    // "keep 50–100% of budget": a unit after the number is said once; money keeps its symbol on both.
    const low = formatValue(kr.low, kr.unit);
    const shared = low !== formatDecimal(kr.low) && low.startsWith(formatDecimal(kr.low));
    return `keep ${shared ? formatDecimal(kr.low) : low}–${v(kr.high)}`;
  }
  if (kr.low !== undefined) return `keep at least ${v(kr.low)}`;
  if (kr.high !== undefined) return `keep at most ${v(kr.high)}`;
  return "no band set";
}

/** "today", "1 day ago", "12 days ago". */
export function daysAgo(date: string, asOf: string): string {
  const days = daysBetween(date, asOf);
  if (days <= 0) return "today";
  return days === 1 ? "1 day ago" : `${formatCount(days)} days ago`;
}

export interface Trend {
  direction: "up" | "down" | "flat";
  /** Whether the move is good for the key result: up for an increase, toward the band for a range. */
  verdict: "better" | "worse" | "same" | null;
  from: number;
  fromDate: string;
  to: number;
}

/**
 * Which way the last two check-in values dated ≤ asOf moved (same date: the later in the array is the
 * later, as for the current value); null with fewer than two.
 */
export function trendOf(kr: KeyResult, asOf: string): Trend | null {
  const values = (kr.checkIns ?? [])
    .map((c, i) => ({ c, i }))
    .filter(
      (x): x is { c: CheckIn & { value: number }; i: number } => x.c.value !== undefined && x.c.date <= asOf,
    )
    .sort((a, b) => (a.c.date < b.c.date ? -1 : a.c.date > b.c.date ? 1 : a.i - b.i));
  const last = values[values.length - 1]?.c;
  const previous = values[values.length - 2]?.c;
  if (!last || !previous) return null;
  const delta = last.value - previous.value;
  const direction = delta > 0 ? "up" : delta < 0 ? "down" : "flat";
  let verdict: Trend["verdict"];
  switch (kr.kind) {
    case "increase":
      verdict = delta > 0 ? "better" : delta < 0 ? "worse" : "same";
      break;
    case "decrease":
      verdict = delta < 0 ? "better" : delta > 0 ? "worse" : "same";
      break;
    case "range": {
      const off = (x: number) =>
        kr.low !== undefined && x < kr.low
          ? kr.low - x
          : kr.high !== undefined && x > kr.high
            ? x - kr.high
            : 0;
      const change = off(last.value) - off(previous.value);
      verdict = change < 0 ? "better" : change > 0 ? "worse" : "same";
      break;
    }
    case "milestone":
      verdict = null;
  }
  return { direction, verdict, from: previous.value, fromDate: previous.date, to: last.value };
}

const ARROW = { up: "↑", down: "↓", flat: "→" } as const;
const WORDS = { up: "rising", down: "falling", flat: "flat" } as const;

export function TrendArrow(props: { trend: Trend; unit?: string | undefined }) {
  const t = props.trend;
  const verdict = t.verdict === null ? "" : `, ${t.verdict}`;
  return (
    <span
      class={`trend t-${t.verdict ?? "same"}`}
      data-trend={t.direction}
      title={`${formatValue(t.from, props.unit)} on ${t.fromDate} → ${formatValue(t.to, props.unit)}`}
    >
      <span aria-hidden="true">{ARROW[t.direction]}</span>
      <span class="sr">{`${WORDS[t.direction]}${verdict}`}</span>
    </span>
  );
}

/** The facts line under a key result's name: standing, trend, confidence, last check-in. */
export function KeyResultFigures(props: { kr: KeyResult; score: KeyResultScore | undefined; asOf: string }) {
  const { kr, score, asOf } = props;
  const latest = latestCheckIn(kr.checkIns, asOf);
  const confident = [...(kr.checkIns ?? [])]
    .filter((c) => c.date <= asOf && c.confidence !== undefined)
    .reduce<CheckIn | undefined>(
      (best, c) => (best === undefined || c.date >= best.date ? c : best),
      undefined,
    );
  const trend = trendOf(kr, asOf);
  return (
    <div class="figures">
      <span data-standing>{standing(kr, score?.current ?? null)}</span>
      {trend ? (
        <span>
          <TrendArrow trend={trend} unit={kr.unit} />
        </span>
      ) : null}
      {confident?.confidence === undefined ? null : (
        <span data-confidence={confident.confidence}>confidence {formatCount(confident.confidence)}/10</span>
      )}
      <span data-last-check-in={latest?.date ?? ""}>
        {latest ? `checked in ${daysAgo(latest.date, asOf)}` : "no check-in yet"}
      </span>
    </div>
  );
}

/** The badge of a key result weighted 0: it is shown, but left out of its objective's score. */
export function NotCounted() {
  return (
    <span class="kind not-counted" title="Weight 0: left out of its objective's score" data-not-counted>
      not counted
    </span>
  );
}

/**
 * A range key result's gauge: its band on a scale that holds the band and the current value, and a
 * mark where the value is now. Not a progress bar: being inside the band is what matters, not how much
 * of it is "done".
 */
export function RangeGauge(props: { kr: KeyResult; score: KeyResultScore; label: string }) {
  const { kr, score } = props;
  const points = [kr.low, kr.high, score.current].filter((x): x is number => x !== undefined && x !== null);
  if (points.length === 0) return <div class="gauge" role="img" aria-label={`${props.label}: no band`} />;
  let min = Math.min(...points);
  let max = Math.max(...points);
  const pad = max === min ? Math.max(1, Math.abs(max) * 0.1) : (max - min) * 0.25;
  min -= pad;
  max += pad;
  const at = (x: number) => (((x - min) / (max - min)) * 100).toFixed(1);
  const left = kr.low === undefined ? 0 : Number(at(kr.low));
  const right = kr.high === undefined ? 100 : Number(at(kr.high));
  const inside = score.status === "on_track";
  const now = score.current === null ? "no value yet" : formatValue(score.current, kr.unit);
  const where = score.current === null ? "" : inside ? ": inside" : ": outside";
  return (
    <div
      class={`gauge s-${score.status}`}
      role="img"
      aria-label={`${props.label}: now ${now}, ${bandText(kr)}${where}; in the band at ${percent(score.progress)} of its check-ins`}
    >
      <div class="band" style={`left:${left}%; width:${Math.max(0, right - left).toFixed(1)}%`} />
      {score.current === null ? null : <div class="now" style={`left:${at(score.current)}%`} />}
    </div>
  );
}
