/**
 * The execution layer's report types (DOMAIN §7): the `initiatives`, `capacity` and `health` sections
 * of the score report, and what the agenda and the retrospective are made of. Shapes are documented for
 * users in `docs/report.md`. Numbers are never rounded.
 */
import type { HealthArea, InitiativeType } from "./document.ts";
import type {
  Alert,
  Grade,
  IsoDate,
  KeyResultStatus,
  LintFinding,
  ObjectiveStatus,
  ScoreReport,
} from "./report.ts";

/**
 * Where an initiative sits against its team's cut line for its cycle:
 * - `above_line`: inside capacity by rank;
 * - `below_line`: the first one that passes capacity, and every one ranked after it;
 * - `admitted_by_trade_off`: on the line because a trade-off admitted it (its size is reserved first);
 * - `dropped`: a trade-off dropped it; it has left the line.
 *
 * `null` when the team has no capacity for the cycle (no line).
 */
export type LinePosition = "above_line" | "below_line" | "admitted_by_trade_off" | "dropped";

/** Status of an initiative: the worst of its key results' (never `invalid`). */
export type InitiativeStatus = Exclude<KeyResultStatus, "invalid">;

export interface InitiativeReport {
  id: string;
  title: string;
  type: InitiativeType;
  team: string;
  cycleId: string;
  owner: string | null;
  committed: boolean;
  size: number;
  /** value + timeCriticality + riskReduction. */
  costOfDelay: number;
  /** WSJF: costOfDelay / size. */
  priority: number;
  /** 1-based place in the one pipeline of all initiatives (priority, then cost of delay, then id). */
  rank: number;
  /** 1-based place among the initiatives of the same team and cycle. */
  teamRank: number;
  line: LinePosition | null;
  /** The trade-off that admitted or dropped it, if any. */
  tradeOffId: string | null;
  /** Worst status of its key results; null without (valid, known) key results. */
  status: InitiativeStatus | null;
  keyResultIds: string[];
  /** Ids it depends on (`dependencies[].from` = this id), sorted. */
  dependsOn: string[];
  /** Of those, the ones at_risk or off_track, sorted. */
  blockedBy: string[];
  /** Budget as planned (`budget`, missing: 0). */
  budget: number;
  /** Budget after the reallocations dated ≤ asOf. */
  currentBudget: number;
}

export interface CapacityReport {
  team: string;
  cycleId: string;
  /** The team's capacity for the cycle; null means no line is drawn. */
  capacity: number | null;
  /** Sum of the sizes of all its initiatives except dropped ones. */
  load: number;
  /** Sum of the sizes of its committed initiatives except dropped ones. */
  committedLoad: number;
  /** Sum of the sizes on the line (admitted + above); null without capacity. */
  lineLoad: number | null;
  /** capacity − lineLoad (negative when a trade-off admitted more than it freed); null without capacity. */
  free: number | null;
  /** Ids on the line, in line order: admitted ones first, then above_line by rank. Empty without capacity. */
  onLine: string[];
  /** Ids below the line, by rank. */
  belowLine: string[];
  /** Ids dropped by trade-offs, by rank. */
  dropped: string[];
  /** Committed ids below the line (each one an `over_capacity` lint error), by rank. */
  overCapacity: string[];
}

export type HealthStatus = "green" | "yellow" | "red";

export interface HealthMetricReport {
  id: string;
  title: string;
  area: HealthArea;
  direction: "higher_is_better" | "lower_is_better";
  green: number;
  red: number;
  /** Latest value dated ≤ asOf; null when there is none. */
  value: number | null;
  date: IsoDate | null;
  status: HealthStatus | null;
  /** The "worsens twice in a row over ISO weeks" rule holds. */
  worsening: boolean;
}

export interface HealthAreaSummary {
  area: HealthArea;
  metrics: number;
  green: number;
  yellow: number;
  red: number;
  noData: number;
  /** Worst status among its metrics with a value; null when none has one. */
  worst: HealthStatus | null;
}

export interface HealthReport {
  /** Sorted by area (in the order of `areas`), then id. */
  metrics: HealthMetricReport[];
  /** Always the six areas, in the order growth, operations, finance, talent, culture, innovation. */
  areas: HealthAreaSummary[];
}

export interface ReallocationReport {
  id: string;
  date: IsoDate;
  from: string;
  to: string;
  amount: number;
  /** `micro` below microReallocationShare × total budget, else `major`. */
  scale: "micro" | "major";
  approvedBy: string | null;
  /** False when `from` or `to` names no initiative: the move is then not applied. */
  applied: boolean;
  /** Budget of `from` after the move (null when not applied). */
  fromBudgetAfter: number | null;
}

/** The three sections the execution layer adds to the score report. */
export interface ExecutionSections {
  initiatives: InitiativeReport[];
  capacity: CapacityReport[];
  health: HealthReport;
}

export interface ExecutionAssessment extends ExecutionSections {
  /** Reallocations dated ≤ asOf, in the order they were applied. */
  reallocations: ReallocationReport[];
  alerts: Alert[];
  lint: LintFinding[];
}

/** The score report with the execution sections. */
export type FullReport = ScoreReport & ExecutionSections;

/** Why an item is on the weekly agenda, in DOMAIN §7's order (hottest first). */
export type AgendaKind =
  | "blocking_off_track"
  | "lead_declining"
  | "health_red"
  | "dependency_at_risk"
  | "off_track"
  | "health_worsening"
  | "forecast_shortfall"
  | "low_confidence_at_risk"
  | "stale_check_in"
  | "lint_error";

export interface AgendaItem {
  kind: AgendaKind;
  /** Id of the key result, initiative, health metric or document record. */
  subject: string;
  title: string;
  owner: string | null;
  /** One plain sentence. */
  why: string;
  /** Later agenda kinds that also apply to the same subject (each subject appears once). */
  also: AgendaKind[];
}

export interface Agenda {
  asOf: IsoDate;
  organization: string;
  items: AgendaItem[];
}

export type StretchReading =
  | "not_ambitious"
  | "above_stretch"
  | "stretch_zone"
  | "below_stretch"
  | "over_reach";

export interface RetroObjective {
  id: string;
  title: string;
  team: string | null;
  owner: string | null;
  score: number | null;
  grade: Grade | null;
  status: ObjectiveStatus;
}

export interface RetroTeam {
  /** Team id; null for objectives without a team. */
  team: string | null;
  objectives: number;
  /** Plain mean of its objectives' non-null scores; null when none has a score. */
  score: number | null;
  grade: Grade | null;
}

export interface CarryOver {
  id: string;
  title: string;
  objectiveId: string;
  owner: string | null;
  progress: number | null;
  status: KeyResultStatus;
}

export interface LearningNote {
  date: IsoDate;
  keyResultId: string;
  keyResultTitle: string;
  note: string;
}

export interface Retrospective {
  organization: string;
  cycleId: string;
  cycleName: string | null;
  start: IsoDate;
  end: IsoDate;
  /** The day the cycle was scored for: its end. */
  asOf: IsoDate;
  objectives: RetroObjective[];
  teams: RetroTeam[];
  /** Plain mean of the cycle's objectives' non-null scores. */
  mean: number | null;
  reading: StretchReading | null;
  /** One sentence on what the mean suggests. */
  readingText: string;
  carryOver: CarryOver[];
  notes: LearningNote[];
}
