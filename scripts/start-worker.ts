/**
 * `npm start`: the worker on http://localhost:8787 with a local D1, ready to use.
 *
 * 1. Creates .dev.vars from .dev.vars.example with a random ADMIN_TOKEN, if it is missing.
 * 2. Applies the D1 migrations to the local database (.wrangler/state).
 * 3. Starts `wrangler dev`, and once it answers, seeds a `demo` workspace from examples/northwind.json
 *    unless it already exists (an edited demo is never overwritten).
 * 4. Prints the dashboard URL and the demo workspace's token, then stays attached to wrangler.
 *
 * Running it again changes nothing: the token is kept in .wrangler/demo-token beside the local database
 * it belongs to (the database keeps only its hash).
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wrangler = join(root, "node_modules", ".bin", "wrangler");
const port = Number(process.env.PORT ?? 8787);
const origin = `http://localhost:${port}`;
const DASHBOARD_PATH = "/";
const DEMO = "demo";
const demoTokenFile = join(root, ".wrangler", "demo-token");
// No network here but the registry: keep wrangler from phoning home.
const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CI: process.env.CI ?? "true" };

function ensureDevVars(): string {
  const file = join(root, ".dev.vars");
  let text = existsSync(file)
    ? readFileSync(file, "utf8")
    : readFileSync(join(root, ".dev.vars.example"), "utf8");
  const current = text.match(/^ADMIN_TOKEN=(.*)$/m)?.[1]?.trim();
  if (current && current !== "change-me" && existsSync(file)) return current;
  const token = `adm_${randomBytes(32).toString("base64url")}`;
  text = /^ADMIN_TOKEN=/m.test(text)
    ? text.replace(/^ADMIN_TOKEN=.*$/m, `ADMIN_TOKEN=${token}`)
    : `${text}\nADMIN_TOKEN=${token}\n`;
  writeFileSync(file, text, { mode: 0o600 });
  console.log("created .dev.vars with a new ADMIN_TOKEN");
  return token;
}

function applyMigrations(): void {
  const result = spawnSync(wrangler, ["d1", "migrations", "apply", "DB", "--local"], {
    cwd: root,
    env,
    stdio: ["ignore", "inherit", "inherit"],
  });
  if (result.status !== 0) throw new Error("applying the local D1 migrations failed");
}

async function api(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${origin}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
  });
}

async function waitForWorker(): Promise<void> {
  for (let attempt = 0; attempt < 120; attempt++) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the worker did not answer on ${origin}/healthz within 60 s`);
}

async function ensureDemo(admin: string): Promise<string> {
  const saved = existsSync(demoTokenFile) ? readFileSync(demoTokenFile, "utf8").trim() : "";
  let token = saved;
  const tokens = await api(`/v1/workspaces/${DEMO}/tokens`, admin);
  if (tokens.status === 404) {
    const created = await api("/v1/workspaces", admin, {
      method: "POST",
      body: JSON.stringify({ id: DEMO, name: "Northwind (demo)" }),
    });
    if (created.status !== 201) throw new Error(`creating the demo workspace: ${await created.text()}`);
    token = ((await created.json()) as { token: string }).token;
  } else if (!tokens.ok) {
    throw new Error(`reading the demo workspace: ${tokens.status} ${await tokens.text()}`);
  } else if (!token || (await api("/v1/me", token)).status !== 200) {
    // The workspace outlived its saved token: issue another (the old ones stay valid).
    const issued = await api(`/v1/workspaces/${DEMO}/tokens`, admin, { method: "POST" });
    token = ((await issued.json()) as { token: string }).token;
  }
  if (token !== saved) {
    mkdirSync(dirname(demoTokenFile), { recursive: true });
    writeFileSync(demoTokenFile, `${token}\n`, { mode: 0o600 });
  }
  if ((await api(`/v1/workspaces/${DEMO}/cascade`, token)).status === 404) {
    const doc = readFileSync(join(root, "examples", "northwind.json"), "utf8");
    const put = await api(`/v1/workspaces/${DEMO}/cascade`, token, { method: "PUT", body: doc });
    if (!put.ok) throw new Error(`seeding the demo cascade: ${await put.text()}`);
    console.log("seeded the demo workspace from examples/northwind.json");
  }
  return token;
}

async function main(): Promise<void> {
  const admin = ensureDevVars();
  applyMigrations();
  const dev = spawn(wrangler, ["dev", "--port", String(port), "--test-scheduled", ...process.argv.slice(2)], {
    cwd: root,
    env,
    stdio: ["inherit", "inherit", "inherit"],
  });
  const stop = (signal: NodeJS.Signals) => dev.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  dev.on("exit", (code) => process.exit(code ?? 0));
  try {
    await waitForWorker();
    const token = await ensureDemo(admin);
    console.log(
      [
        "",
        "Cascade worker is running.",
        `  Dashboard:            ${origin}${DASHBOARD_PATH}`,
        `  API:                  ${origin}/v1  (OpenAPI: ${origin}/openapi.json)`,
        `  Demo workspace token: ${token}`,
        "  Admin token:          ADMIN_TOKEN in .dev.vars",
        "",
      ].join("\n"),
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    dev.kill("SIGTERM");
    process.exitCode = 1;
  }
}

await main();
