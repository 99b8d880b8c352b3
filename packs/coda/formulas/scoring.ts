/**
 * Pure formulas (no network, no account needed): Cascade's scoring on a facilitator's own tables.
 * Each one adapts cells to a core function; none re-implements a rule.
 */
import * as coda from "@codahq/packs-sdk";
import type { Cycle } from "../../../core/model/document.ts";
import { expectedProgress } from "../../../core/scoring/expected.ts";
import { forecastKeyResult } from "../../../core/scoring/forecast.ts";
import { insideRange, statusWithConfidence } from "../../../core/scoring/key-result.ts";
import { gradeOf, statusAgainstPace } from "../../../core/scoring/pace.ts";
import { weightedMeanInOrder } from "../../../core/scoring/roll-up.ts";
import { DEFAULT_SETTINGS, type ResolvedSettings } from "../../../core/settings.ts";
import { dayOr, isoDay } from "../dates.ts";
import { GRADE_LABEL, STATUS_LABEL } from "../labels.ts";
import { confidence, each, nonNegative, optional, sameLength, share } from "./checks.ts";
import {
  KIND_CHOICES,
  milestoneFields,
  numericFields,
  rangeFields,
  rejectInvalid,
  scoreFields,
} from "./key-results.ts";

const percentResult = { type: coda.ValueType.Number, codaType: coda.ValueHintType.Percent } as const;
const pure = { connectionRequirement: coda.ConnectionRequirement.None } as const;
/**
 * For formulas whose answer depends on today when `asOf` is blank: Coda caches a formula's result by
 * its arguments, which do not name the day, so none is kept (an explicit `asOf` costs nothing to redo).
 */
const dependsOnToday = { ...pure, cacheTtlSecs: 0 } as const;

const kind = coda.makeParameter({
  type: coda.ParameterType.String,
  name: "kind",
  description: "increase, decrease or range",
  autocomplete: KIND_CHOICES,
});
const start = coda.makeParameter({
  type: coda.ParameterType.Number,
  name: "start",
  description: "The value at the start (for a range: its low bound)",
});
const target = coda.makeParameter({
  type: coda.ParameterType.Number,
  name: "target",
  description: "The value to reach (for a range: its high bound)",
});
const cycleStart = coda.makeParameter({
  type: coda.ParameterType.Date,
  name: "cycleStart",
  description: "First day of the cycle",
});
const cycleEnd = coda.makeParameter({
  type: coda.ParameterType.Date,
  name: "cycleEnd",
  description: "Last day of the cycle",
});
const asOf = coda.makeParameter({
  type: coda.ParameterType.Date,
  name: "asOf",
  description:
    "The day to score for (default: today in the doc's timezone). Pass Today() so the cell recalculates every day.",
  optional: true,
});
const progressParam = coda.makeParameter({
  type: coda.ParameterType.Number,
  name: "progress",
  description: "Progress, 0–100% (KRProgress)",
});
const expectedParam = coda.makeParameter({
  type: coda.ParameterType.Number,
  name: "expected",
  description: "Expected progress by now, 0–100% (ExpectedProgress)",
});

function cycleOf(startDate: Date, endDate: Date, context: coda.ExecutionContext): Cycle {
  const cycle = {
    id: "cycle",
    start: isoDay(startDate, context.timezone),
    end: isoDay(endDate, context.timezone),
  };
  if (cycle.end < cycle.start) {
    throw new coda.UserVisibleError(`The cycle ends (${cycle.end}) before it starts (${cycle.start}).`);
  }
  return cycle;
}

function settingsWith(onTrack?: number, atRisk?: number, lowConfidence?: number): ResolvedSettings {
  const defaults = DEFAULT_SETTINGS.statusThresholds;
  const thresholds = {
    onTrack: optional(share, onTrack, "onTrack") ?? defaults.onTrack,
    atRisk: optional(share, atRisk, "atRisk") ?? defaults.atRisk,
  };
  if (thresholds.atRisk > thresholds.onTrack) {
    throw new coda.UserVisibleError(
      `atRisk: expected at most onTrack (${thresholds.onTrack}), got ${thresholds.atRisk}`,
    );
  }
  return {
    ...DEFAULT_SETTINGS,
    statusThresholds: thresholds,
    lowConfidence: optional(confidence, lowConfidence, "lowConfidence") ?? DEFAULT_SETTINGS.lowConfidence,
  };
}

