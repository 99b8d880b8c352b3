import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { scoreCascade } from "../../core/report.ts";
import { callJson, northwind, tinyCascade, workspaceWith } from "../test/helpers.ts";

const AS_OF = "2026-02-15";
const kr = (ws: string, id: string) => `/v1/workspaces/${ws}/key-results/${id}`;
const checkIns = (ws: string, id: string) => `${kr(ws, id)}/check-ins?asOf=${AS_OF}`;
const countCheckIns = async (ws: string, id: string) =>
  (
    await env.DB.prepare("SELECT COUNT(*) AS n FROM check_ins WHERE workspace_id = ? AND key_result_id = ?")
      .bind(ws, id)
      .first<{ n: number }>()
  )?.n;

describe("GET and PATCH a key result", () => {
  it("returns the key result with its score (equal to the core's) and its version as ETag", async () => {
    const token = await workspaceWith("nw-kr", northwind());
    const id = "kr-q3-sql-volume";
    const { status, body, headers } = await callJson(`${kr("nw-kr", id)}?asOf=2026-08-15`, { token });
    expect(status).toBe(200);
    const expected = scoreCascade(northwind(), "2026-08-15").keyResults.find((k) => k.id === id);
    const { id: _id, objectiveId: _o, kind: _k, ...score } = expected ?? {};
    expect(body).toMatchObject({ id, title: expect.any(String), ...score });
    expect(body.checkIns).toBeUndefined();
    expect(headers.get("etag")).toBe(`"${body.version}"`);
  });

  it("answers 404 for an id that resolves to nothing", async () => {
    const token = await workspaceWith("missing-kr", tinyCascade());
    expect((await callJson(kr("missing-kr", "nope"), { token })).status).toBe(404);
    const patch = await callJson(kr("missing-kr", "nope"), { method: "PATCH", token, body: { title: "x" } });
    expect(patch.status).toBe(404);
  });

  it("patches fields (null removes one), bumps the version and rescoring follows", async () => {
    const token = await workspaceWith("patch", tinyCascade());
    const before = await callJson(kr("patch", "kr-a"), { token });
    const { status, body, headers } = await callJson(`${kr("patch", "kr-a")}?asOf=${AS_OF}`, {
      method: "PATCH",
      token,
      body: { current: 50, unit: "deals", owner: "Ana" },
      headers: { "if-match": String(before.headers.get("etag")) },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ current: 50, unit: "deals", owner: "Ana", progress: 0.5 });
    expect(body.version).toBeGreaterThan(before.body.version);
    expect(headers.get("etag")).toBe(`"${body.version}"`);
    const removed = await callJson(kr("patch", "kr-a"), { method: "PATCH", token, body: { owner: null } });
    expect(removed.body.owner).toBeUndefined();
    const doc = (await callJson("/v1/workspaces/patch/cascade", { token })).body;
    expect(doc.keyResults[0]).toEqual({ ...tinyCascade().keyResults[0], current: 50, unit: "deals" });
    // Other key results are untouched, check-ins included.
    expect(doc.keyResults.slice(1)).toEqual(tinyCascade().keyResults.slice(1));
  });

  it("answers 412 when If-Match names a stale version, and changes nothing", async () => {
    const token = await workspaceWith("stale", tinyCascade());
    const { body: first } = await callJson(kr("stale", "kr-a"), { token });
    await callJson(kr("stale", "kr-a"), { method: "PATCH", token, body: { title: "new" } });
    const stale = await callJson(kr("stale", "kr-a"), {
      method: "PATCH",
      token,
      body: { title: "stale write" },
      headers: { "if-match": `"${first.version}"` },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe("precondition_failed");
    expect((await callJson(kr("stale", "kr-a"), { token })).body.title).toBe("new");
    const garbage = await callJson(kr("stale", "kr-a"), {
      method: "PATCH",
      token,
      body: { title: "x" },
      headers: { "if-match": "yesterday" },
    });
    expect(garbage.status).toBe(412);
  });

  it("lets one of several concurrent patches with the same If-Match win; the others get 412", async () => {
    const token = await workspaceWith("patch-race", tinyCascade());
    const { body: before } = await callJson(kr("patch-race", "kr-a"), { token });
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        callJson(kr("patch-race", "kr-a"), {
          method: "PATCH",
          token,
          body: { title: `writer ${i}` },
          headers: { "if-match": `"${before.version}"` },
        }),
      ),
    );
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.status === 412)).toHaveLength(5);
    const { body: after } = await callJson(kr("patch-race", "kr-a"), { token });
    expect(after).toMatchObject({ title: won[0]?.body.title, version: won[0]?.body.version });
  });

  it("never loses a patch silently: without If-Match each concurrent one is applied or answered 409", async () => {
    const token = await workspaceWith("patch-race-2", tinyCascade());
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        callJson(kr("patch-race-2", "kr-a"), { method: "PATCH", token, body: { target: 100 + i } }),
      ),
    );
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    const applied = answers.filter((a) => a.status === 200).map((a) => a.body);
    expect(applied.length).toBeGreaterThan(0);
    // Each applied patch took its own version; the key result ends as the last of them left it.
    expect(new Set(applied.map((a) => a.version)).size).toBe(applied.length);
    const last = applied.reduce((a, b) => (a.version > b.version ? a : b));
    const { body: after } = await callJson(kr("patch-race-2", "kr-a"), { token });
    expect(after).toMatchObject({ target: last.target, version: last.version });
  });

  it("rejects bad patches by path: wrong types, unknown fields, the id, unknown objectives", async () => {
    const token = await workspaceWith("bad-patch", tinyCascade());
    const cases: Array<[unknown, string]> = [
      [{ target: "high" }, "target"],
      [{ colour: "red" }, "colour"],
      [{ id: "other" }, "id"],
      [{ kind: "exponential" }, "kind"],
      [{ weight: -1 }, "weight"],
      [{ objectiveId: "nowhere" }, "objectiveId"],
      [{ milestones: [{ title: "m" }] }, "milestones[0].done"],
    ];
    for (const [body, path] of cases) {
      const result = await callJson(kr("bad-patch", "kr-a"), { method: "PATCH", token, body });
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    const removeRequired = await callJson(kr("bad-patch", "kr-a"), {
      method: "PATCH",
      token,
      body: { title: null },
    });
    expect(removeRequired.status).toBe(400);
  });
});

