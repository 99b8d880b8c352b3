/** @jsxImportSource hono/jsx */
/**
 * The People page's routes (`/dashboard/people`), open to the sessions the API lets manage people (an
 * admin person, an integration's token); others get a 403 page. Every change goes through the API's
 * own functions (`worker/db/people.ts`) and its schemas (`NewPersonBody`, `PersonPatchBody`), so the
 * page refuses what the API refuses, naming the field. Posts are taken only from the dashboard's own
 * pages (the same-origin check) with the session's CSRF token; each ends on the page again (303), but
 * for an issued token, shown once on the answer itself and never put in a URL.
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import {
  createPerson,
  getPerson,
  insertPersonToken,
  listPeople,
  listPersonTokens,
  removePerson,
  revokePersonTokens,
  updatePerson,
} from "../db/people.ts";
import { NewPersonBody, PersonPatchBody } from "../people-schemas.ts";
import { issueToken, newId } from "../tokens.ts";
import { accessOf, sessionHtml } from "./access.tsx";
import { CSRF_FIELD, formToken, isFormToken } from "./csrf.ts";
import { peopleRefused, postedFromDashboard } from "./forbidden.tsx";
import { Page } from "./layout.tsx";
import { type AddPersonForm, IssuedTokenPage, PeoplePage, type PersonField } from "./people-page.tsx";
import type { DashboardEnv } from "./session.ts";

/** People on one page; each costs one D1 batch for their tokens. */
const PAGE_SIZE = 50;
/** The people forms hold a name, an email and a role at most. */
const MAX_FORM_BYTES = 4 * 1024;

/** What the page says after each change (`?done=`), a closed list: nothing from the URL is shown. */
const NOTICES = {
  added: "Person added. Issue them a token so they can sign in.",
  role: "Role changed. It holds from their next page or request.",
  revoked: "Tokens revoked: they no longer open anything, and their dashboard sessions have ended.",
  removed:
    "Person removed: their tokens and sessions are revoked; the check-ins they recorded keep their name.",
} as const;

const GONE = "That person is no longer in this workspace: nothing was changed.";

const now = () => new Date().toISOString();

const text = (form: Record<string, unknown>, name: string) =>
  typeof form[name] === "string" ? (form[name] as string) : "";

const formLimit = bodyLimit({
  maxSize: MAX_FORM_BYTES,
  onError: (c) =>
    sessionHtml(
      c as Context<DashboardEnv>,
      <Page title="Too large" workspace={c.var.workspace} current="people">
        <h1>That form was too large</h1>
        <p>
          A name or an email that long is not one. <a href="/dashboard/people">Back to people</a>
        </p>
      </Page>,
      413,
    ),
});

/** 403 for a session that may not manage people, before anything is read. */
const managersOnly: MiddlewareHandler<DashboardEnv> = async (c, next) => {
  if (!accessOf(c.var.principal).managesPeople) return peopleRefused(c);
  await next();
};

type PeopleState = Omit<
  Parameters<typeof PeoplePage>[0],
  "workspace" | "people" | "csrf" | "after" | "next"
> & { after?: string };

/** The People page of the session's workspace, from `after` on (PAGE_SIZE people, each with their tokens). */
async function peoplePage(
  c: Context<DashboardEnv>,
  state: PeopleState = {},
  status: 200 | 400 | 403 | 404 | 409 = 200,
) {
  const db = c.env.DB;
  const workspace = c.var.workspace;
  const after = state.after ?? "";
  const rows = await listPeople(db, workspace.id, after, PAGE_SIZE + 1);
  const shown = rows.slice(0, PAGE_SIZE);
  const tokens = await Promise.all(shown.map((p) => listPersonTokens(db, workspace.id, p.id)));
  const people = shown.map((person, i) => ({ person, tokens: tokens[i] ?? [] }));
  const next = rows.length > PAGE_SIZE ? (shown[shown.length - 1]?.id ?? null) : null;
  const csrf = await formToken(c);
  return sessionHtml(
    c,
    <PeoplePage
      workspace={workspace}
      people={people}
      csrf={csrf}
      after={after}
      next={next}
      notice={state.notice}
      problem={state.problem}
      add={state.add}
    />,
    status,
  );
}

/** The posted form, when its CSRF token is the session's; null otherwise. */
async function checkedForm(c: Context<DashboardEnv>): Promise<Record<string, unknown> | null> {
  const form = await c.req.parseBody();
  return (await isFormToken(c, form[CSRF_FIELD])) ? form : null;
}

