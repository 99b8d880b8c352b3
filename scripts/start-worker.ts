/**
 * `npm start`: the worker on http://localhost:8787 with a local D1, ready to use.
 *
 * 1. Creates .dev.vars from .dev.vars.example with a random ADMIN_TOKEN, SESSION_SECRET and CONNECTIONS_KEY (each kept
 *    when already set).
 * 2. Applies the D1 migrations to the local database (.wrangler/state).
 * 3. Starts `wrangler dev`, and once it answers, seeds a `demo` workspace from examples/northwind.json
 *    unless it already exists (an edited demo is never overwritten).
 * 4. Prints the dashboard URL and the demo workspace's token, then stays attached to wrangler.
 *
 * Running it again changes nothing: the token is kept in .wrangler/demo-token beside the local database
 * it belongs to (the database keeps only its hash).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { applyLocalMigrations, root, waitForWorker, wranglerBin, wranglerEnv } from "./local-worker.ts";

const port = Number(process.env.PORT ?? 8787);
const origin = `http://localhost:${port}`;
const DASHBOARD_PATH = "/";
const DEMO = "demo";
const demoTokenFile = join(root, ".wrangler", "demo-token");

/** Sets `name` in the .dev.vars text to a new random secret unless it holds a real one already. */
function withSecret(text: string, name: string, prefix: string): { text: string; created: boolean } {
  const current = text.match(new RegExp(`^${name}=(.*)$`, "m"))?.[1]?.trim();
  if (current && current !== "change-me") return { text, created: false };
  const secret = `${prefix}${randomBytes(32).toString("base64url")}`;
  const line = `${name}=${secret}`;
  const next = new RegExp(`^${name}=`, "m").test(text)
    ? text.replace(new RegExp(`^${name}=.*$`, "m"), line)
    : `${text.trimEnd()}\n${line}\n`;
  return { text: next, created: true };
}

/**
 * .dev.vars with a random ADMIN_TOKEN, SESSION_SECRET and CONNECTIONS_KEY (each kept when already set);
 * the admin token.
 */
function ensureDevVars(): string {
  const file = join(root, ".dev.vars");
  const before = existsSync(file)
    ? readFileSync(file, "utf8")
    : readFileSync(join(root, ".dev.vars.example"), "utf8");
  const admin = withSecret(before, "ADMIN_TOKEN", "adm_");
  const session = withSecret(admin.text, "SESSION_SECRET", "");
  // 32 random bytes: the AES-GCM key of connections' tokens (base64url, which the worker reads).
  const connections = withSecret(session.text, "CONNECTIONS_KEY", "");
  const created = [
    admin.created && "new ADMIN_TOKEN",
    session.created && "new SESSION_SECRET",
    connections.created && "new CONNECTIONS_KEY",
  ].filter(Boolean);
  if (!existsSync(file) || created.length > 0) {
    writeFileSync(file, connections.text, { mode: 0o600 });
    console.log(`.dev.vars: ${created.join(", ") || "created"}`);
  }
  const token = connections.text.match(/^ADMIN_TOKEN=(.*)$/m)?.[1]?.trim();
  if (!token) throw new Error(".dev.vars has no ADMIN_TOKEN");
  return token;
}

async function api(path: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${origin}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json", ...init.headers },
  });
}

/**
 * The demo workspace's token, creating the workspace and seeding its cascade when they are missing.
 * Every request of a normal run succeeds, so wrangler's request log shows no 404 or 409 that would read
 * like an error: the first run creates the workspace (201) and puts the demo (200); later runs check
 * the saved token (200) and the cascade (200). Only a repair (a token lost, a cascade deleted) probes.
 */
async function ensureDemo(admin: string): Promise<string> {
  const saved = existsSync(demoTokenFile) ? readFileSync(demoTokenFile, "utf8").trim() : "";
  let token = saved;
  let created = false;
  if (!token || (await api("/v1/me", token)).status !== 200) {
    const made = await api("/v1/workspaces", admin, {
      method: "POST",
      body: JSON.stringify({ id: DEMO, name: "Northwind (demo)" }),
    });
    if (made.status === 201) {
      token = ((await made.json()) as { token: string }).token;
      created = true;
    } else if (made.status === 409) {
      // The workspace outlived its saved token: issue another (the old ones stay valid).
      const issued = await api(`/v1/workspaces/${DEMO}/tokens`, admin, { method: "POST" });
      if (issued.status !== 201) throw new Error(`issuing a demo token: ${await issued.text()}`);
      token = ((await issued.json()) as { token: string }).token;
    } else {
      throw new Error(`creating the demo workspace: ${made.status} ${await made.text()}`);
    }
  }
  if (token !== saved) {
    mkdirSync(dirname(demoTokenFile), { recursive: true });
    writeFileSync(demoTokenFile, `${token}\n`, { mode: 0o600 });
  }
  // A workspace just created has no cascade; an older one keeps whatever it holds (an edited demo too).
  if (created || (await api(`/v1/workspaces/${DEMO}/cascade`, token)).status === 404) {
    const doc = readFileSync(join(root, "examples", "northwind.json"), "utf8");
    const put = await api(`/v1/workspaces/${DEMO}/cascade`, token, { method: "PUT", body: doc });
    if (!put.ok) throw new Error(`seeding the demo cascade: ${await put.text()}`);
    console.log("seeded the demo workspace from examples/northwind.json");
  }
  return token;
}

async function main(): Promise<void> {
  const admin = ensureDevVars();
  applyLocalMigrations();
  const dev = spawn(
    wranglerBin,
    ["dev", "--port", String(port), "--test-scheduled", ...process.argv.slice(2)],
    {
      cwd: root,
      env: wranglerEnv,
      stdio: ["inherit", "inherit", "inherit"],
    },
  );
  const stop = (signal: NodeJS.Signals) => dev.kill(signal);
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  dev.on("exit", (code) => process.exit(code ?? 0));
  try {
    await waitForWorker(origin);
    const token = await ensureDemo(admin);
    console.log(
      [
        "",
        "Cascade worker is running.",
        `  Dashboard:            ${origin}${DASHBOARD_PATH}  (sign in with the demo workspace token)`,
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
