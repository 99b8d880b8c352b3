/**
 * The People page and roles on the dashboard: an admin person or an integration's token manages people
 * through the API's own functions (the same validation, the same rows); members and viewers get a 403
 * page and no link to it; a viewer sees no check-in form and no Sync now, and a viewer's post is an
 * HTML 403. Every post needs the session's CSRF token and the dashboard's origin. An issued token is
 * shown once.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { callJson, tinyCascade, workspaceWith } from "../test/helpers.ts";
import { elementWith, fieldValue, page, postForm, session, textOf } from "./test-pages.ts";

type Role = "viewer" | "member" | "admin";

let workspaces = 0;
/** A workspace with the tiny cascade, its integration token and a session of that token. */
async function workspace(): Promise<{ ws: string; token: string; cookie: string }> {
  const ws = `dash-ppl-${++workspaces}`;
  const token = await workspaceWith(ws, tinyCascade());
  return { ws, token, cookie: await session(token) };
}

/** Adds a person through the API, issues them a token, and signs them in. */
async function person(ws: string, manager: string, role: Role, name = `The ${role}`) {
  const added = await callJson(`/v1/workspaces/${ws}/people`, {
    token: manager,
    body: { name, email: `${role}.${Math.random().toString(36).slice(2)}@example.com`, role },
  });
  expect(added.status).toBe(201);
  const issued = await callJson(`/v1/workspaces/${ws}/people/${added.body.id}/tokens`, {
    token: manager,
    method: "POST",
  });
  const token = issued.body.token as string;
  return { id: added.body.id as string, name, token, cookie: await session(token) };
}

async function peopleOf(ws: string, token: string) {
  const { body } = await callJson(`/v1/workspaces/${ws}/people`, { token });
  return body.items as Array<{ id: string; name: string; email: string; role: Role }>;
}

/** The people page's CSRF token for the session. */
async function csrfOf(cookie: string): Promise<string> {
  const { html } = await page("/dashboard/people", cookie);
  return fieldValue(html, "csrf") ?? "";
}

const navLinks = (html: string) =>
  [...elementWith(html, 'aria-label="Dashboard"').matchAll(/href="([^"]*)"/g)].map((m) => m[1]);

