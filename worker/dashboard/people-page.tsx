/** @jsxImportSource hono/jsx */
/**
 * The People page of a workspace, for an admin person or an integration's token: its people with
 * their email, role and tokens; a form per person to change the role, issue a token, revoke their
 * tokens or remove them; and the form that adds a person. Every form carries the session's CSRF token.
 * A token issued here is shown once, on the answer page, and never again.
 */
import type { Person, Role } from "../db/people.ts";
import { ROLES } from "../db/people.ts";
import type { TokenInfo } from "../db/workspaces.ts";
import { CSRF_FIELD } from "./csrf.ts";
import { Cell, Page, TableHead } from "./layout.tsx";

type Workspace = { id: string; name: string };

export type PersonField = "name" | "email" | "role";

/** The add form as it comes back refused: what was typed, and what is wrong, by field. */
export interface AddPersonForm {
  values: Record<PersonField, string>;
  errors: Partial<Record<PersonField | "form", string>>;
}

export interface PersonWithTokens {
  person: Person;
  tokens: TokenInfo[];
}

/** What each role may do, as the page explains it. */
export const ROLE_TEXT: Record<Role, string> = {
  viewer: "reads the dashboard and the API",
  member: "also checks in, edits the cascade and starts syncs",
  admin: "also manages people and their tokens",
};

const FIELD_LABELS: Record<PersonField, string> = { name: "Name", email: "Email", role: "Role" };

/** The default role of a new person: most people of a cascade check in. */
const NEW_ROLE: Role = "member";

const day = (iso: string) => iso.slice(0, 10);

function Csrf(props: { token: string }) {
  return <input type="hidden" name={CSRF_FIELD} value={props.token} />;
}

function RoleOptions(props: { selected: string }) {
  return (
    <>
      {ROLES.map((role) => (
        <option value={role} selected={props.selected === role}>
          {role}
        </option>
      ))}
    </>
  );
}

/** A person's live tokens by id and day, and how many were revoked. */
function Tokens(props: { tokens: readonly TokenInfo[] }) {
  const live = props.tokens.filter((t) => t.revokedAt === null);
  const revoked = props.tokens.length - live.length;
  return (
    <>
      {live.length === 0 ? (
        <span class="empty">none</span>
      ) : (
        <ul class="plain">
          {live.map((t) => (
            <li data-token={t.id}>
              <code>{t.id}</code>, issued {day(t.createdAt)}
            </li>
          ))}
        </ul>
      )}
      {revoked > 0 ? <div class="meta">{revoked} revoked</div> : null}
    </>
  );
}

/** The forms of one person's row: role, issue a token, revoke their tokens, remove them. */
function PersonRow(props: { entry: PersonWithTokens; csrf: string; problem: string | undefined }) {
  const { person, tokens } = props.entry;
  const base = `/dashboard/people/${encodeURIComponent(person.id)}`;
  const live = tokens.filter((t) => t.revokedAt === null).length;
  const errorId = `role-error-${person.id}`;
  return (
    <tr id={`person-${person.id}`} data-person={person.id} data-role={person.role}>
      <Cell label="Name">
        <strong>{person.name}</strong>
      </Cell>
      <Cell label="Email">{person.email}</Cell>
      <Cell label="Role">
        <form method="post" action={`${base}/role`} class="inline">
          <Csrf token={props.csrf} />
          <select
            name="role"
            aria-label={`Role of ${person.name}`}
            {...(props.problem ? { "aria-invalid": "true", "aria-describedby": errorId } : {})}
          >
            <RoleOptions selected={person.role} />
          </select>
          <button type="submit">
            Change<span class="sr"> the role of {person.name}</span>
          </button>
          {props.problem ? (
            <p class="error" id={errorId}>
              {props.problem}
            </p>
          ) : null}
        </form>
      </Cell>
      <Cell label="Tokens">
        <Tokens tokens={tokens} />
      </Cell>
      <Cell label="Actions">
        <div class="actions">
          <form method="post" action={`${base}/tokens`}>
            <Csrf token={props.csrf} />
            <button type="submit">
              Issue a token<span class="sr"> to {person.name}</span>
            </button>
          </form>
          {live === 0 ? null : (
            <details>
              <summary>
                Revoke tokens<span class="sr"> of {person.name}</span>
              </summary>
              <form method="post" action={`${base}/tokens/revoke`}>
                <Csrf token={props.csrf} />
                <p class="meta">
                  Their {live === 1 ? "token stops" : `${live} tokens stop`} working at once, and their
                  dashboard sessions end.
                </p>
                <button type="submit">
                  Revoke {live === 1 ? "the token" : `all ${live} tokens`} of {person.name}
                </button>
              </form>
            </details>
          )}
          <details>
            <summary>
              Remove<span class="sr"> {person.name}</span>
            </summary>
            <form method="post" action={`${base}/remove`}>
              <Csrf token={props.csrf} />
              <p class="meta">
                Their tokens and sessions are revoked; the check-ins they recorded keep their name.
              </p>
              <button type="submit">Remove {person.name}</button>
            </form>
          </details>
        </div>
      </Cell>
    </tr>
  );
}