export const KRProgress = coda.makeFormula({
  ...pure,
  name: "KRProgress",
  description:
    "Progress of a key result, 0–100%: the share of the way from start to target, clamped (a range: 100% inside its bounds, else 0%). Blank current: 0% (no data counts as nothing).",
  parameters: [
    kind,
    start,
    target,
    coda.makeParameter({
      type: coda.ParameterType.Number,
      name: "current",
      description: "The current value (blank: no data yet)",
      optional: true,
    }),
  ],
  resultType: coda.ValueType.Number,
  schema: percentResult,
  examples: [
    { params: ["increase", 0, 400, 100], result: 0.25 },
    { params: ["decrease", 100, 60, 50], result: 1 },
  ],
  execute: ([k, s, t, current]) => scoreFields(numericFields(k, s, t, current)).progress as number,
});

export const KRAttainment = coda.makeFormula({
  ...pure,
  name: "KRAttainment",
  description:
    "Attainment of a key result, unclamped: a decrease from 100 to 60 that reaches 50 shows 125%; a range shows 100% inside its bounds, else 0%.",
  parameters: [
    kind,
    start,
    target,
    coda.makeParameter({
      type: coda.ParameterType.Number,
      name: "current",
      description: "The current value",
    }),
  ],
  resultType: coda.ValueType.Number,
  schema: percentResult,
  examples: [{ params: ["decrease", 100, 60, 50], result: 1.25 }],
  execute: ([k, s, t, current]) => {
    const { attainment } = scoreFields(numericFields(k, s, t, current));
    if (attainment === null) {
      throw new coda.UserVisibleError(
        "There is no current value yet: attainment starts with the first check-in.",
      );
    }
    return attainment;
  },
});

export const ExpectedProgress = coda.makeFormula({
  ...dependsOnToday,
  name: "ExpectedProgress",
  description:
    "The pace a cycle expects by a day: the share of the cycle elapsed, 0–100% (in days; a one-day cycle is 100% from its start).",
  parameters: [cycleStart, cycleEnd, asOf],
  resultType: coda.ValueType.Number,
  schema: percentResult,
  examples: [{ params: ["2026-04-01", "2026-06-30", "2026-05-16"], result: 0.5 }],
  execute: ([s, e, day], context) => expectedProgress(cycleOf(s, e, context), dayOr(day, context)),
});

export const KRStatus = coda.makeFormula({
  ...pure,
  name: "KRStatus",
  description:
    "Status of a key result from its progress and the expected pace: Done, Not started, On track (progress ≥ 90% of the pace), At risk (≥ 60%) or Off track; a low confidence (≤ 3 of 10) turns On track into At risk.",
  parameters: [
    progressParam,
    expectedParam,
    coda.makeParameter({
      type: coda.ParameterType.Number,
      name: "confidence",
      description: "Latest check-in's confidence, 0–10",
      optional: true,
    }),
    coda.makeParameter({
      type: coda.ParameterType.Number,
      name: "onTrack",
      description: "Share of the pace that is on track (default 90%)",
      optional: true,
    }),
    coda.makeParameter({
      type: coda.ParameterType.Number,
      name: "atRisk",
      description: "Share of the pace that is at risk (default 60%)",
      optional: true,
    }),
    coda.makeParameter({
      type: coda.ParameterType.Number,
      name: "lowConfidence",
      description: "Confidence at or below which On track becomes At risk (default 3)",
      optional: true,
    }),
  ],
  resultType: coda.ValueType.String,
  examples: [
    { params: [0.5, 0.8], result: "At risk" },
    { params: [0.8, 0.8, 2], result: "At risk" },
  ],
  execute: ([progress, expected, conf, onTrack, atRisk, lowConfidence]) => {
    const settings = settingsWith(onTrack, atRisk, lowConfidence);
    const ownerConfidence = optional(confidence, conf, "confidence");
    const status = statusAgainstPace(share(progress, "progress"), share(expected, "expected"), settings);
    return STATUS_LABEL[statusWithConfidence(status, ownerConfidence, settings)];
  },
});

