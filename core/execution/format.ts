/** Number and text formatting for messages and markdown (the report itself is never rounded). */
import type { KeyResultStatus } from "../model/report.ts";

/** A status in words, as the CLI and the dashboard show it. */
export const STATUS_TEXT: Record<KeyResultStatus, string> = {
  on_track: "on track",
  at_risk: "at risk",
  off_track: "off track",
  done: "done",
  not_started: "not started",
  no_data: "no data",
  invalid: "invalid",
};

/**
 * A number for people: at most two decimals, no trailing zeros.
 *
 * @example formatNumber(73.3333) // "73.33"
 * @example formatNumber(7.000000000000001) // "7"
 */
export function formatNumber(x: number): string {
  return String(Math.round(x * 100) / 100);
}

/**
 * A share as a whole-number percentage.
 *
 * @example formatPercent(0.625) // "63%"
 */
export function formatPercent(x: number): string {
  return `${Math.round(x * 100)}%`;
}
