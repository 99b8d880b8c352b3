/** How the core's status, grade, severity, kind and execution codes read in a doc. */
import type { HealthArea, InitiativeType, KeyResultKind } from "../../core/model/document.ts";
import type { HealthStatus, InitiativeStatus, LinePosition } from "../../core/model/execution.ts";
import type { AlertCode, Grade, KeyResultStatus, Severity } from "../../core/model/report.ts";
import type { CycleRow, HealthMetricRow, ReallocationRow, Retrospective } from "./types.ts";

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

/** Where an initiative sits against its team's cut line (DOMAIN §7). */
export const LINE_LABEL: Record<LinePosition, string> = {
  above_line: "Above the line",
  admitted_by_trade_off: "Admitted by trade-off",
  below_line: "Below the line",
  dropped: "Dropped",
};

export const INITIATIVE_TYPE_LABEL: Record<InitiativeType, string> = {
  business: "Business",
  technical: "Technical",
  competency: "Competency",
  operational: "Operational",
  tech_debt: "Tech debt",
};

/** An initiative's status: the worst of its key results' (never invalid). */
export const INITIATIVE_STATUS_LABEL: Record<InitiativeStatus, string> = {
  no_data: STATUS_LABEL.no_data,
  not_started: STATUS_LABEL.not_started,
  on_track: STATUS_LABEL.on_track,
  at_risk: STATUS_LABEL.at_risk,
  off_track: STATUS_LABEL.off_track,
  done: STATUS_LABEL.done,
};

export const CYCLE_STATE_LABEL: Record<CycleRow["state"], string> = {
  upcoming: "Upcoming",
  in_progress: "In progress",
  finished: "Finished",
};

/** The six areas of the health dashboard, in its order. */
export const HEALTH_AREA_LABEL: Record<HealthArea, string> = {
  growth: "Growth",
  operations: "Operations",
  finance: "Finance",
  talent: "Talent",
  culture: "Culture",
  innovation: "Innovation",
};

export const HEALTH_STATUS_LABEL: Record<HealthStatus, string> = {
  green: "Green",
  yellow: "Yellow",
  red: "Red",
};

/** A metric's trend: the core's "worse two ISO weeks running" first, else its last move. */
export const TREND_LABEL = {
  worsening: "Worsening",
  worse: "Worse",
  steady: "Steady",
  better: "Better",
} as const satisfies Record<"worsening" | NonNullable<HealthMetricRow["change"]>, string>;

export const SCALE_LABEL: Record<ReallocationRow["scale"], string> = { micro: "Micro", major: "Major" };

/** The parts of a retrospective, in the order it reads. */
export const RETRO_SECTION_LABEL = {
  cycle: "Cycle",
  team: "Team",
  objective: "Objective",
  carryOver: "Carry-over",
  note: "Learning",
} as const;

export const STRETCH_LABEL: Record<NonNullable<Retrospective["reading"]>, string> = {
  not_ambitious: "Not ambitious",
  above_stretch: "Above the stretch zone",
  stretch_zone: "Stretch zone",
  below_stretch: "Below the stretch zone",
  over_reach: "Over-reach",
};
