import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ADMIN, callJson, tinyCascade, workspaceWith } from "./test/helpers.ts";

const ORIGIN = "http://cascade.test";

const EXPECTED: Record<string, string> = {
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "same-origin",
  "x-frame-options": "DENY",
  "cache-control": "no-store",
};

function expectSecurityHeaders(response: Response, what: string): void {
  for (const [name, value] of Object.entries(EXPECTED)) {
    expect(response.headers.get(name), `${name} of ${what} (${response.status})`).toBe(value);
  }
  expect(response.headers.get("x-powered-by"), what).toBeNull();
}

function send(method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return SELF.fetch(`${ORIGIN}${path}`, {
    method,
    headers,
    redirect: "manual",
    ...(body === undefined ? {} : { body }),
  });
}

const form = (token: string) => ({
  headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
  body: new URLSearchParams({ token }).toString(),
});

async function sessionCookie(token: string): Promise<string> {
  const { headers, body } = form(token);
  const response = await send("POST", "/sign-in", headers, body);
  expect(response.status).toBe(303);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
}

describe("security headers", () => {
  it("are on every API route the OpenAPI document lists, for the admin, a workspace token and no token", async () => {
    const token = await workspaceWith("hdr-api", tinyCascade());
    const doc = await send("GET", "/openapi.json");
    expectSecurityHeaders(doc, "/openapi.json");
    const paths = ((await doc.json()) as { paths: Record<string, Record<string, unknown>> }).paths;
    const params: Record<string, string> = {
      ws: "hdr-api",
      id: "kr-a",
      tokenId: "tok_none",
      personId: "per_none",
      cycleId: "q1",
    };
    let checked = 0;
    for (const [template, operations] of Object.entries(paths)) {
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => {
        const value = params[name];
        if (value === undefined) throw new Error(`no value for {${name}} in ${template}`);
        return value;
      });
      for (const method of Object.keys(operations)) {
        for (const [who, authorization] of [
          ["admin", `Bearer ${ADMIN}`],
          ["workspace", `Bearer ${token}`],
          ["nobody", undefined],
        ] as const) {
          const response = await send(method.toUpperCase(), path, authorization ? { authorization } : {});
          expectSecurityHeaders(response, `${method.toUpperCase()} ${template} as ${who}`);
          await response.arrayBuffer();
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(3 * 20);
  });

  it("are on the report served from its cached bytes, beside Cache-Status", async () => {
    const token = await workspaceWith("hdr-report", tinyCascade());
    for (const expected of ["detail=", "hit"]) {
      const report = await callJson("/v1/workspaces/hdr-report/report?asOf=2026-02-01", { token });
      expect(report.status).toBe(200);
      expect(report.headers.get("cache-status")).toContain(expected);
      expect(report.headers.get("content-type")).toBe("application/json");
      for (const [name, value] of Object.entries(EXPECTED))
        expect(report.headers.get(name), name).toBe(value);
    }
  });

  it("are on /healthz, the 404 answers and errors", async () => {
    expectSecurityHeaders(await send("GET", "/healthz"), "/healthz");
    expectSecurityHeaders(await send("GET", "/no-such-page"), "404");
    expectSecurityHeaders(
      await send("GET", "/v1/no-such-route", { authorization: `Bearer ${ADMIN}` }),
      "/v1 404",
    );
    expectSecurityHeaders(await send("GET", "/v1/me"), "401");
    const tooLarge = await send(
      "POST",
      "/v1/workspaces",
      { authorization: `Bearer ${ADMIN}`, "content-type": "application/json" },
      JSON.stringify({ id: "x", name: "x".repeat(70_000) }),
    );
    expect(tooLarge.status).toBe(413);
    expectSecurityHeaders(tooLarge, "413");
  });

  it("are on every dashboard page, signed in or not, and on sign-in and sign-out", async () => {
    const token = await workspaceWith("hdr-dash", tinyCascade());
    const cookie = await sessionCookie(token);
    const pages = [
      "/",
      "/sign-in",
      "/dashboard",
      "/dashboard?asOf=2026-02-01&cycle=q1",
      "/dashboard/key-results/kr-a",
      "/dashboard/key-results/nope",
      "/dashboard/execution",
      "/dashboard/alerts",
    ];
    for (const path of pages) {
      expectSecurityHeaders(await send("GET", path, { cookie }), `${path} signed in`);
      expectSecurityHeaders(await send("GET", path), `${path} signed out`);
    }
    const wrong = form("csk_wrong");
    expectSecurityHeaders(await send("POST", "/sign-in", wrong.headers, wrong.body), "sign-in refused");
    expectSecurityHeaders(
      await send("POST", "/sign-in", { ...wrong.headers, origin: "https://evil.example" }, wrong.body),
      "sign-in from another site",
    );
    const right = form(token);
    expectSecurityHeaders(await send("POST", "/sign-in", right.headers, right.body), "sign-in");
    expectSecurityHeaders(await send("POST", "/sign-out", { cookie, origin: ORIGIN }), "sign-out");
  });

  it("allow all the dashboard's pages use: no script, no resource to load, forms to the worker itself", async () => {
    const token = await workspaceWith("hdr-csp", tinyCascade());
    const cookie = await sessionCookie(token);
    const pages = [
      ["/sign-in", ""],
      ["/dashboard?asOf=2026-02-01", cookie],
      ["/dashboard/key-results/kr-a?asOf=2026-02-01", cookie],
      ["/dashboard/execution?asOf=2026-02-01", cookie],
      ["/dashboard/alerts?asOf=2026-02-01", cookie],
    ];
    for (const [path, session] of pages) {
      const response = await send("GET", path as string, session ? { cookie: session } : {});
      expect(response.status, path).toBe(200);
      const html = await response.text();
      // default-src 'none': nothing may be fetched, so nothing asks to be.
      expect(html, path).not.toMatch(/<(script|link|img|iframe|object|embed|base|audio|video|source)\b/i);
      expect(html, path).not.toMatch(/\s(src|srcset)=/i);
      expect(html, path).not.toMatch(/url\(|@import|@font-face/i);
      expect(html, path).not.toMatch(/\son[a-z]+=/i);
      // style-src 'unsafe-inline': the one inline sheet (and style attributes).
      expect(html.match(/<style>/g)?.length, path).toBe(1);
      // form-action 'self': every form posts or gets to a path of the worker.
      for (const [, action] of html.matchAll(/<form\b[^>]*\saction="([^"]*)"/g)) {
        expect(action, path).toMatch(/^\/[^/]/);
      }
    }
  });
});
