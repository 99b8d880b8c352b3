/**
 * Check-ins from a key result's page: the form posts through the API's own path (the same validation,
 * limits, idempotency and cycle rule), refuses what it must on the form itself, and is protected by a
 * CSRF token tied to the session plus the same-origin check.
 */
import { describe, expect, it } from "vitest";
import { scoreCascade } from "../../core/report.ts";
import type { CascadeDocument, CheckIn } from "../../schema/document.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { callJson, tinyCascade, workspaceWith } from "../test/helpers.ts";
import { daysBefore } from "./filters.tsx";
import { fieldValue, page, postForm, session, textOf } from "./test-pages.ts";

const today = todayUtc();
const KR = "kr-a";

/** A cascade whose cycle runs from 40 days ago to 40 days ahead, so today is always in it. */
function runningCascade(): CascadeDocument {
  const doc = tinyCascade("Running");
  doc.cycles = [
    { id: "q1", name: "This quarter", start: daysBefore(today, 40), end: daysBefore(today, -40) },
  ];
  const kr = doc.keyResults[0] as CascadeDocument["keyResults"][number];
  kr.unit = "customers";
  kr.checkIns = [{ date: daysBefore(today, 20), value: 10, confidence: 6 }];
  return doc;
}

let workspaces = 0;
async function signedIn(): Promise<{ ws: string; token: string; cookie: string }> {
  const ws = `checkin-${++workspaces}`;
  const token = await workspaceWith(ws, runningCascade());
  return { ws, token, cookie: await session(token) };
}

async function checkInsOf(ws: string, token: string): Promise<CheckIn[]> {
  const { body } = await callJson(`/v1/workspaces/${ws}/cascade`, { token });
  const doc = body as CascadeDocument;
  return doc.keyResults.find((k) => k.id === KR)?.checkIns ?? [];
}

/** The page's form, as a browser would post it: its hidden fields and the given ones. */
async function formOf(cookie: string, fields: Record<string, string>): Promise<Record<string, string>> {
  const { html } = await page(`/dashboard/key-results/${KR}?asOf=${today}`, cookie);
  return {
    csrf: fieldValue(html, "csrf") ?? "",
    idempotencyKey: fieldValue(html, "idempotencyKey") ?? "",
    value: "",
    confidence: "",
    note: "",
    date: today,
    ...fields,
  };
}

const ACTION = `/dashboard/key-results/${KR}/check-ins?asOf=${today}`;
/** The form's action: the post's answer (a refusal) opens at the form. */
const FORM_ACTION = `${ACTION}#check-in-title`;

