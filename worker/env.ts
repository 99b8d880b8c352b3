import type { Context } from "hono";
import type { PersonRef } from "./db/people.ts";
import type { Defer } from "./db/store/d1-store.ts";
import type { Workspace } from "./db/workspaces.ts";
import type { SyncMessage } from "./sync/runs.ts";

/** What the worker is given by the platform (wrangler.toml bindings and secrets). */
export interface Bindings {
  DB: D1Database;
  /** Secret: creates workspaces and issues or revokes their tokens. */
  ADMIN_TOKEN?: string;
  /** Secret: signs dashboard session cookies (derived from ADMIN_TOKEN when unset). */
  SESSION_SECRET?: string;
  /** Secret: the AES-GCM key (32 bytes, base64) that encrypts connections' tokens at rest. */
  CONNECTIONS_KEY?: string;
  /** Where the Notion API is (tests and local runs point it at the fake); default Notion's. */
  NOTION_BASE_URL?: string;
  /** Notion requests a second per connection (default 3). */
  NOTION_RATE?: string;
  /** Notion requests one queue invocation may make (default 900; a larger sync takes several). */
  NOTION_REQUEST_BUDGET?: string;
  /** Coda's API (tests and local runs point it at the fake); default Coda's. */
  CODA_BASE_URL?: string;
  /** Coda reads a second per account (default 10: Coda documents about 100 reads per 6 s). */
  CODA_RATE?: string;
  /** One rate gate per Notion integration or Coda account, shared by every consumer (sync/rate-gate.ts). */
  RATE_GATE?: DurableObjectNamespace<import("./sync/rate-gate-object.ts").RateGate>;
  /** The queue of sync jobs: one message per workspace and connection. */
  SYNC_QUEUE?: Queue<SyncMessage>;
  // What one workspace may hold (worker/domain/limits.ts, docs/scaling.md): positive integers, from
  // wrangler.toml's [vars] (numbers or strings) or .dev.vars; unset means the default.
  /** Key results of a cascade (default 20,000). */
  MAX_KEY_RESULTS?: string | number;
  /** Check-ins of a cascade, all key results together (default 120,000). */
  MAX_CHECK_INS?: string | number;
  /** Check-ins of one key result (default 1,000). */
  MAX_CHECK_INS_PER_KEY_RESULT?: string | number;
  /** Initiatives of a cascade (default 10,000). */
  MAX_INITIATIVES?: string | number;
  /** Bytes of the report's JSON, today's, when a cascade is stored (default 16 MiB, 16,777,216). */
  MAX_REPORT_BYTES?: string | number;
}

/**
 * Who is calling: the admin (every workspace) or one workspace's token, with that workspace as read
 * when the token was checked (the same query), and the token's person with their role now; `person` is
 * null for an integration's token, which has every right in its workspace.
 */
export type Principal =
  | { kind: "admin" }
  | {
      kind: "workspace";
      workspaceId: string;
      tokenId: string;
      workspace: Workspace;
      person: PersonRef | null;
    };

export interface AppEnv {
  Bindings: Bindings;
  Variables: { principal: Principal };
}

/** Work a route hands to the runtime to finish after its response (`waitUntil`), when there is a runtime. */
export function deferTo(c: Pick<Context, "executionCtx">): Defer | undefined {
  try {
    const ctx = c.executionCtx;
    return (task) => ctx.waitUntil(task);
  } catch {
    return undefined; // Hono throws when the app is called without an ExecutionContext
  }
}

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      /** Test only: the migrations the setup file applies. */
      TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    }
  }
}
