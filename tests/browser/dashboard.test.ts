/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core against a local
 * `wrangler dev` holding the Northwind demo. Signs in, reads the tree, and checks that every number on
 * screen is the report's and that every page passes axe-core's accessibility rules (WCAG 2.1 A and
 * AA); screenshots go to test-output/.
 *
 * Without Chromium the test fails under CI (CI=true, where .ci/run installs it) and is skipped with a
 * message elsewhere. CHROMIUM_PATH points at another binary.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ScoreReport } from "../../core/model/report.ts";
import { type LocalWorker, root, startLocalWorker } from "../../scripts/local-worker.ts";

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const available = existsSync(executablePath);
const AS_OF = "2026-11-20";
const outDir = join(root, "test-output");

if (!available && !process.env.CI) {
  console.warn(
    `Skipping the dashboard browser test: no Chromium at ${executablePath} (apt-get install chromium).`,
  );
}

/**
 * Runs axe-core's WCAG 2.1 A/AA rules on the page as it is now; fails naming each rule broken and the
 * elements that break it.
 */
async function expectAccessible(page: Page): Promise<void> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const found = violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => n.target.join(" ")).join("\n  ")}`,
  );
  expect(found, `accessibility violations on ${page.url()}`).toEqual([]);
}

const pct = (x: number | null) => (x === null ? "–" : `${Math.round(x * 100)}%`);

describe.runIf(available || process.env.CI)("dashboard in Chromium", () => {
  let worker: LocalWorker;
  let browser: Browser;
  let page: Page;
  let token: string;
  let report: ScoreReport;

  beforeAll(async () => {
    if (!available)
      throw new Error(`Chromium is missing at ${executablePath}: .ci/run installs Debian's chromium`);
    worker = await startLocalWorker({ vars: { SESSION_SECRET: "browser-test-session-secret" } });
    const doc = JSON.parse(readFileSync(join(root, "examples", "northwind.json"), "utf8"));
    token = await worker.createWorkspace("demo", doc);
    const response = await fetch(`${worker.origin}/v1/workspaces/demo/report?asOf=${AS_OF}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    report = (await response.json()) as ScoreReport;
    browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
    // A context of our own: axe-core opens a page in it to gather its results.
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    mkdirSync(outDir, { recursive: true });
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

  it("shows the report's numbers in the tree", async () => {
    await page.goto(`${worker.origin}/dashboard?asOf=${AS_OF}`);
    const rows = await page.locator("[data-kind][data-id]").evaluateAll((nodes) =>
      nodes.map((n) => ({
        kind: n.getAttribute("data-kind"),
        id: n.getAttribute("data-id"),
        value: n.querySelector(".value")?.textContent ?? null,
        status: n.querySelector("[data-status]")?.getAttribute("data-status") ?? null,
        bar: n.querySelector("[role=progressbar]")?.getAttribute("aria-valuenow") ?? null,
      })),
    );
    const shown = (kind: string, id: string) => rows.find((r) => r.kind === kind && r.id === id);
    for (const k of report.keyResults) {
      expect(shown("key-result", k.id)).toMatchObject({ value: pct(k.progress), status: k.status });
      expect(shown("key-result", k.id)?.bar).toBe(String(Math.round((k.progress ?? 0) * 100)));
    }
    for (const o of report.objectives) {
      expect(shown("objective", o.id)).toMatchObject({ value: pct(o.score), status: o.status });
    }
    for (const g of report.goals) expect(shown("goal", g.id)?.value).toBe(pct(g.score));
    for (const i of report.imperatives) expect(shown("imperative", i.id)?.value).toBe(pct(i.score));
    await page.screenshot({ path: join(outDir, "dashboard.png"), fullPage: true });
    await expectAccessible(page);
  }, 30_000);

  it("opens a key result with its chart and forecast, and the alerts page", async () => {
    const score = report.keyResults.find((k) => k.forecast !== null);
    if (!score?.forecast) throw new Error("the demo has no key result with a forecast");
    await page.locator(`[data-kind="key-result"][data-id="${score.id}"] a`).first().click();
    await page.waitForURL(new RegExp(`/dashboard/key-results/${score.id}`));
    await expect.poll(() => page.locator("svg[role=img]").count()).toBe(1);
    expect(await page.locator("line.forecast").count()).toBe(1);
    expect(await page.locator("[data-forecast]").getAttribute("data-forecast")).toBe(
      String(score.forecast.value),
    );
    await page.screenshot({ path: join(outDir, "key-result.png"), fullPage: true });
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
    await page.screenshot({ path: join(outDir, "execution.png"), fullPage: true });
    await expectAccessible(page);
  }, 30_000);
});
