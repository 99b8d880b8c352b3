/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core against a local
 * `wrangler dev` holding the Northwind demo. Signs in, reads the tree, checks that every number on
 * screen is the report's, runs the meeting (agenda, present mode from the keyboard, a check-in from a
 * key result's page, naming who recorded it), manages people on the People page (a refused form, a
 * person added, a token issued and shown once), shows a viewer the pages without their forms, and checks
 * every page at a desktop width (1280 px) and a phone's (390 px): it passes axe-core's accessibility
 * rules (WCAG 2.1 A and AA) and, on the phone, never scrolls sideways.
 * Screenshots of each page at each width go to tests/browser/screenshots/ (gitignored) for review.
 *
 * Without Chromium the test fails under CI (CI=true, where .ci/run installs it) and is skipped with a
 * message elsewhere. CHROMIUM_PATH points at another binary.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScoreReport } from "../../core/model/report.ts";
import { type LocalWorker, root, startLocalWorker } from "../../scripts/local-worker.ts";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(executablePath);
const AS_OF = "2026-11-20";
const screenshots = join(root, "tests", "browser", "screenshots");
const DESKTOP = 1280;
const PHONE = 390;

if (!available && !process.env.CI) {
  console.warn(
    `Skipping the dashboard browser test: no Chromium at ${executablePath} (apt-get install chromium).`,
  );
}

/**
 * Runs axe-core's WCAG 2.1 A/AA rules on the page as it is now; fails naming each rule broken and the
 * elements that break it.
 */
