/** How the core's status, grade, severity and kind codes read in a doc. */
import type { KeyResultKind } from "../../core/model/document.ts";
import type { AlertCode, Grade, KeyResultStatus, Severity } from "../../core/model/report.ts";

export const STATUS_LABEL: Record<KeyResultStatus, string> = {
  invalid: "Invalid",
  no_data: "No data",
  not_started: "Not started",
  on_track: "On track",
  at_risk: "At risk",
  off_track: "Off track",
  done: "Done",
};

export const GRADE_LABEL: Record<Grade, string> = { green: "Green", yellow: "Yellow", red: "Red" };

export const SEVERITY_LABEL: Record<Severity, string> = { high: "High", medium: "Medium" };

/** Alerts whose subject is always a key result (DOMAIN §5); the others may name initiatives or metrics. */
export const KEY_RESULT_ALERTS: ReadonlySet<AlertCode> = new Set<AlertCode>([
  "off_track",
  "lead_declining",
  "forecast_shortfall",
  "low_confidence",
  "stale_check_in",
  "source_conflict",
]);

/** Key-result kinds read as the cascade writes them. */
export const KIND_LABELS: Record<KeyResultKind, string> = {
  increase: "increase",
  decrease: "decrease",
  range: "range",
  milestone: "milestone",
};
