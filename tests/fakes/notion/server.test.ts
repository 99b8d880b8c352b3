/**
 * The Notion fake answers like Notion where Cascade's sync depends on it, driven through the real
 * `@notionhq/client` the way the sync drives Notion.
 */
import {
  APIResponseError,
  Client,
  collectPaginatedAPI,
  isFullPage,
  iteratePaginatedAPI,
  LogLevel,
  type QueryDataSourceParameters,
  type QueryDataSourceResponse,
  type RetryOptions,
  UnknownHTTPResponseError,
} from "@notionhq/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type NotionFake, type PageObject, RATE_LIMIT_REASON, startNotionFake } from "./server.ts";

let fake: NotionFake;

beforeEach(async () => {
  fake = await startNotionFake();
});

afterEach(async () => {
  await fake.close();
});

/** A client of the fake; without retries unless asked, so tests see Notion's raw answers. */
function client(options: { auth?: string; retry?: RetryOptions } = {}): Client {
  return new Client({
    auth: options.auth ?? fake.token,
    baseUrl: fake.baseUrl,
    logLevel: LogLevel.ERROR,
    retry: options.retry ?? false,
  });
}

const text = (content: string) => [{ type: "text" as const, text: { content } }];
const title = (content: string) => ({ title: text(content) });

function page(result: QueryDataSourceResponse["results"][number] | object): PageObject {
  if (!isFullPage(result as PageObject)) throw new Error("expected a full page object");
  return result as PageObject;
}

function titleOf(result: QueryDataSourceResponse["results"][number]): string {
  const name = page(result).properties.Name;
  return name?.type === "title" ? name.title.map((item) => item.plain_text).join("") : "";
}

async function notionError(call: Promise<unknown>): Promise<APIResponseError> {
  try {
    await call;
  } catch (error) {
    if (APIResponseError.isAPIResponseError(error)) return error;
    throw error;
  }
  throw new Error("expected Notion to refuse");
}

/** A page "OKRs" holding two databases: Goals, and Objectives with a property of each kind. */
async function okrs(notion: Client) {
  const parent = fake.addPage("OKRs");
  const goals = await notion.databases.create({
    parent: { type: "page_id", page_id: parent },
    title: text("Goals"),
    initial_data_source: { properties: { Name: { title: {} } } },
  });
  const goalSource = "data_sources" in goals ? goals.data_sources[0]?.id : undefined;
  const database = await notion.databases.create({
    parent: { type: "page_id", page_id: parent },
    title: text("Objectives"),
    initial_data_source: {
      properties: {
        Name: { title: {} },
        Score: { number: { format: "percent" } },
        Team: { select: { options: [{ name: "Ops" }, { name: "Sales" }] } },
        Stage: { status: {} },
        Due: { date: {} },
        WIG: { checkbox: {} },
        Notes: { rich_text: {} },
        Goal: { relation: { data_source_id: goalSource ?? "", single_property: {} } },
        Edited: { last_edited_time: {} },
      },
    },
  });
  const source = "data_sources" in database ? database.data_sources[0]?.id : undefined;
  if (goalSource === undefined || source === undefined) throw new Error("a database without a data source");
  return { parent, database, goals: goalSource, objectives: source };
}

