/**
 * CodaApi against the Coda fake over real HTTP: what it asks, how it pages, how it retries, what it
 * throws, and what it counts.
 */
import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CodaFake, startCodaFake } from "../../tests/fakes/coda/server.ts";
import { CodaApi, type CodaApiOptions, type CodaError, codaRowQuery, isCodaError } from "./coda-api.ts";

let fake: CodaFake;

beforeEach(async () => {
  fake = await startCodaFake();
});

afterEach(async () => {
  await fake.close();
});

/** A client of the fake that retries without waiting, unless asked. */
function client(options: Partial<CodaApiOptions> = {}): CodaApi {
  return new CodaApi({ token: fake.token, baseUrl: fake.baseUrl, retryDelayMs: 1, ...options });
}

async function refusal(call: Promise<unknown>): Promise<CodaError> {
  try {
    await call;
  } catch (error) {
    if (isCodaError(error)) return error;
    throw error;
  }
  throw new Error("expected Coda to refuse");
}

/** A doc with a table "Metrics" (Metric, Value, Owner) holding Revenue, Margin and ARR. */
function metrics() {
  const docId = fake.addDoc("OKRs");
  const { tableId, columnIds } = fake.addTable(docId, "Metrics", ["Metric", "Value", "Owner"]);
  const revenue = fake.addRow(docId, tableId, { Metric: "Revenue", Value: 1200, Owner: "Ana" });
  fake.addRow(docId, tableId, { Metric: "Margin", Value: "45%", Owner: "Ben" });
  fake.addRow(docId, tableId, { Metric: "ARR", Value: "$1,200.00", Owner: "Ana" });
  return { docId, tableId, columnIds, revenue };
}

describe("reads", () => {
  it("validates a token with whoami and reads a doc, a table and a row by name", async () => {
    const { docId, tableId, columnIds, revenue } = metrics();
    const coda = client();
    expect(await coda.whoami()).toMatchObject({ name: "Cascade Fake", loginId: "fake@cascade.test" });
    expect(await coda.getDoc(docId)).toMatchObject({ id: docId, name: "OKRs" });
    expect(await coda.getTable(docId, "Metrics")).toMatchObject({ id: tableId, rowCount: 3 });
    const row = await coda.getRow(docId, "Metrics", "Revenue");
    expect(row).toMatchObject({ id: revenue, name: "Revenue", parent: { id: tableId } });
    expect(row.values[columnIds.Value as string]).toBe(1200);
    expect(fake.requests.at(-1)).toMatchObject({
      path: `/docs/${docId}/tables/Metrics/rows/Revenue`,
      query: { valueFormat: "simple" },
    });
    expect(coda.counts).toEqual({ reads: 4, rateLimited: 0, retried: 0 });
  });

  it("sends names URI-encoded in the path", async () => {
    const docId = fake.addDoc("Plan");
    const { tableId } = fake.addTable(docId, "Team KPIs / 2026", ["Key result", "Now"]);
    fake.addRow(docId, tableId, { "Key result": "Net revenue (€)", Now: 3 });
    const row = await client().getRow(docId, "Team KPIs / 2026", "Net revenue (€)");
    expect(row.name).toBe("Net revenue (€)");
  });

  it("lists every column across pages", async () => {
    const docId = fake.addDoc("Wide");
    const names = Array.from({ length: 130 }, (_, i) => `Column ${i}`);
    const { tableId } = fake.addTable(docId, "Wide", names);
    const coda = client();
    const columns = await coda.listColumns(docId, tableId);
    expect(columns.map((column) => column.name)).toEqual(names);
    expect(fake.requests.map((entry) => Object.keys(entry.query))).toEqual([["limit"], ["pageToken"]]);
    expect(coda.counts.reads).toBe(2);
  });

  it("lists every row across pages, sending only the pageToken after the first page", async () => {
    const docId = fake.addDoc("Big");
    const { tableId } = fake.addTable(docId, "Rows", ["Name", "N"]);
    for (let n = 1; n <= 60; n++) fake.addRow(docId, tableId, { Name: `Row ${n}`, N: n });
    const coda = client();
    const { rows, nextSyncToken } = await coda.listRows(docId, tableId, { limit: 25 });
    expect(rows.map((row) => row.name)).toEqual(Array.from({ length: 60 }, (_, i) => `Row ${i + 1}`));
    expect(nextSyncToken).toEqual(expect.any(String));
    expect(fake.requests.map((entry) => entry.query)).toEqual([
      { valueFormat: "simple", limit: "25" },
      { pageToken: expect.any(String) },
      { pageToken: expect.any(String) },
    ]);
    expect(coda.counts).toEqual({ reads: 3, rateLimited: 0, retried: 0 });
  });

  it("filters rows by a column's value, quoting a column name as Coda requires", async () => {
    const { docId, tableId, columnIds } = metrics();
    const coda = client();
    const byName = await coda.listRows(docId, tableId, { query: { column: "Owner", value: "Ana" } });
    expect(byName.rows.map((row) => row.name)).toEqual(["Revenue", "ARR"]);
    expect(fake.requests[0]?.query.query).toBe('"Owner":"Ana"');
    const byId = await coda.listRows(docId, tableId, {
      query: codaRowQuery(columnIds.Value as string, 1200),
    });
    expect(byId.rows.map((row) => row.name)).toEqual(["Revenue"]);
    expect(codaRowQuery(columnIds.Value as string, 1200)).toBe(`${columnIds.Value}:1200`);
  });

  it("reads only the rows changed since the last read with its sync token", async () => {
    const { docId, tableId, revenue } = metrics();
    const coda = client();
    const first = await coda.listRows(docId, tableId);
    expect(first.rows).toHaveLength(3);
    const unchanged = await coda.listRows(docId, tableId, { syncToken: first.nextSyncToken });
    expect(unchanged.rows).toEqual([]);

    fake.setCell(docId, tableId, revenue, "Value", 1350);
    fake.addRow(docId, tableId, { Metric: "NPS", Value: 41, Owner: "Cy" });
    const changed = await coda.listRows(docId, tableId, { syncToken: unchanged.nextSyncToken });
    expect(changed.rows.map((row) => row.name)).toEqual(["Revenue", "NPS"]);
    expect(changed.nextSyncToken).not.toBe(unchanged.nextSyncToken);
  });
});

