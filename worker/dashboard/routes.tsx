/** @jsxImportSource hono/jsx */
/**
 * The dashboard: sign-in, the cascade (opening on the cycle in progress, with its summary strip), a key
 * result's page with its check-in form and who recorded each check-in, the weekly agenda with its
 * present mode, the retro of each finished cycle, the execution page, the alerts and lint, the sync
 * page, the People page (people-routes.tsx), and an HTML 404 for every other dashboard address; all
 * rendered on the server from the same scored cascade the API serves. Signed-in pages go through
 * `sessionHtml`, so each shows only what the session's role can use.
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { csrf } from "hono/csrf";
import { buildRetrospective } from "../../core/execution/retro.ts";
import type { Cycle } from "../../core/model/document.ts";
import type { Retrospective } from "../../core/model/execution.ts";
import { isFinished } from "../../core/view/cycles.ts";
import type { Workspace } from "../db/workspaces.ts";
import { workspaceLimits } from "../domain/limits.ts";
import { deferTo } from "../env.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { cascadeStore, loadScoredCascade } from "../scoring/load.ts";
import type { ScoredCascade } from "../scoring/scored-cascade.ts";
import { connectionKinds, getConnection, webhookSecret } from "../sync/connections.ts";
import { listRuns } from "../sync/runs.ts";
import { listSourceStatuses } from "../sync/sources.ts";
import { startRuns } from "../sync/start.ts";
import { accessOf, sessionHtml } from "./access.tsx";
import { AgendaPage } from "./agenda.tsx";
import { AlertsPage } from "./alerts.tsx";
import { postCheckIn } from "./check-in.ts";
import { recordedCheckIns } from "./check-in-authors.ts";
import { type CheckInFormState, newIdempotencyKey } from "./check-in-form.tsx";
import { CSRF_FIELD, formToken, isFormToken } from "./csrf.ts";
import { ExecutionPage } from "./execution.tsx";
import { cycleChoice, daysBefore, type Filters, filterQuery, filtersOf } from "./filters.tsx";
import { postedFromDashboard } from "./forbidden.tsx";
import { KeyResultPage } from "./key-result.tsx";
import { Page } from "./layout.tsx";
import { Names } from "./names.tsx";
import { NotFoundPage } from "./not-found.tsx";
import { peopleRoutes } from "./people-routes.tsx";
import { RetroIndexPage, RetroNotReadyPage, RetroPage } from "./retro.tsx";
import { type DashboardEnv, requireSession, sessionWorkspace, signIn, signOut } from "./session.ts";
import { SyncPage } from "./sync-page.tsx";
import { SignInPage, TreePage } from "./views.tsx";

/** The dashboard's forms hold a token at most: a larger body is refused before it is read. */
const MAX_FORM_BYTES = 4 * 1024;
/** A check-in form: a note of up to 2,000 characters (up to 4 bytes each in UTF-8), and the rest. */
const MAX_CHECK_IN_BYTES = 12 * 1024;

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

const checkInLimit = bodyLimit({
  maxSize: MAX_CHECK_IN_BYTES,
  onError: (c) =>
    c.html(
      <Page title="Too large">
        <h1>That check-in was too large</h1>
        <p>Keep the note under 2,000 characters, and go back to record it again.</p>
      </Page>,
      413,
    ),
});

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
    if (!loaded) return sessionHtml(c, noCascade(workspace));
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

/**
 * The retro of a finished cycle: the core's, over the cascade scored on the cycle's last day (that
 * day's scored cascade, the API's report of it, read through the same cache).
 */
async function retrospective(
  c: Context<DashboardEnv>,
  workspace: Workspace,
  cycle: Cycle,
): Promise<Retrospective | null> {
  const atEnd = await loadScoredCascade(c.env.DB, workspace, cycle.end, deferTo(c));
  if (!atEnd) return null;
  return buildRetrospective(atEnd.scored.stored.doc, cycle.id, () => atEnd.scored.report);
}

/** A fresh check-in form for the request's session. */
async function freshForm(c: Context<DashboardEnv>): Promise<CheckInFormState> {
  return { csrf: await formToken(c), idempotencyKey: newIdempotencyKey(), today: todayUtc() };
}

/**
 * The key result's page, with the form fresh or as it came back refused (null: a viewer's page, without
 * the form), and who recorded each of its check-ins.
 */