describe("databases, pages and queries", () => {
  it("creates a database under a page, lists it as a child, and queries its pages back", async () => {
    const notion = client();
    const { parent, database, goals, objectives } = await okrs(notion);
    expect(database).toMatchObject({ object: "database", parent: { type: "page_id", page_id: parent } });
    expect("data_sources" in database && database.data_sources).toEqual([
      { id: objectives, name: "Objectives" },
    ]);

    await notion.pages.create({ parent: { page_id: parent }, properties: { title: title("Notes") } });
    const children = await collectPaginatedAPI(notion.blocks.children.list, {
      block_id: parent,
      page_size: 2,
    });
    const childName = (block: (typeof children)[number]) => {
      if (!("type" in block)) return block.id;
      if (block.type === "child_database") return block.child_database.title;
      return block.type === "child_page" ? `page ${block.child_page.title}` : block.type;
    };
    expect(children.map(childName)).toEqual(["Goals", "Objectives", "page Notes"]);
    expect(children[1]?.id).toBe(database.id);

    const schema = await notion.dataSources.retrieve({ data_source_id: objectives });
    expect(schema.properties.Name).toMatchObject({ id: "title", name: "Name", type: "title" });
    expect(schema.properties.Score).toMatchObject({ type: "number", number: { format: "percent" } });
    expect(schema.properties.Goal).toMatchObject({
      type: "relation",
      relation: { data_source_id: goals, type: "single_property", single_property: {} },
    });

    // A select name that is not an option becomes one, as in Notion.
    await notion.pages.create({
      parent: { type: "data_source_id", data_source_id: objectives },
      properties: {
        Name: title("Grow revenue"),
        Score: { number: 0.5 },
        Team: { select: { name: "Finance" } },
      },
    });
    const team = (await notion.dataSources.retrieve({ data_source_id: objectives })).properties.Team;
    expect(team?.type === "select" && team.select.options.map((o) => o.name)).toEqual([
      "Ops",
      "Sales",
      "Finance",
    ]);

    const { results } = await notion.dataSources.query({ data_source_id: objectives });
    const found = page(results[0] ?? {});
    expect(found).toMatchObject({
      object: "page",
      in_trash: false,
      parent: { type: "data_source_id", data_source_id: objectives, database_id: database.id },
    });
    expect(found.properties.Name).toEqual({
      id: "title",
      type: "title",
      title: [
        {
          type: "text",
          text: { content: "Grow revenue", link: null },
          annotations: {
            bold: false,
            italic: false,
            strikethrough: false,
            underline: false,
            code: false,
            color: "default",
          },
          plain_text: "Grow revenue",
          href: null,
        },
      ],
    });
    // Properties the page never set come back empty in their type's shape.
    expect(found.properties).toMatchObject({
      Score: { type: "number", number: 0.5 },
      Team: { type: "select", select: { name: "Finance", color: "default" } },
      Stage: { type: "status", status: null },
      Due: { type: "date", date: null },
      WIG: { type: "checkbox", checkbox: false },
      Notes: { type: "rich_text", rich_text: [] },
      Goal: { type: "relation", relation: [], has_more: false },
      Edited: { type: "last_edited_time", last_edited_time: found.last_edited_time },
    });
  });

  it("pages through 250 pages, 100 at a time, newest first, with cursors good only for their query", async () => {
    const notion = client();
    const { objectives } = await okrs(notion);
    for (let i = 0; i < 250; i++) fake.createPage(objectives, { Name: title(`Objective ${i}`) });
    fake.resetLog();

    const titles: string[] = [];
    for await (const result of iteratePaginatedAPI(notion.dataSources.query, {
      data_source_id: objectives,
    })) {
      titles.push(titleOf(result));
    }
    expect(titles).toHaveLength(250);
    expect(new Set(titles).size).toBe(250);
    expect(titles.slice(0, 2)).toEqual(["Objective 249", "Objective 248"]);
    const cursors = fake.log.map((entry) => (entry.body as { start_cursor?: string }).start_cursor);
    expect(cursors).toHaveLength(3);
    expect(cursors[0]).toBeUndefined();
    expect(typeof cursors[2]).toBe("string");

    const last = await notion.dataSources.query({
      data_source_id: objectives,
      start_cursor: cursors[2] as string,
    });
    expect(last).toMatchObject({
      object: "list",
      type: "page_or_data_source",
      has_more: false,
      next_cursor: null,
    });
    expect(last.results).toHaveLength(50);

    const elsewhere = notion.dataSources.query({
      data_source_id: objectives,
      start_cursor: cursors[1] as string,
      filter: { property: "Name", title: { contains: "1" } },
    });
    expect((await notionError(elsewhere)).code).toBe("validation_error");
    const tooMany = await notionError(
      notion.dataSources.query({ data_source_id: objectives, page_size: 101 }),
    );
    expect(tooMany.message).toContain("page_size");
  });

  it("stops a query at 10,000 pages and says the result is incomplete", async () => {
    const notion = client();
    const { objectives } = await okrs(notion);
    for (let i = 0; i <= 10_000; i++) fake.createPage(objectives, { Name: title(`Objective ${i}`) });
    const responses: QueryDataSourceResponse[] = [];
    let cursor: string | null = null;
    do {
      const response: QueryDataSourceResponse = await notion.dataSources.query({
        data_source_id: objectives,
        ...(cursor === null ? {} : { start_cursor: cursor }),
      });
      responses.push(response);
      cursor = response.next_cursor;
    } while (cursor !== null);
    expect(responses.flatMap((r) => r.results)).toHaveLength(10_000);
    expect(responses.at(-1)).toMatchObject({
      has_more: false,
      request_status: { type: "incomplete", incomplete_reason: "query_result_limit_reached" },
    });
  });
});

