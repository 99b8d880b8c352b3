/**
 * The dashboard as the room the leadership meeting runs in: it opens on the cycle in progress with a
 * summary of it and of the week, key result rows that say where each one stands, the agenda, the retro
 * of a finished cycle, a team filter that applies everywhere, names instead of ids, and an HTML 404.
 * Every number is checked against the core's own report of the same document (never hard-coded: the
 * core's forecast may change).
 */
import { describe, expect, it } from "vitest";
import { buildAgenda } from "../../core/execution/agenda.ts";
import { buildRetrospective } from "../../core/execution/retro.ts";
import type { Alert } from "../../core/model/report.ts";
import { scoreCascade } from "../../core/report.ts";
import { latestCheckIn } from "../../core/scoring/key-result.ts";
import { cascadeTree } from "../../core/view/cascade-tree.ts";
import { callJson, northwind, workspaceWith } from "../test/helpers.ts";
import { formatValue, percent } from "./format.ts";
import { attributeValues, elementWith, page, postForm, session, textOf } from "./test-pages.ts";

const AS_OF = "2026-11-20";
const WEEK_AGO = "2026-11-13";
const IN_PROGRESS = "2026-Q4";
const FINISHED = "2026-Q3";

const doc = northwind();
const report = scoreCascade(doc, AS_OF);
const objectiveCycle = new Map(doc.objectives.map((o) => [o.id, o.cycleId] as const));
const objectiveTeam = new Map(doc.objectives.map((o) => [o.id, o.team] as const));
const keyResultCycle = (id: string) =>
  objectiveCycle.get(doc.keyResults.find((k) => k.id === id)?.objectiveId ?? "");

let signedIn: Promise<string> | undefined;
/** One workspace with Northwind for the read-only tests of this file. */
function northwindSession(): Promise<string> {
  signedIn ??= workspaceWith("meet-northwind", northwind()).then(session);
  return signedIn;
}

describe("unknown dashboard pages", () => {
  it("are answered with the dashboard's HTML 404 page, with its security headers, for any method", async () => {
    const cookie = await northwindSession();
    for (const [method, path] of [
      ["GET", "/dashboard/nope"],
      ["GET", "/dashboard/key-results/kr-q4-nrr/extra"],
      ["GET", "/dashboard/retro/no-such-cycle"],
      ["GET", `/dashboard/key-results/no-such-kr?asOf=${AS_OF}`],
      ["POST", "/dashboard/nope"],
    ] as const) {
      const response =
        method === "GET"
          ? await page(path, cookie)
          : await postForm(path, cookie, {}).then(async (r) => ({
              status: r.status,
              html: await r.text(),
              headers: r.headers,
            }));
      expect(response.status, path).toBe(404);
      expect(response.headers.get("content-type"), path).toContain("text/html");
      expect(response.headers.get("content-security-policy"), path).toContain("default-src 'none'");
      expect(response.html.startsWith("<!DOCTYPE html>"), path).toBe(true);
      expect(response.html, path).toContain("Back to the cascade");
      expect(response.html, path).toContain('aria-label="Dashboard"');
    }
  });

  it("send a visitor without a session to the sign-in page, as every dashboard page does", async () => {
    const response = await page("/dashboard/nope");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/sign-in");
  });

  it("leave the worker's JSON 404 outside the dashboard as it is", async () => {
    const response = await page("/nope");
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/json");
  });
});

