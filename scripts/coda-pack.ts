/**
 * `npm run coda -- <build|validate|upload|execute|...> [args]`: the packs SDK's `coda` CLI on
 * packs/coda/pack.ts, with the pack's domain set at build time.
 *
 * Each Coda account names its own Cascade worker (the URL typed when connecting); the build fixes
 * only the domain those URLs must lie under, `workers.dev` by default, so one published pack serves
 * every worker deployed there. Set CASCADE_WORKER_DOMAIN (`host` or `host:port`, no scheme) for
 * workers on a custom domain, or for a local worker when trying formulas with `coda execute`:
 *
 *   npm run coda -- upload                                        # any *.workers.dev worker
 *   CASCADE_WORKER_DOMAIN=acme.com npm run coda -- upload         # workers under acme.com
 *   CASCADE_WORKER_DOMAIN=localhost:8787 npm run coda -- execute KeyResults
 *
 * A build for this machine only (localhost) is refused by `upload`: Coda could never reach it.
 * packs/coda/worker-domain.ts is rewritten for the run and restored afterwards, whatever happens.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isLocalDomain } from "../packs/coda/worker-domain.ts";
import { root } from "./local-worker.ts";

const manifest = join(root, "packs", "coda", "pack.ts");
const domainFile = join(root, "packs", "coda", "worker-domain.ts");
const coda = join(root, "node_modules", ".bin", "coda");

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: npm run coda -- <build|validate|upload|execute|register|...> [args]");
  process.exit(2);
}

const domain = process.env.CASCADE_WORKER_DOMAIN?.trim();
if (domain !== undefined && !/^[a-z0-9.-]+(:\d{1,5})?$/i.test(domain)) {
  console.error(
    `CASCADE_WORKER_DOMAIN must be a host or host:port without a scheme (e.g. acme.com or localhost:8787), not "${domain}".`,
  );
  process.exit(2);
}

const original = readFileSync(domainFile, "utf8");
const current = original.match(/WORKER_DOMAIN = "([^"]*)"/)?.[1];
if (current === undefined) throw new Error(`${domainFile} does not declare WORKER_DOMAIN`);
const built = domain ?? current;
if (command === "upload" && isLocalDomain(built)) {
  console.error(
    `Refusing to upload a pack whose only domain is ${built}: Coda's servers cannot reach this machine. ` +
      "Upload without CASCADE_WORKER_DOMAIN (any *.workers.dev worker), or set it to your workers' custom domain " +
      "(e.g. CASCADE_WORKER_DOMAIN=acme.com).",
  );
  process.exit(2);
}
if (domain !== undefined && domain !== current) {
  writeFileSync(domainFile, original.replace(`WORKER_DOMAIN = "${current}"`, `WORKER_DOMAIN = "${domain}"`));
}
// Ctrl-C goes to coda too; this process stays to put the file back.
process.on("SIGINT", () => {});
let status = 1;
try {
  console.error(`coda ${command}: the pack calls Cascade workers under ${built}`);
  status = spawnSync(coda, [command, manifest, ...args], { cwd: root, stdio: "inherit" }).status ?? 1;
} finally {
  writeFileSync(domainFile, original);
}
process.exit(status);
