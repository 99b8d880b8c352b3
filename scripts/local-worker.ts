/**
 * A throwaway local worker for end-to-end tests and benchmarks: `wrangler dev` on a free port with its
 * own D1 state in a temporary directory and its own admin token, so several can run side by side and
 * none touches the `.wrangler/` state of `npm start`.
 *
 * @example
 * const worker = await startLocalWorker();
 * const token = await worker.createWorkspace("acme", doc);
 * await fetch(`${worker.origin}/v1/workspaces/acme/report`, { headers: { authorization: `Bearer ${token}` } });
 * await worker.stop();
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..");
export const wranglerBin = join(root, "node_modules", ".bin", "wrangler");
/**
 * Keep wrangler from phoning home or asking questions. The worker never reads `request.cf`, so local
 * runs skip fetching its sample from workers.cloudflare.com (offline, that prints a stack trace).
 */
export const wranglerEnv = {
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: process.env.CLOUDFLARE_CF_FETCH_ENABLED ?? "false",
  CI: process.env.CI ?? "true",
};

export interface LocalWorker {
  origin: string;
  adminToken: string;
  /** Creates a workspace (and stores `doc` as its cascade when given); returns the workspace token. */
  createWorkspace(id: string, doc?: unknown): Promise<string>;
  /** Stops wrangler and deletes the temporary state (a `state` given in the options is kept). */
  stop(): Promise<void>;
  /** Kills wrangler and workerd at once with SIGKILL, as a crash would: no cleanup, state kept. */
  kill(): Promise<void>;
}

export interface LocalWorkerOptions {
  /** Extra `--var NAME:value` bindings (secrets such as SESSION_SECRET). */
  vars?: Record<string, string>;
  /** How long to wait for `/healthz` (default 60 s). */
  timeoutMs?: number;
  /** The port of the V8 inspector (DevTools protocol) of the worker's isolate; wrangler's default when unset. */
  inspectorPort?: number;
  /**
   * A local state directory to use and keep (stop() leaves it): a worker started again on it finds its
   * D1 as the last one left it. Default: a temporary one, deleted by stop().
   */
  state?: string;
  /** The admin token (default: a random one); give the same one to a worker started again on `state`. */
  adminToken?: string;
  /**
   * Run wrangler in its own process group, so `kill()` reaches workerd too. Off by default: the group
   * would outlive a Ctrl-C of the caller.
   */
  killable?: boolean;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject()));
    });
  });
}

/** Applies `migrations/` to the local D1 under `persistTo` (wrangler's default state when omitted). */
export function applyLocalMigrations(persistTo?: string): void {
  const args = [
    "d1",
    "migrations",
    "apply",
    "DB",
    "--local",
    ...(persistTo ? ["--persist-to", persistTo] : []),
  ];
  const result = spawnSync(wranglerBin, args, { cwd: root, env: wranglerEnv, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`applying the local D1 migrations failed:\n${result.stdout}\n${result.stderr}`);
  }
}

/** Polls `/healthz` until the worker answers; throws with wrangler's output when it never does. */
export async function waitForWorker(origin: string, timeoutMs = 60_000, output = () => ""): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${origin}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the worker did not answer on ${origin}/healthz within ${timeoutMs} ms\n${output()}`);
}

/** Stops a child process with SIGTERM, and SIGKILL when it has not exited 5 s later. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

export async function startLocalWorker(options: LocalWorkerOptions = {}): Promise<LocalWorker> {
  const state = options.state ?? mkdtempSync(join(tmpdir(), "cascade-worker-"));
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const adminToken = options.adminToken ?? `adm_${randomBytes(24).toString("base64url")}`;
  applyLocalMigrations(state);
  const vars = { ADMIN_TOKEN: adminToken, ...options.vars };
  const child = spawn(
    wranglerBin,
    [
      "dev",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      state,
      "--show-interactive-dev-session=false",
      ...(options.inspectorPort ? ["--inspector-port", String(options.inspectorPort)] : []),
      ...Object.entries(vars).flatMap(([name, value]) => ["--var", `${name}:${value}`]),
    ],
    { cwd: root, env: wranglerEnv, stdio: ["ignore", "pipe", "pipe"], detached: options.killable === true },
  );
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const stop = async () => {
    await stopProcess(child);
    if (options.state === undefined) rmSync(state, { recursive: true, force: true });
  };
  const kill = async () => {
    if (options.killable !== true || child.pid === undefined)
      throw new Error("start the worker with killable: true");
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGKILL");
    await exited;
  };
  try {
    await waitForWorker(origin, options.timeoutMs, () => output);
  } catch (error) {
    await stop();
    throw error;
  }

  const call = async (path: string, token: string, init: RequestInit = {}) => {
    const response = await fetch(`${origin}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    });
    if (!response.ok)
      throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<Record<string, unknown>>;
  };

  return {
    origin,
    adminToken,
    async createWorkspace(id, doc) {
      const created = await call("/v1/workspaces", adminToken, {
        method: "POST",
        body: JSON.stringify({ id, name: id }),
      });
      const token = String(created.token);
      if (doc !== undefined) {
        await call(`/v1/workspaces/${id}/cascade`, token, { method: "PUT", body: JSON.stringify(doc) });
      }
      return token;
    },
    stop,
    kill,
  };
}