describe("filters and sorts", () => {
  async function seeded() {
    const notion = client();
    const { goals, objectives } = await okrs(notion);
    const g1 = fake.createPage(goals, { Name: title("Goal 1") });
    const g2 = fake.createPage(goals, { Name: title("Goal 2") });
    fake.createPage(objectives, {
      Name: title("Alpha launch"),
      Score: { number: 0.2 },
      Team: { select: { name: "Ops" } },
      Stage: { status: { name: "In progress" } },
      Due: { date: { start: "2026-03-01" } },
      WIG: { checkbox: true },
      Notes: { rich_text: text("ship it") },
      Goal: { relation: [{ id: g1 }] },
    });
    fake.createPage(objectives, {
      Name: title("beta Review"),
      Score: { number: 0.8 },
      Team: { select: { name: "Sales" } },
      Stage: { status: { name: "Done" } },
      Due: { date: { start: "2026-06-15T10:30:00Z" } },
      Goal: { relation: [{ id: g1 }, { id: g2 }] },
    });
    fake.createPage(objectives, { Name: title("Gamma"), Notes: { rich_text: [] } });
    const names = async (filter: unknown, sorts?: QueryDataSourceParameters["sorts"]) => {
      const results = await collectPaginatedAPI(notion.dataSources.query, {
        data_source_id: objectives,
        ...(filter === undefined
          ? {}
          : { filter: filter as NonNullable<QueryDataSourceParameters["filter"]> }),
        ...(sorts ? { sorts } : {}),
      });
      const list = results.map(titleOf);
      return sorts ? list : list.sort((a, b) => a.localeCompare(b));
    };
    return { notion, objectives, g1, g2, names };
  }

  it("filters text, numbers, selects, statuses, dates, relations and checkboxes", async () => {
    const { g1, g2, names } = await seeded();
    const A = "Alpha launch";
    const B = "beta Review";
    const C = "Gamma";
    const cases: Array<[unknown, string[]]> = [
      [{ property: "Name", title: { equals: "Gamma" } }, [C]],
      [{ property: "Name", title: { does_not_equal: "Gamma" } }, [A, B]],
      [{ property: "Name", rich_text: { contains: "LAUNCH" } }, [A]],
      [{ property: "Name", title: { does_not_contain: "a" } }, []],
      [{ property: "Name", title: { starts_with: "Beta" } }, [B]],
      [{ property: "Name", title: { ends_with: "review" } }, [B]],
      [{ property: "Notes", rich_text: { is_empty: true } }, [B, C]],
      [{ property: "Notes", rich_text: { is_not_empty: true } }, [A]],
      [{ property: "Score", number: { equals: 0.8 } }, [B]],
      [{ property: "Score", number: { does_not_equal: 0.2 } }, [B, C]],
      [{ property: "Score", number: { greater_than: 0.5 } }, [B]],
      [{ property: "Score", number: { less_than: 0.8 } }, [A]],
      [{ property: "Score", number: { greater_than_or_equal_to: 0.2 } }, [A, B]],
      [{ property: "Score", number: { less_than_or_equal_to: 0.2 } }, [A]],
      [{ property: "Score", number: { is_empty: true } }, [C]],
      [{ property: "Team", select: { equals: "Ops" } }, [A]],
      [{ property: "Team", select: { does_not_equal: "Ops" } }, [B, C]],
      [{ property: "Team", select: { is_empty: true } }, [C]],
      [{ property: "Stage", status: { equals: "Done" } }, [B]],
      [{ property: "Stage", status: { is_not_empty: true } }, [A, B]],
      [{ property: "Due", date: { equals: "2026-06-15" } }, [B]],
      [{ property: "Due", date: { before: "2026-06-15" } }, [A]],
      [{ property: "Due", date: { after: "2026-03-01" } }, [B]],
      [{ property: "Due", date: { on_or_before: "2026-06-15" } }, [A, B]],
      [{ property: "Due", date: { on_or_after: "2026-03-01" } }, [A, B]],
      [{ property: "Due", date: { on_or_after: "2026-06-15T10:30:00" } }, [B]],
      [{ property: "Due", date: { after: "2026-06-15T10:30:00Z" } }, []],
      [{ property: "Due", date: { is_empty: true } }, [C]],
      [{ property: "Goal", relation: { contains: g2 } }, [B]],
      [{ property: "Goal", relation: { contains: g1.replaceAll("-", "") } }, [A, B]],
      [{ property: "Goal", relation: { does_not_contain: g2 } }, [A, C]],
      [{ property: "Goal", relation: { is_empty: true } }, [C]],
      [{ property: "WIG", checkbox: { equals: true } }, [A]],
      [{ property: "WIG", checkbox: { does_not_equal: true } }, [B, C]],
      [
        {
          and: [
            { property: "Team", select: { equals: "Sales" } },
            {
              or: [
                { property: "Score", number: { greater_than: 0.5 } },
                { property: "WIG", checkbox: { equals: true } },
              ],
            },
          ],
        },
        [B],
      ],
      [
        {
          or: [
            { property: "Name", title: { equals: A } },
            { property: "Name", title: { equals: C } },
          ],
        },
        [A, C],
      ],
    ];
    for (const [filter, expected] of cases) {
      expect({ filter, found: await names(filter) }).toEqual({ filter, found: expected });
    }
  });

  it("takes a property by id, refuses unknown properties, mismatched types and deep nesting", async () => {
    const { notion, objectives, names } = await seeded();
    const schema = await notion.dataSources.retrieve({ data_source_id: objectives });
    const scoreId = schema.properties.Score?.id ?? "";
    expect(await names({ property: scoreId, number: { greater_than: 0.5 } })).toEqual(["beta Review"]);

    const unknown = await notionError(names({ property: "Nope", number: { equals: 1 } }));
    expect(unknown).toMatchObject({ code: "validation_error", status: 400 });
    expect(unknown.message).toContain("Nope");
    const mismatched = await notionError(names({ property: "Team", number: { equals: 1 } }));
    expect(mismatched.message).toContain("Team");
    const leaf = { property: "WIG", checkbox: { equals: true } };
    const deep = await notionError(names({ and: [{ or: [{ and: [leaf] }] }] }));
    expect(deep.code).toBe("validation_error");
  });

  it("sorts by properties (options in their order, empty last) and timestamps", async () => {
    const { names } = await seeded();
    expect(await names(undefined, [{ property: "Score", direction: "ascending" }])).toEqual([
      "Alpha launch",
      "beta Review",
      "Gamma",
    ]);
    expect(await names(undefined, [{ property: "Score", direction: "descending" }])).toEqual([
      "beta Review",
      "Alpha launch",
      "Gamma",
    ]);
    expect(await names(undefined, [{ property: "Team", direction: "descending" }])).toEqual([
      "beta Review",
      "Alpha launch",
      "Gamma",
    ]);
    expect(await names(undefined, [{ timestamp: "created_time", direction: "ascending" }])).toEqual([
      "Alpha launch",
      "beta Review",
      "Gamma",
    ]);
  });

  it("rounds last_edited_time down to the minute, so an on_or_after filter sees edits by the minute", async () => {
    let clock = Date.parse("2026-11-20T12:00:40Z");
    fake.options.now = () => new Date(clock);
    const notion = client();
    const { objectives } = await okrs(notion);
    fake.createPage(objectives, { Name: title("Early") });
    const late = await notion.pages.create({
      parent: { data_source_id: objectives },
      properties: { Name: title("Late") },
    });
    clock = Date.parse("2026-11-20T12:05:30Z");
    const edited = page(
      await notion.pages.update({ page_id: late.id, properties: { Score: { number: 0.5 } } }),
    );
    expect(edited.created_time).toBe("2026-11-20T12:00:00.000Z");
    expect(edited.last_edited_time).toBe("2026-11-20T12:05:00.000Z");

    const since = async (instant: string) =>
      (
        await notion.dataSources.query({
          data_source_id: objectives,
          filter: { timestamp: "last_edited_time", last_edited_time: { on_or_after: instant } },
        })
      ).results.map(titleOf);
    expect(await since("2026-11-20T12:05:00Z")).toEqual(["Late"]);
    expect(await since("2026-11-20T12:05:10Z")).toEqual([]);
    expect(await since("2026-11-20T12:00:00Z")).toEqual(["Late", "Early"]);
    const created = await notion.dataSources.query({
      data_source_id: objectives,
      filter: { timestamp: "created_time", created_time: { after: "2026-11-20T12:00:00Z" } },
    });
    expect(created.results).toHaveLength(0);
  });
});

