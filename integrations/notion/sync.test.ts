/**
 * The Notion sync end to end: the `cascade notion` CLI and the engine against the Notion fake
 * (tests/fakes/notion/), through the real `@notionhq/client`. Counts of requests come from the fake's log.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";
import type { CascadeDocument } from "../../core/model/document.ts";
import { scoreCascade } from "../../core/report.ts";
import { FileCascadeStore } from "../../store/file.ts";
import { type NotionFake, startNotionFake } from "../../tests/fakes/notion/server.ts";
import { KINDS, LAYOUT } from "./layout.ts";
import { NotionApi } from "./notion-api.ts";
import { readState, writeState } from "./state-file.ts";
import { syncNotion } from "./sync.ts";

const example = join(import.meta.dirname, "..", "..", "examples", "northwind.json");
const dirs: string[] = [];
let fake: NotionFake;

beforeEach(async () => {
  fake = await startNotionFake();
});
afterEach(async () => {
  await fake.close();
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function workspace(): { doc: string; state: string; parent: string } {
  const dir = mkdtempSync(join(tmpdir(), "cascade-notion-"));
  dirs.push(dir);
  const doc = join(dir, "northwind.json");
  copyFileSync(example, doc);
  return { doc, state: join(dir, "northwind.notion.json"), parent: fake.addPage("OKRs") };
}

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  return cliWith(fake.token, ...args);
}

async function cliWith(
  token: string,
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const previous = { token: process.env.NOTION_TOKEN, base: process.env.NOTION_BASE_URL };
  process.env.NOTION_TOKEN = token;
  process.env.NOTION_BASE_URL = fake.baseUrl;
  try {
    const code = await main(["notion", ...args, "--rate", "1000"], {
      out: (t) => {
        out += t;
      },
      err: (t) => {
        err += t;
      },
    });
    return { code, out, err };
  } finally {
    process.env.NOTION_TOKEN = previous.token;
    process.env.NOTION_BASE_URL = previous.base;
  }
}

const readDoc = (path: string) => JSON.parse(readFileSync(path, "utf8")) as CascadeDocument;
const writes = () => fake.log.filter((e) => e.method !== "GET" && !e.path.endsWith("/query"));
const queries = () => fake.log.filter((e) => e.path.endsWith("/query"));

async function dataSourceOf(statePath: string, kind: (typeof KINDS)[number]): Promise<string> {
  return (await readState(statePath)).databases[kind]?.dataSourceId as string;
}

function text(page: { properties: Record<string, unknown> }, name: string): string {
  const prop = page.properties[name] as {
    title?: Array<{ plain_text: string }>;
    rich_text?: Array<{ plain_text: string }>;
  };
  return (prop.title ?? prop.rich_text ?? []).map((t) => t.plain_text).join("");
}
const num = (page: { properties: Record<string, unknown> }, name: string) =>
  (page.properties[name] as { number: number | null }).number;
const select = (page: { properties: Record<string, unknown> }, name: string) =>
  (page.properties[name] as { select: { name: string } | null }).select?.name ?? null;

async function pageOf(statePath: string, kind: (typeof KINDS)[number], id: string) {
  const page = fake.pagesOf(await dataSourceOf(statePath, kind)).find((p) => text(p, "Cascade ID") === id);
  if (page === undefined) throw new Error(`no ${kind} page ${id}`);
  return page;
}

describe("cascade notion init", () => {
  it("creates the seven databases once; run again it creates nothing and repairs what is missing", async () => {
    const w = workspace();
    const first = await cli("init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    expect(first.code, first.err).toBe(0);
    expect(fake.log.filter((e) => e.method === "POST" && e.path === "/v1/databases")).toHaveLength(7);
    const state = await readState(w.state);
    for (const kind of KINDS) {
      const source = fake.dataSource(state.databases[kind]?.dataSourceId as string);
      expect(source, kind).toBeDefined();
      const names = Object.keys(source?.properties ?? {});
      expect(names).toEqual(expect.arrayContaining(["Name", "Cascade ID", "Last synced", "Sync error"]));
      for (const field of LAYOUT[kind].fields)
        expect(names, `${kind} ${field.property}`).toContain(field.property);
    }
    expect(fake.dataSource(state.databases.objectives?.dataSourceId as string)?.properties.Parent?.type).toBe(
      "relation",
    );

    // A person deletes a property; init puts it back and creates no database.
    fake.resetLog();
    const krs = state.databases.keyResults?.dataSourceId as string;
    await new NotionApi({
      token: fake.token,
      baseUrl: fake.baseUrl,
      requestsPerSecond: Infinity,
    }).addProperties(krs, {
      Unit: null,
    });
    const second = await cli("init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    expect(second.code, second.err).toBe(0);
    expect(second.out).toContain("added to Key Results: Unit");
    expect(fake.log.filter((e) => e.method === "POST" && e.path === "/v1/databases")).toHaveLength(0);
    expect(fake.dataSource(krs)?.properties.Unit).toBeDefined();

    // Without the state file, it finds the databases by title under the page.
    rmSync(w.state);
    const third = await cli("init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    expect(third.code, third.err).toBe(0);
    expect(fake.log.filter((e) => e.method === "POST" && e.path === "/v1/databases")).toHaveLength(0);
    expect((await readState(w.state)).databases).toEqual(state.databases);
  });

  it("adopts an existing database whose properties a team named its own way", async () => {
    const w = workspace();
    const api = new NotionApi({ token: fake.token, baseUrl: fake.baseUrl, requestsPerSecond: Infinity });
    const theirs = await api.createDatabase(w.parent, "Our OKRs", {
      "Key result": { title: {} },
      "Goal value": { number: { format: "number" } },
    });
    const config = join(w.state, "..", "notion.config.json");
    writeFileSync(
      config,
      JSON.stringify({
        databases: { keyResults: theirs.databaseId },
        properties: { keyResults: { Name: "Key result", Target: "Goal value" } },
      }),
    );
    const run = await cli(
      "init",
      "--parent",
      w.parent,
      "--doc",
      w.doc,
      "--state",
      w.state,
      "--config",
      config,
    );
    expect(run.code, run.out + run.err).toBe(0);
    expect((await readState(w.state)).databases.keyResults?.databaseId).toBe(theirs.databaseId);
    const names = Object.keys(fake.dataSource(theirs.dataSourceId)?.properties ?? {});
    expect(names).toEqual(expect.arrayContaining(["Key result", "Goal value", "Kind", "Cascade ID"]));
    expect(names).not.toContain("Target");
    expect(names).not.toContain("Name");

    const synced = await cli(
      "sync",
      "--doc",
      w.doc,
      "--state",
      w.state,
      "--config",
      config,
      "--as-of",
      "2026-11-20",
    );
    expect(synced.code, synced.out + synced.err).toBe(0);
    const kr = readDoc(w.doc).keyResults.find((k) => k.target !== undefined);
    const page = fake.pagesOf(theirs.dataSourceId).find((p) => text(p, "Cascade ID") === kr?.id);
    expect(text(page as never, "Key result")).toBe(kr?.title);
    expect(num(page as never, "Goal value")).toBe(kr?.target);
  });

  it("exits 2 without a token, saying where to get one", async () => {
    const w = workspace();
    const run = await cliWith("", "init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    expect(run.code).toBe(2);
    expect(run.err).toContain("NOTION_TOKEN is not set");
  });

  it("exits 2 with what to do when the parent page is not shared, or the token is wrong", async () => {
    const w = workspace();
    const missing = await cli(
      "init",
      "--parent",
      "00000000-0000-4000-8000-000000000000",
      "--doc",
      w.doc,
      "--state",
      w.state,
    );
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("share it with the integration");
    const unauthorized = await cliWith(
      "secret_wrong",
      "init",
      "--parent",
      w.parent,
      "--doc",
      w.doc,
      "--state",
      w.state,
    );
    expect(unauthorized.code).toBe(2);
    expect(unauthorized.err).toContain("unauthorized");
  });
});

describe("cascade notion sync", () => {
  it("writes a first sync of Northwind with one write per row and the core's numbers", async () => {
    const w = workspace();
    await cli("init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    fake.resetLog();
    const run = await cli("sync", "--doc", w.doc, "--state", w.state, "--as-of", "2026-11-20", "--json");
    expect(run.code, run.err).toBe(0);
    const summary = JSON.parse(run.out);
    const doc = readDoc(w.doc);
    const checkIns = doc.keyResults.reduce((n, kr) => n + (kr.checkIns?.length ?? 0), 0);
    const rows =
      doc.imperatives.length +
      doc.goals.length +
      doc.objectives.length +
      doc.keyResults.length +
      checkIns +
      (doc.initiatives?.length ?? 0) +
      (doc.healthMetrics?.length ?? 0);
    expect(summary.created).toBe(rows);
    expect(writes()).toHaveLength(rows);
    expect(queries()).toHaveLength(KINDS.length); // empty data sources: one query each
    expect(summary.documentChanged).toBe(false);

    const report = scoreCascade(doc, "2026-11-20");
    for (const kr of report.keyResults) {
      const page = await pageOf(w.state, "keyResults", kr.id);
      expect(num(page, "Progress")).toBe(kr.progress);
      expect(num(page, "Expected")).toBe(kr.expected);
      expect(select(page, "Status")).toBe(kr.status.replaceAll("_", " "));
      expect(num(page, "Current")).toBe(kr.current);
    }
    for (const o of report.objectives) {
      const page = await pageOf(w.state, "objectives", o.id);
      expect(num(page, "Score")).toBe(o.score);
      expect(select(page, "Grade")).toBe(o.grade);
    }
    const krPage = await pageOf(w.state, "keyResults", doc.keyResults[0]?.id as string);
    const objective = await pageOf(w.state, "objectives", doc.keyResults[0]?.objectiveId as string);
    expect((krPage.properties.Objective as { relation: Array<{ id: string }> }).relation).toEqual([
      { id: objective.id },
    ]);

    // Nothing changed: no writes, and the document keeps its bytes.
    const before = readFileSync(w.doc, "utf8");
    fake.resetLog();
    const again = await cli("sync", "--doc", w.doc, "--state", w.state, "--as-of", "2026-11-20", "--json");
    expect(again.code, again.err).toBe(0);
    expect(writes()).toHaveLength(0);
    expect(readFileSync(w.doc, "utf8")).toBe(before);
  });

  it("carries edits both ways, settles a conflict by the later edit and lists it", async () => {
    const w = workspace();
    await cli("init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    await cli("sync", "--doc", w.doc, "--state", w.state, "--as-of", "2026-11-20");
    const doc = readDoc(w.doc);
    const [kr1, kr2, kr3] = doc.keyResults as [
      CascadeDocument["keyResults"][number],
      CascadeDocument["keyResults"][number],
      CascadeDocument["keyResults"][number],
    ];

    // Notion: a person changes kr1's target, and kr3's unit; and adds a check-in to kr2.
    const kr1Page = await pageOf(w.state, "keyResults", kr1.id);
    const kr2Page = await pageOf(w.state, "keyResults", kr2.id);
    const kr3Page = await pageOf(w.state, "keyResults", kr3.id);
    fake.editPage(kr1Page.id, { Target: { number: 999 } });
    fake.editPage(kr3Page.id, { Unit: { rich_text: [{ type: "text", text: { content: "from notion" } }] } });
    fake.createPage(await dataSourceOf(w.state, "checkIns"), {
      Name: { title: [{ type: "text", text: { content: "my check-in" } }] },
      "Key Result": { relation: [{ id: kr2Page.id }] },
      Date: { date: { start: "2026-11-19" } },
      Value: { number: 42 },
      Confidence: { number: 7 },
      Note: { rich_text: [{ type: "text", text: { content: "typed in Notion" } }] },
    });
    // ...and adds a key result under kr1's objective.
    const objectivePage = await pageOf(w.state, "objectives", kr1.objectiveId);
    const newKr = fake.createPage(await dataSourceOf(w.state, "keyResults"), {
      Name: { title: [{ type: "text", text: { content: "Made in Notion" } }] },
      Objective: { relation: [{ id: objectivePage.id }] },
      Kind: { select: { name: "Increase" } },
      Start: { number: 0 },
      Target: { number: 10 },
    });
    // Cascade: kr2's title changes, and kr3's unit too, earlier than Notion's edit.
    const store = new FileCascadeStore(w.doc);
    const edited = structuredClone(doc);
    (edited.keyResults[1] as typeof kr2).title = "Renamed in Cascade";
    (edited.keyResults[2] as typeof kr3).unit = "from cascade";
    await store.apply({ kind: "replace", doc: edited });
    const past = new Date(Date.now() - 10 * 60_000);
    utimesSync(w.doc, past, past);

    const run = await cli("sync", "--doc", w.doc, "--state", w.state, "--as-of", "2026-11-20", "--json");
    expect(run.code, run.err).toBe(0);
    const summary = JSON.parse(run.out);
    const after = readDoc(w.doc);
    expect(after.keyResults[0]?.target).toBe(999);
    expect(after.keyResults[1]?.title).toBe("Renamed in Cascade");
    expect(after.keyResults[2]?.unit).toBe("from notion");
    expect(after.keyResults[1]?.checkIns?.at(-1)).toEqual({
      date: "2026-11-19",
      value: 42,
      confidence: 7,
      note: "typed in Notion",
      source: "notion",
    });
    expect(summary.conflicts).toEqual([
      expect.objectContaining({
        kind: "keyResults",
        id: kr3.id,
        field: "Unit",
        kept: "notion",
        cascade: "from cascade",
        notion: "from notion",
      }),
    ]);
    expect((await readState(w.state)).history).toHaveLength(1);
    expect(text(await pageOf(w.state, "keyResults", kr2.id), "Name")).toBe("Renamed in Cascade");
    // kr1's score follows its new target in Notion.
    const progress = scoreCascade(after, "2026-11-20").keyResults.find((k) => k.id === kr1.id)?.progress;
    expect(num(await pageOf(w.state, "keyResults", kr1.id), "Progress")).toBe(progress);
    // The key result made in Notion is in the document, named after its page, and scored in Notion.
    const made = after.keyResults.find((k) => k.title === "Made in Notion");
    expect(made).toMatchObject({ objectiveId: kr1.objectiveId, kind: "increase", start: 0, target: 10 });
    const madePage = fake.pagesOf(await dataSourceOf(w.state, "keyResults")).find((p) => p.id === newKr);
    expect(text(madePage as never, "Cascade ID")).toBe(made?.id);
    expect(select(madePage as never, "Status")).toBe("no data");
    // The new check-in got its Cascade ID written back.
    const checkIn = fake
      .pagesOf(await dataSourceOf(w.state, "checkIns"))
      .find((p) => text(p, "Note") === "typed in Notion");
    expect(text(checkIn as never, "Cascade ID")).toMatch(new RegExp(`^${kr2.id}@2026-11-19`));
  });

  it("rejects bad values on their rows, keeps them out of the document and syncs the rest (exit 1)", async () => {
    const w = workspace();
    await cli("init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    await cli("sync", "--doc", w.doc, "--state", w.state, "--as-of", "2026-11-20");
    const doc = readDoc(w.doc);
    const kr = doc.keyResults[0] as CascadeDocument["keyResults"][number];
    const krPage = await pageOf(w.state, "keyResults", kr.id);
    fake.editPage(krPage.id, { Kind: { select: { name: "exponential" } } });
    const checkIns = await dataSourceOf(w.state, "checkIns");
    const badConfidence = fake.createPage(checkIns, {
      "Key Result": { relation: [{ id: krPage.id }] },
      Date: { date: { start: "2026-11-18" } },
      Confidence: { number: 42 },
    });
    const noDate = fake.createPage(checkIns, {
      "Key Result": { relation: [{ id: krPage.id }] },
      Value: { number: 1 },
    });
    const fine = fake.createPage(checkIns, {
      "Key Result": { relation: [{ id: krPage.id }] },
      Date: { date: { start: "2026-11-17" } },
      Value: { number: 5 },
    });
    const run = await cli("sync", "--doc", w.doc, "--state", w.state, "--as-of", "2026-11-20");
    expect(run.code, run.out + run.err).toBe(1);
    expect(run.out).toContain(
      'Kind: expected one of increase, decrease, range, milestone, not "exponential"',
    );
    expect(run.out).toContain("Confidence: expected a confidence from 0 to 10");
    expect(run.out).toContain("Date: expected a date");
    const after = readDoc(w.doc);
    expect(after.keyResults[0]?.kind).toBe(kr.kind);
    const dates = after.keyResults[0]?.checkIns?.map((c) => c.date) ?? [];
    expect(dates).toContain("2026-11-17");
    expect(dates).not.toContain("2026-11-18");
    const pages = fake.pagesOf(checkIns);
    const errorOf = (id: string) => text(pages.find((p) => p.id === id) as never, "Sync error");
    expect(errorOf(badConfidence)).toContain("Confidence");
    expect(errorOf(noDate)).toContain("Date");
    expect(errorOf(fine)).toBe("");
    expect(text(await pageOf(w.state, "keyResults", kr.id), "Sync error")).toContain("Kind");
    // What the person typed stays on the page until they fix it.
    expect(select(await pageOf(w.state, "keyResults", kr.id), "Kind")).toBe("exponential");
  });

  it("gets through a 429 storm and 5xx, and resumes a run killed halfway without writing anything twice", async () => {
    const w = workspace();
    await cli("init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    fake.resetLog();
    // A lost answer: the create happens, the client sees 503 and looks the row up instead of creating it again.
    fake.failNext({
      status: 503,
      count: 1,
      applyFirst: true,
      match: (m, p) => m === "POST" && p === "/v1/pages",
    });
    fake.failNext({ status: 500, count: 2, match: (m, p) => m === "POST" && p === "/v1/pages" });
    fake.failNext({ status: 502, count: 1, match: (_, p) => p.endsWith("/query") });
    fake.options.rate = 10;
    const api = new NotionApi({
      token: fake.token,
      baseUrl: fake.baseUrl,
      requestsPerSecond: 50,
      retryDelayMs: 10,
    });
    const store = new FileCascadeStore(w.doc);
    const state = await readState(w.state);
    // The run is killed after 70 writes, most of them not yet recorded in the state file.
    const killed = syncNotion({
      store,
      api,
      state,
      asOf: "2026-11-20",
      documentEditedAt: new Date(),
      saveState: (s) => writeState(w.state, s),
      onProgress: ({ phase, done }) => {
        if (phase === "push" && done === 70) throw new Error("killed");
      },
    });
    await expect(killed).rejects.toThrow("killed");
    expect(Object.keys((await readState(w.state)).rows).length).toBeLessThan(70); // pages made, not recorded
    expect(fake.log.some((e) => e.status === 429)).toBe(true);
    fake.options.rate = undefined;
    const run = await cli("sync", "--doc", w.doc, "--state", w.state, "--as-of", "2026-11-20", "--json");
    expect(run.code, run.err).toBe(0);
    const doc = readDoc(w.doc);
    const checkIns = doc.keyResults.reduce((n, kr) => n + (kr.checkIns?.length ?? 0), 0);
    const expected: Record<string, number> = {
      imperatives: doc.imperatives.length,
      goals: doc.goals.length,
      objectives: doc.objectives.length,
      keyResults: doc.keyResults.length,
      checkIns,
      initiatives: doc.initiatives?.length ?? 0,
      healthMetrics: doc.healthMetrics?.length ?? 0,
    };
    const after = await readState(w.state);
    for (const kind of KINDS) {
      const pages = fake.pagesOf(after.databases[kind]?.dataSourceId as string).filter((p) => !p.in_trash);
      expect(pages, kind).toHaveLength(expected[kind] as number);
      const ids = pages.map((p) => text(p, "Cascade ID"));
      expect(new Set(ids).size, `${kind}: no page twice`).toBe(ids.length);
    }
    // Each row was created once: every answered create, plus the one whose answer was lost.
    const creates = fake.log.filter((e) => e.method === "POST" && e.path === "/v1/pages" && e.status === 200);
    expect(creates.length).toBe(Object.values(expected).reduce((a, b) => a + b, 0) - 1);
  });

  it("resumes a run that stopped after writing the document, naming each row made in Notion once", async () => {
    const w = workspace();
    await cli("init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    await cli("sync", "--doc", w.doc, "--state", w.state, "--as-of", "2026-11-20");
    const objective = readDoc(w.doc).objectives[0]?.id as string;
    const krs = await dataSourceOf(w.state, "keyResults");
    const made = fake.createPage(krs, {
      Name: { title: [{ type: "text", text: { content: "Made in Notion" } }] },
      Objective: { relation: [{ id: (await pageOf(w.state, "objectives", objective)).id }] },
      Kind: { select: { name: "increase" } },
      Start: { number: 0 },
      Target: { number: 5 },
    });
    const stopped = syncNotion({
      store: new FileCascadeStore(w.doc),
      api: new NotionApi({ token: fake.token, baseUrl: fake.baseUrl, requestsPerSecond: Infinity }),
      state: await readState(w.state),
      saveState: (s) => writeState(w.state, s),
      asOf: "2026-11-20",
      documentEditedAt: new Date(),
      onProgress: ({ phase }) => {
        if (phase === "push") throw new Error("stopped");
      },
    });
    await expect(stopped).rejects.toThrow("stopped");
    expect(readDoc(w.doc).keyResults.filter((k) => k.title === "Made in Notion")).toHaveLength(1);

    const run = await cli("sync", "--doc", w.doc, "--state", w.state, "--as-of", "2026-11-20", "--json");
    expect(run.code, run.err).toBe(0);
    const inDoc = readDoc(w.doc).keyResults.filter((k) => k.title === "Made in Notion");
    expect(inDoc).toHaveLength(1);
    const pages = fake.pagesOf(krs).filter((p) => text(p, "Name") === "Made in Notion");
    expect(pages.map((p) => p.id)).toEqual([made]);
    expect(text(pages[0] as never, "Cascade ID")).toBe(inDoc[0]?.id);
  });

  it("follows deletions: a page trashed in Notion leaves the document, an item dropped in Cascade trashes its page", async () => {
    const w = workspace();
    await cli("init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    await cli("sync", "--doc", w.doc, "--state", w.state, "--as-of", "2026-11-20");
    const doc = readDoc(w.doc);
    const initiative = doc.initiatives?.[0]?.id as string;
    fake.trashPage((await pageOf(w.state, "initiatives", initiative)).id);
    const dropped = doc.healthMetrics?.[0]?.id as string;
    const edited = structuredClone(doc);
    edited.healthMetrics = edited.healthMetrics?.filter((m) => m.id !== dropped);
    await new FileCascadeStore(w.doc).apply({ kind: "replace", doc: edited });
    const droppedPage = (await pageOf(w.state, "healthMetrics", dropped)).id;

    const run = await cli(
      "sync",
      "--doc",
      w.doc,
      "--state",
      w.state,
      "--as-of",
      "2026-11-20",
      "--full",
      "--json",
    );
    expect(run.code, run.err).toBe(0);
    const after = readDoc(w.doc);
    expect(after.initiatives?.map((i) => i.id)).not.toContain(initiative);
    expect(
      fake.pagesOf(await dataSourceOf(w.state, "healthMetrics")).find((p) => p.id === droppedPage)?.in_trash,
    ).toBe(true);
  });

  it("dry run reads and reports, writing nothing", async () => {
    const w = workspace();
    await cli("init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    const stateBefore = readFileSync(w.state, "utf8");
    fake.resetLog();
    const run = await cli(
      "sync",
      "--doc",
      w.doc,
      "--state",
      w.state,
      "--as-of",
      "2026-11-20",
      "--dry-run",
      "--json",
    );
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out).created).toBeGreaterThan(500);
    expect(writes()).toHaveLength(0);
    expect(readFileSync(w.state, "utf8")).toBe(stateBefore);
  });
});

describe("efficiency against the lower bound", () => {
  it("a sync with nothing changed makes one incremental query per data source and no writes", async () => {
    let clock = Date.parse("2026-11-20T09:00:00Z");
    fake.options.now = () => new Date(clock);
    const w = workspace();
    await cli("init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    const api = () =>
      new NotionApi({ token: fake.token, baseUrl: fake.baseUrl, requestsPerSecond: Infinity });
    const sync = async () =>
      syncNotion({
        store: new FileCascadeStore(w.doc),
        api: api(),
        state: await readState(w.state),
        saveState: (s) => writeState(w.state, s),
        asOf: "2026-11-20",
        documentEditedAt: new Date(clock - 86_400_000),
        now: () => new Date(clock),
      });
    await sync();
    clock += 3_600_000;
    await sync(); // reads back what the first run wrote (edited after its read)
    clock += 3_600_000;
    fake.resetLog();
    const quiet = await sync();
    expect(queries()).toHaveLength(KINDS.length);
    expect(writes()).toHaveLength(0);
    expect(quiet.created + quiet.updated + quiet.trashed).toBe(0);
  });

  it("reads a data source past Notion's 10,000 results a query, losing no row", async () => {
    let clock = Date.parse("2026-11-20T09:00:00Z");
    const tick = () => {
      clock += 10; // rows made one after another spread over minutes, as in Notion
      return new Date(clock);
    };
    fake.options.now = tick;
    const w = workspace();
    const small: CascadeDocument = {
      version: 1,
      organization: "Big check-in log",
      cycles: [{ id: "q4", start: "2026-10-01", end: "2026-12-31" }],
      imperatives: [],
      goals: [],
      objectives: [{ id: "o1", title: "Objective", cycleId: "q4" }],
      keyResults: [
        { id: "kr-1", objectiveId: "o1", title: "Key result", kind: "increase", start: 0, target: 20_000 },
      ],
    };
    await new FileCascadeStore(w.doc).apply({ kind: "replace", doc: small });
    await cli("init", "--parent", w.parent, "--doc", w.doc, "--state", w.state);
    const sync = async (full: boolean) =>
      syncNotion({
        store: new FileCascadeStore(w.doc),
        api: new NotionApi({ token: fake.token, baseUrl: fake.baseUrl, requestsPerSecond: Infinity }),
        state: await readState(w.state),
        saveState: (st) => writeState(w.state, st),
        asOf: "2026-11-20",
        documentEditedAt: new Date(clock - 86_400_000),
        now: tick,
        full,
      });
    await sync(false);
    const krPage = (await pageOf(w.state, "keyResults", "kr-1")).id;
    const checkIns = await dataSourceOf(w.state, "checkIns");
    const count = 10_050;
    for (let i = 0; i < count; i++) {
      fake.createPage(checkIns, {
        "Key Result": { relation: [{ id: krPage }] },
        Date: { date: { start: "2026-11-01" } },
        Value: { number: i },
      });
    }
    await sync(false);
    expect(readDoc(w.doc).keyResults[0]?.checkIns).toHaveLength(count);
    clock += 3_600_000;
    const full = await sync(true);
    expect(full.trashed).toBe(0);
    expect(readDoc(w.doc).keyResults[0]?.checkIns).toHaveLength(count);
  }, 60_000);
});