describe("the cascade page opens on the cycle in progress", () => {
  it("shows that cycle's objectives only, and offers all cycles as a choice", async () => {
    const cookie = await northwindSession();
    const { html } = await page(`/dashboard?asOf=${AS_OF}`, cookie);
    const shown = new Set(attributeValues(html, 'data-kind="objective" data-id'));
    expect(shown).toEqual(new Set(doc.objectives.filter((o) => o.cycleId === IN_PROGRESS).map((o) => o.id)));
    expect(html).toMatch(new RegExp(`<option value="${IN_PROGRESS}" selected="">`));
    expect(html).toContain('<option value="">All cycles</option>');
    const all = await page(`/dashboard?asOf=${AS_OF}&cycle=`, cookie);
    expect(new Set(attributeValues(all.html, 'data-kind="objective" data-id'))).toEqual(
      new Set(doc.objectives.map((o) => o.id)),
    );
  });

  it("sums the cycle up: its score against the pace, key results by status, alerts by severity", async () => {
    const cookie = await northwindSession();
    const { html } = await page(`/dashboard?asOf=${AS_OF}`, cookie);
    const inCycle = new Set(doc.objectives.filter((o) => o.cycleId === IN_PROGRESS).map((o) => o.id));
    const scores = report.objectives
      .filter((o) => inCycle.has(o.id) && o.score !== null)
      .map((o) => o.score as number);
    const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
    const expected = report.objectives.find((o) => inCycle.has(o.id))?.expected;
    expect(html).toContain(`data-score="${mean}" data-expected="${expected}"`);
    expect(textOf(elementWith(html, `data-score="${mean}"`))).toContain(percent(mean));

    const krs = report.keyResults.filter((k) => keyResultCycle(k.id) === IN_PROGRESS);
    expect(html).toContain(`data-key-results="${krs.length}"`);
    const strip = elementWith(html, `data-key-results="${krs.length}"`);
    for (const status of new Set(krs.map((k) => k.status))) {
      const count = krs.filter((k) => k.status === status).length;
      expect(textOf(elementWith(strip, `data-count="${status}"`)), status).toMatch(new RegExp(`^${count} `));
    }

    const inScope = (a: Alert) => {
      const kr = doc.keyResults.find((k) => k.id === a.subject);
      if (kr) return objectiveCycle.get(kr.objectiveId) === IN_PROGRESS;
      const initiative = doc.initiatives?.find((i) => i.id === a.subject);
      return initiative ? initiative.cycleId === IN_PROGRESS : true;
    };
    const alerts = report.alerts.filter(inScope);
    expect(alerts.length).toBeGreaterThan(0);
    const box = elementWith(html, `data-alerts="${alerts.length}"`);
    for (const severity of ["high", "medium"] as const) {
      const count = alerts.filter((a) => a.severity === severity).length;
      expect(textOf(elementWith(box, `data-severity="${severity}"`))).toBe(`${count} ${severity}`);
    }
  });

  it("says what changed since the week before, from the same document scored a week earlier", async () => {
    const cookie = await northwindSession();
    const { html } = await page(`/dashboard?asOf=${AS_OF}`, cookie);
    const before = scoreCascade(doc, WEEK_AGO);
    const krs = doc.keyResults.filter((k) => keyResultCycle(k.id) === IN_PROGRESS);
    const ids = new Set(krs.map((k) => k.id));
    const was = new Map(before.keyResults.map((k) => [k.id, k.status] as const));
    const changed = report.keyResults.filter((k) => ids.has(k.id) && was.get(k.id) !== k.status);
    const received = krs.flatMap((k) =>
      (k.checkIns ?? []).filter((c) => c.date > WEEK_AGO && c.date <= AS_OF),
    );
    const silent = krs.filter(
      (k) =>
        !(k.checkIns ?? []).some((c) => c.date > WEEK_AGO && c.date <= AS_OF) &&
        report.keyResults.find((s) => s.id === k.id)?.status !== "invalid",
    );
    const seen = new Set(before.alerts.map((a) => `${a.code} ${a.subject}`));
    const fresh = report.alerts.filter((a) => {
      const cycle = keyResultCycle(a.subject) ?? doc.initiatives?.find((i) => i.id === a.subject)?.cycleId;
      return (cycle === undefined || cycle === IN_PROGRESS) && !seen.has(`${a.code} ${a.subject}`);
    });
    expect(html).toContain(`data-since="${WEEK_AGO}"`);
    expect(html).toContain(`data-changes="status" data-count="${changed.length}"`);
    expect(html).toContain(`data-changes="alerts" data-count="${fresh.length}"`);
    expect(html).toContain(`data-changes="check-ins" data-count="${received.length}"`);
    expect(html).toContain(`data-changes="silent" data-count="${silent.length}"`);
    expect(received.length).toBeGreaterThan(0);
    for (const k of changed) expect(html).toContain(`data-changed="${k.id}"`);
    for (const k of silent) expect(html).toContain(`data-silent="${k.id}"`);
  });
});