describe("retries", () => {
  it("waits out a storm of 429s with their Retry-After and succeeds", async () => {
    metrics();
    fake.faults.rateLimit(3, 0);
    const coda = client();
    expect(await coda.whoami()).toMatchObject({ loginId: "fake@cascade.test" });
    expect(coda.counts).toEqual({ reads: 4, rateLimited: 3, retried: 3 });
    expect(fake.requests.map((entry) => entry.status)).toEqual([429, 429, 429, 200]);
  });

  it("honours Retry-After in seconds before retrying", async () => {
    fake.faults.rateLimit(1, 1);
    const coda = client({ retryDelayMs: 0 });
    const started = performance.now();
    await coda.whoami();
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(coda.counts).toEqual({ reads: 2, rateLimited: 1, retried: 1 });
  });

  it("does not sleep through a long Retry-After: it throws rate_limited with the seconds to wait", async () => {
    fake.faults.rateLimit(1, 120);
    const coda = client({ maxRetryAfterSeconds: 30 });
    const error = await refusal(coda.whoami());
    expect(error).toMatchObject({ code: "rate_limited", status: 429, retryAfterSeconds: 120 });
    expect(error.message).toMatch(/retry after 120 s/i);
    expect(coda.counts).toEqual({ reads: 1, rateLimited: 1, retried: 0 });
  });

  it("gives up on 429s after its retries with rate_limited and the last Retry-After", async () => {
    fake.faults.rateLimit(5, 0);
    const coda = client({ retries: 2 });
    const error = await refusal(coda.whoami());
    expect(error).toMatchObject({ code: "rate_limited", retryAfterSeconds: 0 });
    expect(coda.counts).toEqual({ reads: 3, rateLimited: 3, retried: 2 });
  });

  it("retries 5xx with backoff and succeeds; fails with server_error once its retries are spent", async () => {
    const { docId } = metrics();
    fake.faults.serverError(2, 503);
    const coda = client();
    expect(await coda.getDoc(docId)).toMatchObject({ id: docId });
    expect(coda.counts).toEqual({ reads: 3, rateLimited: 0, retried: 2 });

    fake.faults.serverError(10, 500);
    const spent = client({ retries: 3 });
    const error = await refusal(spent.getDoc(docId));
    expect(error).toMatchObject({ code: "server_error", status: 500 });
    expect(spent.counts).toEqual({ reads: 4, rateLimited: 0, retried: 3 });
  });

  it("retries a request that hangs past its timeout", async () => {
    fake.faults.hang(1);
    const coda = client({ timeoutMs: 200 });
    expect(await coda.whoami()).toMatchObject({ loginId: "fake@cascade.test" });
    expect(coda.counts).toEqual({ reads: 2, rateLimited: 0, retried: 1 });
  });

  it("fails with network after its retries when Coda cannot be reached", async () => {
    const baseUrl = fake.baseUrl;
    await fake.close();
    const coda = new CodaApi({ token: "t", baseUrl, retries: 2, retryDelayMs: 1 });
    const error = await refusal(coda.whoami());
    expect(error).toMatchObject({ code: "network", status: undefined });
    expect(error.message).toMatch(/could not be reached/);
    expect(coda.counts).toEqual({ reads: 3, rateLimited: 0, retried: 2 });
    fake = await startCodaFake(); // for afterEach
  });
});

