/** @jsxImportSource hono/jsx */
/**
 * A key result's check-in history as an inline SVG: values over the cycle, its start and target (or
 * range) as reference lines, the expected pace (the straight way from start to target over the cycle,
 * which is what the status compares progress with), today's date, and the forecast line from the latest
 * value to the value the core projects for the cycle's end.
 */
import { compareText } from "../../core/compare.ts";
import { dayNumber } from "../../core/dates.ts";
import type { CheckIn, Cycle, KeyResult } from "../../core/model/document.ts";
import type { KeyResultScore } from "../../core/model/report.ts";
import { formatValue, precisionOf } from "./format.ts";

const WIDTH = 720;
const HEIGHT = 260;
const PAD = { left: 76, right: 16, top: 16, bottom: 28 };

export function CheckInChart(props: { kr: KeyResult; score: KeyResultScore; cycle: Cycle; asOf: string }) {
  const { kr, score, cycle, asOf } = props;
  const start = dayNumber(cycle.start);
  const days = Math.max(1, dayNumber(cycle.end) - start);
  const points = (kr.checkIns ?? [])
    .filter((c): c is CheckIn & { value: number } => c.value !== undefined && c.date <= asOf)
    .filter((c) => c.date >= cycle.start && c.date <= cycle.end)
    .sort((a, b) => compareText(a.date, b.date));
  const references = [kr.start, kr.target, kr.low, kr.high].filter((v): v is number => v !== undefined);
  const values = [...points.map((p) => p.value), ...references];
  if (score.forecast) values.push(score.forecast.value);
  if (values.length === 0) {
    return (
      <p class="empty">
        {kr.kind === "milestone"
          ? "No values to chart: a milestone key result moves by the milestones done (below)."
          : "No values to chart yet."}
      </p>
    );
  }
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    min -= 1;
    max += 1;
  }
  const margin = (max - min) * 0.08;
  min -= margin;
  max += margin;
  const x = (date: string) => PAD.left + ((dayNumber(date) - start) / days) * (WIDTH - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + ((max - v) / (max - min)) * (HEIGHT - PAD.top - PAD.bottom);
  const last = points[points.length - 1];
  const amount = (v: number, unit?: string) => formatValue(v, unit);
  const digits = precisionOf(kr);
  // The pace line: increase and decrease key results move from start to target over the cycle.
  const pace =
    (kr.kind === "increase" || kr.kind === "decrease") && kr.start !== undefined && kr.target !== undefined
      ? { from: kr.start, to: kr.target }
      : undefined;
  const today = asOf >= cycle.start && asOf <= cycle.end ? x(asOf) : undefined;
  const line = (value: number, label: string, dash: string) => (
    <g>
      <line
        x1={PAD.left}
        x2={WIDTH - PAD.right}
        y1={y(value)}
        y2={y(value)}
        stroke="#8c959f"
        stroke-dasharray={dash}
      />
      <text x={PAD.left - 6} y={y(value) + 4} text-anchor="end">
        {label}
      </text>
    </g>
  );
  return (
    <figure>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-labelledby="chart-title chart-desc"
        style="max-width:48rem"
      >
        <title id="chart-title">{`Check-ins of ${kr.title}`}</title>
        <desc id="chart-desc">
          {`${points.length} check-in values from ${cycle.start} to ${cycle.end}`}
          {pace
            ? `; the expected pace runs from ${amount(pace.from, kr.unit)} to ${amount(pace.to, kr.unit)}`
            : ""}
          {score.forecast
            ? `; forecast ${formatValue(score.forecast.value, kr.unit, digits)} at the cycle's end`
            : ""}
        </desc>
        <rect
          x={PAD.left}
          y={PAD.top}
          width={WIDTH - PAD.left - PAD.right}
          height={HEIGHT - PAD.top - PAD.bottom}
          fill="#f6f8fa"
        />
        {kr.kind === "range" && (kr.low !== undefined || kr.high !== undefined) ? (
          <rect
            class="band"
            x={PAD.left}
            y={y(kr.high ?? max)}
            width={WIDTH - PAD.left - PAD.right}
            height={Math.max(0, y(kr.low ?? min) - y(kr.high ?? max))}
            fill="#dafbe1"
          />
        ) : null}
        {kr.start !== undefined ? line(kr.start, `start ${amount(kr.start)}`, "2 4") : null}
        {kr.target !== undefined ? line(kr.target, `target ${amount(kr.target)}`, "6 3") : null}
        {kr.low !== undefined ? line(kr.low, `low ${amount(kr.low)}`, "6 3") : null}
        {kr.high !== undefined ? line(kr.high, `high ${amount(kr.high)}`, "6 3") : null}
        {pace ? (
          <line
            class="pace"
            x1={PAD.left}
            y1={y(pace.from)}
            x2={WIDTH - PAD.right}
            y2={y(pace.to)}
            stroke="#0969da"
            stroke-width="1.5"
            stroke-dasharray="1 4"
            stroke-linecap="round"
          />
        ) : null}
        {today === undefined ? null : (
          <line
            x1={today}
            x2={today}
            y1={PAD.top}
            y2={HEIGHT - PAD.bottom}
            stroke="#0969da"
            stroke-width="1"
          />
        )}
        {points.length > 1 ? (
          <polyline
            fill="none"
            stroke="#1b1f24"
            stroke-width="2"
            points={points.map((p) => `${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join(" ")}
          />
        ) : null}
        {points.map((p) => (
          <circle cx={x(p.date)} cy={y(p.value)} r="3.5" fill="#1b1f24">
            <title>{`${p.date}: ${amount(p.value, kr.unit)}`}</title>
          </circle>
        ))}
        {score.forecast && last ? (
          <line
            class="forecast"
            x1={x(last.date)}
            y1={y(last.value)}
            x2={x(cycle.end)}
            y2={y(score.forecast.value)}
            stroke="#9a6700"
            stroke-width="2"
            stroke-dasharray="5 4"
          />
        ) : null}
        <text x={PAD.left} y={HEIGHT - 8}>
          {cycle.start}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 8} text-anchor="end">
          {cycle.end}
        </text>
      </svg>
      <figcaption class="meta">
        Solid: check-in values. Dashed grey:{" "}
        {kr.kind === "range" ? "the band (low and high)" : "start and target"}.
        {pace ? " Dotted blue: the expected pace from start to target." : ""}
        {today === undefined ? "" : ` Blue: as of ${asOf}.`}
        {score.forecast ? " Dashed amber: forecast to the cycle's end." : ""}
      </figcaption>
    </figure>
  );
}
