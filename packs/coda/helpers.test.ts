/**
 * Where the pack sends its requests when the account names no worker URL: only a pack built for this
 * machine (`CASCADE_WORKER_DOMAIN=localhost:8787`, for `coda execute` against `npm start`) falls back to
 * its build-time domain, because the SDK's local fetcher takes only https endpoints.
 */
import { newMockExecutionContext } from "@codahq/packs-sdk/dist/development";
import { describe, expect, it, vi } from "vitest";
import { endpointOrigin, workerOrigin } from "./helpers.ts";
import { isLocalDomain } from "./worker-domain.ts";

vi.mock("./worker-domain.ts", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./worker-domain.ts")>()),
  WORKER_DOMAIN: "localhost:8787",
}));

describe("the worker a request goes to", () => {
  it("is the account's endpoint when it has one", () => {
    expect(workerOrigin(newMockExecutionContext({ endpoint: "https://okr.acme.workers.dev/x" }))).toBe(
      "https://okr.acme.workers.dev",
    );
  });

  it("is the local worker a local build was made for when the account names none", () => {
    expect(workerOrigin(newMockExecutionContext())).toBe("http://localhost:8787");
    expect(workerOrigin(newMockExecutionContext({ endpoint: "" }))).toBe("http://localhost:8787");
  });

  it("reads an endpoint as typed: any case, a path, a trailing slash, no scheme", () => {
    expect(endpointOrigin("HTTPS://Cascade.Acme.Workers.Dev/dashboard/")).toBe(
      "https://cascade.acme.workers.dev",
    );
    expect(endpointOrigin("cascade.acme.workers.dev")).toBe("https://cascade.acme.workers.dev");
    expect(endpointOrigin(" http://127.0.0.1:8787 ")).toBe("http://127.0.0.1:8787");
    expect(() => endpointOrigin("https://")).toThrow("is not the URL of a Cascade worker");
  });
});

describe("isLocalDomain", () => {
  it.each([
    ["localhost:8787", true],
    ["127.0.0.1:8787", true],
    ["[::1]:8787", true],
    ["cascade.localhost", true],
    ["workers.dev", false],
    ["acme.com", false],
    ["localhost.acme.com", false],
  ])("%s → %s", (domain, local) => {
    expect(isLocalDomain(domain)).toBe(local);
  });
});
