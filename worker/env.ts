import type { Context } from "hono";
import type { Defer } from "./db/store/d1-store.ts";
import type { Workspace } from "./db/workspaces.ts";

/** What the worker is given by the platform (wrangler.toml bindings and secrets). */
export interface Bindings {
  DB: D1Database;
  /** Secret: creates workspaces and issues or revokes their tokens. */
  ADMIN_TOKEN?: string;
  /** Secret: signs dashboard session cookies (derived from ADMIN_TOKEN when unset). */
  SESSION_SECRET?: string;
}

/**
 * Who is calling: the admin (every workspace) or one workspace's token, with that workspace as read
 * when the token was checked (the same query).
 */
export type Principal =
  | { kind: "admin" }
  | { kind: "workspace"; workspaceId: string; tokenId: string; workspace: Workspace };

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