describe("the People page", () => {
  it("lists the workspace's people with email, role and live tokens, for an integration's token", async () => {
    const { ws, token, cookie } = await workspace();
    const ana = await person(ws, token, "member", "Ana Lima");
    const response = await page("/dashboard/people", cookie);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("text/html");
    expect(navLinks(response.html)).toContain("/dashboard/people");
    const row = elementWith(response.html, `data-person="${ana.id}"`);
    expect(row).toContain('data-role="member"');
    expect(textOf(row)).toContain("Ana Lima");
    expect(textOf(row)).toMatch(/member\.\w+@example\.com/);
    const tokens = await callJson(`/v1/workspaces/${ws}/people/${ana.id}/tokens`, { token });
    expect(row).toContain(`data-token="${tokens.body.items[0].id}"`);
    // Every form carries the session's CSRF token.
    const forms = response.html.match(/<form[^>]* method="post" action="\/dashboard\/people[^"]*"/g) ?? [];
    const csrfFields = response.html.match(/name="csrf"/g) ?? [];
    expect(forms.length).toBe(5); // role, issue, revoke, remove of Ana; add a person
    expect(csrfFields.length).toBe(forms.length);
  });

  it("adds a person through the API's functions, then shows them with a notice", async () => {
    const { ws, token, cookie } = await workspace();
    const csrf = await csrfOf(cookie);
    const added = await postForm("/dashboard/people", cookie, {
      csrf,
      name: "  Bea Costa ",
      email: "bea@example.com",
      role: "viewer",
    });
    expect(added.status).toBe(303);
    const [bea] = await peopleOf(ws, token);
    expect(bea).toMatchObject({ name: "Bea Costa", email: "bea@example.com", role: "viewer" });
    expect(added.headers.get("location")).toBe(`/dashboard/people?done=added#person-${bea?.id}`);
    const after = await page("/dashboard/people?done=added", cookie);
    expect(textOf(after.html)).toContain("Person added. Issue them a token");
    expect(after.html).toContain(`data-person="${bea?.id}" data-role="viewer"`);
    // Notices come from a closed list: anything else in the URL shows none.
    for (const done of ["constructor", "%3Cb%3Ezzqq%3C%2Fb%3E"]) {
      const other = await page(`/dashboard/people?done=${done}`, cookie);
      expect(other.status).toBe(200);
      expect(other.html).not.toContain('role="status"');
      expect(other.html).not.toContain("zzqq");
    }
  });

  it("refuses a bad person on the form, naming each field, with what was typed kept", async () => {
    const { ws, token, cookie } = await workspace();
    const csrf = await csrfOf(cookie);
    const refused = await postForm("/dashboard/people", cookie, {
      csrf,
      name: "   ",
      email: "not-an-email",
      role: "owner",
    });
    expect(refused.status).toBe(400);
    const html = await refused.text();
    const alert = textOf(elementWith(html, "data-form-error"));
    expect(alert).toContain("The person was not added:");
    expect(alert).toContain("Name: expected a name of 1 to 200 characters");
    expect(alert).toContain("Email: expected an email address, such as ana@example.com");
    expect(alert).toContain("Role: expected one of viewer, member, admin");
    for (const field of ["name", "email", "role"]) {
      expect(html).toMatch(
        new RegExp(
          `id="person-${field}" name="${field}" aria-invalid="true" aria-describedby="person-${field}-error"`,
        ),
      );
    }
    expect(fieldValue(html, "email")).toBe("not-an-email");
    expect(await peopleOf(ws, token)).toEqual([]);
  });

  it("refuses an email a live person has, in any case, on the email field (409)", async () => {
    const { ws, token, cookie } = await workspace();
    const csrf = await csrfOf(cookie);
    const fields = { csrf, name: "Ana", email: "ana@example.com", role: "member" };
    expect((await postForm("/dashboard/people", cookie, fields)).status).toBe(303);
    const again = await postForm("/dashboard/people", cookie, { ...fields, email: "ANA@example.com" });
    expect(again.status).toBe(409);
    expect(textOf(elementWith(await again.text(), "data-form-error"))).toContain(
      "Email: ANA@example.com is already someone's in this workspace.",
    );
    expect(await peopleOf(ws, token)).toHaveLength(1);
  });

  it("changes a role, which holds from the person's next page", async () => {
    const { ws, token, cookie } = await workspace();
    const bea = await person(ws, token, "viewer");
    expect((await page("/dashboard/people", bea.cookie)).status).toBe(403);
    const csrf = await csrfOf(cookie);
    const changed = await postForm(`/dashboard/people/${bea.id}/role`, cookie, { csrf, role: "admin" });
    expect(changed.status).toBe(303);
    expect(changed.headers.get("location")).toBe(`/dashboard/people?done=role#person-${bea.id}`);
    expect((await peopleOf(ws, token))[0]?.role).toBe("admin");
    expect((await page("/dashboard/people", bea.cookie)).status).toBe(200);

    const bad = await postForm(`/dashboard/people/${bea.id}/role`, cookie, { csrf, role: "owner" });
    expect(bad.status).toBe(400);
    const row = elementWith(await bad.text(), `data-person="${bea.id}"`);
    expect(textOf(row)).toContain("Role: expected one of viewer, member, admin");
    expect(row).toContain('aria-invalid="true"');
    expect((await peopleOf(ws, token))[0]?.role).toBe("admin");

    const gone = await postForm("/dashboard/people/per_nobody/role", cookie, { csrf, role: "member" });
    expect(gone.status).toBe(404);
    expect(textOf(await gone.text())).toContain("That person is no longer in this workspace");
  });

  it("issues a token shown once: on the answer, never in a URL, never again on the page", async () => {
    const { ws, token, cookie } = await workspace();
    const { id } = (
      await callJson(`/v1/workspaces/${ws}/people`, {
        token,
        body: { name: "Caio", email: "caio@example.com", role: "member" },
      })
    ).body;
    const csrf = await csrfOf(cookie);
    const answer = await postForm(`/dashboard/people/${id}/tokens`, cookie, { csrf });
    expect(answer.status).toBe(201);
    expect(answer.headers.get("location")).toBeNull();
    expect(answer.headers.get("cache-control")).toContain("no-store");
    const html = await answer.text();
    const issued =
      /<code class="issued-token" id="issued-token" data-token-for="[^"]+">(csk_[\w-]{43})<\/code>/.exec(
        html,
      )?.[1];
    expect(issued).toBeDefined();
    expect(textOf(html)).toContain("Copy it now: it is shown only this once.");
    expect(textOf(html)).toContain(
      "Click the token to select it whole, then copy it (Ctrl+C, or ⌘C on a Mac)",
    );
    // It is Caio's: the API and the dashboard know them by it.
    const me = await callJson("/v1/me", { token: issued as string });
    expect(me.body.person).toEqual({ id, name: "Caio", role: "member" });
    const listed = await page("/dashboard/people", cookie);
    expect(listed.html).not.toContain(issued as string);
    const { results } = await env.DB.prepare("SELECT token_hash FROM workspace_tokens WHERE person_id = ?")
      .bind(id)
      .all<{ token_hash: string }>();
    expect(results).toHaveLength(1);
    expect(results[0]?.token_hash).not.toContain(issued as string);
  });

  it("revokes a person's tokens with their sessions, and removes a person", async () => {
    const { ws, token, cookie } = await workspace();
    const dan = await person(ws, token, "member", "Dan");
    const csrf = await csrfOf(cookie);
    const revoked = await postForm(`/dashboard/people/${dan.id}/tokens/revoke`, cookie, { csrf });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get("location")).toBe(`/dashboard/people?done=revoked#person-${dan.id}`);
    expect((await callJson("/v1/me", { token: dan.token })).status).toBe(401);
    expect((await page("/dashboard", dan.cookie)).headers.get("location")).toBe("/sign-in");
    const row = elementWith((await page("/dashboard/people", cookie)).html, `data-person="${dan.id}"`);
    expect(textOf(row)).toContain("none");
    expect(textOf(row)).toContain("1 revoked");

    const removed = await postForm(`/dashboard/people/${dan.id}/remove`, cookie, { csrf });
    expect(removed.status).toBe(303);
    expect(removed.headers.get("location")).toBe("/dashboard/people?done=removed");
    expect(await peopleOf(ws, token)).toEqual([]);
    const after = await page("/dashboard/people?done=removed", cookie);
    expect(after.html).not.toContain(`data-person="${dan.id}"`);
    expect(textOf(after.html)).toContain("Person removed");
    expect((await postForm(`/dashboard/people/${dan.id}/remove`, cookie, { csrf })).status).toBe(404);
  });

  it("escapes what people are named", async () => {
    const { ws, token, cookie } = await workspace();
    const evil = '<script>alert("x")</script>&"\'';
    await person(ws, token, "member", evil);
    const { html } = await page("/dashboard/people", cookie);
    expect(html).not.toContain("<script>");
    expect(textOf(html)).toContain(evil);
  });

  it("pages a long list of people by id", async () => {
    const { ws, token, cookie } = await workspace();
    const statements = Array.from({ length: 51 }, (_, i) =>
      env.DB.prepare(
        "INSERT INTO people (id, workspace_id, name, email, role, created_at, updated_at) VALUES (?, ?, ?, ?, 'viewer', '2026-01-01', '2026-01-01')",
      ).bind(`per_${String(i).padStart(3, "0")}`, ws, `P${i}`, `p${i}@example.com`),
    );
    await env.DB.batch(statements);
    const first = await page("/dashboard/people", cookie);
    expect(first.html.match(/data-person=/g)).toHaveLength(50);
    expect(first.html).toContain('href="/dashboard/people?after=per_049"');
    const second = await page("/dashboard/people?after=per_049", cookie);
    expect(second.html.match(/data-person="([^"]+)"/g)).toEqual(['data-person="per_050"']);
    expect(second.html).toContain('href="/dashboard/people">First people');
    expect(await peopleOf(ws, token)).toHaveLength(51);
  });
});

