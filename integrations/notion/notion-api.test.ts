import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NotionApi, NotionError } from "./notion-api.ts";

/** A Notion that rate limits every request with a long Retry-After, as its per-window budgets can. */
const server = createServer((_request, response) => {
  response.writeHead(429, { "content-type": "application/json", "retry-after": "120" });
  response.end(JSON.stringify({ object: "error", status: 429, code: "rate_limited", message: "Slow down." }));
});
let baseUrl = "";
let requests = 0;
server.on("request", () => {
  requests++;
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("a Retry-After longer than the caller waits", () => {
  it("fails the call at once as rate_limited, a read and a query alike, so the work can be deferred", async () => {
    const api = new NotionApi({ token: "t", baseUrl, requestsPerSecond: Infinity, maxRetryAfterSeconds: 30 });
    const started = Date.now();
    const me = await api.me().catch((error: unknown) => error);
    expect(me).toBeInstanceOf(NotionError);
    expect(me).toMatchObject({ code: "rate_limited", status: 429 });
    const query = await api.queryAll("ds").catch((error: unknown) => error);
    expect(query).toMatchObject({ code: "rate_limited" });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(requests).toBe(2); // neither was retried
    expect(api.counts.rateLimited).toBe(2);
  });
});