describe("a key result's confidence", () => {
  /** kr-a with check-ins: two on one day (the later one counts), the latest without a confidence. */
  function withCheckIns() {
    const doc = tinyCascade();
    (doc.keyResults[0] as { checkIns?: unknown[] }).checkIns = [
      { date: "2026-02-01", value: 10, confidence: 4 },
      { date: "2026-02-01", value: 12, confidence: 5 },
      { date: "2026-02-08", value: 20, confidence: 8 },
      { date: "2026-02-12", value: 25 },
    ];
    return doc;
  }

  it("is the latest check-in's dated on or before asOf, null when it carries none or there is none", async () => {
    const token = await workspaceWith("conf-get", withCheckIns());
    const confidenceOn = async (asOf: string) =>
      (await callJson(`${kr("conf-get", "kr-a")}?asOf=${asOf}`, { token })).body.confidence;
    expect(await confidenceOn("2026-01-15")).toBeNull();
    expect(await confidenceOn("2026-02-01")).toBe(5);
    expect(await confidenceOn("2026-02-10")).toBe(8);
    expect(await confidenceOn("2026-02-12")).toBeNull();
    // A key result without check-ins has none.
    expect((await callJson(`${kr("conf-get", "kr-b")}?asOf=${AS_OF}`, { token })).body.confidence).toBeNull();
  });

  it("is what the core's status cap reads: a low confidence keeps an on-track key result at risk", async () => {
    const doc = tinyCascade();
    (doc.keyResults[0] as { checkIns?: unknown[] }).checkIns = [
      { date: "2026-02-10", value: 60, confidence: 2 },
    ];
    const token = await workspaceWith("conf-cap", doc);
    const { body } = await callJson(`${kr("conf-cap", "kr-a")}?asOf=${AS_OF}`, { token });
    const expected = scoreCascade(doc, AS_OF).keyResults.find((k) => k.id === "kr-a");
    expect(body).toMatchObject({ confidence: 2, status: expected?.status });
    expect(expected?.status).toBe("at_risk");
  });

  it("is in the answers of a patch and of a check-in, scored for their asOf", async () => {
    const token = await workspaceWith("conf-write", withCheckIns());
    const patched = await callJson(`${kr("conf-write", "kr-a")}?asOf=2026-02-10`, {
      method: "PATCH",
      token,
      body: { owner: "Ana" },
    });
    expect(patched.body).toMatchObject({ owner: "Ana", confidence: 8 });
    const confidenceOnly = await callJson(checkIns("conf-write", "kr-a"), {
      token,
      body: { date: "2026-02-13", confidence: 6 },
    });
    expect(confidenceOnly.status).toBe(201);
    expect(confidenceOnly.body.keyResult).toMatchObject({ confidence: 6, current: 25 });
    const valueOnly = await callJson(checkIns("conf-write", "kr-a"), {
      token,
      body: { date: "2026-02-14", value: 30 },
    });
    expect(valueOnly.body.keyResult).toMatchObject({ confidence: null, current: 30 });
  });

  it("replays an answer recorded before key results carried their confidence, with none", async () => {
    const token = await workspaceWith("conf-replay", tinyCascade());
    const send = () =>
      callJson(checkIns("conf-replay", "kr-a"), {
        token,
        body: { date: "2026-02-10", value: 30, confidence: 7 },
        headers: { "idempotency-key": "k-conf" },
      });
    const first = await send();
    expect(first.body.keyResult.confidence).toBe(7);
    await env.DB.prepare(
      "UPDATE idempotency_keys SET body = json_remove(body, '$.keyResult.confidence') WHERE workspace_id = ?",
    )
      .bind("conf-replay")
      .run();
    const old = await send();
    expect(old.status).toBe(201);
    expect(old.body.keyResult).toEqual({ ...first.body.keyResult, confidence: null });
    expect(await countCheckIns("conf-replay", "kr-a")).toBe(1);
  });
});