async function expectAccessible(page: Page, include?: string): Promise<void> {
  let builder = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  const found = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`,
  );
  expect(found, `accessibility violations on ${page.url()}`).toEqual([]);
}

/** On a phone, the page must fit the screen's width: no sideways scrolling. */
async function expectNoSidewaysScroll(page: Page, width: number): Promise<void> {
  // Strings run in the page: this file is compiled without the DOM's types.
  const scrollWidth = (await page.evaluate("document.documentElement.scrollWidth")) as number;
  expect(scrollWidth, `the width of ${page.url()} at ${width} px`).toBeLessThanOrEqual(width);
}

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)}%`);
const today = new Date().toISOString().slice(0, 10);
const dayOffset = (days: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

describe.runIf(available || process.env.CI)("dashboard in Chromium", () => {
  let worker: LocalWorker;
  let browser: Browser;
  let page: Page;
  let token: string;
  let runningToken: string;
  let viewerToken: string;
  let report: ScoreReport;

  /** Calls the worker's API with the demo workspace's token. */
  async function api(path: string, init: { method?: string; body?: unknown } = {}) {
    const response = await fetch(`${worker.origin}${path}`, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    });
    return (await response.json()) as Record<string, unknown>;
  }

  /** A signed-in browser context of its own at `width` (a phone's: touch, and the viewport meta applies). */
  async function signedIn(
    width: number,
    workspaceToken = token,
  ): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext(
      width === PHONE
        ? { viewport: { width, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
        : { viewport: { width, height: 900 } },
    );
    // A shared CI machine running other suites beside this one can take long to answer a page.
    context.setDefaultNavigationTimeout(90_000);
    context.setDefaultTimeout(60_000);
    const p = await context.newPage();
    await p.goto(`${worker.origin}/sign-in`);
    await p.getByLabel("Workspace token").fill(workspaceToken);
    // A shared CI machine can be slow to answer the first page of a new session.
    await Promise.all([
      p.waitForURL(/\/dashboard$/, { timeout: 60_000 }),
      p.getByRole("button", { name: "Sign in" }).click(),
    ]);
    return { context, page: p };
  }

  beforeAll(async () => {
    if (!available)
      throw new Error(`Chromium is missing at ${executablePath}: .ci/run installs Debian's chromium`);
    worker = await startLocalWorker({ vars: { SESSION_SECRET: "browser-test-session-secret" } });
    const doc = JSON.parse(readFileSync(join(root, "examples", "northwind.json"), "utf8"));
    token = await worker.createWorkspace("demo", doc);
    // A cycle around today, so a check-in dated today (the form's default) belongs to it.
    runningToken = await worker.createWorkspace("running", {
      version: 1,
      organization: "Running",
      cycles: [{ id: "now", name: "This quarter", start: dayOffset(-40), end: dayOffset(40) }],
      imperatives: [{ id: "imp", title: "Win" }],
      goals: [{ id: "goal", title: "Grow", imperativeId: "imp", year: 2026 }],
      objectives: [{ id: "obj", title: "Sell more", cycleId: "now", goalId: "goal" }],
      keyResults: [
        {
          id: "kr-logos",
          objectiveId: "obj",
          title: "Win 40 new logos",
          kind: "increase",
          start: 0,
          target: 40,
          unit: "customers",
          checkIns: [{ date: dayOffset(-20), value: 6, confidence: 6 }],
        },
      ],
    });
    const response = await fetch(`${worker.origin}/v1/workspaces/demo/report?asOf=${AS_OF}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    report = (await response.json()) as ScoreReport;
    // People of the demo, so the People page has rows; the viewer signs in below.
    for (const [name, role] of [
      ["Ana Lima", "admin"],
      ["Bea Costa", "member"],
      ["Caio Mendes", "viewer"],
    ] as const) {
      const email = `${name.split(" ")[0]?.toLowerCase()}@northwind.example`;
      const person = await api("/v1/workspaces/demo/people", { body: { name, email, role } });
      const issued = await api(`/v1/workspaces/demo/people/${person.id}/tokens`, { method: "POST" });
      if (role === "viewer") viewerToken = issued.token as string;
    }
    browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
    // A context of our own: axe-core opens a page in it to gather its results.
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    mkdirSync(screenshots, { recursive: true });
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
  });

  it("signs in with the workspace token and lands on the tree", async () => {
    await page.goto(`${worker.origin}/`);
    await expect.poll(() => new URL(page.url()).pathname).toBe("/sign-in");
    await page.getByLabel("Workspace token").fill("csk_wrong");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("unknown or revoked");
    await expectAccessible(page);
    await page.getByLabel("Workspace token").fill(token);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/dashboard$/);
    expect(page.url()).not.toContain(token);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === "cascade_session")?.httpOnly).toBe(true);
  }, 30_000);

  it("shows the report's numbers in the tree of all cycles", async () => {
    await page.goto(`${worker.origin}/dashboard?asOf=${AS_OF}&cycle=`);
    const rows = await page.locator("[data-kind][data-id]").evaluateAll((nodes) =>
      nodes.map((n) => ({
        kind: n.getAttribute("data-kind"),
        id: n.getAttribute("data-id"),
        value: n.querySelector(".value")?.textContent ?? null,
        status: n.getAttribute("data-status"),
        bar: n.querySelector("[role=progressbar]")?.getAttribute("aria-valuenow") ?? null,
        gauge: n.querySelector(".gauge[role=img]")?.getAttribute("aria-label") ?? null,
      })),
    );
    const shown = (kind: string, id: string) => rows.find((r) => r.kind === kind && r.id === id);
    for (const k of report.keyResults) {
      const row = shown("key-result", k.id);
      expect(row?.status, k.id).toBe(k.status);
      if (k.kind === "range") {
        // A band, not a bar: "75%" of the way means nothing while the value is outside it.
        expect(row?.bar, k.id).toBeNull();
        expect(row?.gauge, k.id).toContain(k.status === "on_track" ? ": inside" : ": outside");
        expect(row?.value, k.id).toContain(`in the band at ${pct(k.progress)}`);
      } else {
        expect(row?.value, k.id).toBe(pct(k.progress));
        expect(row?.bar, k.id).toBe(String(Math.round((k.progress ?? 0) * 100)));
      }
    }
    for (const o of report.objectives) {
      expect(shown("objective", o.id)).toMatchObject({ value: pct(o.score), status: o.status });
    }
    for (const g of report.goals) expect(shown("goal", g.id)?.value).toBe(pct(g.score));
    for (const i of report.imperatives) expect(shown("imperative", i.id)?.value).toBe(pct(i.score));
    await expectAccessible(page);
  }, 30_000);

  it("opens a key result with its chart, pace and forecast, and the alerts and execution pages", async () => {
    const score = report.keyResults.find((k) => k.forecast !== null);
    if (!score?.forecast) throw new Error("the demo has no key result with a forecast");
    await page.goto(`${worker.origin}/dashboard?asOf=${AS_OF}&cycle=`);
    await page.locator(`[data-kind="key-result"][data-id="${score.id}"] a`).first().click();
    await page.waitForURL(new RegExp(`/dashboard/key-results/${score.id}`));
    await expect.poll(() => page.locator("svg[role=img]").count()).toBe(1);
    expect(await page.locator("line.forecast").count()).toBe(1);
    expect(await page.locator("line.pace").count()).toBe(1);
    expect(await page.locator("[data-forecast]").getAttribute("data-forecast")).toBe(
      String(score.forecast.value),
    );
    await expectAccessible(page);

    await page.getByRole("link", { name: "Alerts and lint" }).click();
    await page.waitForURL(/\/dashboard\/alerts/);
    expect(await page.locator("tr[data-alert]").count()).toBe(report.alerts.length);
    expect(await page.locator("tr[data-lint]").count()).toBe(report.lint.length);
    await expectAccessible(page);

    await page.getByRole("link", { name: "Execution" }).click();
    await page.waitForURL(/\/dashboard\/execution/);
    const lines = await page
      .locator("tr[data-initiative]")
      .evaluateAll((rows) =>
        rows.map((r) => [r.getAttribute("data-initiative"), r.getAttribute("data-line")]),
      );
    expect(lines.length).toBeGreaterThan(0);
    for (const [id, line] of lines) {
      expect(line).toBe(report.initiatives.find((i) => i.id === id)?.line ?? "");
    }
    await expectAccessible(page);
  }, 30_000);

  /** Every page of the dashboard, by the name of its screenshot. */
  const PAGES: ReadonlyArray<[name: string, path: string]> = [
    ["cascade", `/dashboard?asOf=${AS_OF}`],
    ["cascade-finished-cycle", `/dashboard?asOf=${AS_OF}&cycle=2026-Q3`],
    ["cascade-team", `/dashboard?asOf=${AS_OF}&team=platform`],
    ["key-result", `/dashboard/key-results/kr-q4-pipeline-value?asOf=${AS_OF}`],
    ["key-result-range", `/dashboard/key-results/kr-q4-error-budget?asOf=${AS_OF}`],
    ["key-result-milestone", `/dashboard/key-results/kr-q4-failover-drill?asOf=${AS_OF}`],
    ["agenda", `/dashboard/agenda?asOf=${AS_OF}`],
    ["retro", `/dashboard/retro/2026-Q3?asOf=${AS_OF}`],
    ["retros", `/dashboard/retro?asOf=${AS_OF}`],
    ["execution", `/dashboard/execution?asOf=${AS_OF}`],
    ["alerts", `/dashboard/alerts?asOf=${AS_OF}`],
    ["sync", "/dashboard/sync"],
    ["people", "/dashboard/people"],
    ["not-found", "/dashboard/no-such-page"],
  ];

  for (const width of [DESKTOP, PHONE]) {
    it(`shows every page at ${width} px: accessible, ${width === PHONE ? "no sideways scrolling, " : ""}screenshots`, async () => {
      const { context, page: p } = await signedIn(width);
      try {
        for (const [name, path] of PAGES) {
          const response = await p.goto(`${worker.origin}${path}`);
          expect(response?.status(), path).toBe(name === "not-found" ? 404 : 200);
          expect(response?.headers()["content-type"], path).toContain("text/html");
          await p.screenshot({ path: join(screenshots, `${name}-${width}.png`), fullPage: true });
          if (width === PHONE) await expectNoSidewaysScroll(p, width);
          await expectAccessible(p);
        }
        // The sign-in page, signed out.
        const out = await context.browser()?.newContext({ viewport: { width, height: 900 } });
        const signIn = await out?.newPage();
        if (signIn) {
          await signIn.goto(`${worker.origin}/sign-in`);
          await signIn.screenshot({ path: join(screenshots, `sign-in-${width}.png`), fullPage: true });
          if (width === PHONE) await expectNoSidewaysScroll(signIn, width);
        }
        await out?.close();
      } finally {
        await context.close();
      }
    }, 240_000);

    it(`runs the agenda's present mode from the keyboard at ${width} px`, async () => {
      const { context, page: p } = await signedIn(width);
      try {
        await p.goto(`${worker.origin}/dashboard/agenda?asOf=${AS_OF}`);
        const items = await p.locator("ol.agenda > li").count();
        expect(items).toBeGreaterThan(1);
        await p.getByRole("button", { name: "Present" }).click();
        const deck = p.locator("#present .deck");
        await expect.poll(() => p.locator("#present").evaluate((e) => e.matches(":popover-open"))).toBe(true);
        await expect.poll(() => deck.evaluate((e) => e === e.ownerDocument.activeElement)).toBe(true);
        /** The slide whose top is at the deck's top: the one on screen. */
        const onScreen = () =>
          deck.evaluate((d) => {
            const slides = [...d.querySelectorAll(".slide")];
            const top = d.getBoundingClientRect().top;
            return slides.findIndex((s) => Math.abs(s.getBoundingClientRect().top - top) < 2);
          });
        /** Presses a key, and waits for the deck to come to rest on slide `slide`. */
        const press = async (key: string, slide: number) => {
          await p.keyboard.press(key);
          await expect.poll(onScreen, { message: `${key} to slide ${slide}` }).toBe(slide);
          // Smooth scrolling may still be settling on the snap point: let it end before the next key.
          await deck.evaluate(
            (d) =>
              new Promise((resolve) => {
                let last = d.scrollTop;
                const check = () => {
                  if (d.scrollTop === last) return resolve(null);
                  last = d.scrollTop;
                  setTimeout(check, 100);
                };
                setTimeout(check, 100);
              }),
          );
        };
        expect(await onScreen()).toBe(0);
        await p.screenshot({ path: join(screenshots, `present-title-${width}.png`) });
        await expectAccessible(p, "#present");
        await press("Space", 1);
        await p.screenshot({ path: join(screenshots, `present-item-${width}.png`) });
        await press("ArrowDown", 2);
        await press("PageDown", 3);
        await press("ArrowUp", 2);
        await press("Shift+Space", 1);
        // One item per screen: the slide fills the deck.
        const [slideHeight, deckHeight] = await deck.evaluate((d) => [
          (d.querySelector(".slide") as typeof d).getBoundingClientRect().height,
          d.getBoundingClientRect().height,
        ]);
        expect(Math.abs((slideHeight ?? 0) - (deckHeight ?? 0))).toBeLessThan(2);
        await p.keyboard.press("Escape");
        await expect
          .poll(() => p.locator("#present").evaluate((e) => e.matches(":popover-open")))
          .toBe(false);
        expect(await p.evaluate("document.activeElement?.textContent?.trim()")).toBe("Present");
      } finally {
        await context.close();
      }
    }, 120_000);

    it(`manages people at ${width} px: a refused form, a person added, a token shown once`, async () => {
      const { context, page: p } = await signedIn(width);
      const name = `Dora ${width}`;
      try {
        await p.getByRole("link", { name: "People", exact: true }).click();
        await p.waitForURL(/\/dashboard\/people$/);
        expect(await p.getByRole("link", { name: "People", exact: true }).getAttribute("aria-current")).toBe(
          "page",
        );
        expect(await p.locator("tr[data-person]").count()).toBeGreaterThanOrEqual(3);

        await p.getByLabel("Name", { exact: true }).fill(name);
        await p.getByLabel("Email", { exact: true }).fill("not-an-email");
        await p.getByLabel("Role", { exact: true }).selectOption("member");
        await p.getByRole("button", { name: "Add person" }).click();
        await expect
          .poll(() => p.getByRole("alert").textContent())
          .toContain("Email: expected an email address, such as ana@example.com");
        expect(await p.getByLabel("Email", { exact: true }).getAttribute("aria-invalid")).toBe("true");
        expect(await p.getByLabel("Name", { exact: true }).inputValue()).toBe(name);
        await p.screenshot({ path: join(screenshots, `people-refused-${width}.png`), fullPage: true });
        if (width === PHONE) await expectNoSidewaysScroll(p, width);
        await expectAccessible(p);

        await p.getByLabel("Email", { exact: true }).fill(`dora.${width}@northwind.example`);
        await p.getByRole("button", { name: "Add person" }).click();
        await p.waitForURL(/done=added/);
        await expect.poll(() => p.getByRole("status").textContent()).toContain("Person added");
        const row = p.locator("tr[data-person]", { hasText: name });
        expect(await row.getAttribute("data-role")).toBe("member");

        await p.getByRole("button", { name: `Issue a token to ${name}` }).click();
        await expect
          .poll(() => p.getByRole("heading", { level: 1 }).textContent())
          .toBe(`A token for ${name}`);
        expect(new URL(p.url()).pathname).toMatch(/^\/dashboard\/people\/per_[\w-]+\/tokens$/);
        const issued = ((await p.locator("#issued-token").textContent()) ?? "").trim();
        expect(issued).toMatch(/^csk_[\w-]{43}$/);
        expect(p.url()).not.toContain(issued);
        // One click selects the whole token, ready to copy.
        await p.locator("#issued-token").click();
        expect(await p.evaluate("getSelection().toString().trim()")).toBe(issued);
        await p.screenshot({ path: join(screenshots, `people-token-${width}.png`), fullPage: true });
        if (width === PHONE) await expectNoSidewaysScroll(p, width);
        await expectAccessible(p);
        const me = await fetch(`${worker.origin}/v1/me`, { headers: { authorization: `Bearer ${issued}` } });
        expect(((await me.json()) as { person?: unknown }).person).toMatchObject({ name, role: "member" });

        await p.getByRole("link", { name: "Back to people" }).click();
        await p.waitForURL(/\/dashboard\/people/);
        expect(await p.content()).not.toContain(issued);
      } finally {
        await context.close();
      }
    }, 120_000);
  }

  it("records a check-in from a key result's page, once for a double submit, and refuses a future date on the form", async () => {
    const { context, page: p } = await signedIn(DESKTOP, runningToken);
    const count = async () => {
      const r = await fetch(`${worker.origin}/v1/workspaces/running/cascade`, {
        headers: { authorization: `Bearer ${runningToken}` },
      });
      const doc = (await r.json()) as { keyResults: Array<{ checkIns?: unknown[] }> };
      return doc.keyResults[0]?.checkIns?.length ?? 0;
    };
    try {
      await p.goto(`${worker.origin}/dashboard/key-results/kr-logos`);
      expect(await p.getByLabel("Date", { exact: true }).inputValue()).toBe(today);
      await p.getByLabel("Value", { exact: true }).fill("30");
      await p.getByLabel("Confidence (0–10)").fill("8");
      await p.getByLabel("Note", { exact: true }).fill("Two partner deals closed.");
      await p.screenshot({ path: join(screenshots, "check-in-form-1280.png"), fullPage: true });
      await expectAccessible(p);
      await p.getByRole("button", { name: "Record check-in" }).dblclick();
      await p.waitForURL(/recorded=/);
      await expect.poll(() => p.getByRole("status").textContent()).toContain(`Check-in of ${today} recorded`);
      expect(await count()).toBe(2);
      // 30 of 40 halfway through the cycle: ahead of the pace, with a confident owner.
      expect(await p.locator("[data-kind=key-result]").getAttribute("data-status")).toBe("on_track");
      // Recorded with the workspace's token: an integration's, named so in the history.
      const recorded = p.locator(`tr[data-check-in="${today}"]`);
      expect(await recorded.count()).toBe(1);
      expect(await recorded.locator('td[data-label="By"]').textContent()).toBe("integration");
      expect(await recorded.locator('td[data-label="Recorded (UTC)"]').textContent()).toMatch(
        /^\d{4}-\d\d-\d\d \d\d:\d\d$/,
      );

      await p.getByLabel("Value", { exact: true }).fill("31");
      await p.getByLabel("Date", { exact: true }).fill(dayOffset(1));
      await p.getByRole("button", { name: "Record check-in" }).click();
      await expect.poll(() => p.getByRole("alert").textContent()).toContain(`is after today (${today})`);
      expect(await p.getByLabel("Date", { exact: true }).getAttribute("aria-invalid")).toBe("true");
      expect(await p.getByLabel("Value", { exact: true }).inputValue()).toBe("31");
      await p.screenshot({ path: join(screenshots, "check-in-refused-1280.png"), fullPage: true });
      await expectAccessible(p);
      expect(await count()).toBe(2);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("shows a viewer the pages without their forms, and refuses them the People page", async () => {
    const { context, page: p } = await signedIn(DESKTOP, viewerToken);
    try {
      await p.goto(`${worker.origin}/dashboard/key-results/kr-q4-pipeline-value?asOf=${AS_OF}`);
      expect(await p.locator("form.check-in").count()).toBe(0);
      expect(await p.locator("[data-viewer]").textContent()).toContain(
        "Viewers can read; ask an admin for a member's token to check in.",
      );
      expect(await p.getByRole("link", { name: "People", exact: true }).count()).toBe(0);
      await p.screenshot({ path: join(screenshots, "viewer-key-result-1280.png"), fullPage: true });
      await expectAccessible(p);
      const refused = await p.goto(`${worker.origin}/dashboard/people`);
      expect(refused?.status()).toBe(403);
      expect(refused?.headers()["content-type"]).toContain("text/html");
      await expectAccessible(p);
    } finally {
      await context.close();
    }
  }, 120_000);
});
