/** @jsxImportSource hono/jsx */
/**
 * A key result's check-in history as an inline SVG: values over the cycle, its start and target (or
 * range) as reference lines, today's date, and the forecast line from the latest value to the value
 * the core projects for the cycle's end.
 */
import { compareText } from "../../core/compare.ts";
import { dayNumber } from "../../core/dates.ts";
import type { CheckIn, Cycle, KeyResult } from "../../core/model/document.ts";
import type { KeyResultScore } from "../../core/model/report.ts";
import { amount } from "./layout.tsx";

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
  if (values.length === 0) return <p class="empty">No values to chart yet.</p>;
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
          {score.forecast ? `; forecast ${amount(score.forecast.value, kr.unit)} at the cycle's end` : ""}
        </desc>
        <rect
          x={PAD.left}
          y={PAD.top}
          width={WIDTH - PAD.left - PAD.right}
          height={HEIGHT - PAD.top - PAD.bottom}
          fill="#f6f8fa"
        />
        {kr.start !== undefined ? line(kr.start, `start ${amount(kr.start)}`, "2 4") : null}
        {kr.target !== undefined ? line(kr.target, `target ${amount(kr.target)}`, "6 3") : null}
        {kr.low !== undefined ? line(kr.low, `low ${amount(kr.low)}`, "6 3") : null}
        {kr.high !== undefined ? line(kr.high, `high ${amount(kr.high)}`, "6 3") : null}
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
        Solid: check-in values. Dashed grey: start and target{kr.kind === "range" ? " (low and high)" : ""}.
        {today === undefined ? "" : ` Blue: as of ${asOf}.`}
        {score.forecast ? " Dashed amber: forecast to the cycle's end." : ""}
      </figcaption>
    </figure>
  );
}
