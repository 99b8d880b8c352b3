/** @jsxImportSource hono/jsx */
/**
 * The check-in form of a key result's page: Value, Confidence (0–10), Note and Date (today unless
 * changed). It carries two hidden fields: the session's CSRF token and an idempotency key drawn for
 * this rendering of the form, so a double submit records one check-in (the API's Idempotency-Key).
 * Refusals come back on the form, next to the field at fault, with what was typed kept.
 */
import type { Cycle, KeyResult } from "../../core/model/document.ts";
import { toBase64Url } from "../base64.ts";
import { CSRF_FIELD } from "./csrf.ts";
import { type Filters, filterQuery } from "./filters.tsx";
import { formatValue } from "./format.ts";

export type CheckInField = "value" | "confidence" | "note" | "date";

export interface CheckInFormState {
  /** The session's CSRF token. */
  csrf: string;
  /** The idempotency key of this rendering of the form. */
  idempotencyKey: string;
  /** Today (UTC): the default date, and the latest a check-in may be dated. */
  today: string;
  /** What was typed, when the form comes back refused. */
  values?: Record<CheckInField, string>;
  errors?: Partial<Record<CheckInField | "form", string>>;
}

/** The hidden field of the idempotency key, and the shape of the keys the form draws. */
export const KEY_FIELD = "idempotencyKey";
export const FORM_KEY = /^dash_[A-Za-z0-9_-]{22}$/;

/** A fresh idempotency key for one rendering of the form: `dash_` and 128 random bits. */
export function newIdempotencyKey(): string {
  return `dash_${toBase64Url(crypto.getRandomValues(new Uint8Array(16)))}`;
}

/** The longest note the form takes. */
export const MAX_NOTE = 2000;

const FIELDS: ReadonlyArray<{ name: CheckInField; label: string }> = [
  { name: "value", label: "Value" },
  { name: "confidence", label: "Confidence (0–10)" },
  { name: "date", label: "Date" },
  { name: "note", label: "Note" },
];

export function CheckInFormView(props: {
  kr: KeyResult;
  cycle: Cycle | undefined;
  filters: Filters;
  state: CheckInFormState;
}) {
  const { kr, cycle, state } = props;
  const errors = state.errors ?? {};
  const values = state.values ?? { value: "", confidence: "", note: "", date: state.today };
  const help: Record<CheckInField, string> = {
    value:
      kr.kind === "milestone"
        ? "Optional for a milestone key result: its progress comes from the milestones done."
        : `${kr.unit ? `In ${kr.unit}. ` : ""}${
            kr.kind === "range"
              ? `The band: ${kr.low === undefined ? "" : `from ${formatValue(kr.low, kr.unit)} `}${kr.high === undefined ? "" : `up to ${formatValue(kr.high, kr.unit)}`}.`
              : kr.target === undefined
                ? ""
                : `The target is ${formatValue(kr.target, kr.unit)}.`
          }`,
    confidence: "How sure the owner is of reaching it: 0 (not at all) to 10 (certain).",
    date: cycle
      ? `A day of ${cycle.name ?? cycle.id} (${cycle.start} to ${cycle.end}), not after today (${state.today}).`
      : `Not after today (${state.today}).`,
    note: "What moved it, what is in the way: the retro reads these.",
  };
  const described = (name: CheckInField) =>
    errors[name] ? `ci-${name}-help ci-${name}-error` : `ci-${name}-help`;
  const invalid = (name: CheckInField) => (errors[name] ? { "aria-invalid": "true" } : {});
  const problems = FIELDS.filter((f) => errors[f.name] !== undefined);
  const hint = (name: CheckInField) => (
    <p class="meta" id={`ci-${name}-help`}>
      {help[name]}
    </p>
  );
  return (
    <form
      class="check-in"
      method="post"
      action={`/dashboard/key-results/${encodeURIComponent(kr.id)}/check-ins?${filterQuery(props.filters)}#check-in-title`}
      aria-labelledby="check-in-title"
      novalidate
    >
      {errors.form || problems.length > 0 ? (
        <div class="error" role="alert" data-form-error>
          {errors.form ?? "The check-in was not recorded:"}
          {problems.length > 0 ? (
            <ul>
              {problems.map((f) => (
                <li id={`ci-${f.name}-error`}>
                  {f.label}: {errors[f.name]}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <input type="hidden" name={CSRF_FIELD} value={state.csrf} />
      <input type="hidden" name={KEY_FIELD} value={state.idempotencyKey} />
      <div>
        <label for="ci-value">Value</label>
        <input
          id="ci-value"
          name="value"
          type="text"
          inputmode="decimal"
          autocomplete="off"
          value={values.value}
          aria-describedby={described("value")}
          {...invalid("value")}
        />
        {hint("value")}
      </div>
      <div>
        <label for="ci-confidence">Confidence (0–10)</label>
        <input
          id="ci-confidence"
          name="confidence"
          type="number"
          min="0"
          max="10"
          step="1"
          inputmode="numeric"
          value={values.confidence}
          aria-describedby={described("confidence")}
          {...invalid("confidence")}
        />
        {hint("confidence")}
      </div>
      <div>
        <label for="ci-date">Date</label>
        <input
          id="ci-date"
          name="date"
          type="date"
          required
          value={values.date}
          aria-describedby={described("date")}
          {...invalid("date")}
        />
        {hint("date")}
      </div>
      <div class="wide">
        <label for="ci-note">Note</label>
        <textarea
          id="ci-note"
          name="note"
          rows={3}
          maxlength={MAX_NOTE}
          aria-describedby={described("note")}
          {...invalid("note")}
        >
          {values.note}
        </textarea>
        {hint("note")}
      </div>
      <div class="wide">
        <button type="submit">Record check-in</button>
      </div>
    </form>
  );
}