describe("writes", () => {
  it("refuses invalid writes with a validation_error naming the property", async () => {
    const notion = client();
    const { goals, objectives } = await okrs(notion);
    const create = (properties: Record<string, unknown>) =>
      notionError(
        notion.pages.create({ parent: { data_source_id: objectives }, properties: properties as never }),
      );
    const ownPage = fake.createPage(objectives, { Name: title("Not a goal") });
    const goalIds = Array.from({ length: 101 }, (_, i) => ({
      id: fake.createPage(goals, { Name: title(`G${i}`) }),
    }));
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ Nope: { number: 1 } }, "Nope is not a property that exists."],
      [{ Score: { number: "high" } }, "body.properties.Score.number should be a number or `null`"],
      [{ Score: { select: { name: "high" } } }, "Score is expected to be number."],
      [
        { Notes: { rich_text: text("x".repeat(2001)) } },
        "body.properties.Notes.rich_text[0].text.content.length",
      ],
      [{ Goal: { relation: goalIds } }, "body.properties.Goal.relation.length should be ≤ `100`"],
      [{ Goal: { relation: [{ id: ownPage }] } }, "Goal"],
      [{ Stage: { status: { name: "Blocked" } } }, "Stage"],
      [{ Edited: { last_edited_time: "2026-01-01" } }, "Edited"],
    ];
    for (const [properties, message] of cases) {
      const error = await create(properties);
      expect({ code: error.code, status: error.status, message: error.message }).toMatchObject({
        code: "validation_error",
        status: 400,
        message: expect.stringContaining(message),
      });
    }
    expect(fake.pagesOf(objectives)).toHaveLength(1);

    // Cascade-owned numbers may be cleared; a title may be empty.
    const cleared = await notion.pages.create({
      parent: { data_source_id: objectives },
      properties: { Name: { title: [] }, Score: { number: null } },
    });
    expect(page(cleared).properties.Score).toMatchObject({ number: null });
  });

  it("shows 25 relations on a page object and all of them through pages.properties.retrieve", async () => {
    const notion = client();
    const { goals, objectives } = await okrs(notion);
    const goalIds = Array.from({ length: 30 }, (_, i) =>
      fake.createPage(goals, { Name: title(`Goal ${i}`) }),
    );
    const created = await notion.pages.create({
      parent: { data_source_id: objectives },
      properties: { Name: title("Many goals"), Goal: { relation: goalIds.map((id) => ({ id })) } },
    });
    const goal = page(await notion.pages.retrieve({ page_id: created.id })).properties.Goal;
    expect(goal?.type === "relation" && goal.relation).toHaveLength(25);
    expect(goal).toMatchObject({ has_more: true });

    const relationItems = async (args: {
      page_id: string;
      property_id: string;
      page_size: number;
      start_cursor?: string | null;
    }) => {
      const { start_cursor, ...rest } = args;
      const response = await notion.pages.properties.retrieve(
        start_cursor ? { ...rest, start_cursor } : rest,
      );
      if (response.object !== "list") throw new Error("expected a paginated property");
      return response;
    };
    const items = await collectPaginatedAPI(relationItems, {
      page_id: created.id,
      property_id: goal?.id ?? "",
      page_size: 10,
    });
    expect(items.map((item) => (item.type === "relation" ? item.relation.id : ""))).toEqual(goalIds);
    expect(fake.pagesOf(objectives)[0]?.properties.Goal).toMatchObject({ has_more: false });
  });

  it("keeps both sides of a dual relation, and renames, adds and removes properties", async () => {
    const notion = client();
    const { goals, objectives } = await okrs(notion);
    await notion.dataSources.update({
      data_source_id: goals,
      properties: { Objectives: { relation: { data_source_id: objectives, dual_property: {} } } },
    });
    await notion.dataSources.update({
      data_source_id: objectives,
      properties: { Owner: { rich_text: {} }, Score: { name: "Progress" }, Notes: null },
    });
    const schema = fake.dataSource(objectives)?.properties ?? {};
    expect(Object.keys(schema)).toEqual(
      expect.arrayContaining(["Owner", "Progress", "Related to Goals (Objectives)"]),
    );
    expect(schema.Notes).toBeUndefined();
    expect(schema["Related to Goals (Objectives)"]).toMatchObject({
      relation: { data_source_id: goals, type: "dual_property" },
    });

    const objective = fake.createPage(objectives, { Name: title("Ship"), Progress: { number: 0.4 } });
    const goal = fake.createPage(goals, {
      Name: title("Grow"),
      Objectives: { relation: [{ id: objective }] },
    });
    const back = page(await notion.pages.retrieve({ page_id: objective })).properties[
      "Related to Goals (Objectives)"
    ];
    expect(back).toMatchObject({ type: "relation", relation: [{ id: goal }] });
  });

  it("sees a person's edits in Notion's UI: last_edited_time moves, nothing is logged; trash hides a page", async () => {
    let clock = Date.parse("2026-11-20T09:00:15Z");
    fake.options.now = () => new Date(clock);
    const notion = client();
    const { objectives } = await okrs(notion);
    const bot = (await notion.users.me({})).id;
    const id = (
      await notion.pages.create({ parent: { data_source_id: objectives }, properties: { Name: title("KR") } })
    ).id;
    clock += 3 * 60_000;
    fake.resetLog();
    fake.editPage(id, { Score: { number: 0.9 } });
    expect(fake.log).toHaveLength(0);
    const edited = page(await notion.pages.retrieve({ page_id: id }));
    expect(edited).toMatchObject({
      created_time: "2026-11-20T09:00:00.000Z",
      last_edited_time: "2026-11-20T09:03:00.000Z",
    });
    expect(edited.last_edited_by.id).not.toBe(bot);
    expect(edited.properties.Score).toMatchObject({ number: 0.9 });

    fake.trashPage(id);
    expect((await notion.dataSources.query({ data_source_id: objectives })).results).toHaveLength(0);
    expect(fake.pagesOf(objectives)[0]).toMatchObject({ id, in_trash: true });
    const refused = await notionError(
      notion.pages.update({ page_id: id, properties: { Score: { number: 1 } } }),
    );
    expect(refused.code).toBe("validation_error");
    await notion.pages.update({ page_id: id, in_trash: false });
    expect((await notion.dataSources.query({ data_source_id: objectives })).results).toHaveLength(1);
  });

  it("searches pages and data sources by title", async () => {
    const notion = client();
    const { objectives } = await okrs(notion);
    fake.createPage(objectives, { Name: title("Alpha launch") });
    const sources = await notion.search({
      query: "object",
      filter: { property: "object", value: "data_source" },
    });
    expect(sources.results.map((r) => r.id)).toEqual([objectives]);
    const pages = await notion.search({ query: "LAUNCH", filter: { property: "object", value: "page" } });
    expect(pages.results.map(titleOf)).toEqual(["Alpha launch"]);
  });
});