describe("POST check-ins", () => {
  it("records a check-in and answers 201 with the key result's new score", async () => {
    const token = await workspaceWith("ci", tinyCascade());
    const { status, body } = await callJson(checkIns("ci", "kr-a"), {
      token,
      body: { date: "2026-02-10", value: 40, confidence: 6, note: "good week" },
    });
    expect(status).toBe(201);
    expect(body.checkIn).toMatchObject({
      keyResultId: "kr-a",
      date: "2026-02-10",
      value: 40,
      note: "good week",
    });
    expect(body.checkIn.id).toMatch(/^\d+$/);
    expect(body.keyResult).toMatchObject({ id: "kr-a", current: 40, progress: 0.4 });
    const doc = (await callJson("/v1/workspaces/ci/cascade", { token })).body;
    expect(doc.keyResults[0].checkIns).toEqual([
      { date: "2026-02-10", value: 40, confidence: 6, note: "good week" },
    ]);
    const single = await callJson(`${kr("ci", "kr-a")}?asOf=${AS_OF}`, { token });
    expect(single.body.version).toBe(body.keyResult.version);
  });

  it("refuses a check-in dated outside its key result's cycle, naming the cycle (DOMAIN §6)", async () => {
    const token = await workspaceWith("ci-cycle", tinyCascade());
    const doc = tinyCascade();
    const cycle = doc.cycles.find((c) => c.id === doc.objectives[0]?.cycleId);
    for (const date of ["2025-12-31", "2027-01-01"]) {
      const refused = await callJson(checkIns("ci-cycle", "kr-a"), { token, body: { date, value: 1 } });
      expect(refused.status).toBe(400);
      expect(refused.body.error.issues).toEqual([
        {
          path: "date",
          message: `expected a day of the key result's cycle ${cycle?.id}, ${cycle?.start} to ${cycle?.end}`,
        },
      ]);
    }
    const stored = await callJson("/v1/workspaces/ci-cycle/cascade", { token });
    expect(stored.body.keyResults[0].checkIns ?? []).toEqual(doc.keyResults[0]?.checkIns ?? []);
    const onLastDay = await callJson(checkIns("ci-cycle", "kr-a"), {
      token,
      body: { date: cycle?.end, value: 1 },
    });
    expect(onLastDay.status).toBe(201);
  });

  it("refuses a check-in dated after today (UTC), inside the cycle or not, and takes one dated today", async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const today = day(0);
    const doc = tinyCascade();
    doc.cycles = [{ id: "q1", start: day(-30), end: day(30) }];
    const token = await workspaceWith("ci-future", doc);
    const url = `${kr("ci-future", "kr-a")}/check-ins`;
    const refused = await callJson(url, { token, body: { date: day(1), value: 5 } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("invalid_request");
    expect(refused.body.error.issues).toEqual([
      { path: "date", message: `expected a day on or before ${today} (today, UTC)` },
    ]);
    expect(await countCheckIns("ci-future", "kr-a")).toBe(0);
    // A date after asOf is not a date after today: asOf only says which day to score.
    const pastAsOf = await callJson(`${url}?asOf=${day(-10)}`, { token, body: { date: today, value: 5 } });
    expect(pastAsOf.status).toBe(201);
    expect(await countCheckIns("ci-future", "kr-a")).toBe(1);
  });

  it("rejects bad check-ins: bad dates, wrong types, unknown fields, out-of-range confidence", async () => {
    const token = await workspaceWith("ci-bad", tinyCascade());
    const cases: Array<[unknown, string]> = [
      [{ date: "2026-13-01", value: 1 }, "date"],
      [{ date: "10/02/2026", value: 1 }, "date"],
      [{ value: 1 }, "date"],
      [{ date: "2026-02-10", value: "12" }, "value"],
      [{ date: "2026-02-10", confidence: 11 }, "confidence"],
      [{ date: "2026-02-10", mood: "great" }, "mood"],
    ];
    for (const [body, path] of cases) {
      const result = await callJson(checkIns("ci-bad", "kr-a"), { token, body });
      expect(result.status, JSON.stringify(body)).toBe(400);
      expect(result.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    expect(await countCheckIns("ci-bad", "kr-a")).toBe(0);
    const nowhere = await callJson(checkIns("ci-bad", "nope"), {
      token,
      body: { date: "2026-02-10", value: 1 },
    });
    expect(nowhere.status).toBe(404);
  });

  it("names every invalid field at once, in the query and the body alike", async () => {
    const token = await workspaceWith("ci-all", tinyCascade());
    const result = await callJson("/v1/workspaces/ci-all/key-results/kr-a/check-ins?asOf=tomorrow", {
      token,
      body: { date: "2026-13-01", confidence: 11, mood: "great" },
    });
    expect(result.status).toBe(400);
    expect(result.body.error.code).toBe("invalid_request");
    expect(result.body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      "asOf",
      "confidence",
      "date",
      "mood",
    ]);
    expect(await countCheckIns("ci-all", "kr-a")).toBe(0);
  });

  it("makes a retried post with the same Idempotency-Key a no-op that returns the first answer", async () => {
    const token = await workspaceWith("idem", tinyCascade());
    const send = (body: unknown, key = "retry-1") =>
      callJson(checkIns("idem", "kr-a"), { token, body, headers: { "idempotency-key": key } });
    const first = await send({ date: "2026-02-10", value: 30 });
    const again = await send({ date: "2026-02-10", value: 30 });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await countCheckIns("idem", "kr-a")).toBe(1);
    const reused = await send({ date: "2026-02-11", value: 31 });
    expect(reused.status).toBe(409);
    expect(reused.body.error.code).toBe("idempotency_key_reused");
    const other = await send({ date: "2026-02-10", value: 30 }, "retry-2");
    expect(other.status).toBe(201);
    expect(await countCheckIns("idem", "kr-a")).toBe(2);
  });

  it("writes once when retries with one key race each other", async () => {
    const token = await workspaceWith("idem-race", tinyCascade());
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        callJson(checkIns("idem-race", "kr-a"), {
          token,
          body: { date: "2026-02-10", value: 7 },
          headers: { "idempotency-key": "same" },
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(answers.map((a) => a.body.checkIn.id)).size).toBe(1);
    expect(await countCheckIns("idem-race", "kr-a")).toBe(1);
  });

  it("loses none of many concurrent check-ins on one key result", async () => {
    const token = await workspaceWith("concurrent", tinyCascade());
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        callJson(checkIns("concurrent", "kr-a"), { token, body: { date: "2026-02-10", value: i } }),
      ),
    );
    expect(answers.every((a) => a.status === 201)).toBe(true);
    expect(new Set(answers.map((a) => a.body.checkIn.id)).size).toBe(20);
    expect(new Set(answers.map((a) => a.body.keyResult.version)).size).toBe(20);
    expect(await countCheckIns("concurrent", "kr-a")).toBe(20);
    const doc = (await callJson("/v1/workspaces/concurrent/cascade", { token })).body;
    expect(doc.keyResults[0].checkIns).toHaveLength(20);
  });

  it("answers each of many concurrent check-ins with the score of every check-in committed up to it", async () => {
    const token = await workspaceWith("concurrent-score", tinyCascade());
    // Check-in i is dated later as i grows, so the current value after any set of them is its largest i.
    // Posted at once, some read the cascade before others commit (not every run races the same way).
    const dated = (i: number) => new Date(Date.UTC(2026, 0, 20 + i)).toISOString().slice(0, 10);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        callJson(checkIns("concurrent-score", "kr-a"), {
          token,
          body: { date: dated(i), value: i },
          headers: { "idempotency-key": `score-${i}` },
        }),
      ),
    );
    expect(answers.map((a) => (a.status === 201 ? 201 : a.body))).toEqual(answers.map(() => 201));
    const committed = answers.map((a) => ({
      seq: Number(a.body.checkIn.id),
      value: a.body.checkIn.value as number,
    }));
    for (const answer of answers) {
      const upToIt = committed.filter((c) => c.seq <= Number(answer.body.checkIn.id)).map((c) => c.value);
      expect(answer.body.keyResult.current, `check-in ${answer.body.checkIn.id}`).toBe(Math.max(...upToIt));
      expect(answer.body.keyResult.progress).toBe(Math.max(...upToIt) / 100);
    }
    // A retry returns the answer as it was finally given, not the one written before the race was known.
    for (const [i, answer] of answers.entries()) {
      const retried = await callJson(checkIns("concurrent-score", "kr-a"), {
        token,
        body: { date: dated(i), value: i },
        headers: { "idempotency-key": `score-${i}` },
      });
      expect(retried.body).toEqual(answer.body);
    }
  });

  it("makes the key result's old version stale", async () => {
    const token = await workspaceWith("ci-etag", tinyCascade());
    const { body: before } = await callJson(kr("ci-etag", "kr-a"), { token });
    await callJson(checkIns("ci-etag", "kr-a"), { token, body: { date: "2026-02-10", value: 1 } });
    const stale = await callJson(kr("ci-etag", "kr-a"), {
      method: "PATCH",
      token,
      body: { title: "x" },
      headers: { "if-match": `"${before.version}"` },
    });
    expect(stale.status).toBe(412);
  });
});