describe("who may manage people on the dashboard", () => {
  it("an admin person may, like an integration's token", async () => {
    const { ws, token } = await workspace();
    const admin = await person(ws, token, "admin");
    const response = await page("/dashboard/people", admin.cookie);
    expect(response.status).toBe(200);
    expect(navLinks(response.html)).toContain("/dashboard/people");
    const csrf = fieldValue(response.html, "csrf") ?? "";
    const added = await postForm("/dashboard/people", admin.cookie, {
      csrf,
      name: "Eva",
      email: "eva@example.com",
      role: "member",
    });
    expect(added.status).toBe(303);
    expect((await peopleOf(ws, token)).map((p) => p.name)).toContain("Eva");
  });

  it("members and viewers get a 403 page and no People link; their posts change nothing", async () => {
    const { ws, token, cookie } = await workspace();
    const member = await person(ws, token, "member");
    const viewer = await person(ws, token, "viewer");
    const csrf = await csrfOf(cookie);
    // The member's own session's token, too: the role decides, not the token.
    const ownCsrf = fieldValue((await page("/dashboard/key-results/kr-a", member.cookie)).html, "csrf") ?? "";
    expect(ownCsrf).not.toBe("");
    for (const who of [member, viewer]) {
      const refused = await page("/dashboard/people", who.cookie);
      expect(refused.status, who.name).toBe(403);
      expect(refused.headers.get("content-type")).toContain("text/html");
      expect(textOf(refused.html)).toContain("People are managed by admins");
      expect(navLinks((await page("/dashboard?asOf=2026-02-01", who.cookie)).html)).not.toContain(
        "/dashboard/people",
      );
      for (const [path, fields] of [
        ["/dashboard/people", { csrf: ownCsrf, name: "X", email: "x@example.com", role: "admin" }],
        [`/dashboard/people/${who.id}/role`, { csrf: ownCsrf, role: "admin" }],
        [`/dashboard/people/${member.id}/tokens`, { csrf }],
        [`/dashboard/people/${member.id}/remove`, { csrf }],
      ] as const) {
        const posted = await postForm(path, who.cookie, fields);
        expect(posted.status, `${who.name} ${path}`).toBe(403);
        expect(posted.headers.get("content-type")).toContain("text/html");
        expect(await posted.text()).not.toContain("csk_");
      }
    }
    const people = await peopleOf(ws, token);
    expect(people.map((p) => p.role).sort()).toEqual(["member", "viewer"]);
    const tokens = await callJson(`/v1/workspaces/${ws}/people/${member.id}/tokens`, { token });
    expect(tokens.body.items).toHaveLength(1);
  });
});

