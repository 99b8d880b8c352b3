/** @jsxImportSource hono/jsx */
/**
 * What the signed-in session may do on the dashboard, as the API decides it for the same principal: a
 * viewer reads; a member, an admin person and a workspace token without a person (an integration's)
 * also write; an admin person and a token without a person also manage people. Pages read it to show
 * only what the session can use (the navigation's People link, the check-in form, Sync now); the
 * routes refuse the rest on their own, so a hidden control is a courtesy, never the guard.
 */
import type { Context } from "hono";
import { type Child, createContext, useContext } from "hono/jsx";
import { mayManagePeople, mayWrite } from "../auth.ts";
import type { Principal } from "../env.ts";
import type { DashboardEnv } from "./session.ts";

export interface Access {
  /** Everyone but a viewer: check in, start a sync. */
  mayWrite: boolean;
  /** An admin person or a workspace token without a person: the People page. */
  managesPeople: boolean;
}

/** What a page rendered outside a session shows: nothing that writes. */
export const READ_ONLY: Access = { mayWrite: false, managesPeople: false };

/**
 * The session's rights, by the rules the API applies (worker/auth.ts).
 *
 * @example accessOf({ kind: "workspace", …, person: null }) // { mayWrite: true, managesPeople: true }
 */
export function accessOf(principal: Principal): Access {
  return { mayWrite: mayWrite(principal), managesPeople: mayManagePeople(principal) };
}

const AccessContext = createContext<Access>(READ_ONLY);

/** The access of the page being rendered (READ_ONLY outside `sessionHtml`). */
export function useAccess(): Access {
  return useContext(AccessContext);
}

/**
 * A signed-in page as the session's principal sees it: its components (the frame's navigation
 * included) read the session's access with `useAccess`.
 */
export function sessionHtml(
  c: Context<DashboardEnv>,
  page: Child,
  status: 200 | 201 | 400 | 403 | 404 | 409 | 413 = 200,
): Response | Promise<Response> {
  return c.html(
    <AccessContext.Provider value={accessOf(c.var.principal)}>{page}</AccessContext.Provider>,
    status,
  );
}