describe("refusals", () => {
  it("does not retry a 401 and says the token is refused", async () => {
    const coda = client({ token: "revoked" });
    const error = await refusal(coda.whoami());
    expect(error).toMatchObject({ code: "unauthorized", status: 401 });
    expect(error.message).toBe("Coda refused the API token (401): it is invalid, expired or revoked.");
    expect(coda.counts).toEqual({ reads: 1, rateLimited: 0, retried: 0 });
  });

  it("does not retry a 404 and names what is missing", async () => {
    const { docId } = metrics();
    const coda = client();
    const row = await refusal(coda.getRow(docId, "Metrics", "Profit"));
    expect(row).toMatchObject({
      code: "not_found",
      status: 404,
      message: 'Row "Profit" not found in table "Metrics".',
    });
    const table = await refusal(coda.listRows(docId, "Targets"));
    expect(table.message).toBe(`Table "Targets" not found in doc "${docId}".`);
    expect(coda.counts).toEqual({ reads: 2, rateLimited: 0, retried: 0 });
  });

  it("names the resource itself when Coda's 404 says no more than Not Found", async () => {
    const coda = new CodaApi({
      token: "t",
      fetch: async () =>
        Response.json({ statusCode: 404, statusMessage: "Not Found", message: "Not Found" }, { status: 404 }),
    });
    const error = await refusal(coda.getRow("AbCDeFGH", "Metrics", "Revenue"));
    expect(error.message).toBe(
      'Coda has no row "Revenue" of table "Metrics" in doc "AbCDeFGH", or the API token cannot see it (404).',
    );
  });

  it("does not retry a 400 and keeps Coda's message", async () => {
    const { docId, tableId } = metrics();
    const coda = client();
    const error = await refusal(coda.listRows(docId, tableId, { query: '"Profit":1' }));
    expect(error).toMatchObject({ code: "bad_request", status: 400 });
    expect(error.message).toMatch(/has no column "Profit"/);
    expect(coda.counts.reads).toBe(1);
  });
});

describe("pacing", () => {
  it("awaits pace once before every HTTP request, retries included", async () => {
    const docId = fake.addDoc("Big");
    const { tableId } = fake.addTable(docId, "Rows", ["Name"]);
    for (let n = 1; n <= 30; n++) fake.addRow(docId, tableId, { Name: `Row ${n}` });
    let paced = 0;
    const coda = client({
      pace: async () => {
        paced++;
        expect(fake.requests).toHaveLength(paced - 1);
      },
    });
    fake.faults.rateLimit(1, 0);
    await coda.listRows(docId, tableId);
    expect(paced).toBe(3);
    expect(coda.counts).toEqual({ reads: 3, rateLimited: 1, retried: 1 });
  });

  it("sends nothing while pace holds the call", async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const coda = client({ pace: () => held });
    const call = coda.whoami();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.requests).toHaveLength(0);
    release();
    await call;
    expect(fake.requests).toHaveLength(1);
  });
});

it("imports nothing from node:, so it runs in the Workers runtime", async () => {
  for (const file of ["coda-api.ts", "errors.ts"]) {
    const source = await readFile(new URL(file, import.meta.url), "utf8");
    expect(source, file).not.toMatch(/from "node:|require\(/);
  }
});