describe("the People page's forms are protected against CSRF", () => {
  it("refuses a post without the session's token, with another session's, or from another site", async () => {
    const { ws, token, cookie } = await workspace();
    const other = await session(token);
    const otherCsrf = await csrfOf(other);
    const fields = { name: "Mallory", email: "m@example.com", role: "admin" };
    const cases: Array<[string, Record<string, string>, Record<string, string> | undefined]> = [
      ["no token", fields, undefined],
      ["a forged token", { ...fields, csrf: "A".repeat(43) }, undefined],
      ["another session's token", { ...fields, csrf: otherCsrf }, undefined],
      ["another site", { ...fields, csrf: await csrfOf(cookie) }, { origin: "https://evil.example" }],
      ["no origin at all", { ...fields, csrf: await csrfOf(cookie) }, {}],
    ];
    for (const [label, form, headers] of cases) {
      const posted = await postForm("/dashboard/people", cookie, form, headers);
      expect(posted.status, label).toBe(403);
      expect(posted.headers.get("content-type"), label).toContain("text/html");
    }
    const refused = await postForm("/dashboard/people", cookie, fields);
    expect(textOf(await refused.text())).toContain("That form was not opened in your current session");
    const dan = await person(ws, token, "member");
    for (const action of ["role", "tokens", "tokens/revoke", "remove"]) {
      const posted = await postForm(`/dashboard/people/${dan.id}/${action}`, cookie, { role: "admin" });
      expect(posted.status, action).toBe(403);
    }
    expect((await peopleOf(ws, token)).map((p) => [p.name, p.role])).toEqual([[dan.name, "member"]]);
    expect((await callJson("/v1/me", { token: dan.token })).status).toBe(200);
  });

  it("refuses a form over 4 KB before reading it", async () => {
    const { cookie } = await workspace();
    const posted = await postForm("/dashboard/people", cookie, {
      csrf: await csrfOf(cookie),
      name: "x".repeat(5000),
      email: "x@example.com",
      role: "member",
    });
    expect(posted.status).toBe(413);
    expect(posted.headers.get("content-type")).toContain("text/html");
  });
});

