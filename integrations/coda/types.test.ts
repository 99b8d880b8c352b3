/**
 * `coda-api.generated.d.ts` is what openapi-typescript makes of the spec today: a change to the spec
 * (or to openapi-typescript) without `npm run coda:types` fails here.
 */
import { readFile } from "node:fs/promises";
import { expect, it } from "vitest";
import { CODA_TYPES, generateCodaTypes } from "./generate-types.ts";

it("keeps the generated types of Coda's API current with the spec", async () => {
  const committed = await readFile(CODA_TYPES, "utf8");
  const generated = await generateCodaTypes();
  // Not toBe: a 13,000-line diff helps nobody; the message says what to run.
  expect(committed === generated, "coda-api.generated.d.ts is stale: run npm run coda:types").toBe(true);
  // About 5 s alone; room for a loaded machine running the whole suite.
}, 60_000);
