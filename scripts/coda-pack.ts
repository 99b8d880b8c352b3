/**
 * `npm run coda -- <build|validate|upload|execute|...> [args]`: the packs SDK's `coda` CLI on
 * packs/coda/pack.ts, with the worker's domain set at build time.
 *
 * The pack may call one network domain, Cascade's worker, and it is fixed in the bundle. It defaults
 * to `localhost:8787` (the worker `npm start` runs); set CASCADE_WORKER_DOMAIN (`host` or `host:port`,
 * no scheme) to build for a deployed worker:
 *
 *   CASCADE_WORKER_DOMAIN=cascade.acme.workers.dev npm run coda -- upload
 *
 * packs/coda/worker-domain.ts is rewritten for the run and restored afterwards, whatever happens.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
    `CASCADE_WORKER_DOMAIN must be a host or host:port without a scheme (e.g. cascade.acme.workers.dev), not "${domain}".`,
  );
  process.exit(2);
}

const original = readFileSync(domainFile, "utf8");
const current = original.match(/WORKER_DOMAIN = "([^"]*)"/)?.[1];
if (current === undefined) throw new Error(`${domainFile} does not declare WORKER_DOMAIN`);
if (domain !== undefined && domain !== current) {
  writeFileSync(domainFile, original.replace(`WORKER_DOMAIN = "${current}"`, `WORKER_DOMAIN = "${domain}"`));
}
// Ctrl-C goes to coda too; this process stays to put the file back.
process.on("SIGINT", () => {});
let status = 1;
try {
  console.error(`coda ${command}: the pack calls ${domain ?? current}`);
  status = spawnSync(coda, [command, manifest, ...args], { cwd: root, stdio: "inherit" }).status ?? 1;
} finally {
  writeFileSync(domainFile, original);
}
process.exit(status);