describe("viewers on the dashboard", () => {
  it("read a key result without the check-in form, and the sync page without Sync now", async () => {
    const { ws, token, cookie } = await workspace();
    await env.DB.prepare(
      `INSERT INTO connections (workspace_id, kind, secret, iv, config, created_at, validated_at)
       VALUES (?, 'coda', 'x', 'x', '{"account":"Ana"}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
    )
      .bind(ws)
      .run();
    const viewer = await person(ws, token, "viewer");
    const line = "Viewers can read; ask an admin for a member's token to check in.";
    const kr = await page("/dashboard/key-results/kr-a?asOf=2026-02-01", viewer.cookie);
    expect(kr.status).toBe(200);
    expect(kr.html).not.toContain('class="check-in"');
    expect(kr.html).not.toContain('name="csrf"');
    expect(textOf(kr.html)).toContain(line);
    const sync = await page("/dashboard/sync", viewer.cookie);
    expect(textOf(sync.html)).toContain("the account of Ana");
    expect(sync.html).not.toContain("Sync now");
    expect(textOf(sync.html)).toContain(line);
    // A member and the integration's token see both.
    const member = await person(ws, token, "member");
    for (const c of [member.cookie, cookie]) {
      expect((await page("/dashboard/key-results/kr-a?asOf=2026-02-01", c)).html).toContain(
        'class="check-in"',
      );
      expect((await page("/dashboard/sync", c)).html).toContain("Sync now");
    }
  });

  it("get an HTML 403 page for any post, and nothing changes", async () => {
    const { ws, token } = await workspace();
    const viewer = await person(ws, token, "viewer");
    for (const path of ["/dashboard/key-results/kr-a/check-ins", "/dashboard/sync", "/dashboard/people"]) {
      const posted = await postForm(path, viewer.cookie, { date: "2026-02-10", value: "5" });
      expect(posted.status, path).toBe(403);
      expect(posted.headers.get("content-type"), path).toContain("text/html");
      const html = await posted.text();
      expect(textOf(html)).toContain("Viewers change nothing");
      expect(textOf(html)).toContain("Viewers can read; ask an admin for a member's token to check in.");
      expect(html).toContain("<!DOCTYPE html>");
    }
    const stored = await callJson(`/v1/workspaces/${ws}/cascade`, { token });
    expect(stored.body.keyResults[0].checkIns).toBeUndefined();
    const runs = await callJson(`/v1/workspaces/${ws}/sync-runs`, { token });
    expect(runs.body.items).toEqual([]);
  });
});