describe("key result rows", () => {
  it("show current → target in the unit, the confidence, the days since the last check-in and a trend", async () => {
    const cookie = await northwindSession();
    const { html } = await page(`/dashboard?asOf=${AS_OF}`, cookie);
    for (const kr of doc.keyResults.filter((k) => keyResultCycle(k.id) === IN_PROGRESS)) {
      const row = elementWith(html, `data-kind="key-result" data-id="${kr.id}"`);
      const score = report.keyResults.find((k) => k.id === kr.id);
      const standing = textOf(elementWith(row, "data-standing"));
      if (kr.kind === "increase" || kr.kind === "decrease") {
        expect(standing, kr.id).toContain(`→ ${formatValue(kr.target, kr.unit)}`);
        if (score?.current != null) expect(standing, kr.id).toContain(formatValue(score.current, kr.unit));
      }
      const latest = latestCheckIn(kr.checkIns, AS_OF);
      expect(row, kr.id).toContain(`data-last-check-in="${latest?.date ?? ""}"`);
      if (latest) expect(textOf(row), kr.id).toMatch(/checked in (today|1 day ago|\d+ days ago)/);
      const values = (kr.checkIns ?? []).filter((c) => c.value !== undefined && c.date <= AS_OF);
      expect(row.includes("data-trend="), kr.id).toBe(values.length >= 2);
      const confident = (kr.checkIns ?? []).filter((c) => c.date <= AS_OF && c.confidence !== undefined);
      if (confident.length > 0) expect(textOf(row), kr.id).toMatch(/confidence \d+\/10/);
    }
  });

  it("mark a key result weighted 0 as not counted", async () => {
    const cookie = await northwindSession();
    const zero = doc.keyResults.find((k) => k.weight === 0);
    if (!zero) throw new Error("northwind has no key result weighted 0");
    const cycle = keyResultCycle(zero.id) as string;
    const { html } = await page(`/dashboard?asOf=${AS_OF}&cycle=${cycle}`, cookie);
    expect(elementWith(html, `data-kind="key-result" data-id="${zero.id}"`)).toContain("not counted");
    const counted = doc.keyResults.find((k) => keyResultCycle(k.id) === cycle && k.weight !== 0);
    expect(elementWith(html, `data-kind="key-result" data-id="${counted?.id}"`)).not.toContain("not counted");
  });

  it("show a finished cycle's objectives with their final score and grade, not a pace they can no longer keep", async () => {
    const cookie = await northwindSession();
    const { html } = await page(`/dashboard?asOf=${AS_OF}&cycle=${FINISHED}`, cookie);
    for (const o of report.objectives.filter((x) => objectiveCycle.get(x.id) === FINISHED)) {
      const row = elementWith(html, `data-kind="objective" data-id="${o.id}"`);
      expect(row, o.id).toContain(`data-grade="${o.grade}"`);
      expect(textOf(row), o.id).toContain(`${percent(o.score)} final · grade ${o.grade}`);
      expect(textOf(row), o.id).not.toContain("expected");
      expect(row, o.id).not.toContain('class="pace"');
    }
    expect(html).toContain(`href="/dashboard/retro/${FINISHED}?asOf=${AS_OF}&amp;cycle=${FINISHED}"`);
    // The strip sums the cycle up in its retro's words.
    const retro = buildRetrospective(doc, FINISHED, (asOf) => scoreCascade(doc, asOf));
    const strip = elementWith(html, `data-summary="${FINISHED}"`);
    expect(textOf(strip)).toContain(retro?.readingText);
    // How its key results ended, not alerts or a week of check-ins it no longer expects.
    expect(strip).toContain(`data-carry-over-count="${retro?.carryOver.length}"`);
    const done = report.keyResults.filter((k) => keyResultCycle(k.id) === FINISHED && k.status === "done");
    expect(strip).toContain(`data-done="${done.length}"`);
    expect(strip).not.toContain("data-alerts=");
    expect(strip).not.toContain("data-since=");
  });

  it("show a range key result on a gauge of its band, never as a progress bar", async () => {
    const cookie = await northwindSession();
    const { html } = await page(`/dashboard?asOf=${AS_OF}&cycle=`, cookie);
    const ranges = doc.keyResults.filter((k) => k.kind === "range");
    expect(ranges.length).toBeGreaterThan(0);
    for (const kr of ranges) {
      const row = elementWith(html, `data-kind="key-result" data-id="${kr.id}"`);
      expect(row, kr.id).toContain('class="gauge');
      expect(row, kr.id).not.toContain('role="progressbar"');
      const status = report.keyResults.find((k) => k.id === kr.id)?.status;
      expect(textOf(row), kr.id).toContain(status === "on_track" ? "inside now" : "outside now");
    }
  });
});

