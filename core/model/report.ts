/** The score report (DOMAIN §8): the one output shape every surface uses. Numbers are never rounded. */
import type { KeyResultKind } from "./document.ts";
import type { CapacityReport, HealthReport, InitiativeReport, ReallocationReport } from "./execution.ts";

/** A day `YYYY-MM-DD` (UTC). */
export type IsoDate = string;

export type KeyResultStatus =
  | "invalid"
  | "no_data"
  | "not_started"
  | "on_track"
  | "at_risk"
  | "off_track"
  | "done";
export type ObjectiveStatus = Exclude<KeyResultStatus, "invalid">;
export type Grade = "green" | "yellow" | "red";
export type Severity = "high" | "medium";
export type LintSeverity = "error" | "warning";

export interface Forecast {
  /** Projected value at the cycle's end. */
  value: number;
  /** Progress that value would mean, clamped to [0, 1]. */
  progress: number;
}

export interface KeyResultScore {
  id: string;
  objectiveId: string;
  kind: KeyResultKind;
  current: number | null;
  attainment: number | null;
  progress: number | null;
  expected: number;
  status: KeyResultStatus;
  forecast: Forecast | null;
}

export interface ObjectiveScore {
  id: string;
  score: number | null;
  expected: number;
  status: ObjectiveStatus;
  grade: Grade | null;
}

export interface GoalScore {
  id: string;
  score: number | null;
}

export interface ImperativeScore {
  id: string;
  score: number | null;
}

export type AlertCode =
  | "off_track"
  | "lead_declining"
  | "forecast_shortfall"
  | "low_confidence"
  | "stale_check_in"
  | "dependency_at_risk"
  | "health_red"
  | "health_worsening"
  | "source_conflict";

export interface Alert {
  code: AlertCode;
  severity: Severity;
  /** Id of the key result, initiative or health metric the alert is about. */
  subject: string;
  message: string;
}

export type LintCode =
  | "duplicate_id"
  | "unknown_reference"
  | "orphan_objective"
  | "goal_without_imperative"
  | "parent_cycle"
  | "dependency_cycle"
  | "objective_without_key_results"
  | "invalid_key_result"
  | "over_capacity"
  | "negative_budget"
  | "too_many_objectives"
  | "key_result_count"
  | "too_many_wigs"
  | "unsupported_goal"
  | "perspective_gap"
  | "unapproved_reallocation"
  | "check_in_outside_cycle";

export interface LintFinding {
  code: LintCode;
  severity: LintSeverity;
  subject: string;
  /** JSON path of the field at fault, e.g. `objectives[2].goalId`. */
  path?: string;
  message: string;
}

export interface ScoreReport {
  asOf: IsoDate;
  organization: string;
  keyResults: KeyResultScore[];
  objectives: ObjectiveScore[];
  goals: GoalScore[];
  imperatives: ImperativeScore[];
  alerts: Alert[];
  lint: LintFinding[];
  /** Execution layer (DOMAIN §7, docs/report.md): every initiative in pipeline order. */
  initiatives: InitiativeReport[];
  /** Per team and cycle: capacity, load and the cut line. */
  capacity: CapacityReport[];
  /** Health metrics and the per-area summary. */
  health: HealthReport;
  /** Budget moves dated ≤ asOf in the order applied, each micro or major (resource fluidity). */
  reallocations: ReallocationReport[];
}
