/** @jsxImportSource hono/jsx */
/**
 * The dashboard's 403 pages: HTML in the dashboard's frame (never the API's JSON), saying what the
 * session's role does not allow and whom to ask, or that a form came from another site.
 */
import type { Context, MiddlewareHandler } from "hono";
import { csrf } from "hono/csrf";
import type { Child } from "hono/jsx";
import { sessionHtml } from "./access.tsx";
import { Page } from "./layout.tsx";
import type { DashboardEnv } from "./session.ts";

/** What a viewer reads wherever a form would be, and on the 403 of a post. */
export const VIEWER_LINE = "Viewers can read; ask an admin for a member's token to check in.";

export function ForbiddenPage(props: {
  workspace: { id: string; name: string };
  heading: string;
  children: Child;
}) {
  return (
    <Page title="Not allowed" workspace={props.workspace}>
      <h1>{props.heading}</h1>
      {props.children}
      <p>
        <a href="/dashboard">Back to the cascade</a>
      </p>
    </Page>
  );
}

/** A viewer's post (behind `requireSession`): 403, changing nothing. */
export function viewerRefused(c: Context<DashboardEnv>): Response | Promise<Response> {
  return sessionHtml(
    c,
    <ForbiddenPage workspace={c.var.workspace} heading="Viewers change nothing">
      <p>{VIEWER_LINE}</p>
    </ForbiddenPage>,
    403,
  );
}

/** A member's or a viewer's visit to the People page: 403. */
export function peopleRefused(c: Context<DashboardEnv>): Response | Promise<Response> {
  return sessionHtml(
    c,
    <ForbiddenPage workspace={c.var.workspace} heading="People are managed by admins">
      <p>
        Adding people, changing roles and issuing tokens needs the admin role (or a workspace token of an
        integration). Ask an admin of this workspace.
      </p>
    </ForbiddenPage>,
    403,
  );
}

const sameOriginCheck = csrf();

/**
 * The signed-in forms must come from the dashboard's own pages (Origin or Sec-Fetch-Site says so, as
 * for sign-in); otherwise a 403 page, before the form is read.
 */
export const postedFromDashboard: MiddlewareHandler<DashboardEnv> = async (c, next) => {
  try {
    await sameOriginCheck(c, async () => {});
  } catch {
    return sessionHtml(
      c,
      <ForbiddenPage workspace={c.var.workspace} heading="That form came from another site">
        <p>Forms that change the cascade are taken only from this dashboard's own pages.</p>
      </ForbiddenPage>,
      403,
    );
  }
  await next();
};
