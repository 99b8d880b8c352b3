/** @jsxImportSource hono/jsx */
/**
 * The dashboard: sign-in, the cascade tree, a key result's page, the execution page and the alerts and
 * lint, rendered on the server from the same scored cascade the API serves.
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { isoDate } from "../../schema/document.ts";
import type { Workspace } from "../db/workspaces.ts";
import { deferTo } from "../env.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { loadScoredCascade } from "../scoring/load.ts";
import type { ScoredCascade } from "../scoring/scored-cascade.ts";
import { getConnection, webhookSecret } from "../sync/connections.ts";
import { hasOpenRun, listRuns, queueRun } from "../sync/runs.ts";
import { ExecutionPage } from "./execution.tsx";
import { Page } from "./layout.tsx";
import { type DashboardEnv, requireSession, sessionWorkspace, signIn, signOut } from "./session.ts";
import { SyncPage } from "./sync-page.tsx";
import { AlertsPage, type Filters, KeyResultPage, SignInPage, TreePage } from "./views.tsx";

/** The page's filters from its query; a malformed date falls back to today rather than failing. */
function filtersOf(query: (name: string) => string | undefined): Filters {
  const asOf = query("asOf");
  return {
    asOf: asOf !== undefined && isoDate.safeParse(asOf).success ? asOf : todayUtc(),
    cycle: query("cycle") || undefined,
    team: query("team") || undefined,
  };
}

/** The dashboard's forms hold a token at most: a larger body is refused before it is read. */
const MAX_FORM_BYTES = 4 * 1024;

const formLimit = bodyLimit({
  maxSize: MAX_FORM_BYTES,
  onError: (c) => c.html(<SignInPage error="That form was too large to be a sign-in." />, 413),
});

const sameOriginCheck = csrf();

/**
 * Form posts must come from the dashboard's own pages (Origin or Sec-Fetch-Site says so): another site
 * posting a sign-in form would sign a visitor into the attacker's workspace (login CSRF).
 */
const fromOwnPages: MiddlewareHandler<DashboardEnv> = async (c, next) => {
  try {
    await sameOriginCheck(c, async () => {});
  } catch {
    return c.html(<SignInPage error="Sign in from this dashboard's own page." />, 403);
  }
  await next();
};

interface PageData {
  workspace: Workspace;
  scored: ScoredCascade;
  filters: Filters;
}

/**
 * A page of the signed-in workspace's cascade, scored for the filters' date: every page but sign-in
 * reads it the same way, and shows how to store a cascade when there is none.
 */
function scoredPage(render: (c: Context<DashboardEnv>, page: PageData) => Response | Promise<Response>) {
  return async (c: Context<DashboardEnv>) => {
    const workspace = c.var.workspace;
    const filters = filtersOf((n) => c.req.query(n));
    const loaded = await loadScoredCascade(c.env.DB, workspace, filters.asOf, deferTo(c));
    if (!loaded) return c.html(noCascade(workspace));
    return render(c, { workspace, scored: loaded.scored, filters });
  };
}

const noCascade = (workspace: { id: string; name: string }) => (
  <Page title="No cascade yet" workspace={workspace}>
    <h1>No cascade yet</h1>
    <p>
      This workspace has no cascade document. Store one with{" "}
      <code>PUT /v1/workspaces/{workspace.id}/cascade</code> (see the README), then reload.
    </p>
  </Page>
);

export const dashboardRoutes = new Hono<DashboardEnv>()
  .get("/", async (c) => c.redirect((await sessionWorkspace(c)) ? "/dashboard" : "/sign-in", 303))
  .get("/sign-in", async (c) => {
    if (await sessionWorkspace(c)) return c.redirect("/dashboard", 303);
    return c.html(<SignInPage />);
  })
  .use("/sign-in", fromOwnPages, formLimit)
  .use("/sign-out", fromOwnPages)
  .post("/sign-in", async (c) => {
    const form = await c.req.parseBody();
    const token = typeof form.token === "string" ? form.token : "";
    if (token.trim() === "") return c.html(<SignInPage error="Enter your workspace token." />, 400);
    if (!(await signIn(c, token))) {
      return c.html(
        <SignInPage error="That token is unknown or revoked: ask for a new workspace token." />,
        401,
      );
    }
    return c.redirect("/dashboard", 303);
  })
  .post("/sign-out", async (c) => {
    await signOut(c);
    return c.redirect("/sign-in", 303);
  })
  .use("/dashboard", requireSession)
  .use("/dashboard/*", requireSession)
  .get(
    "/dashboard",
    scoredPage((c, p) => c.html(<TreePage {...p} />)),
  )
  .get(
    "/dashboard/key-results/:id",
    scoredPage((c, p) => {
      const id = c.req.param("id") ?? "";
      return c.html(<KeyResultPage {...p} id={id} />, p.scored.keyResults.has(id) ? 200 : 404);
    }),
  )
  .get(
    "/dashboard/execution",
    scoredPage((c, p) => c.html(<ExecutionPage {...p} />)),
  )
  .get(
    "/dashboard/alerts",
    scoredPage((c, p) => c.html(<AlertsPage {...p} />)),
  )
  .get("/dashboard/sync", async (c) => c.html(await syncPage(c)))
  .post("/dashboard/sync", formLimit, fromOwnPages, async (c) => {
    const workspace = c.var.workspace;
    if ((await getConnection(c.env.DB, workspace.id, "notion")) === null) {
      return c.html(await syncPage(c, "Connect Notion first."), 409);
    }
    const running = await hasOpenRun(c.env.DB, workspace.id, "notion");
    if (!running) {
      const run = await queueRun(c.env.DB, workspace.id, "notion", "manual");
      await c.env.SYNC_QUEUE?.send({ runId: run.id, workspaceId: workspace.id, source: "notion" });
    }
    return c.redirect("/dashboard/sync", 303);
  });

/** The sync page of the signed-in workspace: its connection and its 50 latest runs. */
async function syncPage(c: Context<DashboardEnv>, notice?: string) {
  const workspace = c.var.workspace;
  const [connection, runs, verification] = await Promise.all([
    getConnection(c.env.DB, workspace.id, "notion"),
    listRuns(c.env.DB, workspace.id, 50),
    webhookSecret(c.env.DB, c.env.CONNECTIONS_KEY, workspace.id),
  ]);
  return (
    <SyncPage
      workspace={workspace}
      connection={connection}
      runs={runs}
      verification={verification}
      {...(notice ? { notice } : {})}
    />
  );
}
