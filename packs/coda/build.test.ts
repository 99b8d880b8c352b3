/**
 * The packs SDK's own CLI builds and validates the pack (offline), through `npm run coda`, which sets
 * the domain of the workers the pack may call at build time and leaves the source as it was. It runs
 * on a copy of the sources: the build rewrites worker-domain.ts for its duration, which the other pack
 * tests must not see.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { root } from "../../scripts/local-worker.ts";

const copy = mkdtempSync(join(tmpdir(), "cascade-pack-src-"));
for (const dir of ["packs", "core", "scripts"]) cpSync(join(root, dir), join(copy, dir), { recursive: true });
cpSync(join(root, "tsconfig.json"), join(copy, "tsconfig.json"));
// The one worker module the pack bundles: the API's error codes its explanations are keyed by.
cpSync(join(root, "worker", "error-codes.ts"), join(copy, "worker", "error-codes.ts"));
symlinkSync(join(root, "node_modules"), join(copy, "node_modules"), "dir");
const out = join(copy, "out");
mkdirSync(out);
const domainFile = join(copy, "packs", "coda", "worker-domain.ts");

function coda(args: string[], domain?: string) {
  const env = { ...process.env };
  if (domain === undefined) delete env.CASCADE_WORKER_DOMAIN;
  else env.CASCADE_WORKER_DOMAIN = domain;
  const tsx = join(root, "node_modules", ".bin", "tsx");
  return spawnSync(tsx, [join(copy, "scripts", "coda-pack.ts"), ...args], {
    cwd: copy,
    env,
    encoding: "utf8",
  });
}

afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe("coda build and coda validate", () => {
  it("validates the pack's metadata", () => {
    const result = coda(["validate"]);
    expect(result.stderr + result.stdout).not.toMatch(/error/i);
    expect(result.status).toBe(0);
  }, 60_000);

  it("builds a bundle for a custom domain given at build time, and restores the default", () => {
    const before = readFileSync(domainFile, "utf8");
    const result = coda(["build", "--outputDir", out], "acme.com");
    expect(result.status).toBe(0);
    const metadata = JSON.parse(readFileSync(join(out, "metadata.json"), "utf8"));
    expect(metadata.networkDomains).toEqual(["acme.com"]);
    // Each account types its own worker's URL, which must lie under that domain.
    expect(metadata.defaultAuthentication).toMatchObject({
      requiresEndpointUrl: true,
      endpointDomain: "acme.com",
    });
    expect(metadata.formulas.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(["KRProgress", "RollUp", "Forecast", "PipelinePriority", "CheckIn"]),
    );
    expect(metadata.syncTables.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining([
        "Imperatives",
        "Goals",
        "Objectives",
        "KeyResults",
        "CheckIns",
        "Alerts",
        "Agenda",
        "Cycles",
        "Initiatives",
        "HealthMetrics",
        "BudgetMoves",
        "Retrospective",
      ]),
    );
    const bundle = statSync(join(out, "bundle.js")).size;
    expect(bundle).toBeGreaterThan(10_000);
    expect(bundle).toBeLessThan(1_000_000);
    expect(readFileSync(domainFile, "utf8")).toBe(before);
  }, 60_000);

  it("refuses to upload a pack built for this machine only", () => {
    const before = readFileSync(domainFile, "utf8");
    for (const domain of ["localhost:8787", "127.0.0.1:8787"]) {
      const result = coda(["upload"], domain);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(`Refusing to upload a pack whose only domain is ${domain}`);
    }
    expect(readFileSync(domainFile, "utf8")).toBe(before);
  });

  it("refuses a domain with a scheme", () => {
    const result = coda(["build", "--outputDir", out], "https://cascade.acme.workers.dev");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("without a scheme");
  });
});
