/**
 * The Coda fake answers as Coda's spec says, checked over plain HTTP and against the spec's response
 * schemas (spec.ts), so the client's tests can trust it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CodaFake, startCodaFake } from "./server.ts";
import { errorBodyErrors, requestBodyErrors, specErrors } from "./spec.ts";

let fake: CodaFake;

beforeEach(async () => {
  fake = await startCodaFake();
});

afterEach(async () => {
  await fake.close();
});

interface Reply {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked against the spec, then read freely
  body: any;
}

async function get(path: string, query: Record<string, string> = {}, token = fake.token): Promise<Reply> {
  const url = new URL(`${fake.baseUrl}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return getUrl(url.href, token);
}

async function getUrl(url: string, token = fake.token): Promise<Reply> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** `get`, and the answer must be what the spec says `GET <specPath>` answers with its status. */
async function getValid(specPath: string, path: string, query: Record<string, string> = {}): Promise<Reply> {
  const reply = await get(path, query);
  expect(specErrors(specPath, reply.status, reply.body), `GET ${path} → ${reply.status}`).toEqual([]);
  return reply;
}

type WriteMethod = "POST" | "PUT" | "DELETE";

/** A write; `body` is sent as JSON unless it is a string, sent as it is. */
async function send(
  method: WriteMethod,
  path: string,
  body?: unknown,
  query: Record<string, string> = {},
  token = fake.token,
): Promise<Reply> {
  const url = new URL(`${fake.baseUrl}${path}`);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const response = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/**
 * `send` a body the spec allows, and the answer must be what the spec says `<method> <specPath>`
 * answers with its status.
 */
async function sendValid(
  method: WriteMethod,
  specPath: string,
  path: string,
  body?: unknown,
  query: Record<string, string> = {},
): Promise<Reply> {
  if (body !== undefined) expect(requestBodyErrors(method, specPath, body), "request body").toEqual([]);
  const reply = await send(method, path, body, query);
  expect(
    specErrors(specPath, reply.status, reply.body, method),
    `${method} ${path} → ${reply.status}`,
  ).toEqual([]);
  return reply;
}

const TABLE = "/docs/{docId}/tables/{tableIdOrName}";
const ROWS = `${TABLE}/rows`;
const ROW = `${TABLE}/rows/{rowIdOrName}`;

/** A doc "OKRs" with a table "Metrics" (Metric, Value, Owner, Tags) of three rows. */
function metrics() {
  const docId = fake.addDoc("OKRs");
  const { tableId, columnIds } = fake.addTable(docId, "Metrics", ["Metric", "Value", "Owner", "Tags"]);
  const revenue = fake.addRow(docId, tableId, {
    Metric: "Revenue",
    Value: 1200,
    Owner: "Ana",
    Tags: ["core", "q3"],
  });
  const margin = fake.addRow(docId, tableId, { Metric: "Margin", Value: "45%", Owner: "Ben" });
  const arr = fake.addRow(docId, tableId, { Metric: "ARR", Value: "$1,200.00", Owner: "Ana" });
  return { docId, tableId, columnIds, rows: { revenue, margin, arr } };
}

describe("answers in the spec's shapes", () => {
  it("answers whoami, a doc, a table, its columns, a column, its rows and a row as the spec describes", async () => {
    const { docId, tableId, columnIds, rows } = metrics();
    const me = await getValid("/whoami", "/whoami");
    expect(me.body).toMatchObject({
      type: "user",
      loginId: expect.any(String),
      href: `${fake.baseUrl}/whoami`,
    });

    const doc = await getValid("/docs/{docId}", `/docs/${docId}`);
    expect(doc.body).toMatchObject({
      id: docId,
      type: "doc",
      name: "OKRs",
      href: `${fake.baseUrl}/docs/${docId}`,
    });
    expect(doc.body.browserLink).toBe(`https://coda.io/d/_d${docId}`);

    const table = await getValid(TABLE, `/docs/${docId}/tables/${tableId}`);
    expect(table.body).toMatchObject({
      id: tableId,
      type: "table",
      tableType: "table",
      name: "Metrics",
      rowCount: 3,
      displayColumn: { id: columnIds.Metric, type: "column" },
      parent: { type: "page", name: "Metrics" },
    });
    expect(tableId).toMatch(/^grid-/);

    const columns = await getValid(`${TABLE}/columns`, `/docs/${docId}/tables/${tableId}/columns`);
    expect(columns.body.items.map((column: { name: string }) => column.name)).toEqual([
      "Metric",
      "Value",
      "Owner",
      "Tags",
    ]);
    expect(columns.body.items[0]).toMatchObject({ id: columnIds.Metric, type: "column", display: true });
    expect(columnIds.Value).toMatch(/^c-/);
    const column = await getValid(
      `${TABLE}/columns/{columnIdOrName}`,
      `/docs/${docId}/tables/${tableId}/columns/Value`,
    );
    expect(column.body).toMatchObject({ id: columnIds.Value, parent: { id: tableId, type: "table" } });

    const list = await getValid(`${TABLE}/rows`, `/docs/${docId}/tables/${tableId}/rows`);
    expect(list.body.items).toHaveLength(3);
    expect(list.body.items[0]).toMatchObject({
      id: rows.revenue,
      type: "row",
      name: "Revenue",
      index: 0,
      values: { [columnIds.Metric as string]: "Revenue", [columnIds.Value as string]: 1200 },
    });
    expect(rows.revenue).toMatch(/^i-/);
    expect(list.body.nextSyncToken).toEqual(expect.any(String));
    expect(list.body.nextPageToken).toBeUndefined();

    const row = await getValid(
      `${TABLE}/rows/{rowIdOrName}`,
      `/docs/${docId}/tables/${tableId}/rows/${rows.margin}`,
    );
    expect(row.body).toMatchObject({
      id: rows.margin,
      name: "Margin",
      parent: { id: tableId, name: "Metrics" },
    });
  });

  it("gives values in the simple, simpleWithArrays and rich formats, keyed by id or by name", async () => {
    const { docId, tableId, rows } = metrics();
    const path = `/docs/${docId}/tables/${tableId}/rows/${rows.revenue}`;
    const spec = `${TABLE}/rows/{rowIdOrName}`;
    const simple = await getValid(spec, path, { useColumnNames: "true" });
    expect(simple.body.values).toEqual({ Metric: "Revenue", Value: 1200, Owner: "Ana", Tags: "core,q3" });
    const arrays = await getValid(spec, path, { useColumnNames: "true", valueFormat: "simpleWithArrays" });
    expect(arrays.body.values.Tags).toEqual(["core", "q3"]);
    const rich = await getValid(spec, path, { useColumnNames: "true", valueFormat: "rich" });
    expect(rich.body.values).toEqual({
      Metric: "```Revenue```",
      Value: 1200,
      Owner: "```Ana```",
      Tags: ["```core```", "```q3```"],
    });
    const unset = await getValid(spec, `/docs/${docId}/tables/${tableId}/rows/${rows.margin}`, {
      useColumnNames: "true",
    });
    expect(unset.body.values).toMatchObject({ Value: "45%", Tags: "" });
  });

  it("looks tables, columns and rows up by name as well as by id, names URI-encoded", async () => {
    const docId = fake.addDoc("Plan");
    const { tableId } = fake.addTable(docId, "Team KPIs / 2026", ["Key result", "Now"]);
    const rowId = fake.addRow(docId, tableId, { "Key result": "Net revenue", Now: 3 });
    const table = encodeURIComponent("Team KPIs / 2026");
    expect((await getValid(TABLE, `/docs/${docId}/tables/${table}`)).body.id).toBe(tableId);
    const row = await getValid(
      `${TABLE}/rows/{rowIdOrName}`,
      `/docs/${docId}/tables/${table}/rows/Net%20revenue`,
    );
    expect(row.body.id).toBe(rowId);
    const column = await getValid(
      `${TABLE}/columns/{columnIdOrName}`,
      `/docs/${docId}/tables/${tableId}/columns/Key%20result`,
    );
    expect(column.body.name).toBe("Key result");
  });
});

describe("errors", () => {
  it("answers 401 with the spec's error body to a missing or wrong token", async () => {
    const wrong = await get("/whoami", {}, "not-the-token");
    expect(wrong.status).toBe(401);
    expect(specErrors("/whoami", 401, wrong.body)).toEqual([]);
    expect(wrong.body).toEqual({ statusCode: 401, statusMessage: "Unauthorized", message: "Unauthorized" });
    const response = await fetch(`${fake.baseUrl}/whoami`);
    expect(response.status).toBe(401);
  });

  it("answers 404 naming the doc, table, column or row that is missing", async () => {
    const { docId, tableId } = metrics();
    const cases: Array<[string, string, RegExp]> = [
      ["/docs/{docId}", "/docs/nope", /Doc "nope" not found/],
      [TABLE, `/docs/${docId}/tables/Nope`, /Table "Nope" not found/],
      [
        `${TABLE}/columns/{columnIdOrName}`,
        `/docs/${docId}/tables/${tableId}/columns/c-nope`,
        /Column "c-nope"/,
      ],
      [
        `${TABLE}/rows/{rowIdOrName}`,
        `/docs/${docId}/tables/${tableId}/rows/Profit`,
        /Row "Profit" not found/,
      ],
      [`${TABLE}/rows`, `/docs/nope/tables/${tableId}/rows`, /Doc "nope"/],
    ];
    for (const [spec, path, message] of cases) {
      const reply = await getValid(spec, path);
      expect(reply.status, path).toBe(404);
      expect(reply.body.message).toMatch(message);
    }
    const deleted = fake.addRow(docId, tableId, { Metric: "Churn" });
    fake.deleteRow(docId, tableId, deleted);
    expect((await get(`/docs/${docId}/tables/${tableId}/rows/${deleted}`)).status).toBe(404);
    expect((await get("/nowhere")).status).toBe(404);
  });

  it("answers 400 with the spec's error body to parameters the spec does not allow", async () => {
    const { docId, tableId } = metrics();
    const rows = `/docs/${docId}/tables/${tableId}/rows`;
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      [rows, { limit: "0" }, /Invalid limit "0"/],
      [rows, { limit: "ten" }, /Invalid limit/],
      [rows, { valueFormat: "markdown" }, /Invalid valueFormat/],
      [rows, { useColumnNames: "yes" }, /Invalid useColumnNames/],
      [rows, { sortBy: "name" }, /Invalid sortBy/],
      [rows, { sortBy: "natural", visibleOnly: "false" }, /visibleOnly/],
      [rows, { pageToken: "garbage" }, /Invalid pageToken/],
      [rows, { syncToken: "eyJ4IjoxfQ" }, /Invalid syncToken/],
      [rows, { query: "Metric=Revenue" }, /Invalid query/],
      [rows, { query: '"Metric":Revenue' }, /not JSON/],
      [rows, { query: '"Profit":"x"' }, /no column "Profit"/],
      [`/docs/${docId}/tables/${tableId}/columns`, { limit: "101" }, /from 1 to 100/],
    ];
    for (const [path, query, message] of cases) {
      const reply = await get(path, query);
      expect(reply.status, JSON.stringify(query)).toBe(400);
      expect(errorBodyErrors(reply.body)).toEqual([]);
      expect(reply.body.message).toMatch(message);
    }
  });
});