describe("errors", () => {
  it("answers 401 to a wrong token, and Notion's 400s to a missing version, bad JSON and unknown paths", async () => {
    const refused = await notionError(client({ auth: "secret_wrong" }).users.me({}));
    expect(refused).toMatchObject({ code: "unauthorized", status: 401 });
    expect(fake.log.at(-1)).toMatchObject({ method: "GET", path: "/v1/users/me", status: 401 });
    expect((await client().users.me({})).type).toBe("bot");

    const raw = async (path: string, init: { method?: string; body?: string; version?: boolean } = {}) => {
      const headers: Record<string, string> = { authorization: `Bearer ${fake.token}` };
      if (init.version !== false) headers["notion-version"] = "2025-09-03";
      const response = await fetch(`${fake.baseUrl}${path}`, {
        method: init.method ?? "GET",
        headers,
        ...(init.body === undefined ? {} : { body: init.body }),
      });
      return { status: response.status, body: (await response.json()) as { object: string; code: string } };
    };
    expect(await raw("/v1/users/me", { version: false })).toMatchObject({
      status: 400,
      body: { object: "error", code: "missing_version" },
    });
    expect(await raw("/v1/pages", { method: "POST", body: "{" })).toMatchObject({
      body: { code: "invalid_json" },
    });
    expect(await raw("/v1/nowhere")).toMatchObject({ status: 400, body: { code: "invalid_request_url" } });
  });

  it("answers 404 object_not_found to unknown ids and to ids of another kind of object", async () => {
    const notion = client();
    const { database, objectives } = await okrs(notion);
    const unknown = await notionError(
      notion.pages.retrieve({ page_id: "0b3c9a2e-6f1d-4c8e-9a7b-2d4e6f8a0c1e" }),
    );
    expect(unknown).toMatchObject({ code: "object_not_found", status: 404 });
    expect((await notionError(notion.pages.retrieve({ page_id: database.id }))).code).toBe(
      "object_not_found",
    );
    expect((await notionError(notion.dataSources.retrieve({ data_source_id: database.id }))).code).toBe(
      "object_not_found",
    );
    expect((await notionError(notion.databases.retrieve({ database_id: objectives }))).code).toBe(
      "object_not_found",
    );
    expect((await notionError(notion.pages.retrieve({ page_id: "not-an-id" }))).code).toBe(
      "validation_error",
    );
  });

  it("throttles above the rate with 429 and Retry-After, and the client gets through with retries", async () => {
    fake.options.rate = 50;
    const burst = await Promise.allSettled(Array.from({ length: 70 }, () => client().users.me({})));
    const limited = burst.flatMap((r) => (r.status === "rejected" ? [r.reason as APIResponseError] : []));
    expect(limited.length).toBeGreaterThanOrEqual(10);
    expect(limited[0]).toMatchObject({
      code: "rate_limited",
      status: 429,
      additional_data: { rate_limit_reason: RATE_LIMIT_REASON },
    });
    const headers = limited[0]?.headers;
    expect(headers instanceof Headers && headers.get("retry-after")).toBe("1");
    expect(fake.log.filter((e) => e.status === 429)).toHaveLength(limited.length);

    fake.resetLog();
    const patient = client({ retry: { maxRetries: 4 } });
    const calls = await Promise.all(Array.from({ length: 60 }, () => patient.users.me({})));
    expect(calls).toHaveLength(60);
    expect(fake.log.filter((e) => e.status === 429).length).toBeGreaterThan(0);
    expect(fake.log.filter((e) => e.status === 200)).toHaveLength(60);
  });

  it("fails the next matching requests on demand, before or after they take effect", async () => {
    const notion = client();
    const { objectives } = await okrs(notion);
    const create = () =>
      notion.pages.create({ parent: { data_source_id: objectives }, properties: { Name: title("KR") } });
    const isCreate = (method: string, path: string) => method === "POST" && path === "/v1/pages";

    fake.failNext({ status: 503, match: isCreate });
    expect((await notionError(create())).code).toBe("service_unavailable");
    expect(fake.pagesOf(objectives)).toHaveLength(0);

    fake.failNext({ status: 500, match: isCreate, applyFirst: true });
    expect((await notionError(create())).code).toBe("internal_server_error");
    expect(fake.pagesOf(objectives)).toHaveLength(1);

    fake.failNext({ status: 409, match: isCreate });
    expect((await notionError(create())).code).toBe("conflict_error");
    fake.failNext({ status: 504, count: 2 });
    expect((await notionError(notion.users.me({}))).code).toBe("gateway_timeout");
    expect((await notionError(notion.users.me({}))).code).toBe("gateway_timeout");
    expect((await notion.users.me({})).type).toBe("bot");

    fake.failNext({ status: 502 });
    const edge = await notion.users.me({}).catch((error: unknown) => error);
    expect(edge).toBeInstanceOf(UnknownHTTPResponseError);
    expect(edge).toMatchObject({ status: 502, message: expect.stringContaining("Cloudflare Ray ID") });

    // With retries: GETs are retried on 500, every method on 529 (after Retry-After).
    const patient = client({ retry: { maxRetries: 2, initialRetryDelayMs: 5 } });
    fake.resetLog();
    fake.failNext({ status: 500, count: 2, match: (method) => method === "GET" });
    await patient.dataSources.retrieve({ data_source_id: objectives });
    expect(fake.log.map((e) => e.status)).toEqual([500, 500, 200]);
    fake.failNext({ status: 529, match: isCreate });
    await patient.pages.create({
      parent: { data_source_id: objectives },
      properties: { Name: title("KR 2") },
    });
    expect(fake.pagesOf(objectives)).toHaveLength(2);
  });
});
