import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { scoreCascade } from "../../core/report.ts";
import { callJson, northwind, tinyCascade, workspaceWith } from "../test/helpers.ts";

const ORIGIN = "http://cascade.test";
const AS_OF = "2026-11-20";

async function signIn(
  token: string,
  headers: Record<string, string> = { origin: ORIGIN },
): Promise<Response> {
  return SELF.fetch(`${ORIGIN}/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams({ token }).toString(),
    redirect: "manual",
  });
}

/** Signs in and returns the session cookie (`name=value`). */
async function session(token: string): Promise<string> {
  const response = await signIn(token);
  expect(response.status).toBe(303);
  const cookie = response.headers.get("set-cookie") ?? "";
  return cookie.split(";")[0] as string;
}

function page(path: string, cookie?: string): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
}

/** The text of the first element carrying `data-value` inside the row of `kind` and `id`. */
function shownValue(html: string, kind: string, id: string): string | undefined {
  const row = html.indexOf(`data-kind="${kind}" data-id="${id}"`);
  if (row < 0) return undefined;
  const match = /<span class="value" data-value="[^"]*">([^<]*)<\/span>/.exec(html.slice(row));
  return match?.[1];
}

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)}%`);

describe("dashboard sign-in", () => {
  it("turns a workspace token into an HttpOnly, SameSite, signed session cookie without the token in it", async () => {
    const token = await workspaceWith("dash-a", tinyCascade());
    const response = await signIn(token);
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/dashboard");
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^cascade_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Max-Age=604800/);
    expect(cookie).not.toContain(token);
    expect(cookie).not.toContain(encodeURIComponent(token));
  });

  it("answers a wrong or empty token with the form again and a clear message", async () => {
    const wrong = await signIn("csk_not-a-token");
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("set-cookie")).toBeNull();
    expect(await wrong.text()).toContain("That token is unknown or revoked");
    const empty = await signIn("   ");
    expect(empty.status).toBe(400);
    expect(await empty.text()).toContain("Enter your workspace token");
  });

  it("sends visitors without a session, or with a tampered one, to the sign-in form", async () => {
    for (const cookie of [undefined, "cascade_session=tok_x.1.forged", "cascade_session=garbage"]) {
      const response = await page("/dashboard", cookie);
      expect(response.status).toBe(303);
      expect(response.headers.get("location")).toBe("/sign-in");
    }
    const token = await workspaceWith("dash-tamper", tinyCascade());
    const cookie = await session(token);
    const [name, value] = cookie.split("=") as [string, string];
    // Another session id under the same signature.
    const tampered = `${name}=${value.replace(/^ses_./, (id) => (id === "ses_A" ? "ses_B" : "ses_A"))}`;
    expect(tampered).not.toBe(cookie);
    expect((await page("/dashboard", tampered)).status).toBe(303);
    expect((await page("/dashboard", cookie)).status).toBe(200);
  });

  it("ends the session when its token is revoked", async () => {
    const token = await workspaceWith("dash-revoke", tinyCascade());
    const cookie = await session(token);
    expect((await page("/dashboard", cookie)).status).toBe(200);
    const tokens = await callJson("/v1/workspaces/dash-revoke/tokens");
    expect(tokens.body.items.length).toBeGreaterThan(0);
    for (const t of tokens.body.items) {
      const revoked = await callJson(`/v1/workspaces/dash-revoke/tokens/${t.id}`, { method: "DELETE" });
      expect(revoked.status).toBeLessThan(300);
    }
    const after = await page("/dashboard", cookie);
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toBe("/sign-in");
  });

  it("refuses a sign-in posted from another site, or with no sign of where it comes from (login CSRF)", async () => {
    const token = await workspaceWith("dash-csrf", tinyCascade());
    for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }, {}]) {
      const response = await signIn(token, headers);
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await response.text()).toContain("Sign in from this dashboard");
    }
    const sameSite = await signIn(token, { "sec-fetch-site": "same-origin" });
    expect(sameSite.status).toBe(303);
  });

  it("refuses a sign-in form larger than a token needs with 413", async () => {
    const response = await signIn(`csk_${"x".repeat(10_000)}`);
    expect(response.status).toBe(413);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  it("signs out", async () => {
    const token = await workspaceWith("dash-out", tinyCascade());
    const cookie = await session(token);
    const out = await SELF.fetch(`${ORIGIN}/sign-out`, {
      method: "POST",
      headers: { cookie, origin: ORIGIN },
      redirect: "manual",
    });
    expect(out.status).toBe(303);
    expect(out.headers.get("set-cookie")).toMatch(/cascade_session=;.*Max-Age=0/i);
  });
});

