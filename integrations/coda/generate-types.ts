/**
 * `npm run coda:types`: writes `coda-api.generated.d.ts`, the types of Coda's REST API, from the OpenAPI spec in
 * `shared/specs/` with openapi-typescript (`--check` only says whether the file is current). `types.test.ts`
 * runs the same function, so the committed file cannot drift from the spec.
 *
 * openapi-typescript builds its output with the TypeScript 5 compiler API, which TypeScript 7 (this
 * project's compiler, a native binary) no longer ships. A second `typescript` at the root would take over
 * the `tsc` command, so its imports are pointed at the TypeScript 5 that `@codahq/packs-sdk` already
 * installs beside itself (package.json's `overrides` only quiets npm's peer check).
 */
import { readFile, writeFile } from "node:fs/promises";
import { createRequire, register } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

/** The OpenAPI document the types come from. */
export const CODA_SPEC = new URL("../../../shared/specs/coda-api-v1.5.0.openapi.json", import.meta.url);
/** The generated file, next to the client that imports it. */
export const CODA_TYPES = new URL("./coda-api.generated.d.ts", import.meta.url);

let hooked = false;

/** Resolves `typescript` for openapi-typescript's modules (and only theirs) to a TypeScript 5. */
function useTypeScript5ForOpenapiTypescript(): void {
  if (hooked) return;
  hooked = true;
  const require = createRequire(import.meta.url);
  const typescript5 = pathToFileURL(
    require.resolve("typescript", { paths: [require.resolve("@codahq/packs-sdk")] }),
  ).href;
  const hooks = `
    export async function resolve(specifier, context, next) {
      if (specifier === "typescript" && context.parentURL?.includes("/node_modules/openapi-typescript/")) {
        return next(${JSON.stringify(typescript5)}, context);
      }
      return next(specifier, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hooks)}`);
}

/**
 * The text of `coda-api.generated.d.ts` as openapi-typescript's CLI writes it (its header comment included).
 *
 * @example
 * const text = await generateCodaTypes();
 * text.includes("export interface paths"); // true
 */
export async function generateCodaTypes(): Promise<string> {
  useTypeScript5ForOpenapiTypescript();
  const { default: openapiTS, astToString, COMMENT_HEADER } = await import("openapi-typescript");
  const spec = JSON.parse(await readFile(CODA_SPEC, "utf8")) as Parameters<typeof openapiTS>[0];
  return `${COMMENT_HEADER}${astToString(await openapiTS(spec, { silent: true }))}`;
}

async function main(check: boolean): Promise<void> {
  const generated = await generateCodaTypes();
  const path = fileURLToPath(CODA_TYPES);
  const current = await readFile(path, "utf8").catch(() => "");
  if (current === generated) {
    console.log(`${path} is current.`);
    return;
  }
  if (check) {
    console.error(`${path} is out of date with the spec: run npm run coda:types.`);
    process.exitCode = 1;
    return;
  }
  await writeFile(path, generated);
  console.log(`Wrote ${path}.`);
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await main(process.argv.includes("--check"));
}