const notThisSession = (c: Context<DashboardEnv>) =>
  peoplePage(
    c,
    {
      problem: {
        message:
          "That form was not opened in your current session: nothing was changed. Try again from this page.",
      },
    },
    403,
  );

const backToPeople = (c: Context<DashboardEnv>, done: keyof typeof NOTICES, personId?: string) =>
  c.redirect(
    `/dashboard/people?done=${done}${personId ? `#person-${encodeURIComponent(personId)}` : ""}`,
    303,
  );

/** A zod refusal as the form's errors: the first message of each field. */
function fieldErrors(
  issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>,
): AddPersonForm["errors"] {
  const errors: AddPersonForm["errors"] = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "");
    if (field === "name" || field === "email" || field === "role") errors[field] ??= issue.message;
    else errors.form ??= issue.message;
  }
  return errors;
}

export const peopleRoutes = new Hono<DashboardEnv>()
  .use("*", managersOnly)
  .get("/", async (c) => {
    const done = c.req.query("done");
    const notice =
      done !== undefined && Object.hasOwn(NOTICES, done) ? NOTICES[done as keyof typeof NOTICES] : undefined;
    return peoplePage(c, { after: c.req.query("after") ?? "", notice });
  })
  .post("/", formLimit, postedFromDashboard, async (c) => {
    const form = await checkedForm(c);
    if (!form) return notThisSession(c);
    const values: Record<PersonField, string> = {
      name: text(form, "name"),
      email: text(form, "email").trim(),
      role: text(form, "role"),
    };
    const parsed = NewPersonBody.safeParse(values);
    if (!parsed.success) {
      return peoplePage(c, { add: { values, errors: fieldErrors(parsed.error.issues) } }, 400);
    }
    const person = await createPerson(
      c.env.DB,
      c.var.workspace.id,
      { id: newId("per"), ...parsed.data },
      now(),
    );
    if (!person) {
      const errors = { email: `${parsed.data.email} is already someone's in this workspace.` };
      return peoplePage(c, { add: { values, errors } }, 409);
    }
    return backToPeople(c, "added", person.id);
  })
  .post("/:personId/role", formLimit, postedFromDashboard, async (c) => {
    const personId = c.req.param("personId");
    const form = await checkedForm(c);
    if (!form) return notThisSession(c);
    const parsed = PersonPatchBody.safeParse({ role: text(form, "role") });
    if (!parsed.success) {
      const message = `Role: ${parsed.error.issues[0]?.message ?? "expected one of viewer, member, admin"}`;
      return peoplePage(c, { problem: { message, personId } }, 400);
    }
    const changed = await updatePerson(c.env.DB, c.var.workspace.id, personId, parsed.data, now());
    if (changed === "not_found") return peoplePage(c, { problem: { message: GONE } }, 404);
    // Only the role was sent: no email can clash.
    if (changed === "email_taken") throw new Error("a role change reported an email clash");
    return backToPeople(c, "role", personId);
  })
  .post("/:personId/tokens", formLimit, postedFromDashboard, async (c) => {
    const personId = c.req.param("personId");
    if (!(await checkedForm(c))) return notThisSession(c);
    const workspace = c.var.workspace;
    const person = await getPerson(c.env.DB, workspace.id, personId);
    const { token, ...issued } = await issueToken();
    if (!person || !(await insertPersonToken(c.env.DB, workspace.id, personId, issued, now()))) {
      return peoplePage(c, { problem: { message: GONE } }, 404);
    }
    return sessionHtml(c, <IssuedTokenPage workspace={workspace} person={person} token={token} />, 201);
  })
  .post("/:personId/tokens/revoke", formLimit, postedFromDashboard, async (c) => {
    const personId = c.req.param("personId");
    if (!(await checkedForm(c))) return notThisSession(c);
    const outcome = await revokePersonTokens(c.env.DB, c.var.workspace.id, personId, null, now());
    if (outcome === "no_person") return peoplePage(c, { problem: { message: GONE } }, 404);
    return backToPeople(c, "revoked", personId);
  })
  .post("/:personId/remove", formLimit, postedFromDashboard, async (c) => {
    const personId = c.req.param("personId");
    if (!(await checkedForm(c))) return notThisSession(c);
    if (!(await removePerson(c.env.DB, c.var.workspace.id, personId, now()))) {
      return peoplePage(c, { problem: { message: GONE } }, 404);
    }
    return backToPeople(c, "removed");
  });
