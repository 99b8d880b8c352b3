/**
 * `npm run openapi:lint`: lints the worker's OpenAPI document with Redocly's `recommended-strict` rules
 * (every rule of `recommended`, warnings as errors): a `type` beside every `nullable`, `servers`, an
 * `operationId` on every operation, unique and URL-safe, a 2xx and a 4xx answer each, and so on.
 *
 * The document is the one `/openapi.json` serves, asked of `createApp()` in this process (no server,
 * no workerd: building the document needs none of the runtime's bindings). The app is loaded by a
 * specifier TypeScript does not follow, so the root project, which has Node's types and not the
 * Workers runtime's, does not type-check the worker's modules (`tsc -p worker` does). The npm script
 * runs it with `--tsconfig worker/tsconfig.json` so that the dashboard's JSX compiles as it does there.
 *
 * Exits 1 on any finding other than the accepted ones below, or when an accepted one no longer occurs.
 */
import { createConfig, lintFromString, type NormalizedProblem } from "@redocly/openapi-core";

/** The host the document is served from here; its `servers` entry names it. */
const ORIGIN = "https://cascade.test";

/** Findings that are what the API means, each with its reason. */
const ACCEPTED: ReadonlyArray<{ ruleId: string; pointer: string; why: string }> = [
  {
    ruleId: "operation-4xx-response",
    pointer: "#/paths/~1healthz/get/responses",
    why: "the liveness check takes no input and no token: it answers 200 or not at all",
  },
];

interface App {
  request(path: string): Response | Promise<Response>;
}

const appModule = new URL("../worker/app.ts", import.meta.url).href;
const { createApp } = (await import(appModule)) as { createApp: () => App };

const response = await createApp().request(`${ORIGIN}/openapi.json`);
if (response.status !== 200) {
  console.error(`GET /openapi.json answered ${response.status}`);
  process.exit(1);
}
const source = await response.text();
const config = await createConfig({ extends: ["recommended-strict"] });
const problems = await lintFromString({ source, absoluteRef: "openapi.json", config });

const where = (p: NormalizedProblem) => p.location[0]?.pointer ?? "#";
const isAccepted = (p: NormalizedProblem) =>
  ACCEPTED.some((a) => a.ruleId === p.ruleId && a.pointer === where(p));
const found = problems.filter((p) => !isAccepted(p));
const stale = ACCEPTED.filter((a) => !problems.some((p) => p.ruleId === a.ruleId && where(p) === a.pointer));

for (const p of found) console.error(`${p.severity} ${p.ruleId} at ${where(p)}: ${p.message}`);
for (const a of stale) console.error(`accepted ${a.ruleId} at ${a.pointer} no longer occurs: drop it`);
const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
const paths = JSON.parse(source).paths as Record<string, object>;
const operations = Object.values(paths).flatMap((item) => Object.keys(item).filter((k) => METHODS.has(k)));
if (found.length > 0 || stale.length > 0) {
  console.error(`OpenAPI lint (Redocly recommended-strict): ${found.length} problem(s)`);
  process.exit(1);
}
console.log(
  `OpenAPI lint (Redocly recommended-strict): ${operations.length} operations, no problems` +
    ` (${ACCEPTED.length} accepted: ${ACCEPTED.map((a) => `${a.ruleId} at ${a.pointer}`).join(", ")})`,
);
