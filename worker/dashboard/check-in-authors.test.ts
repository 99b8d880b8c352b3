/**
 * Who checked in: the key result's page names, for each check-in, the person who recorded it (or
 * "integration" / "admin" for a token) and when, from D1's rows beside the document; a check-in that
 * came in a document or from a sync names its source instead.
 */
import { describe, expect, it } from "vitest";
import type { CheckIn } from "../../core/model/document.ts";
import type { CascadeDocument } from "../../schema/document.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { callJson, tinyCascade, workspaceWith } from "../test/helpers.ts";
import { matchRecorded, type Recorded, recordedBy } from "./check-in-authors.ts";
import { daysBefore } from "./filters.tsx";
import { elementWith, fieldValue, page, postForm, session, textOf } from "./test-pages.ts";

const ana = { kind: "person" as const, id: "per_ana", name: "Ana Lima" };
const integration = { kind: "token" as const, id: "tok_1", name: "integration" };
const row = (
  c: CheckIn,
  author: Recorded["author"],
  recordedAt: string | null = "2026-02-10T09:30:00.000Z",
) => ({
  ...c,
  author,
  recordedAt,
});

describe("matchRecorded", () => {
  it("pairs each check-in with the row of the same fields", () => {
    const a = { date: "2026-02-01", value: 1 };
    const b = { date: "2026-02-08", value: 2, confidence: 7, note: "ok", source: "dashboard" };
    const matched = matchRecorded([a, b], [row({ ...b }, ana), row({ ...a }, integration)]);
    expect(matched.get(a)?.author).toEqual(integration);
    expect(matched.get(b)).toEqual({ author: ana, recordedAt: "2026-02-10T09:30:00.000Z" });
  });

  it("gives the k-th of identical check-ins the k-th identical row, in order", () => {
    const first = { date: "2026-02-01", value: 5 };
    const second = { date: "2026-02-01", value: 5 };
    const matched = matchRecorded([first, second], [row({ ...first }, null, null), row({ ...second }, ana)]);
    expect(matched.has(first)).toBe(false);
    expect(matched.get(second)?.author).toEqual(ana);
  });

  it("leaves out check-ins whose fields no row has (a newer revision changed them)", () => {
    const changed = { date: "2026-02-01", value: 6 };
    const matched = matchRecorded([changed], [row({ date: "2026-02-01", value: 5 }, ana)]);
    expect(matched.size).toBe(0);
  });

  it("tells an absent field from one set", () => {
    const bare = { date: "2026-02-01" };
    const noted = { date: "2026-02-01", note: "" };
    const matched = matchRecorded([bare, noted], [row({ date: "2026-02-01", note: "" }, ana)]);
    expect(matched.has(bare)).toBe(false);
    expect(matched.get(noted)?.author).toEqual(ana);
  });
});

describe("recordedBy", () => {
  it("names the author, else the source, else a dash", () => {
    expect(recordedBy({ date: "2026-02-01" }, { author: ana, recordedAt: null })).toBe("Ana Lima");
    expect(
      recordedBy({ date: "2026-02-01", source: "coda" }, { author: integration, recordedAt: null }),
    ).toBe("integration");
    expect(recordedBy({ date: "2026-02-01", source: "notion" }, undefined)).toBe("notion");
    expect(recordedBy({ date: "2026-02-01" }, undefined)).toBe("–");
  });
});