describe("a key result's page", () => {
  it("says why a range or milestone key result has no forecast, and charts the values it has", async () => {
    const cookie = await northwindSession();
    const range = doc.keyResults.find((k) => k.kind === "range" && (k.checkIns?.length ?? 0) > 1);
    const milestone = doc.keyResults.find((k) => k.kind === "milestone");
    const rangePage = await page(`/dashboard/key-results/${range?.id}?asOf=${AS_OF}`, cookie);
    expect(rangePage.html).toContain("None for a range key result");
    expect(rangePage.html).toContain("<polyline");
    expect(rangePage.html).toContain('class="band"');
    const milestonePage = await page(`/dashboard/key-results/${milestone?.id}?asOf=${AS_OF}`, cookie);
    expect(milestonePage.html).toContain("None for a milestone key result");
  });

  it("draws the expected pace on the chart of an increase or decrease key result", async () => {
    const cookie = await northwindSession();
    const kr = doc.keyResults.find((k) => k.kind === "increase" && keyResultCycle(k.id) === IN_PROGRESS);
    const { html } = await page(`/dashboard/key-results/${kr?.id}?asOf=${AS_OF}`, cookie);
    const pace = /<line class="pace"[^>]*>/.exec(html)?.[0] ?? "";
    expect(pace).not.toBe("");
    // From the start's height on the cycle's first day to the target's on its last.
    expect(html).toContain("the expected pace runs from");
  });
});

describe("the agenda page", () => {
  it("lists the API's agenda in its order, each item by name and linked to its page, with owner and why", async () => {
    const token = await workspaceWith("meet-agenda", northwind());
    const cookie = await session(token);
    const api = await callJson(`/v1/workspaces/meet-agenda/agenda?asOf=${AS_OF}`, { token });
    expect(api.status).toBe(200);
    const items = api.body.items as Array<{ subject: string; kind: string; title: string; why: string }>;
    expect(items).toEqual(buildAgenda(doc, report).items);
    const { status, html } = await page(`/dashboard/agenda?asOf=${AS_OF}`, cookie);
    expect(status).toBe(200);
    const list = elementWith(html, 'class="agenda"');
    expect(attributeValues(list, "data-subject")).toEqual(items.map((i) => i.subject));
    expect(attributeValues(list, "data-agenda")).toEqual(items.map((i) => i.kind));
    for (const item of items) {
      const li = elementWith(list, `data-subject="${item.subject}"`);
      expect(textOf(li)).toContain(item.why.replace(/\s+/g, " "));
      expect(textOf(li)).toContain("Owner:");
      if (doc.keyResults.some((k) => k.id === item.subject)) {
        expect(li).toContain(`href="/dashboard/key-results/${item.subject}?asOf=${AS_OF}"`);
      }
      if (doc.initiatives?.some((i) => i.id === item.subject)) {
        expect(li).toMatch(new RegExp(`href="/dashboard/execution\\?[^"]*#initiative-${item.subject}"`));
      }
    }
  });

  it("has a present mode: a popover with one item per screen that takes the keyboard", async () => {
    const cookie = await northwindSession();
    const { html } = await page(`/dashboard/agenda?asOf=${AS_OF}`, cookie);
    const count = buildAgenda(doc, report).items.length;
    expect(html).toContain('popovertarget="present"');
    expect(html).toContain('id="present" popover="auto"');
    expect(html).toMatch(/<section class="deck" tabindex="0" autofocus=""/);
    expect(attributeValues(html, "data-slide")).toEqual(
      Array.from({ length: count }, (_, i) => String(i + 1)),
    );
    expect(html).toContain('popovertargetaction="hide"');
    expect(html).not.toContain("<script");
  });

  it("with a team chosen, lists that team's items only, and says how many it hides", async () => {
    const cookie = await northwindSession();
    const team = "platform";
    const { html } = await page(`/dashboard/agenda?asOf=${AS_OF}&team=${team}`, cookie);
    const teamOf = (id: string) =>
      objectiveTeam.get(doc.keyResults.find((k) => k.id === id)?.objectiveId ?? "") ??
      doc.initiatives?.find((i) => i.id === id)?.team ??
      doc.objectives.find((o) => o.id === id)?.team;
    const all = buildAgenda(doc, report).items;
    const mine = all.filter((i) => teamOf(i.subject) === team);
    expect(mine.length).toBeGreaterThan(0);
    expect(attributeValues(elementWith(html, 'class="agenda"'), "data-subject")).toEqual(
      mine.map((i) => i.subject),
    );
    expect(html).toContain(`data-hidden="${all.length - mine.length}"`);
  });
});

