/**
 * How every formula checks its numbers: one sentence per kind of mistake, naming the parameter, so
 * `Grade(50)` says "score: expected a number from 0 to 1, got 50" instead of answering Green.
 * Shares (progress, expected, scores, thresholds) go from 0 to 1 inclusive, as Coda's percentages do.
 * A bound is met give or take rounding (DOMAIN §8, core/bounds.ts): a sum of percentages that lands at
 * 1.0000000000000002 is 100%, and is read as exactly the bound.
 */
import * as coda from "@codahq/packs-sdk";
import { atLeast, atMost } from "../../../core/bounds.ts";

function fail(value: number, name: string, expected: string): never {
  throw new coda.UserVisibleError(`${name}: expected ${expected}, got ${value}`);
}

/** A value within [low, high], give or take rounding, pulled onto the bound it rounds past. */
function within(value: number, name: string, low: number, high: number, expected: string): number {
  if (!(atLeast(value, low) && atMost(value, high))) fail(value, name, expected);
  return Math.min(high, Math.max(low, value));
}

/**
 * A share from 0 to 1 inclusive (0% to 100%).
 *
 * @example share(0.7, "score") // 0.7
 */
export function share(value: number, name: string): number {
  return within(value, name, 0, 1, "a number from 0 to 1");
}

/**
 * An owner's confidence, from 0 to 10 inclusive.
 *
 * @example confidence(7, "confidence") // 7
 */
export function confidence(value: number, name: string): number {
  return within(value, name, 0, 10, "a number from 0 to 10");
}

/**
 * A number of 0 or more: weights and WSJF criteria.
 *
 * @example nonNegative(0, "weight") // 0
 */
export function nonNegative(value: number, name: string): number {
  return within(value, name, 0, Number.POSITIVE_INFINITY, "a number of 0 or more");
}

/**
 * A number greater than 0: what is divided by.
 *
 * @example positive(5, "size") // 5
 */
export function positive(value: number, name: string): number {
  if (!(value > 0)) fail(value, name, "a number greater than 0");
  return value;
}

type Check = (value: number, name: string) => number;

/** An optional parameter: blank stays blank, a number is checked. */
export function optional(check: Check, value: number | undefined, name: string): number | undefined {
  return value === undefined ? undefined : check(value, name);
}

/**
 * Every number of a list (blanks stay blank), each named by its place counted from 1.
 *
 * @example each(share, [0.5, undefined, 50], "scores") // throws "scores #3: expected a number from 0 to 1, got 50"
 */
export function each(
  check: Check,
  values: ReadonlyArray<number | undefined>,
  name: string,
): Array<number | undefined> {
  return values.map((value, i) => optional(check, value, `${name} #${i + 1}`));
}

/** Two lists that go together must be as long as each other. */
export function sameLength(
  first: { name: string; values: readonly unknown[] },
  second: { name: string; values: readonly unknown[] },
): void {
  if (first.values.length !== second.values.length) {
    throw new coda.UserVisibleError(
      `${second.name}: expected one per item of ${first.name} (${first.values.length}), got ${second.values.length}`,
    );
  }
}