export const RollUp = coda.makeFormula({
  ...pure,
  name: "RollUp",
  description:
    "Weighted mean of scores, as Cascade rolls key results up into an objective: a blank score counts as 0% (silence is never green), a blank weight as 1, and weight 0 leaves a score out.",
  parameters: [
    coda.makeParameter({
      type: coda.ParameterType.SparseNumberArray,
      name: "scores",
      description: "Progress or scores, 0–100% (e.g. a column of KRProgress)",
    }),
    coda.makeParameter({
      type: coda.ParameterType.SparseNumberArray,
      name: "weights",
      description: "One weight per score (default 1 each)",
      optional: true,
    }),
  ],
  resultType: coda.ValueType.Number,
  schema: percentResult,
  examples: [
    { params: [[0.27, 0.18, 0.73]], result: 0.3933333333333333 },
    {
      params: [
        [1, 0.5],
        [1, 3],
      ],
      result: 0.625,
    },
  ],
  execute: ([scores, weights]) => {
    if (weights !== undefined)
      sameLength({ name: "scores", values: scores }, { name: "weights", values: weights });
    const checkedScores = each(share, scores, "scores");
    const checkedWeights = weights === undefined ? [] : each(nonNegative, weights, "weights");
    const mean = weightedMeanInOrder(
      checkedScores.map((score, i) => ({ score: score ?? 0, weight: checkedWeights[i] ?? 1 })),
    );
    if (mean === null)
      throw new coda.UserVisibleError("Nothing to roll up: the list is empty or every weight is 0.");
    return mean;
  },
});

export const Grade = coda.makeFormula({
  ...pure,
  name: "Grade",
  description: "Google's grade of an objective score: Green from 70%, Yellow from 40%, else Red.",
  parameters: [coda.makeParameter({ type: coda.ParameterType.Number, name: "score", description: "0–100%" })],
  resultType: coda.ValueType.String,
  examples: [
    { params: [0.7], result: "Green" },
    { params: [0.55], result: "Yellow" },
  ],
  execute: ([score]) => GRADE_LABEL[gradeOf(share(score, "score"))],
});

const forecastParameters = [
  coda.makeParameter({
    type: coda.ParameterType.SparseDateArray,
    name: "dates",
    description: "Check-in dates (e.g. a column of the check-ins table)",
  }),
  coda.makeParameter({
    type: coda.ParameterType.SparseNumberArray,
    name: "values",
    description: "Check-in values, one per date (blank: skipped)",
  }),
  cycleStart,
  cycleEnd,
] as const;

/** The core's forecast of the check-ins (pairs with a blank are skipped); it needs two distinct days. */
function forecastOf(
  [dates, values, s, e]: [ReadonlyArray<Date | undefined>, ReadonlyArray<number | undefined>, Date, Date],
  startValue: number,
  targetValue: number,
  day: Date | undefined,
  context: coda.ExecutionContext,
) {
  sameLength({ name: "dates", values: dates }, { name: "values", values });
  const checkIns = [];
  for (let i = 0; i < dates.length; i++) {
    const date = dates[i];
    const value = values[i];
    if (date !== undefined && value !== undefined)
      checkIns.push({ date: isoDay(date, context.timezone), value });
  }
  const kr = {
    id: "kr",
    objectiveId: "objective",
    title: "",
    kind: startValue > targetValue ? ("decrease" as const) : ("increase" as const),
    start: startValue,
    target: targetValue,
    checkIns,
  };
  rejectInvalid(kr);
  const cycle = cycleOf(s, e, context);
  const asOf = dayOr(day, context);
  const forecast = forecastKeyResult(kr, cycle, asOf);
  if (forecast === null) {
    throw new coda.UserVisibleError(
      asOf >= cycle.end
        ? `The cycle ended on ${cycle.end}: its outcome is the current value, there is nothing left to forecast.`
        : "A forecast needs values checked in on at least two different days of the cycle (up to today).",
    );
  }
  return forecast;
}

/** Check-ins on days 0, 7 and 14 of an 84-day cycle, on a straight line: 84 at its end. */
const forecastExample = () => [
  ["2026-01-01", "2026-01-08", "2026-01-15"],
  [0, 7, 14],
  "2026-01-01",
  "2026-03-26",
];

export const Forecast = coda.makeFormula({
  ...dependsOnToday,
  name: "Forecast",
  description:
    "Projected value at the cycle's end: the trend (least-squares slope) of the check-ins dated in the cycle up to asOf, carried on from the latest one.",
  parameters: [...forecastParameters, asOf],
  resultType: coda.ValueType.Number,
  examples: [{ params: [...forecastExample(), "2026-01-15"], result: 84 }],
  execute: ([dates, values, s, e, day], context) =>
    forecastOf([dates, values, s, e], 0, 1, day, context).value,
});