function AddPersonFormView(props: { csrf: string; form: AddPersonForm | undefined }) {
  const errors = props.form?.errors ?? {};
  const values = props.form?.values ?? { name: "", email: "", role: NEW_ROLE };
  const problems = (Object.keys(FIELD_LABELS) as PersonField[]).filter((f) => errors[f] !== undefined);
  const field = (name: PersonField) => ({
    id: `person-${name}`,
    name,
    ...(errors[name] ? { "aria-invalid": "true", "aria-describedby": `person-${name}-error` } : {}),
  });
  return (
    <form
      class="person"
      method="post"
      action="/dashboard/people#add-title"
      aria-labelledby="add-title"
      novalidate
    >
      {errors.form || problems.length > 0 ? (
        <div class="error" role="alert" data-form-error>
          {errors.form ?? "The person was not added:"}
          {problems.length > 0 ? (
            <ul>
              {problems.map((f) => (
                <li id={`person-${f}-error`}>
                  {FIELD_LABELS[f]}: {errors[f]}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      <Csrf token={props.csrf} />
      <div>
        <label for="person-name">Name</label>
        <input type="text" autocomplete="off" maxlength={200} value={values.name} {...field("name")} />
      </div>
      <div>
        <label for="person-email">Email</label>
        <input type="email" autocomplete="off" value={values.email} {...field("email")} />
      </div>
      <div>
        <label for="person-role">Role</label>
        <select {...field("role")}>
          <RoleOptions selected={values.role} />
        </select>
      </div>
      <div class="wide">
        <button type="submit">Add person</button>
      </div>
    </form>
  );
}

export function PeoplePage(props: {
  workspace: Workspace;
  people: readonly PersonWithTokens[];
  /** The session's CSRF token, for every form. */
  csrf: string;
  /** The id after which this page of people starts ("" for the first), and where the next starts. */
  after: string;
  next: string | null;
  notice?: string | undefined;
  /** Why a post was refused, for the whole page or for one person's row. */
  problem?: { message: string; personId?: string | undefined } | undefined;
  add?: AddPersonForm | undefined;
}) {
  const rowProblem = (id: string) => (props.problem?.personId === id ? props.problem.message : undefined);
  // A row's problem is shown on its row, or above the list when the row is on another page.
  const onRow = props.people.some((p) => p.person.id === props.problem?.personId);
  const pageProblem = props.problem && !onRow ? props.problem.message : undefined;
  return (
    <Page title="People" workspace={props.workspace} current="people">
      <h1>People</h1>
      <p class="meta">
        Each person signs in with a token of their own, and every check-in they record names them. A{" "}
        <strong>viewer</strong> {ROLE_TEXT.viewer}; a <strong>member</strong> {ROLE_TEXT.member}; an{" "}
        <strong>admin</strong> {ROLE_TEXT.admin}. A role change holds from the person's next page or request.
      </p>
      {props.notice ? (
        <p class="notice" role="status">
          {props.notice}
        </p>
      ) : null}
      {pageProblem ? (
        <p class="error" role="alert">
          {pageProblem}
        </p>
      ) : null}
      <h2 id="people-title">People of {props.workspace.name}</h2>
      {props.people.length === 0 ? (
        <p class="empty">{props.after === "" ? "No people yet: add the first below." : "No more people."}</p>
      ) : (
        <table class="people" aria-labelledby="people-title">
          <TableHead columns={["Name", "Email", "Role", "Tokens", "Actions"]} />
          <tbody>
            {props.people.map((entry) => (
              <PersonRow entry={entry} csrf={props.csrf} problem={rowProblem(entry.person.id)} />
            ))}
          </tbody>
        </table>
      )}
      {props.after !== "" || props.next !== null ? (
        <nav aria-label="Pages of people" class="pages">
          {props.after !== "" ? <a href="/dashboard/people">First people</a> : null}
          {props.next !== null ? (
            <a href={`/dashboard/people?${new URLSearchParams({ after: props.next })}`}>Next people</a>
          ) : null}
        </nav>
      ) : null}
      <h2 id="add-title">Add a person</h2>
      <AddPersonFormView csrf={props.csrf} form={props.add} />
    </Page>
  );
}

/** The answer to "Issue a token": the token, this once, with how to copy and hand it over. */
export function IssuedTokenPage(props: { workspace: Workspace; person: Person; token: string }) {
  const { person } = props;
  return (
    <Page title="Token issued" workspace={props.workspace} current="people">
      <h1>A token for {person.name}</h1>
      <p class="notice" role="status">
        Copy it now: it is shown only this once. Cascade keeps only its hash.
      </p>
      <p>
        <code class="issued-token" id="issued-token" data-token-for={person.id}>
          {props.token}
        </code>
      </p>
      <p class="meta" id="copy-hint">
        Click the token to select it whole, then copy it (Ctrl+C, or ⌘C on a Mac). Hand it to {person.name}{" "}
        privately: they sign in to this dashboard with it (as a {person.role}), or send it to the API as{" "}
        <code>Authorization: Bearer …</code>. Lost, it cannot be shown again: revoke it and issue another.
      </p>
      <p>
        <a href={`/dashboard/people#person-${person.id}`}>Back to people</a>
      </p>
    </Page>
  );
}