describe("the key result's page", () => {
  const today = todayUtc();
  const day = (n: number) => daysBefore(today, n);
  const minute = (iso: string) => iso.replace("T", " ").slice(0, 16);

  it("shows who recorded each check-in and when, or the source of one that came in a document", async () => {
    const doc: CascadeDocument = tinyCascade("Authors");
    doc.cycles = [{ id: "q1", name: "This quarter", start: day(40), end: day(-40) }];
    const kr = doc.keyResults[0] as CascadeDocument["keyResults"][number];
    kr.checkIns = [
      { date: day(30), value: 1, source: "notion" },
      { date: day(29), value: 2 },
    ];
    const ws = "authors-page";
    const token = await workspaceWith(ws, doc);
    const path = `/v1/workspaces/${ws}/key-results/kr-a/check-ins`;
    const byToken = await callJson(path, { token, body: { date: day(20), value: 3 } });
    const byAdmin = await callJson(path, { body: { date: day(19), value: 4 } });
    expect([byToken.status, byAdmin.status]).toEqual([201, 201]);

    const person = await callJson(`/v1/workspaces/${ws}/people`, {
      token,
      body: { name: "Ana Lima", email: "ana@example.com", role: "member" },
    });
    const issued = await callJson(`/v1/workspaces/${ws}/people/${person.body.id}/tokens`, {
      token,
      method: "POST",
    });
    const cookie = await session(issued.body.token);
    const { html: form } = await page(`/dashboard/key-results/kr-a?asOf=${today}`, cookie);
    const posted = await postForm(`/dashboard/key-results/kr-a/check-ins?asOf=${today}`, cookie, {
      csrf: fieldValue(form, "csrf") ?? "",
      idempotencyKey: fieldValue(form, "idempotencyKey") ?? "",
      value: "5",
      confidence: "",
      note: "",
      date: day(10),
    });
    expect(posted.status).toBe(303);
    // A later rename does not rewrite who recorded it.
    await callJson(`/v1/workspaces/${ws}/people/${person.body.id}`, {
      token,
      method: "PATCH",
      body: { name: "Ana L. Souza" },
    });
    const listed = await callJson(`/v1/workspaces/${ws}/check-ins?keyResultId=kr-a`, { token });
    const recordedAt = (date: string) =>
      listed.body.items.find((c: { date: string }) => c.date === date)?.recordedAt as string;

    const { status, html } = await page(`/dashboard/key-results/kr-a?asOf=${today}`, cookie);
    expect(status).toBe(200);
    expect(html).toContain('<th scope="col">By</th>');
    expect(html).toContain('<th scope="col">Recorded (UTC)</th>');
    const shown = (date: string) => textOf(elementWith(html, `data-check-in="${date}"`));
    expect(shown(day(10))).toContain(`Ana Lima ${minute(recordedAt(day(10)))}`);
    expect(shown(day(19))).toContain(`admin ${minute(byAdmin.body.checkIn.recordedAt)}`);
    expect(shown(day(20))).toContain(`integration ${minute(byToken.body.checkIn.recordedAt)}`);
    expect(shown(day(29))).toMatch(/ – –$/);
    expect(shown(day(30))).toMatch(/ notion –$/);
    // Newest first, as before.
    const dates = [...html.matchAll(/data-check-in="([^"]+)"/g)].map((m) => m[1]);
    expect(dates).toEqual([day(10), day(19), day(20), day(29), day(30)]);
  });

  it("keeps the authors of the check-ins a replace of the cascade leaves unchanged", async () => {
    const doc: CascadeDocument = tinyCascade("Kept");
    doc.cycles = [{ id: "q1", start: day(40), end: day(-40) }];
    const ws = "authors-kept";
    const token = await workspaceWith(ws, doc);
    const posted = await callJson(`/v1/workspaces/${ws}/key-results/kr-a/check-ins`, {
      token,
      body: { date: day(5), value: 9 },
    });
    expect(posted.status).toBe(201);
    const stored = await callJson(`/v1/workspaces/${ws}/cascade`, { token });
    const again = stored.body as CascadeDocument;
    (again.keyResults[0] as CascadeDocument["keyResults"][number]).checkIns?.push({
      date: day(4),
      value: 10,
    });
    expect(
      (await callJson(`/v1/workspaces/${ws}/cascade`, { token, method: "PUT", body: again })).status,
    ).toBe(200);
    const cookie = await session(token);
    const { html } = await page(`/dashboard/key-results/kr-a?asOf=${today}`, cookie);
    expect(textOf(elementWith(html, `data-check-in="${day(5)}"`))).toContain("integration");
    expect(textOf(elementWith(html, `data-check-in="${day(4)}"`))).toMatch(/ – –$/);
  });
});