export const ForecastProgress = coda.makeFormula({
  ...dependsOnToday,
  name: "ForecastProgress",
  description: "The progress (0–100%) the forecast value would mean at the cycle's end.",
  parameters: [
    ...forecastParameters,
    coda.makeParameter({
      type: coda.ParameterType.Number,
      name: "start",
      description: "The key result's start",
    }),
    coda.makeParameter({
      type: coda.ParameterType.Number,
      name: "target",
      description: "The key result's target",
    }),
    asOf,
  ],
  resultType: coda.ValueType.Number,
  schema: percentResult,
  examples: [{ params: [...forecastExample(), 0, 100, "2026-01-15"], result: 0.84 }],
  execute: ([dates, values, s, e, startValue, targetValue, day], context) =>
    forecastOf([dates, values, s, e], startValue, targetValue, day, context).progress,
});

const low = coda.makeParameter({
  type: coda.ParameterType.Number,
  name: "low",
  description: "Lowest acceptable value (blank: no lower bound)",
  optional: true,
});
const high = coda.makeParameter({
  type: coda.ParameterType.Number,
  name: "high",
  description: "Highest acceptable value (blank: no upper bound)",
  optional: true,
});

export const RangeAttainment = coda.makeFormula({
  ...pure,
  name: "RangeAttainment",
  description:
    "Attainment of a range key result: the share of its checked-in values that lie inside the bounds (inclusive).",
  parameters: [
    coda.makeParameter({
      type: coda.ParameterType.SparseNumberArray,
      name: "values",
      description: "The values checked in during the cycle (blanks are skipped)",
    }),
    low,
    high,
  ],
  resultType: coda.ValueType.Number,
  schema: percentResult,
  examples: [{ params: [[97, 94, 98, 99], 95, 99], result: 0.75 }],
  execute: ([values, l, h]) => {
    const { attainment } = scoreFields(rangeFields(values, l, h));
    if (attainment === null)
      throw new coda.UserVisibleError("There are no values to check against the range yet.");
    return attainment;
  },
});

export const InRange = coda.makeFormula({
  ...pure,
  name: "InRange",
  description: "Whether a value lies inside a range key result's bounds (inclusive).",
  parameters: [
    coda.makeParameter({ type: coda.ParameterType.Number, name: "value", description: "The value" }),
    low,
    high,
  ],
  resultType: coda.ValueType.Boolean,
  examples: [
    { params: [97, 95, 99], result: true },
    { params: [94, 95], result: false },
  ],
  execute: ([value, l, h]) => {
    const bounds = { ...(l === undefined ? {} : { low: l }), ...(h === undefined ? {} : { high: h }) };
    rejectInvalid({ kind: "range", ...bounds });
    return insideRange(bounds, value);
  },
});

export const MilestoneProgress = coda.makeFormula({
  ...pure,
  name: "MilestoneProgress",
  description: "Progress of a milestone key result: the weighted share of milestones done.",
  parameters: [
    coda.makeParameter({
      type: coda.ParameterType.SparseBooleanArray,
      name: "done",
      description: "One checkbox per milestone (blank: not done)",
    }),
    coda.makeParameter({
      type: coda.ParameterType.SparseNumberArray,
      name: "weights",
      description: "One weight per milestone (default 1 each)",
      optional: true,
    }),
  ],
  resultType: coda.ValueType.Number,
  schema: percentResult,
  examples: [
    {
      params: [
        [true, false],
        [1, 3],
      ],
      result: 0.25,
    },
  ],
  execute: ([done, weights]) => scoreFields(milestoneFields(done, weights)).progress as number,
});

export const PaceRatio = coda.makeFormula({
  ...pure,
  name: "PaceRatio",
  description:
    "Progress ÷ expected progress: 1 is exactly on pace, below 0.9 is behind (At risk), below 0.6 far behind (Off track).",
  parameters: [progressParam, expectedParam],
  resultType: coda.ValueType.Number,
  examples: [{ params: [0.4, 0.5], result: 0.8 }],
  execute: ([progress, expected]) => {
    if (share(expected, "expected") === 0) {
      throw new coda.UserVisibleError("expected: the cycle has not started (0), so no pace is expected yet");
    }
    return share(progress, "progress") / expected;
  },
});

export const scoringFormulas = [
  KRProgress,
  KRAttainment,
  ExpectedProgress,
  KRStatus,
  RollUp,
  Grade,
  Forecast,
  ForecastProgress,
  RangeAttainment,
  InRange,
  MilestoneProgress,
  PaceRatio,
];