describe("the check-in form", () => {
  it("offers Value, Confidence (0–10), Note and Date (today), with a session token and a key per rendering", async () => {
    const { cookie } = await signedIn();
    const first = await page(`/dashboard/key-results/${KR}?asOf=${today}`, cookie);
    for (const [id, label] of [
      ["ci-value", "Value"],
      ["ci-confidence", "Confidence (0–10)"],
      ["ci-note", "Note"],
      ["ci-date", "Date"],
    ]) {
      expect(first.html).toContain(`<label for="${id}">${label}</label>`);
    }
    expect(fieldValue(first.html, "date")).toBe(today);
    expect(first.html).toContain(`action="${FORM_ACTION.replace(/&/g, "&amp;")}"`);
    const second = await page(`/dashboard/key-results/${KR}?asOf=${today}`, cookie);
    expect(fieldValue(first.html, "csrf")).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(fieldValue(second.html, "csrf")).toBe(fieldValue(first.html, "csrf"));
    expect(fieldValue(first.html, "idempotencyKey")).toMatch(/^dash_[A-Za-z0-9_-]{22}$/);
    expect(fieldValue(second.html, "idempotencyKey")).not.toBe(fieldValue(first.html, "idempotencyKey"));
  });

  it("records a check-in as the API does, and goes back to the page, which shows the new status at once", async () => {
    const { ws, token, cookie } = await signedIn();
    const form = await formOf(cookie, { value: "1,200", confidence: "8", note: "  A good week  " });
    // 1,200 of a target of 100 is done.
    const response = await postForm(ACTION, cookie, form);
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    expect(location).toBe(`/dashboard/key-results/${KR}?asOf=${today}&recorded=${today}#recorded`);
    const checkIns = await checkInsOf(ws, token);
    expect(checkIns).toHaveLength(2);
    expect(checkIns[1]).toEqual({
      date: today,
      value: 1200,
      confidence: 8,
      note: "A good week",
      source: "dashboard",
    });

    const { body } = await callJson(`/v1/workspaces/${ws}/cascade`, { token });
    const status = scoreCascade(body as CascadeDocument, today).keyResults.find((k) => k.id === KR)?.status;
    expect(status).toBe("done");
    const after = await page(location.replace(/#.*$/, ""), cookie);
    expect(after.status).toBe(200);
    expect(textOf(after.html)).toContain(`Check-in of ${today} recorded. A is now done`);
  });

  it("records one check-in when the same form is posted twice (a double submit)", async () => {
    const { ws, token, cookie } = await signedIn();
    const form = await formOf(cookie, { value: "40" });
    const [a, b] = await Promise.all([postForm(ACTION, cookie, form), postForm(ACTION, cookie, form)]);
    const again = await postForm(ACTION, cookie, form);
    for (const r of [a, b, again]) expect(r.status).toBe(303);
    expect(await checkInsOf(ws, token)).toHaveLength(2);
    // A new rendering of the form draws a new key: a second check-in is a second one.
    await postForm(ACTION, cookie, await formOf(cookie, { value: "45" }));
    expect(await checkInsOf(ws, token)).toHaveLength(3);
  });

  it("refuses a date after today, with a clear message on the form and what was typed kept", async () => {
    const { ws, token, cookie } = await signedIn();
    const tomorrow = daysBefore(today, -1);
    const response = await postForm(ACTION, cookie, await formOf(cookie, { value: "50", date: tomorrow }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(textOf(html)).toContain(`Date: ${tomorrow} is after today (${today})`);
    expect(html).toMatch(/<input id="ci-date"[^>]*aria-invalid="true"/);
    expect(fieldValue(html, "value")).toBe("50");
    expect(fieldValue(html, "date")).toBe(tomorrow);
    expect(html).toContain('role="alert"');
    expect(await checkInsOf(ws, token)).toHaveLength(1);
  });

  it("refuses a date outside the key result's cycle, naming the cycle", async () => {
    const { ws, token, cookie } = await signedIn();
    const before = daysBefore(today, 60);
    const response = await postForm(ACTION, cookie, await formOf(cookie, { value: "50", date: before }));
    expect(response.status).toBe(400);
    expect(textOf(await response.text())).toContain(
      `${before} is outside the key result's cycle, This quarter (${daysBefore(today, 40)} to ${daysBefore(today, -40)})`,
    );
    expect(await checkInsOf(ws, token)).toHaveLength(1);
  });

  it("refuses a value that is no number, a confidence above 10, and a check-in that says nothing", async () => {
    const { ws, token, cookie } = await signedIn();
    for (const [fields, message] of [
      [{ value: "twelve" }, '"twelve" is not a number'],
      [{ value: "5", confidence: "11" }, "Give a confidence from 0 to 10."],
      [{}, "Give a value, a confidence or a note"],
    ] as const) {
      const response = await postForm(ACTION, cookie, await formOf(cookie, fields));
      expect(response.status, message).toBe(400);
      expect(textOf(await response.text()), message).toContain(message);
    }
    expect(await checkInsOf(ws, token)).toHaveLength(1);
  });

  it("takes a post only with its session's token, from the dashboard's own pages (CSRF)", async () => {
    const { ws, token, cookie } = await signedIn();
    const form = await formOf(cookie, { value: "50" });
    const otherSession = await session(token);
    const othersForm = await formOf(otherSession, { value: "50" });
    for (const [label, fields, headers, status] of [
      ["no token", { ...form, csrf: "" }, undefined, 403],
      ["a forged token", { ...form, csrf: "A".repeat(43) }, undefined, 403],
      ["another session's token", { ...form, csrf: othersForm.csrf as string }, undefined, 403],
      ["another site", form, { origin: "https://evil.example" }, 403],
      ["no origin at all", form, {}, 403],
    ] as const) {
      const response = await postForm(ACTION, cookie, fields, headers);
      expect(response.status, label).toBe(status);
    }
    const noSession = await postForm(ACTION, "", form);
    expect(noSession.status).toBe(303);
    expect(noSession.headers.get("location")).toBe("/sign-in");
    expect(await checkInsOf(ws, token)).toHaveLength(1);
  });
});