describe("dashboard pages", () => {
  it("shows the tree with the report's numbers for every imperative, goal, objective and key result", async () => {
    const doc = northwind();
    const token = await workspaceWith("dash-tree", doc);
    const cookie = await session(token);
    // All cycles (`cycle=` empty): the page opens on the cycle in progress otherwise.
    const response = await page(`/dashboard?asOf=${AS_OF}&cycle=`, cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    const report = scoreCascade(doc, AS_OF);
    for (const i of report.imperatives) expect(shownValue(html, "imperative", i.id)).toBe(pct(i.score));
    for (const g of report.goals) expect(shownValue(html, "goal", g.id)).toBe(pct(g.score));
    for (const o of report.objectives) expect(shownValue(html, "objective", o.id)).toBe(pct(o.score));
    for (const k of report.keyResults) {
      // A range key result shows where it is against its band, and the share of check-ins inside it.
      if (k.kind === "range")
        expect(shownValue(html, "key-result", k.id)).toContain(`in the band at ${pct(k.progress)}`);
      else expect(shownValue(html, "key-result", k.id)).toBe(pct(k.progress));
      const row = html.slice(html.indexOf(`data-kind="key-result" data-id="${k.id}"`));
      expect(row).toMatch(new RegExp(`^[^]*?data-status="${k.status}"`));
    }
  });

  it("filters the tree by cycle and team, keeping the objectives above a shown one as context", async () => {
    const doc = northwind();
    const token = await workspaceWith("dash-filter", doc);
    const cookie = await session(token);
    const byId = new Map(doc.objectives.map((o) => [o.id, o]));
    // Northwind nests platform's obj-q4-platform-activation under growth's obj-q4-growth-trial.
    const nested = doc.objectives.find((o) => {
      const parent = o.parentId === undefined ? undefined : byId.get(o.parentId);
      return parent !== undefined && o.team !== undefined && parent.team !== o.team;
    });
    if (!nested?.team) throw new Error("northwind has no objective under another team's");
    for (const filter of [
      { cycle: nested.cycleId, team: nested.team },
      { cycle: "2026-Q3", team: "growth" },
    ]) {
      const html = await (
        await page(`/dashboard?asOf=${AS_OF}&cycle=${filter.cycle}&team=${filter.team}`, cookie)
      ).text();
      const kept = new Set(
        doc.objectives.filter((o) => o.cycleId === filter.cycle && o.team === filter.team).map((o) => o.id),
      );
      const above = new Set<string>();
      for (const id of kept) {
        for (let at = byId.get(id)?.parentId; at !== undefined; at = byId.get(at)?.parentId) above.add(at);
      }
      for (const o of doc.objectives) {
        const shown = html.includes(`data-kind="objective" data-id="${o.id}"`);
        expect(shown, `${o.id} with ${JSON.stringify(filter)}`).toBe(kept.has(o.id) || above.has(o.id));
      }
      for (const k of doc.keyResults) {
        const shown = html.includes(`data-kind="key-result" data-id="${k.id}"`);
        expect(shown, `${k.id} with ${JSON.stringify(filter)}`).toBe(kept.has(k.objectiveId));
      }
      if (filter.team === nested.team) expect(above.has(nested.parentId as string)).toBe(true);
    }
  });

  it("shows a key result with its chart, forecast, confidence and notes", async () => {
    const doc = northwind();
    const token = await workspaceWith("dash-kr", doc);
    const cookie = await session(token);
    const report = scoreCascade(doc, AS_OF);
    const score = report.keyResults.find((k) => k.forecast !== null && k.status !== "invalid");
    if (!score) throw new Error("northwind has no key result with a forecast");
    const kr = doc.keyResults.find((k) => k.id === score.id);
    const response = await page(`/dashboard/key-results/${score.id}?asOf=${AS_OF}`, cookie);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("<svg");
    expect(html).toContain('<th scope="col">Date</th><th scope="col" class="num">Value</th>');
    expect(html).not.toContain('class="undefined"');
    expect(html).toContain('class="forecast"');
    expect(html).toContain(`data-forecast="${score.forecast?.value}"`);
    expect(html).toContain(`data-value="${score.progress}">${pct(score.progress)}`);
    const noted = kr?.checkIns?.find((c) => c.note !== undefined && c.confidence !== undefined);
    if (noted) {
      expect(html).toContain(`${noted.confidence}/10`);
      expect(html).toContain((noted.note ?? "").replace(/&/g, "&amp;").replace(/"/g, "&quot;").slice(0, 20));
    }
    expect((await page(`/dashboard/key-results/nope?asOf=${AS_OF}`, cookie)).status).toBe(404);
  });

  it("lists every alert and lint finding of the report", async () => {
    const doc = northwind();
    const token = await workspaceWith("dash-alerts", doc);
    const cookie = await session(token);
    const html = await (await page(`/dashboard/alerts?asOf=${AS_OF}`, cookie)).text();
    const report = scoreCascade(doc, AS_OF);
    expect(report.alerts.length).toBeGreaterThan(0);
    expect(html.match(/<tr data-alert=/g)?.length ?? 0).toBe(report.alerts.length);
    expect(html.match(/<tr data-lint=/g)?.length ?? 0).toBe(report.lint.length);
    for (const a of report.alerts)
      expect(html).toContain(`data-alert="${a.code}" data-subject="${a.subject}"`);
  });

  it("shows a cycle's pipeline with each team's line, the health of the six areas and the budget moves, as the report says", async () => {
    const doc = northwind();
    const token = await workspaceWith("dash-exec", doc);
    const cookie = await session(token);
    const report = scoreCascade(doc, AS_OF);
    const cycle = "2026-Q4";
    const html = await (await page(`/dashboard/execution?asOf=${AS_OF}&cycle=${cycle}`, cookie)).text();
    const inCycle = report.initiatives.filter((i) => i.cycleId === cycle);
    expect(inCycle.length).toBeGreaterThan(0);
    for (const i of inCycle) expect(html).toContain(`data-initiative="${i.id}" data-line="${i.line ?? ""}"`);
    for (const i of report.initiatives.filter((x) => x.cycleId !== cycle))
      expect(html).not.toContain(`data-initiative="${i.id}"`);
    for (const c of report.capacity.filter((x) => x.cycleId === cycle)) {
      const team = doc.teams?.find((t) => t.id === c.team);
      expect(html).toContain(`>${team?.name?.replace(/&/g, "&amp;") ?? c.team}</a>`);
      if (c.capacity !== null) {
        expect(html).toContain(`data-capacity="${c.capacity}" data-line-load="${c.lineLoad}"`);
        if (c.belowLine.length > 0) expect(html).toContain(`data-cut-line="${c.capacity}"`);
      }
    }
    const row = (area: string) => html.slice(html.indexOf(`data-area="${area}"`)).split("</tr>")[0] ?? "";
    for (const a of report.health.areas) {
      const cells = [...row(a.area).matchAll(/<td data-label="[^"]*" class="num">(\d+)<\/td>/g)].map((m) =>
        Number(m[1]),
      );
      expect(cells, a.area).toEqual([a.metrics, a.green, a.yellow, a.red, a.noData]);
    }
    for (const m of report.health.metrics)
      expect(html).toContain(`data-metric="${m.id}" data-status="${m.status ?? ""}"`);
    const touching = new Set(inCycle.map((i) => i.id));
    const moves = report.reallocations.filter((r) => touching.has(r.from) || touching.has(r.to));
    expect(moves.length).toBeGreaterThan(0);
    for (const r of moves) expect(html).toContain(`data-move="${r.id}" data-scale="${r.scale}"`);
    // Without a cycle filter, the cycle asOf falls in.
    const current = await (await page(`/dashboard/execution?asOf=${AS_OF}`, cookie)).text();
    expect(current).toContain(`Pipeline of ${doc.cycles.find((c) => c.id === cycle)?.name}`);
  });

  it("shows the execution page of a cascade without initiatives, health metrics or budget moves", async () => {
    const token = await workspaceWith("dash-exec-empty", tinyCascade());
    const cookie = await session(token);
    const response = await page(`/dashboard/execution?asOf=2026-02-15`, cookie);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Pipeline of q1");
    expect(html).toContain("No initiatives and no capacity in this cycle.");
    expect(html).toContain("No budget moves touch this pipeline.");
    expect(html.match(/<tr data-area=/g)?.length).toBe(6);
  });

  it("shows what the cascade's links do not reach once each: dangling goals and parents, looping parents", async () => {
    const doc = tinyCascade();
    doc.goals.push({ id: "goal-lost", title: "Lost goal", imperativeId: "nope", year: 2026 });
    doc.objectives.push(
      { id: "o-no-goal", title: "No goal", cycleId: "q1", goalId: "missing-goal" },
      { id: "o-dangling", title: "Dangling parent", cycleId: "q1", parentId: "missing-parent" },
      { id: "o-loop-a", title: "Loop A", cycleId: "q1", parentId: "o-loop-b" },
      { id: "o-loop-b", title: "Loop B", cycleId: "q1", parentId: "o-loop-a" },
      { id: "o-child", title: "Child", cycleId: "q1", parentId: "obj" },
    );
    const token = await workspaceWith("dash-unlinked", doc);
    const html = await (await page("/dashboard?asOf=2026-02-01&cycle=", await session(token))).text();
    expect(html).toContain("Not linked to the cascade");
    for (const o of doc.objectives) {
      expect(html.split(`data-kind="objective" data-id="${o.id}"`).length - 1).toBe(1);
    }
    expect(html.split('data-kind="goal" data-id="goal-lost"').length - 1).toBe(1);
  });

  it("escapes what users wrote", async () => {
    const doc = tinyCascade();
    doc.objectives[0] = {
      ...(doc.objectives[0] as (typeof doc.objectives)[number]),
      title: '<script>alert("x")</script>',
    };
    const token = await workspaceWith("dash-escape", doc);
    const html = await (await page("/dashboard?asOf=2026-02-01", await session(token))).text();
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).toContain("&lt;script&gt;");
  });

  it("shows each session its own workspace only", async () => {
    const a = await workspaceWith("dash-tenant-a", tinyCascade("Alpha Org"));
    await workspaceWith("dash-tenant-b", tinyCascade("Beta Org"));
    const html = await (await page("/dashboard?asOf=2026-02-01", await session(a))).text();
    expect(html).toContain("Alpha Org");
    expect(html).not.toContain("Beta Org");
  });
});