describe("the retro page", () => {
  it("shows a finished cycle's retro from the core: final score and grade per objective, mean, carry-over, notes", async () => {
    const cookie = await northwindSession();
    const retro = buildRetrospective(doc, FINISHED, (asOf) => scoreCascade(doc, asOf));
    if (!retro) throw new Error("no retro");
    const { status, html } = await page(`/dashboard/retro/${FINISHED}?asOf=${AS_OF}`, cookie);
    expect(status).toBe(200);
    expect(html).toContain(`data-mean="${retro.mean}"`);
    expect(textOf(html)).toContain(retro.readingText);
    for (const o of retro.objectives) {
      const row = elementWith(html, `data-objective="${o.id}"`);
      expect(row).toContain(`data-score="${o.score}"`);
      expect(row).toContain(`data-grade="${o.grade}"`);
      expect(textOf(row)).toContain(o.title);
    }
    expect(attributeValues(html, "data-carry-over")).toEqual(retro.carryOver.map((k) => k.id));
    for (const n of retro.notes.slice(0, 5)) expect(textOf(html)).toContain(n.note.replace(/\s+/g, " "));
  });

  it("says a cycle still running has no retro yet, and lists the cycles with a link to each finished one's", async () => {
    const cookie = await northwindSession();
    const running = await page(`/dashboard/retro/${IN_PROGRESS}?asOf=${AS_OF}`, cookie);
    expect(running.status).toBe(200);
    expect(running.html).toContain("is still in progress");
    const index = await page(`/dashboard/retro?asOf=${AS_OF}`, cookie);
    expect(index.html).toContain(`href="/dashboard/retro/${FINISHED}?asOf=${AS_OF}"`);
    expect(index.html).not.toContain(`href="/dashboard/retro/${IN_PROGRESS}?`);
  });
});

