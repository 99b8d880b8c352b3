/**
 * The check-in form's post: read the form, check its CSRF token, and record the check-in through the
 * API's own path (`checkCheckInLimits`, then `recordCheckIn` with the form's idempotency key), so the
 * dashboard validates, refuses and replays exactly as `POST /v1/…/check-ins` does. The dashboard adds
 * one rule of its own: a check-in may not be dated after today.
 */
import type { Context } from "hono";
import { isoDate } from "../../schema/document.ts";
import { checkCheckInLimits, workspaceLimits } from "../domain/limits.ts";
import { recordCheckIn } from "../domain/record-check-in.ts";
import { deferTo } from "../env.ts";
import { HttpError } from "../http-error.ts";
import { NewCheckInBody } from "../schemas.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { cascadeStore } from "../scoring/load.ts";
import type { CheckInField, CheckInFormState } from "./check-in-form.tsx";
import { FORM_KEY, KEY_FIELD, MAX_NOTE } from "./check-in-form.tsx";
import { CSRF_FIELD, isFormToken } from "./csrf.ts";
import type { DashboardEnv } from "./session.ts";

export type CheckInOutcome =
  | { ok: true; date: string }
  | {
      ok: false;
      status: 400 | 403 | 404 | 409 | 413;
      values: Record<CheckInField, string>;
      errors: NonNullable<CheckInFormState["errors"]>;
    };

/** "1,234.5" and "1 234,5" are read as people type them; anything else that is not a number is refused. */
export function parseNumber(text: string): number | null {
  let t = text.trim().replace(/[\s\u00a0\u202f_]/g, "");
  if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, "");
  else if (/^[-+]?\d+,\d+$/.test(t)) t = t.replace(",", ".");
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

const text = (form: Record<string, unknown>, name: string) =>
  typeof form[name] === "string" ? (form[name] as string) : "";

/**
 * Records the check-in a posted form describes on key result `id`, or says, field by field, why not.
 */
export async function postCheckIn(c: Context<DashboardEnv>, id: string): Promise<CheckInOutcome> {
  const form = await c.req.parseBody();
  const values: Record<CheckInField, string> = {
    value: text(form, "value"),
    confidence: text(form, "confidence"),
    note: text(form, "note"),
    date: text(form, "date").trim(),
  };
  const refuse = (
    status: 400 | 403 | 404 | 409 | 413,
    errors: NonNullable<CheckInFormState["errors"]>,
  ): CheckInOutcome => ({ ok: false, status, values, errors });

  if (!(await isFormToken(c, form[CSRF_FIELD]))) {
    return refuse(403, {
      form: "This form was not opened in your current session: check the values and record it again.",
    });
  }
  const key = text(form, KEY_FIELD);
  if (!FORM_KEY.test(key)) return refuse(400, { form: "This form is incomplete: reload the page." });

  const errors: NonNullable<CheckInFormState["errors"]> = {};
  const today = todayUtc();
  const body: { date: string; value?: number; confidence?: number; note?: string; source: string } = {
    date: values.date,
    source: "dashboard",
  };
  if (!isoDate.safeParse(values.date).success) errors.date = "Choose a date (YYYY-MM-DD).";
  else if (values.date > today)
    errors.date = `${values.date} is after today (${today}): date the check-in today or earlier.`;
  if (values.value.trim() !== "") {
    const n = parseNumber(values.value);
    if (n === null) errors.value = `"${values.value.trim()}" is not a number: type it as 42 or 3.5.`;
    else body.value = n;
  }
  if (values.confidence.trim() !== "") {
    const n = parseNumber(values.confidence);
    if (n === null || n < 0 || n > 10) errors.confidence = "Give a confidence from 0 to 10.";
    else body.confidence = n;
  }
  const note = values.note.trim();
  if (note.length > MAX_NOTE) errors.note = `Keep the note under ${MAX_NOTE} characters.`;
  else if (note !== "") body.note = note;
  if (
    Object.keys(errors).length === 0 &&
    body.value === undefined &&
    body.confidence === undefined &&
    !body.note
  ) {
    errors.value = "Give a value, a confidence or a note: a check-in with none of them says nothing.";
  }
  const parsed = NewCheckInBody.safeParse(body);
  if (!parsed.success && Object.keys(errors).length === 0) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? "");
      if (field === "value" || field === "confidence" || field === "note" || field === "date") {
        errors[field] ??= issue.message;
      } else errors.form ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return refuse(400, errors);

  const workspace = c.var.workspace;
  const store = cascadeStore(c.env.DB, workspace, deferTo(c));
  try {
    await checkCheckInLimits(store, id, workspaceLimits(c.env), key);
    await recordCheckIn(store, workspace, id, parsed.data, {
      asOf: today,
      idempotencyKey: key,
      by: c.var.principal,
    });
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    switch (error.code) {
      case "not_found":
        return refuse(404, { form: "This key result is no longer in the cascade." });
      case "invalid_request": {
        if (error.issues?.some((i) => i.path === "date")) {
          return refuse(400, { date: await outsideCycle(store, id, values.date) });
        }
        return refuse(400, { form: error.message });
      }
      case "idempotency_key_reused":
        return refuse(409, {
          form: "This form already recorded a different check-in: reload the page to record another.",
        });
      case "payload_too_large":
        return refuse(413, { form: `The check-in was not recorded: ${error.message}.` });
      default:
        return refuse(400, { form: error.message });
    }
  }
  return { ok: true, date: values.date };
}

/** Why a date was refused as outside the key result's cycle, naming the cycle and its days. */
async function outsideCycle(
  store: ReturnType<typeof cascadeStore>,
  id: string,
  date: string,
): Promise<string> {
  const doc = (await store.read())?.doc;
  const kr = doc?.keyResults.find((k) => k.id === id);
  const cycleId = doc?.objectives.find((o) => o.id === kr?.objectiveId)?.cycleId;
  const cycle = doc?.cycles.find((c) => c.id === cycleId);
  if (!cycle) return `${date} is outside the key result's cycle.`;
  return `${date} is outside the key result's cycle, ${cycle.name ?? cycle.id} (${cycle.start} to ${cycle.end}): choose a day in it.`;
}
