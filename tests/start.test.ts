/**
 * `npm start` for real, twice, in a copy of the repository (its tracked files, node_modules linked), so
 * the developer's own .dev.vars and .wrangler/ state are never touched: the first run creates
 * .dev.vars, applies the migrations, seeds the demo and prints its token; the second changes nothing
 * and loses nothing (a check-in made in between is still there, the token and the secrets are the same).
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CascadeDocument } from "../core/model/document.ts";
import { freePort, root, stopProcess as stop } from "../scripts/local-worker.ts";

/** The working tree's tracked files, copied; node_modules linked. */
function copyOfRepository(): string {
  const dir = mkdtempSync(join(tmpdir(), "cascade-start-"));
  const files = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" }).split("\0");
  for (const file of files) {
    if (file === "" || !existsSync(join(root, file))) continue;
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    copyFileSync(join(root, file), join(dir, file));
  }
  symlinkSync(join(root, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  token: string;
}

/** Runs `npm start`'s script until it prints the demo token; fails with its output otherwise. */
async function start(dir: string, port: number): Promise<Started> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start-worker.ts"], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const token = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no token:\n${output}`)), 90_000);
    const look = () => {
      const match = output.match(/Demo workspace token: (\S+)/);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on("data", look);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${output}`));
    });
  });
  return { child, output: () => output, token };
}

/**
 * The lines of a run's output that read like a problem: a request answered 4xx or 5xx in wrangler's
 * log, or a word such as "error" (the token's line is left out: it is random text).
 */
function alarmingLines(output: string): string[] {
  return output
    .split("\n")
    .filter((line) => !line.includes("Demo workspace token:"))
    .filter((line) => /\b[45]\d\d\b|error|fail|warn|✘/i.test(line));
}

describe("npm start", () => {
  let dir: string;
  let port: number;
  let running: Started | undefined;

  beforeAll(async () => {
    dir = copyOfRepository();
    port = await freePort();
  });

  afterAll(async () => {
    if (running) await stop(running.child);
    rmSync(dir, { recursive: true, force: true });
  });

  const api = (path: string, token: string, init: RequestInit = {}) =>
    fetch(`http://localhost:${port}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
    });

  it("runs the worker on the demo, then a second run changes nothing and loses nothing", async () => {
    running = await start(dir, port);
    const first = running;
    expect(first.output()).toContain("seeded the demo workspace from examples/northwind.json");
    expect(first.output()).toContain(`Dashboard:            http://localhost:${port}/`);
    // A normal first run prints nothing that looks like an error (no 404 probes in the request log).
    expect(alarmingLines(first.output())).toEqual([]);
    expect(await (await api("/v1/me", first.token)).json()).toMatchObject({
      kind: "workspace",
      workspace: { id: "demo" },
    });
    const devVars = readFileSync(join(dir, ".dev.vars"), "utf8");
    expect(devVars).toMatch(/^ADMIN_TOKEN=adm_\S{20,}$/m);
    expect(devVars).toMatch(/^SESSION_SECRET=\S{20,}$/m);
    expect(devVars).toMatch(/^CONNECTIONS_KEY=[A-Za-z0-9_-]{43}$/m);

    // A key result of the cycle that holds the check-in's day: one dated outside is refused (DOMAIN §6).
    const demo = (await (await api("/v1/workspaces/demo/cascade", first.token)).json()) as CascadeDocument;
    const q4 = demo.cycles.find((c) => c.start <= "2026-11-20" && "2026-11-20" <= c.end)?.id;
    const krId = demo.keyResults.find(
      (k) => demo.objectives.find((o) => o.id === k.objectiveId)?.cycleId === q4,
    )?.id as string;
    const posted = await api(`/v1/workspaces/demo/key-results/${krId}/check-ins`, first.token, {
      method: "POST",
      body: JSON.stringify({ date: "2026-11-20", value: 42, note: "made between the two runs" }),
    });
    expect(posted.status).toBe(201);
    const before = await (await api("/v1/workspaces/demo/cascade", first.token)).json();
    await stop(first.child);
    running = undefined;

    running = await start(dir, port);
    const second = running;
    expect(second.token).toBe(first.token);
    expect(second.output()).not.toContain("seeded the demo workspace");
    expect(second.output()).not.toContain(".dev.vars:");
    expect(alarmingLines(second.output())).toEqual([]);
    expect(readFileSync(join(dir, ".dev.vars"), "utf8")).toBe(devVars);
    const after = await (await api("/v1/workspaces/demo/cascade", second.token)).json();
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).toContain("made between the two runs");
  }, 240_000);
});