describe("the team filter", () => {
  const team = "people";

  it("hides the imperatives and goals the team has nothing under, on the tree", async () => {
    const cookie = await northwindSession();
    const { html } = await page(`/dashboard?asOf=${AS_OF}&team=${team}`, cookie);
    const tree = cascadeTree(doc, report, { cycle: IN_PROGRESS, team });
    const imperatives = attributeValues(html, 'data-kind="imperative" data-id');
    expect(imperatives).toEqual(tree.imperatives.map((i) => i.id));
    expect(imperatives.length).toBeLessThan(doc.imperatives.length);
    for (const o of attributeValues(html, 'data-kind="objective" data-id')) {
      expect(
        objectiveTeam.get(o) === team || html.includes(`level-objective context" id="objective-${o}"`),
      ).toBe(true);
    }
  });

  it("applies to the alerts, the lint and the execution page", async () => {
    const cookie = await northwindSession();
    const alerts = await page(`/dashboard/alerts?asOf=${AS_OF}&team=${team}`, cookie);
    const teamOf = (id: string) =>
      objectiveTeam.get(doc.keyResults.find((k) => k.id === id)?.objectiveId ?? "") ??
      doc.initiatives?.find((i) => i.id === id)?.team ??
      doc.objectives.find((o) => o.id === id)?.team;
    const subjects = attributeValues(alerts.html, "data-subject");
    expect(subjects.length).toBeGreaterThan(0);
    for (const s of subjects) expect(teamOf(s), s).toBe(team);
    expect(alerts.html).toContain("data-hidden=");

    const execution = await page(`/dashboard/execution?asOf=${AS_OF}&team=${team}`, cookie);
    for (const id of attributeValues(execution.html, "data-initiative")) {
      expect(doc.initiatives?.find((i) => i.id === id)?.team).toBe(team);
    }
    expect(execution.html).not.toContain("data-metric=");
    expect(textOf(execution.html)).toContain(
      "health metrics of other teams or of the whole organization are hidden",
    );
  });
});

describe("names instead of ids", () => {
  it("name the subjects of alerts, the initiatives of budget moves, blockers and teams, each linked", async () => {
    const cookie = await northwindSession();
    const alerts = await page(`/dashboard/alerts?asOf=${AS_OF}`, cookie);
    for (const a of report.alerts) {
      const row = elementWith(alerts.html, `data-alert="${a.code}" data-subject="${a.subject}"`);
      const title =
        doc.keyResults.find((k) => k.id === a.subject)?.title ??
        doc.initiatives?.find((i) => i.id === a.subject)?.title ??
        doc.healthMetrics?.find((m) => m.id === a.subject)?.title;
      expect(textOf(row), a.subject).toContain(title);
      expect(row, a.subject).toMatch(/<a href="\/dashboard/);
    }

    const execution = await page(`/dashboard/execution?asOf=${AS_OF}&cycle=${IN_PROGRESS}`, cookie);
    const byId = new Map((doc.initiatives ?? []).map((i) => [i.id, i.title] as const));
    const moves = report.reallocations.filter((r) => byId.has(r.from) || byId.has(r.to));
    for (const r of moves) {
      const row = textOf(elementWith(execution.html, `data-move="${r.id}"`));
      if (byId.get(r.from)) expect(row).toContain(byId.get(r.from));
      if (byId.get(r.to)) expect(row).toContain(byId.get(r.to));
      expect(row).not.toContain(r.from);
    }
    for (const i of report.initiatives.filter((x) => x.cycleId === IN_PROGRESS && x.blockedBy.length > 0)) {
      const row = textOf(elementWith(execution.html, `data-initiative="${i.id}"`));
      for (const b of i.blockedBy) {
        const name = doc.keyResults.find((k) => k.id === b)?.title ?? byId.get(b);
        expect(row, i.id).toContain(`Blocked by ${name}`);
      }
    }
    for (const t of doc.teams ?? []) {
      expect(execution.html).toContain(
        `href="/dashboard?asOf=${AS_OF}&amp;cycle=${IN_PROGRESS}&amp;team=${t.id}">${t.name?.replace(/&/g, "&amp;")}</a>`,
      );
    }
  });

  it("format budget moves as money with separators and as a share of the total budget", async () => {
    const cookie = await northwindSession();
    const { html } = await page(`/dashboard/execution?asOf=${AS_OF}&cycle=${IN_PROGRESS}`, cookie);
    const total = (doc.initiatives ?? []).reduce((sum, i) => sum + (i.budget ?? 0), 0);
    for (const r of report.reallocations.filter((x) => x.date <= AS_OF)) {
      const row = textOf(elementWith(html, `data-move="${r.id}"`));
      if (row === "") continue;
      expect(row).toContain(r.amount.toLocaleString("en"));
      expect(row).toContain(percent(r.amount / total));
    }
  });
});
