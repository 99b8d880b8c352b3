/**
 * Adapters from a doc's cells to the core's key-result scoring. Every number comes from
 * `scoreKeyResult` on a key result built from the arguments, so a facilitator's own table scores
 * exactly as Cascade does; bad arguments surface as the core's own reason, as a `UserVisibleError`.
 */
import * as coda from "@codahq/packs-sdk";
import type { CheckIn, KeyResult, KeyResultKind, Milestone } from "../../../core/model/document.ts";
import type { IsoDate, KeyResultScore } from "../../../core/model/report.ts";
import { invalidReason, scoreKeyResult } from "../../../core/scoring/key-result.ts";
import { DEFAULT_SETTINGS, type ResolvedSettings } from "../../../core/settings.ts";
import { defined } from "../helpers.ts";
import { each, nonNegative, sameLength } from "./checks.ts";

/** Scoring without a cycle or dated check-ins does not depend on the day: any fixed day will do. */
export const ANY_DAY: IsoDate = "2000-01-01";

type KeyResultFields = Omit<KeyResult, "id" | "objectiveId" | "title">;

/** Throws the core's reason why a key result's kind and numbers disagree, as a sentence for the doc. */
export function rejectInvalid(kr: Parameters<typeof invalidReason>[0]): void {
  const reason = invalidReason(kr);
  if (reason !== null)
    throw new coda.UserVisibleError(`${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`);
}

/** Scores a key result made of the given fields; its invalid reason becomes a `UserVisibleError`. */
export function scoreFields(
  fields: KeyResultFields,
  options: { asOf?: IsoDate; expected?: number; settings?: ResolvedSettings } = {},
): KeyResultScore {
  const kr: KeyResult = { id: "kr", objectiveId: "objective", title: "", ...defined(fields) };
  rejectInvalid(kr);
  return scoreKeyResult(
    kr,
    undefined,
    options.asOf ?? ANY_DAY,
    options.settings ?? DEFAULT_SETTINGS,
    options.expected ?? 0,
  );
}

const NUMERIC_KINDS = ["increase", "decrease", "range"] as const;
export type NumericKind = (typeof NUMERIC_KINDS)[number];
export const KIND_CHOICES: string[] = [...NUMERIC_KINDS];

/** Reads a kind cell ("Increase ", "decrease"...). */
export function numericKind(kind: string): NumericKind {
  const normalized = kind.trim().toLowerCase() as KeyResultKind;
  if (normalized === "milestone") {
    throw new coda.UserVisibleError(
      "A milestone key result's progress comes from its milestones: use MilestoneProgress(done, weights).",
    );
  }
  if (!(NUMERIC_KINDS as readonly string[]).includes(normalized)) {
    throw new coda.UserVisibleError(`Unknown kind "${kind}": expected increase, decrease or range.`);
  }
  return normalized as NumericKind;
}

/**
 * A numeric key result from a row: start and target, or for a range its low and high bounds.
 *
 * @example numericFields("range", 95, 99, 97) // { kind: "range", low: 95, high: 99, current: 97 }
 */
export function numericFields(
  kind: string,
  start: number,
  target: number,
  current?: number,
): KeyResultFields {
  const k = numericKind(kind);
  if (k === "range") return { kind: k, low: start, high: target, current };
  return { kind: k, start, target, current };
}

/** A range key result whose check-ins are the given values, all on one day (blanks skipped). */
export function rangeFields(
  values: ReadonlyArray<number | undefined>,
  low?: number,
  high?: number,
): KeyResultFields {
  const checkIns: CheckIn[] = [];
  for (const value of values) if (value !== undefined) checkIns.push({ date: ANY_DAY, value });
  return { kind: "range", low, high, checkIns };
}

/** A milestone key result (blank done: not done; blank weight: 1). */
export function milestoneFields(
  done: ReadonlyArray<boolean | undefined>,
  weights: ReadonlyArray<number | undefined> | undefined,
): KeyResultFields {
  if (weights !== undefined) sameLength({ name: "done", values: done }, { name: "weights", values: weights });
  const checked = weights === undefined ? [] : each(nonNegative, weights, "weights");
  const milestones: Milestone[] = done.map((d, i) =>
    defined({ title: `milestone ${i + 1}`, done: d === true, weight: checked[i] }),
  );
  return { kind: "milestone", milestones };
}