describe("paging", () => {
  it("pages rows 25 at a time by default, each page's token and link leading to the next", async () => {
    const docId = fake.addDoc("Big");
    const { tableId } = fake.addTable(docId, "Rows", ["Name", "N"]);
    for (let n = 1; n <= 60; n++) fake.addRow(docId, tableId, { Name: `Row ${n}`, N: n });
    const path = `/docs/${docId}/tables/${tableId}/rows`;
    const first = await getValid(`${TABLE}/rows`, path);
    expect(first.body.items).toHaveLength(25);
    expect(first.body.nextSyncToken).toBeUndefined();
    expect(first.body.nextPageLink).toBe(`${fake.baseUrl}${path}?pageToken=${first.body.nextPageToken}`);
    const second = await getUrl(first.body.nextPageLink);
    expect(specErrors(`${TABLE}/rows`, 200, second.body)).toEqual([]);
    expect(second.body.items.map((row: { name: string }) => row.name)[0]).toBe("Row 26");
    // With a pageToken the other parameters are ignored: the token carries the first request's.
    const third = await get(path, {
      pageToken: second.body.nextPageToken,
      limit: "1",
      useColumnNames: "true",
    });
    expect(third.body.items.map((row: { name: string }) => row.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Row ${51 + i}`),
    );
    expect(Object.keys(third.body.items[0].values)[0]).toMatch(/^c-/);
    expect(third.body.nextPageToken).toBeUndefined();
    expect(third.body.nextSyncToken).toEqual(expect.any(String));
  });

  it("pages columns with limit and pageToken", async () => {
    const docId = fake.addDoc("Wide");
    const names = Array.from({ length: 7 }, (_, i) => `C${i}`);
    const { tableId } = fake.addTable(docId, "Wide", names);
    const seen: string[] = [];
    let query: Record<string, string> = { limit: "3" };
    for (;;) {
      const page = await getValid(`${TABLE}/columns`, `/docs/${docId}/tables/${tableId}/columns`, query);
      seen.push(...page.body.items.map((column: { name: string }) => column.name));
      if (page.body.nextPageToken === undefined) break;
      query = { pageToken: page.body.nextPageToken };
    }
    expect(seen).toEqual(names);
  });
});

describe("queries and sync tokens", () => {
  it("filters rows by a quoted column name or a bare column id, the value a JSON string or number", async () => {
    const { docId, tableId, columnIds } = metrics();
    const path = `/docs/${docId}/tables/${tableId}/rows`;
    const names = async (query: string) =>
      (await getValid(`${TABLE}/rows`, path, { query })).body.items.map((row: { name: string }) => row.name);
    expect(await names('"Owner":"Ana"')).toEqual(["Revenue", "ARR"]);
    expect(await names(`${columnIds.Owner}:"Ben"`)).toEqual(["Margin"]);
    expect(await names('"Value":1200')).toEqual(["Revenue"]);
    expect(await names('"Value":"$1,200.00"')).toEqual(["ARR"]);
    expect(await names('"Owner":"Nobody"')).toEqual([]);
  });

  it("lists only the rows changed since a sync token was issued, for the token's query", async () => {
    const { docId, tableId, rows } = metrics();
    const path = `/docs/${docId}/tables/${tableId}/rows`;
    const all = await getValid(`${TABLE}/rows`, path, { query: '"Owner":"Ana"' });
    const token = all.body.nextSyncToken as string;
    expect((await getValid(`${TABLE}/rows`, path, { syncToken: token })).body.items).toEqual([]);

    fake.setCell(docId, tableId, rows.revenue, "Value", 1300);
    fake.setCell(docId, tableId, rows.margin, "Value", "50%"); // Ben's: outside the token's query
    fake.addRow(docId, tableId, { Metric: "NPS", Value: 40, Owner: "Ana" });
    const changed = await getValid(`${TABLE}/rows`, path, { syncToken: token, useColumnNames: "true" });
    expect(
      changed.body.items.map((row: { name: string; values: { Value: unknown } }) => [
        row.name,
        row.values.Value,
      ]),
    ).toEqual([
      ["Revenue", 1300],
      ["NPS", 40],
    ]);
    const next = changed.body.nextSyncToken as string;
    expect((await get(path, { syncToken: next })).body.items).toEqual([]);

    const other = fake.addTable(docId, "Other", ["Name"]);
    const refused = await get(`/docs/${docId}/tables/${other.tableId}/rows`, { syncToken: next });
    expect(refused.status).toBe(400);
  });

  it("sorts by updatedAt when asked, the last changed row last", async () => {
    const { docId, tableId, rows } = metrics();
    fake.setCell(docId, tableId, rows.revenue, "Owner", "Cy");
    const reply = await getValid(`${TABLE}/rows`, `/docs/${docId}/tables/${tableId}/rows`, {
      sortBy: "updatedAt",
    });
    expect(reply.body.items.map((row: { name: string }) => row.name)).toEqual(["Margin", "ARR", "Revenue"]);
  });
});

describe("faults and the request log", () => {
  it("answers injected 429s with Retry-After, then 5xx, in the order they were added", async () => {
    fake.faults.rateLimit(2, 7);
    fake.faults.serverError(1, 503);
    const first = await get("/whoami");
    expect(first.status).toBe(429);
    expect(first.headers.get("retry-after")).toBe("7");
    expect(specErrors("/whoami", 429, first.body)).toEqual([]);
    expect((await get("/whoami")).status).toBe(429);
    const unavailable = await get("/whoami");
    expect(unavailable.status).toBe(503);
    expect(errorBodyErrors(unavailable.body)).toEqual([]);
    expect((await get("/whoami")).status).toBe(200);
  });

  it("leaves a hung request unanswered until the client gives up, then answers again", async () => {
    fake.faults.hang(1);
    const hung = fetch(`${fake.baseUrl}/whoami`, {
      headers: { authorization: `Bearer ${fake.token}` },
      signal: AbortSignal.timeout(200),
    });
    await expect(hung).rejects.toThrow(/abort|timeout/i);
    expect((await get("/whoami")).status).toBe(200);
    expect(fake.requests.map((entry) => entry.status)).toEqual([undefined, 200]);
  });

  it("logs every request: method, path under the API root, query and status", async () => {
    const { docId, tableId } = metrics();
    await get(`/docs/${docId}/tables/${tableId}/rows`, { limit: "2", query: '"Owner":"Ana"' });
    await get("/whoami", {}, "wrong");
    expect(fake.requests).toEqual([
      {
        method: "GET",
        path: `/docs/${docId}/tables/${tableId}/rows`,
        query: { limit: "2", query: '"Owner":"Ana"' },
        status: 200,
      },
      { method: "GET", path: "/whoami", query: {}, status: 401 },
    ]);
  });
});

describe("row writes", () => {
  /** The rows' values by column name, in creation order. */
  async function table(docId: string, tableId: string): Promise<Array<Record<string, unknown>>> {
    const reply = await getValid(ROWS, `/docs/${docId}/tables/${tableId}/rows`, {
      useColumnNames: "true",
      valueFormat: "simpleWithArrays",
    });
    return reply.body.items.map((row: { values: Record<string, unknown> }) => row.values);
  }

  /** The names of the rows a sync token lists. */
  async function changedSince(docId: string, tableId: string, syncToken: string): Promise<string[]> {
    const reply = await getValid(ROWS, `/docs/${docId}/tables/${tableId}/rows`, { syncToken });
    return reply.body.items.map((row: { name: string }) => row.name);
  }

  async function syncToken(docId: string, tableId: string): Promise<string> {
    return (await get(`/docs/${docId}/tables/${tableId}/rows`)).body.nextSyncToken;
  }

  it("inserts rows, answering 202 with their ids, and a following read and a sync token see them", async () => {
    const { docId, tableId, columnIds } = metrics();
    const token = await syncToken(docId, tableId);
    const inserted = await sendValid("POST", ROWS, `/docs/${docId}/tables/${tableId}/rows`, {
      rows: [
        {
          cells: [
            { column: "Metric", value: "NPS" },
            { column: columnIds.Value, value: 40 },
            { column: "Tags", value: ["survey", ["q3", "q4"]] },
          ],
        },
        {
          cells: [
            { column: "Metric", value: "Churn" },
            { column: "Owner", value: true },
          ],
        },
      ],
    });
    expect(inserted.status).toBe(202);
    expect(inserted.body).toEqual({
      requestId: expect.any(String),
      addedRowIds: [expect.stringMatching(/^i-/), expect.stringMatching(/^i-/)],
    });

    const [nps, churn] = inserted.body.addedRowIds as string[];
    const row = await getValid(ROW, `/docs/${docId}/tables/${tableId}/rows/${nps}`, {
      useColumnNames: "true",
      valueFormat: "simpleWithArrays",
    });
    expect(row.body).toMatchObject({ id: nps, name: "NPS", index: 3 });
    expect(row.body.values).toEqual({ Metric: "NPS", Value: 40, Owner: "", Tags: ["survey", ["q3", "q4"]] });
    const simple = await getValid(ROW, `/docs/${docId}/tables/${tableId}/rows/${churn}`, {
      useColumnNames: "true",
    });
    expect(simple.body.values).toMatchObject({ Metric: "Churn", Owner: true });
    expect((await getValid(TABLE, `/docs/${docId}/tables/${tableId}`)).body.rowCount).toBe(5);
    expect(await changedSince(docId, tableId, token)).toEqual(["NPS", "Churn"]);

    // Applied at once, so the mutation is already complete.
    const status = await getValid(
      "/mutationStatus/{requestId}",
      `/mutationStatus/${inserted.body.requestId}`,
    );
    expect(status.body).toEqual({ completed: true });
  });

  it("upserts by key columns: every matching row is updated in place, an edit matching none is added", async () => {
    const { docId, tableId, columnIds, rows } = metrics();
    const token = await syncToken(docId, tableId);
    const path = `/docs/${docId}/tables/${tableId}/rows`;
    const upserted = await sendValid("POST", ROWS, path, {
      keyColumns: ["Metric"],
      rows: [
        {
          cells: [
            { column: "Metric", value: "Revenue" },
            { column: "Value", value: 1500 },
          ],
        },
        {
          cells: [
            { column: "Metric", value: "NPS" },
            { column: "Value", value: 40 },
          ],
        },
      ],
    });
    expect(upserted.status).toBe(202);
    // addedRowIds applies "only when keyColumns is not set or empty".
    expect(upserted.body).toEqual({ requestId: expect.any(String) });
    expect((await table(docId, tableId)).map((values) => [values.Metric, values.Value])).toEqual([
      ["Revenue", 1500],
      ["Margin", "45%"],
      ["ARR", "$1,200.00"],
      ["NPS", 40],
    ]);
    const revenue = await getValid(ROW, `${path}/Revenue`);
    expect(revenue.body.id).toBe(rows.revenue);
    expect(await changedSince(docId, tableId, token)).toEqual(["Revenue", "NPS"]);

    // A key column by id or by its URL; both of Ana's rows match, and a repeated upsert adds nothing.
    const column = await getValid(
      `${TABLE}/columns/{columnIdOrName}`,
      `${path.replace(/rows$/, "columns")}/Owner`,
    );
    for (const key of [columnIds.Owner as string, column.body.href as string]) {
      const again = await sendValid("POST", ROWS, path, {
        keyColumns: [key],
        rows: [
          {
            cells: [
              { column: "Owner", value: "Ana" },
              { column: "Tags", value: ["mine"] },
            ],
          },
        ],
      });
      expect(again.status).toBe(202);
    }
    const after = await table(docId, tableId);
    expect(after).toHaveLength(4);
    expect(after.filter((values) => values.Owner === "Ana").map((values) => values.Tags)).toEqual([
      ["mine"],
      ["mine"],
    ]);

    // An empty keyColumns is an insert.
    const insert = await sendValid("POST", ROWS, path, {
      keyColumns: [],
      rows: [{ cells: [{ column: "Metric", value: "Revenue" }] }],
    });
    expect(insert.body.addedRowIds).toHaveLength(1);
    expect(await table(docId, tableId)).toHaveLength(5);
  });

  it("updates a row's cells by column id or name, the row named by id or by name", async () => {
    const { docId, tableId, columnIds, rows } = metrics();
    const token = await syncToken(docId, tableId);
    const path = `/docs/${docId}/tables/${tableId}/rows`;
    const updated = await sendValid(
      "PUT",
      ROW,
      `${path}/Margin`,
      {
        row: {
          cells: [
            { column: "Value", value: "50%" },
            { column: columnIds.Owner, value: "Cy" },
          ],
        },
      },
      { disableParsing: "true" },
    );
    expect(updated.status).toBe(202);
    expect(updated.body).toEqual({ requestId: expect.any(String), id: rows.margin });
    const margin = await getValid(ROW, `${path}/${rows.margin}`, { useColumnNames: "true" });
    expect(margin.body.values).toMatchObject({ Metric: "Margin", Value: "50%", Owner: "Cy" });
    expect(await changedSince(docId, tableId, token)).toEqual(["Margin"]);

    const renamed = await sendValid("PUT", ROW, `${path}/${rows.arr}`, {
      row: { cells: [{ column: "Metric", value: "Annual recurring revenue" }] },
    });
    expect(renamed.body.id).toBe(rows.arr);
    expect((await getValid(ROW, `${path}/Annual%20recurring%20revenue`)).body.id).toBe(rows.arr);
    const byUpdate = await getValid(ROWS, path, { sortBy: "updatedAt" });
    expect(byUpdate.body.items.map((row: { id: string }) => row.id)).toEqual([
      rows.revenue,
      rows.margin,
      rows.arr,
    ]);
  });

  it("deletes a row named by id or by name; it is gone from reads and not reported by sync tokens", async () => {
    const { docId, tableId, rows } = metrics();
    const token = await syncToken(docId, tableId);
    const path = `/docs/${docId}/tables/${tableId}/rows`;
    const deleted = await sendValid("DELETE", ROW, `${path}/ARR`);
    expect(deleted.status).toBe(202);
    expect(deleted.body).toEqual({ requestId: expect.any(String), id: rows.arr });
    expect((await getValid(ROW, `${path}/${rows.arr}`)).status).toBe(404);
    const byId = await sendValid("DELETE", ROW, `${path}/${rows.margin}`);
    expect(byId.body.id).toBe(rows.margin);
    expect((await table(docId, tableId)).map((values) => values.Metric)).toEqual(["Revenue"]);
    expect(await changedSince(docId, tableId, token)).toEqual([]);
    expect((await sendValid("DELETE", ROW, `${path}/${rows.arr}`)).status).toBe(404);
  });

  it("answers 400 naming the field to a body the spec does not allow, and changes nothing", async () => {
    const { docId, tableId, rows } = metrics();
    const token = await syncToken(docId, tableId);
    const path = `/docs/${docId}/tables/${tableId}/rows`;
    const cell = (value: unknown) => ({ rows: [{ cells: [{ column: "Value", value }] }] });
    const cases: Array<[WriteMethod, string, string, unknown, RegExp]> = [
      ["POST", ROWS, path, {}, /Invalid body: "rows" is required/],
      ["POST", ROWS, path, { rows: {} }, /Invalid rows: expected an array/],
      ["POST", ROWS, path, { rows: [], extra: 1 }, /Invalid body: unknown field "extra"/],
      ["POST", ROWS, path, { rows: [{}] }, /Invalid rows\[0\]: "cells" is required/],
      ["POST", ROWS, path, { rows: [{ cells: [{ column: "Value" }] }] }, /rows\[0\]\.cells\[0\]: "value"/],
      ["POST", ROWS, path, cell(null), /Invalid rows\[0\]\.cells\[0\]\.value/],
      ["POST", ROWS, path, cell({ amount: 1 }), /Invalid rows\[0\]\.cells\[0\]\.value/],
      ["POST", ROWS, path, cell([[["deep"]]]), /Invalid rows\[0\]\.cells\[0\]\.value/],
      [
        "POST",
        ROWS,
        path,
        { rows: [{ cells: [{ column: 7, value: 1 }] }] },
        /Invalid rows\[0\]\.cells\[0\]\.column: expected a string/,
      ],
      ["POST", ROWS, path, { rows: [], keyColumns: "Metric" }, /Invalid keyColumns: expected an array/],
      ["POST", ROWS, path, { rows: [], keyColumns: [1] }, /Invalid keyColumns\[0\]/],
      ["PUT", ROW, `${path}/${rows.revenue}`, {}, /Invalid body: "row" is required/],
      [
        "PUT",
        ROW,
        `${path}/${rows.revenue}`,
        { row: { cells: {} } },
        /Invalid row\.cells: expected an array/,
      ],
      ["PUT", ROW, `${path}/${rows.revenue}`, [], /Invalid body: expected an object/],
    ];
    for (const [method, spec, target, body, message] of cases) {
      expect(requestBodyErrors(method, spec, body), `the spec refuses ${JSON.stringify(body)}`).not.toEqual(
        [],
      );
      const reply = await send(method, target, body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(specErrors(spec, 400, reply.body, method)).toEqual([]);
      expect(reply.body.message).toMatch(message);
    }

    // Allowed by the spec's schema, refused all the same.
    const refusals: Array<[WriteMethod, string, unknown, Record<string, string>, RegExp]> = [
      ["POST", path, "rows: []", {}, /Invalid body: it is not JSON/],
      ["POST", path, undefined, {}, /Invalid body: expected an object/],
      ["POST", path, { rows: [] }, { disableParsing: "yes" }, /Invalid disableParsing "yes"/],
      [
        "POST",
        path,
        { keyColumns: ["Metric"], rows: [{ cells: [{ column: "Value", value: 1 }] }] },
        {},
        /Invalid rows\[0\]: it has no cell for key column "Metric"/,
      ],
      [
        "PUT",
        `${path}/${rows.revenue}`,
        {
          row: {
            cells: [
              { column: "Value", value: 1 },
              { column: "Value", value: 2 },
            ],
          },
        },
        {},
        /Invalid row\.cells\[1\]\.column: column "Value" is already set/,
      ],
    ];
    for (const [method, target, body, query, message] of refusals) {
      const reply = await send(method, target, body, query);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(errorBodyErrors(reply.body)).toEqual([]);
      expect(reply.body.message).toMatch(message);
    }
    expect(await changedSince(docId, tableId, token)).toEqual([]);
    expect(await table(docId, tableId)).toHaveLength(3);
  });

  it("answers 404 naming the missing doc, table, row or column, applying no part of the write", async () => {
    const { docId, tableId, rows } = metrics();
    const token = await syncToken(docId, tableId);
    const path = `/docs/${docId}/tables/${tableId}/rows`;
    const insert = { rows: [{ cells: [{ column: "Metric", value: "NPS" }] }] };
    const update = { row: { cells: [{ column: "Value", value: 1 }] } };
    const cases: Array<[WriteMethod, string, string, unknown, RegExp]> = [
      ["POST", ROWS, `/docs/nope/tables/${tableId}/rows`, insert, /Doc "nope" not found/],
      ["POST", ROWS, `/docs/${docId}/tables/Nope/rows`, insert, /Table "Nope" not found/],
      [
        "POST",
        ROWS,
        path,
        { rows: [...insert.rows, { cells: [{ column: "Profit", value: 1 }] }] },
        /Column "Profit" not found/,
      ],
      ["POST", ROWS, path, { ...insert, keyColumns: ["c-nope"] }, /Column "c-nope" not found/],
      ["PUT", ROW, `${path}/Profit`, update, /Row "Profit" not found/],
      [
        "PUT",
        ROW,
        `${path}/${rows.revenue}`,
        { row: { cells: [...update.row.cells, { column: "Profit", value: 1 }] } },
        /Column "Profit" not found/,
      ],
      ["DELETE", ROW, `${path}/i-nope`, undefined, /Row "i-nope" not found/],
      ["DELETE", ROW, `/docs/${docId}/tables/Nope/rows/${rows.revenue}`, undefined, /Table "Nope"/],
    ];
    for (const [method, spec, target, body, message] of cases) {
      const reply = await sendValid(method, spec, target, body);
      expect(reply.status, `${method} ${target}`).toBe(404);
      expect(reply.body.message).toMatch(message);
    }
    const unknown = await getValid("/mutationStatus/{requestId}", "/mutationStatus/not-a-request");
    expect(unknown.status).toBe(404);
    expect(await changedSince(docId, tableId, token)).toEqual([]);
    expect((await table(docId, tableId)).map((values) => values.Value)).toEqual([1200, "45%", "$1,200.00"]);
  });

  it("answers 401 to a write with a wrong token, and injected faults to writes too, changing nothing", async () => {
    const { docId, tableId, rows } = metrics();
    const path = `/docs/${docId}/tables/${tableId}/rows`;
    const insert = { rows: [{ cells: [{ column: "Metric", value: "NPS" }] }] };
    const refused = await send("POST", path, insert, {}, "not-the-token");
    expect(refused.status).toBe(401);
    expect(specErrors(ROWS, 401, refused.body, "POST")).toEqual([]);

    fake.faults.rateLimit(1, 3);
    fake.faults.serverError(1, 502);
    const limited = await send("POST", path, insert);
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(specErrors(ROWS, 429, limited.body, "POST")).toEqual([]);
    const failed = await send("DELETE", `${path}/${rows.revenue}`);
    expect(failed.status).toBe(502);
    expect(errorBodyErrors(failed.body)).toEqual([]);
    expect(await table(docId, tableId)).toHaveLength(3);

    fake.faults.hang(1);
    const hung = fetch(`${fake.baseUrl}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${fake.token}`, "content-type": "application/json" },
      body: JSON.stringify(insert),
      signal: AbortSignal.timeout(200),
    });
    await expect(hung).rejects.toThrow(/abort|timeout/i);
    expect((await send("POST", path, insert)).status).toBe(202);
    expect((await table(docId, tableId)).map((values) => values.Metric)).toEqual([
      "Revenue",
      "Margin",
      "ARR",
      "NPS",
    ]);
  });

  it("logs writes like reads, with the body each carried", async () => {
    const { docId, tableId, rows } = metrics();
    const path = `/docs/${docId}/tables/${tableId}/rows`;
    const insert = { rows: [{ cells: [{ column: "Metric", value: "NPS" }] }] };
    await send("POST", path, insert, { disableParsing: "true" });
    await send("PUT", `${path}/${rows.margin}`, "{not json");
    await send("DELETE", `${path}/${rows.arr}`);
    expect(fake.requests).toEqual([
      { method: "POST", path, query: { disableParsing: "true" }, body: insert, status: 202 },
      { method: "PUT", path: `${path}/${rows.margin}`, query: {}, body: "{not json", status: 400 },
      { method: "DELETE", path: `${path}/${rows.arr}`, query: {}, status: 202 },
    ]);
  });
});
