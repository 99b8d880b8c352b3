/**
 * Writes schema/cascade.schema.json from the zod schemas; with --check, fails when the checked-in file
 * is not current (run in `npm test`).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { cascadeJsonSchema } from "../schema/json-schema.ts";

const file = new URL("../schema/cascade.schema.json", import.meta.url);
const text = `${JSON.stringify(cascadeJsonSchema(), null, 2)}\n`;

if (process.argv.includes("--check")) {
  let current = "";
  try {
    current = readFileSync(file, "utf8");
  } catch {}
  if (current !== text) {
    console.error("schema/cascade.schema.json is out of date: run `npm run schema:write` and commit it.");
    process.exit(1);
  }
  console.log("schema/cascade.schema.json is current.");
} else {
  writeFileSync(file, text);
  console.log("wrote schema/cascade.schema.json");
}