describe("check-in authors", () => {
  /** A workspace with a member person; their token and the workspace (integration) token. */
  async function withMember(ws: string) {
    const token = await workspaceWith(ws, tinyCascade());
    const person = await callJson(`/v1/workspaces/${ws}/people`, {
      token,
      body: { name: "Ana Lima", email: "ana@example.com", role: "member" },
    });
    const issued = await callJson(`/v1/workspaces/${ws}/people/${person.body.id}/tokens`, {
      token,
      method: "POST",
    });
    const tokenId = (await callJson(`/v1/workspaces/${ws}/tokens`)).body.items[0].id as string;
    return { token, tokenId, personId: person.body.id as string, member: issued.body.token as string };
  }

  const listed = async (ws: string, token: string) =>
    (await callJson(`/v1/workspaces/${ws}/check-ins?keyResultId=kr-a`, { token })).body.items;

  it("names the member who checked in, and when, in the answer and the list, not in the document", async () => {
    const { token, member, personId } = await withMember("author-member");
    const before = new Date().toISOString();
    const { status, body } = await callJson(checkIns("author-member", "kr-a"), {
      token: member,
      body: { date: "2026-02-10", value: 40, note: "mine" },
    });
    expect(status).toBe(201);
    expect(body.checkIn).toEqual({
      id: expect.stringMatching(/^\d+$/),
      keyResultId: "kr-a",
      date: "2026-02-10",
      value: 40,
      note: "mine",
      author: { kind: "person", id: personId, name: "Ana Lima" },
      recordedAt: expect.any(String),
    });
    expect(body.checkIn.recordedAt >= before && body.checkIn.recordedAt <= new Date().toISOString()).toBe(
      true,
    );
    expect(await listed("author-member", member)).toEqual([body.checkIn]);
    const doc = (await callJson("/v1/workspaces/author-member/cascade", { token })).body;
    expect(doc.keyResults[0].checkIns).toEqual([{ date: "2026-02-10", value: 40, note: "mine" }]);
    // Renaming the person later does not rewrite who recorded it then.
    await callJson(`/v1/workspaces/author-member/people/${personId}`, {
      token,
      method: "PATCH",
      body: { name: "Ana L." },
    });
    expect((await listed("author-member", token))[0].author.name).toBe("Ana Lima");
  });

  it("names a workspace token as an integration, and the admin token as admin", async () => {
    const { token, tokenId } = await withMember("author-token");
    const byToken = await callJson(checkIns("author-token", "kr-a"), {
      token,
      body: { date: "2026-02-10", value: 1 },
    });
    expect(byToken.body.checkIn.author).toEqual({ kind: "token", id: tokenId, name: "integration" });
    const byAdmin = await callJson(checkIns("author-token", "kr-a"), {
      body: { date: "2026-02-11", value: 2 },
    });
    expect(byAdmin.body.checkIn.author).toEqual({ kind: "token", id: "admin", name: "admin" });
    expect((await listed("author-token", token)).map((c: { author: unknown }) => c.author)).toEqual([
      byToken.body.checkIn.author,
      byAdmin.body.checkIn.author,
    ]);
  });

  it("answers null for check-ins that came in a document", async () => {
    const doc = tinyCascade();
    (doc.keyResults[0] as { checkIns?: unknown[] }).checkIns = [{ date: "2026-02-01", value: 3 }];
    const token = await workspaceWith("author-none", doc);
    expect(await listed("author-none", token)).toEqual([
      {
        id: expect.any(String),
        keyResultId: "kr-a",
        date: "2026-02-01",
        value: 3,
        author: null,
        recordedAt: null,
      },
    ]);
  });

  it("replays the author with the first answer, also an answer recorded before check-ins had authors", async () => {
    const { member } = await withMember("author-replay");
    const send = () =>
      callJson(checkIns("author-replay", "kr-a"), {
        token: member,
        body: { date: "2026-02-10", value: 30 },
        headers: { "idempotency-key": "k-1" },
      });
    const first = await send();
    const again = await send();
    expect(again.body).toEqual(first.body);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    await env.DB.prepare(
      "UPDATE idempotency_keys SET body = json_remove(body, '$.checkIn.author', '$.checkIn.recordedAt') WHERE workspace_id = ?",
    )
      .bind("author-replay")
      .run();
    const old = await send();
    expect(old.status).toBe(201);
    expect(old.body.checkIn).toEqual({ ...first.body.checkIn, author: null, recordedAt: null });
  });

  it("keeps, through a PUT of the cascade, the authors of the check-ins it keeps unchanged", async () => {
    const { token, member, tokenId, personId } = await withMember("author-put");
    const post = (body: object, as = member) => callJson(checkIns("author-put", "kr-a"), { token: as, body });
    // Two identical check-ins by the member, one by the integration, one the PUT will change.
    const twin1 = (await post({ date: "2026-02-10", value: 5 })).body.checkIn;
    const byToken = (await post({ date: "2026-02-11", value: 6, note: "sync" }, token)).body.checkIn;
    const twin2 = (await post({ date: "2026-02-10", value: 5 })).body.checkIn;
    await post({ date: "2026-02-12", value: 7, confidence: 4 });
    const doc = (await callJson("/v1/workspaces/author-put/cascade", { token })).body;
    const kept = doc.keyResults[0].checkIns;
    expect(kept).toHaveLength(4);
    kept[3].value = 8; // changed: loses its author
    kept.push({ date: "2026-02-13", value: 9 }); // new: has none
    const put = await callJson("/v1/workspaces/author-put/cascade", { token, method: "PUT", body: doc });
    expect(put.status).toBe(200);

    const items = await listed("author-put", token);
    const person = { kind: "person", id: personId, name: "Ana Lima" };
    expect(items.map(({ id: _id, ...c }: { id: string }) => c)).toEqual([
      { keyResultId: "kr-a", date: "2026-02-10", value: 5, author: person, recordedAt: twin1.recordedAt },
      {
        keyResultId: "kr-a",
        date: "2026-02-11",
        value: 6,
        note: "sync",
        author: { kind: "token", id: tokenId, name: "integration" },
        recordedAt: byToken.recordedAt,
      },
      { keyResultId: "kr-a", date: "2026-02-10", value: 5, author: person, recordedAt: twin2.recordedAt },
      { keyResultId: "kr-a", date: "2026-02-12", value: 8, confidence: 4, author: null, recordedAt: null },
      { keyResultId: "kr-a", date: "2026-02-13", value: 9, author: null, recordedAt: null },
    ]);
    // The rows are the document's new ones; nothing set aside is left behind.
    const leftovers = await env.DB.prepare(
      "SELECT COUNT(*) AS n FROM check_ins WHERE workspace_id = ? AND seq < 0",
    )
      .bind("author-put")
      .first<{ n: number }>();
    expect(leftovers?.n).toBe(0);
    expect(Number(items[0].id)).toBeGreaterThan(Number(twin2.id));

    // A PUT that drops the twins and moves the integration's check-in to another key result keeps none.
    const next = (await callJson("/v1/workspaces/author-put/cascade", { token })).body;
    next.keyResults[1].checkIns = [next.keyResults[0].checkIns[1]];
    next.keyResults[0].checkIns = next.keyResults[0].checkIns.slice(3);
    await callJson("/v1/workspaces/author-put/cascade", { token, method: "PUT", body: next });
    const all = (await callJson("/v1/workspaces/author-put/check-ins", { token })).body.items;
    expect(all.map((c: { author: unknown }) => c.author)).toEqual([null, null, null]);
    expect(await countCheckIns("author-put", "kr-a")).toBe(2);
  });
});