async function keyResultPage(
  c: Context<DashboardEnv>,
  p: PageData,
  id: string,
  form: CheckInFormState | null,
  status: 200 | 400 | 403 | 404 | 409 | 413 = 200,
  recorded?: string,
) {
  const kr = p.scored.stored.doc.keyResults.find((k) => k.id === id);
  if (!kr || !p.scored.keyResults.has(id)) {
    return sessionHtml(c, <KeyResultPage {...p} id={id} form={form} />, 404);
  }
  const authors = await recordedCheckIns(
    cascadeStore(c.env.DB, p.workspace, deferTo(c)),
    id,
    kr.checkIns ?? [],
    workspaceLimits(c.env).checkInsPerKeyResult,
  );
  return sessionHtml(
    c,
    <KeyResultPage {...p} id={id} form={form} recorded={recorded} authors={authors} />,
    status,
  );
}

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
    scoredPage(async (c, p) => {
      // "Since last week": the same cascade scored by the same core a week before (cached like any day).
      const weekAgo = await loadScoredCascade(
        c.env.DB,
        p.workspace,
        daysBefore(p.filters.asOf, 7),
        deferTo(c),
      );
      // A finished cycle is summed up in its retro's words.
      const choice = cycleChoice(p.scored.stored.doc.cycles, p.filters);
      const retro =
        choice.kind === "one" && isFinished(choice.cycle, p.filters.asOf)
          ? await retrospective(c, p.workspace, choice.cycle)
          : null;
      return sessionHtml(c, <TreePage {...p} weekAgo={weekAgo?.scored ?? null} retro={retro} />);
    }),
  )
  .get(
    "/dashboard/key-results/:id",
    scoredPage(async (c, p) => {
      const recorded = c.req.query("recorded");
      const form = accessOf(c.var.principal).mayWrite ? await freshForm(c) : null;
      return keyResultPage(c, p, c.req.param("id") ?? "", form, 200, recorded || undefined);
    }),
  )
  .post(
    "/dashboard/key-results/:id/check-ins",
    checkInLimit,
    postedFromDashboard,
    scoredPage(async (c, p) => {
      const id = c.req.param("id") ?? "";
      if (!p.scored.keyResults.has(id)) return keyResultPage(c, p, id, await freshForm(c));
      const outcome = await postCheckIn(c, id);
      if (outcome.ok) {
        // Back to the page, on a day that includes the new check-in, so its new status shows at once.
        const asOf = [outcome.date, p.filters.asOf].sort()[1] ?? outcome.date;
        const query = filterQuery(p.filters, { asOf });
        const recorded = new URLSearchParams({ recorded: outcome.date }).toString();
        return c.redirect(
          `/dashboard/key-results/${encodeURIComponent(id)}?${query}&${recorded}#recorded`,
          303,
        );
      }
      const form = { ...(await freshForm(c)), values: outcome.values, errors: outcome.errors };
      return keyResultPage(c, p, id, form, outcome.status);
    }),
  )
  .get(
    "/dashboard/agenda",
    scoredPage((c, p) => sessionHtml(c, <AgendaPage {...p} />)),
  )
  .get(
    "/dashboard/retro",
    scoredPage((c, p) =>
      sessionHtml(
        c,
        <RetroIndexPage
          workspace={p.workspace}
          cycles={p.scored.stored.doc.cycles}
          names={new Names(p.scored.stored.doc, p.filters)}
          filters={p.filters}
        />,
      ),
    ),
  )
  .get(
    "/dashboard/retro/:cycleId",
    scoredPage(async (c, p) => {
      const doc = p.scored.stored.doc;
      const cycleId = c.req.param("cycleId") ?? "";
      const cycle = doc.cycles.find((x) => x.id === cycleId);
      if (!cycle) {
        return sessionHtml(
          c,
          <NotFoundPage
            workspace={p.workspace}
            query={filterQuery(p.filters)}
            heading={`No cycle "${cycleId}"`}
          >
            <p>This cascade has no cycle with that id.</p>
          </NotFoundPage>,
          404,
        );
      }
      if (!isFinished(cycle, p.filters.asOf))
        return sessionHtml(c, <RetroNotReadyPage {...p} cycle={cycle} />);
      const retro = await retrospective(c, p.workspace, cycle);
      if (!retro) return sessionHtml(c, <NotFoundPage workspace={p.workspace} />, 404);
      return sessionHtml(c, <RetroPage {...p} retro={retro} />);
    }),
  )
  .get(
    "/dashboard/execution",
    scoredPage((c, p) => sessionHtml(c, <ExecutionPage {...p} />)),
  )
  .get(
    "/dashboard/alerts",
    scoredPage((c, p) => sessionHtml(c, <AlertsPage {...p} />)),
  )
  .route("/dashboard/people", peopleRoutes)
  .get("/dashboard/sync", async (c) => sessionHtml(c, await syncPage(c)))
  .post("/dashboard/sync", formLimit, fromOwnPages, async (c) => {
    const workspace = c.var.workspace;
    const form = await c.req.parseBody();
    if (!(await isFormToken(c, form[CSRF_FIELD]))) {
      const notice = "That form was not opened in your current session: press Sync now again.";
      return sessionHtml(c, await syncPage(c, notice), 403);
    }
    if ((await connectionKinds(c.env.DB, workspace.id)).length === 0) {
      return sessionHtml(c, await syncPage(c, "Connect Notion or Coda first."), 409);
    }
    // A connection with a run queued or running already gets no other (a button pressed twice).
    await startRuns(c.env, workspace.id, { trigger: "manual", unlessOpen: true });
    return c.redirect("/dashboard/sync", 303);
  })
  // Every other dashboard address (and method): an HTML page, not the API's JSON 404.
  .all("/dashboard/*", (c) =>
    sessionHtml(
      c,
      <NotFoundPage workspace={c.var.workspace} query={filterQuery(filtersOf((n) => c.req.query(n)))} />,
      404,
    ),
  );

/** The sync page of the signed-in workspace: its connections, its bound key results, its 50 latest runs. */
async function syncPage(c: Context<DashboardEnv>, notice?: string) {
  const workspace = c.var.workspace;
  const [connection, coda, runs, sources, verification] = await Promise.all([
    getConnection(c.env.DB, workspace.id, "notion"),
    getConnection(c.env.DB, workspace.id, "coda"),
    listRuns(c.env.DB, workspace.id, 50),
    listSourceStatuses(c.env.DB, workspace.id),
    webhookSecret(c.env.DB, c.env.CONNECTIONS_KEY, workspace.id),
  ]);
  return (
    <SyncPage
      workspace={workspace}
      connection={connection}
      coda={coda}
      sources={sources}
      runs={runs}
      verification={verification}
      mayStart={accessOf(c.var.principal).mayWrite}
      csrf={await formToken(c)}
      {...(notice ? { notice } : {})}
    />
  );
}
