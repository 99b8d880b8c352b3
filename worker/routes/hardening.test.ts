/**
 * Issue 19 ("Worker hardening"): a key result's `source` is bounded and checked without recursion, lone
 * surrogates are refused in every stored body, a patch that changes nothing moves no version, and list
 * queries take only what the API hands out.
 */
import { env } from "cloudflare:test";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_SOURCE_BYTES, MAX_SOURCE_DEPTH } from "../../schema/document.ts";
import { toBase64Url } from "../base64.ts";
import { readCascadeFromRows } from "../db/store/read-rows.ts";
import { encodeCursor } from "../pagination.ts";
import { call, callJson, northwind, tinyCascade, workspaceWith } from "../test/helpers.ts";

const AS_OF = "2026-02-15";
const cascade = (ws: string) => `/v1/workspaces/${ws}/cascade`;
const kr = (ws: string, id: string) => `/v1/workspaces/${ws}/key-results/${id}`;

/**
 * A source of `levels` levels: `{ type, page: [{ inner: [ … ] }] }`. Of type manual: a binding to Coda
 * or Notion set by a PATCH must also name what it reads (coda-sync.test.ts), which is not this test's.
 */
function sourceOfDepth(levels: number): { type: "manual"; page: unknown } {
  let value: unknown = { id: "p" };
  for (let level = 2; level < levels; level++) value = level % 2 === 0 ? [value] : { inner: value };
  return { type: "manual", page: value };
}

/** A PUT body with `source` on kr-a, as raw JSON: a deep value is built as text, never stringified. */
function documentText(sourceJson: string): string {
  const doc = JSON.stringify(tinyCascade());
  return doc.replace('"title":"A",', `"title":"A","source":${sourceJson},`);
}
const deepSourceJson = (levels: number) =>
  `{"type":"manual","rows":${"[".repeat(levels)}${"]".repeat(levels)}}`;

/** GET the cascade, PUT it back unchanged: must be 200, and read back the same. */
async function roundTrip(ws: string, token: string) {
  const first = await call(cascade(ws), { token });
  expect(first.status).toBe(200);
  const text = await first.text();
  const put = await callJson(cascade(ws), {
    method: "PUT",
    token,
    rawBody: text,
    headers: { "content-type": "application/json" },
  });
  expect(put.status, JSON.stringify(put.body)).toBe(200);
  const again = await callJson(cascade(ws), { token });
  expect(again.body).toEqual(JSON.parse(text));
}

const DEPTH_MESSAGE = `expected at most ${MAX_SOURCE_DEPTH} levels of nested objects and arrays`;

describe("a key result's source (item 1)", () => {
  it("refuses a PUT whose source nests 10,000 or 200,000 deep with a 400 by path, not a 500", async () => {
    const token = await workspaceWith("deep-put", tinyCascade());
    const before = await call(cascade("deep-put"), { token });
    for (const levels of [10_000, 200_000]) {
      const { status, body } = await callJson(cascade("deep-put"), {
        method: "PUT",
        token,
        rawBody: documentText(deepSourceJson(levels)),
        headers: { "content-type": "application/json" },
      });
      expect(status).toBe(400);
      expect(body.error).toMatchObject({
        code: "invalid_document",
        issues: [{ path: "keyResults[0].source", message: DEPTH_MESSAGE }],
      });
    }
    expect((await call(cascade("deep-put"), { token })).headers.get("etag")).toBe(before.headers.get("etag"));
  });

  it("refuses a PATCH whose source nests 20,000 deep or weighs more than 4 KB, and writes nothing", async () => {
    const token = await workspaceWith("deep-patch", tinyCascade());
    const before = await callJson(kr("deep-patch", "kr-a"), { token });
    const deep = await callJson(kr("deep-patch", "kr-a"), {
      method: "PATCH",
      token,
      rawBody: `{"source":${deepSourceJson(20_000)}}`,
      headers: { "content-type": "application/json" },
    });
    expect(deep.status).toBe(400);
    expect(deep.body.error).toMatchObject({
      code: "invalid_request",
      issues: [{ path: "source", message: DEPTH_MESSAGE }],
    });
    const large = await callJson(kr("deep-patch", "kr-a"), {
      method: "PATCH",
      token,
      body: { source: { type: "coda", row: "x".repeat(MAX_SOURCE_BYTES) } },
    });
    expect(large.status).toBe(400);
    expect(large.body.error.issues).toEqual([
      { path: "source", message: `expected at most ${MAX_SOURCE_BYTES} bytes of JSON` },
    ]);
    const after = await callJson(kr("deep-patch", "kr-a"), { token });
    expect(after.body.version).toBe(before.body.version);
    expect(after.body.source).toBeUndefined();
  });

  it("stores a source at the limits, and the document it is in can be PUT back", async () => {
    const token = await workspaceWith("source-limits", tinyCascade());
    const deepest = sourceOfDepth(MAX_SOURCE_DEPTH);
    const patched = await callJson(kr("source-limits", "kr-a"), {
      method: "PATCH",
      token,
      body: { source: deepest },
    });
    expect(patched.status).toBe(200);
    const base = { type: "manual", note: "" };
    const room = MAX_SOURCE_BYTES - new TextEncoder().encode(JSON.stringify(base)).length;
    const heaviest = { ...base, note: `${"é".repeat(Math.floor(room / 2) - 2)}😀` };
    const doc = (await callJson(cascade("source-limits"), { token })).body;
    doc.keyResults[1].source = heaviest;
    expect((await callJson(cascade("source-limits"), { method: "PUT", token, body: doc })).status).toBe(200);
    await roundTrip("source-limits", token);
    const stored = (await callJson(cascade("source-limits"), { token })).body;
    expect(stored.keyResults[0].source).toEqual(deepest);
    expect(stored.keyResults[1].source).toEqual(heaviest);
  });

  it("property: any document the worker stores, by PUT or PATCH, can be read and PUT back unchanged", async () => {
    const token = await workspaceWith("round-trip", tinyCascade());
    // Any code point, and now and then half of a surrogate pair.
    const unit = fc.oneof(
      { arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }), weight: 8 },
      { arbitrary: fc.constantFrom("\ud800", "\udbff", "\udc00", "\udfff"), weight: 1 },
    );
    const text = fc.string({ unit, maxLength: 12 });
    // Sources as JSON text (a deep one is never an object here: JSON.stringify would recurse on it).
    const sourceJson = fc.oneof(
      fc
        .tuple(
          fc.constantFrom("coda", "notion", "manual"),
          fc.dictionary(text, fc.jsonValue({ maxDepth: 4, stringUnit: unit }), { maxKeys: 4 }),
        )
        .map(([type, members]) => JSON.stringify({ ...members, type })),
      fc.integer({ min: 1, max: MAX_SOURCE_DEPTH + 2 }).map(deepSourceJson),
      fc.integer({ min: 1, max: 20_000 }).map(deepSourceJson),
      fc
        .integer({ min: 0, max: MAX_SOURCE_BYTES })
        .map((n) => JSON.stringify({ type: "manual", row: "x".repeat(n) })),
    );
    const stored = { put: 0, patch: 0 };
    await fc.assert(
      fc.asyncProperty(sourceJson, text, fc.boolean(), async (source, title, byPut) => {
        await callJson(cascade("round-trip"), { method: "PUT", token, body: tinyCascade() });
        const titleJson = JSON.stringify(title);
        const { status } = byPut
          ? await call(cascade("round-trip"), {
              method: "PUT",
              token,
              rawBody: documentText(source).replace('"title":"A"', `"title":${titleJson}`),
              headers: { "content-type": "application/json" },
            })
          : await call(kr("round-trip", "kr-b"), {
              method: "PATCH",
              token,
              rawBody: `{"title":${titleJson},"source":${source}}`,
              headers: { "content-type": "application/json" },
            });
        expect([200, 400]).toContain(status);
        if (status !== 200) return;
        stored[byPut ? "put" : "patch"]++;
        await roundTrip("round-trip", token);
      }),
      { numRuns: 40 },
    );
    expect(stored.put).toBeGreaterThan(0);
    expect(stored.patch).toBeGreaterThan(0);
  });
});

describe("lone UTF-16 surrogates (item 6)", () => {
  const LONE = expect.stringContaining("lone UTF-16 surrogate");

  it("are refused in a PUT document, each by its path, and nothing is stored", async () => {
    const token = await workspaceWith("lone-put", tinyCascade());
    const before = await call(cascade("lone-put"), { token });
    const doc = tinyCascade();
    doc.organization = "Tiny \ud800";
    doc.teams = [{ id: "t", capacity: { "q1\udc00": 2 } }];
    Object.assign(doc.keyResults[0] ?? {}, { source: { type: "coda", "row\udbff": "r", doc: "d\udfff" } });
    Object.assign(doc.keyResults[1] ?? {}, { checkIns: [{ date: "2026-01-10", note: "x\ud800y" }] });
    const { status, body } = await callJson(cascade("lone-put"), { method: "PUT", token, body: doc });
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_document");
    expect(body.error.issues).toEqual(
      expect.arrayContaining([
        { path: "organization", message: LONE },
        { path: "teams[0].capacity", message: expect.stringContaining("field names without") },
        { path: "keyResults[0].source", message: expect.stringContaining("field names without") },
        { path: "keyResults[0].source.doc", message: LONE },
        { path: "keyResults[1].checkIns[0].note", message: LONE },
      ]),
    );
    expect(body.error.issues).toHaveLength(5);
    expect((await call(cascade("lone-put"), { token })).headers.get("etag")).toBe(before.headers.get("etag"));
  });

  it("are refused in a PATCH and in a check-in's note and source, by field, with nothing written", async () => {
    const token = await workspaceWith("lone-writes", tinyCascade());
    const before = await callJson(kr("lone-writes", "kr-a"), { token });
    const cases: Array<[string, unknown, string]> = [
      ["PATCH", { title: "A \ud800" }, "title"],
      ["PATCH", { owner: "\udc00", unit: "ok" }, "owner"],
      ["PATCH", { source: { type: "coda", row: "r\ud800" } }, "source.row"],
      ["POST", { date: "2026-01-10", value: 1, note: "n\udfff" }, "note"],
      ["POST", { date: "2026-01-10", value: 1, source: "coda\ud800" }, "source"],
    ];
    for (const [method, body, path] of cases) {
      const url = method === "PATCH" ? kr("lone-writes", "kr-a") : `${kr("lone-writes", "kr-a")}/check-ins`;
      const answer = await callJson(url, { method, token, body });
      expect(answer.status, path).toBe(400);
      expect(answer.body.error).toMatchObject({ code: "invalid_request", issues: [{ path, message: LONE }] });
    }
    const after = await callJson(kr("lone-writes", "kr-a"), { token });
    expect(after.body).toEqual(before.body);
    const checkIns = await env.DB.prepare("SELECT COUNT(*) AS n FROM check_ins WHERE workspace_id = ?")
      .bind("lone-writes")
      .first<{ n: number }>();
    expect(checkIns?.n).toBe(0);
  });

  it("accepts surrogate pairs, and the rows read back exactly what the snapshot holds", async () => {
    const doc = tinyCascade("Tiny 😀");
    Object.assign(doc.keyResults[0] ?? {}, { title: "𝄞 music", source: { type: "notion", "page😀": "p𝄞" } });
    const token = await workspaceWith("pairs", doc);
    const post = await callJson(`${kr("pairs", "kr-b")}/check-ins?asOf=${AS_OF}`, {
      token,
      body: { date: "2026-01-10", value: 40, note: "🎉 done", source: "coda 😀" },
    });
    expect(post.status).toBe(201);
    const fromApi = (await callJson(cascade("pairs"), { token })).body;
    expect(fromApi.organization).toBe("Tiny 😀");
    expect(fromApi.keyResults[1].checkIns).toEqual([
      { date: "2026-01-10", value: 40, note: "🎉 done", source: "coda 😀" },
    ]);
    expect((await readCascadeFromRows(env.DB, "pairs"))?.doc).toEqual(fromApi);
  });
});

describe("a patch that changes nothing (item 7)", () => {
  it("answers 200 with the key result as it is, its ETag unchanged, and writes nothing", async () => {
    const doc = tinyCascade();
    Object.assign(doc.keyResults[0] ?? {}, { source: { type: "coda", doc: "d", row: "r" }, owner: "Ana" });
    const token = await workspaceWith("no-op", doc);
    const get = await callJson(`${kr("no-op", "kr-a")}?asOf=${AS_OF}`, { token });
    const revision = (await call(cascade("no-op"), { token })).headers.get("etag");
    const versions = async () =>
      (await callJson("/v1/workspaces/no-op/key-results?limit=10", { token })).body.items.map(
        (k: { version: number }) => k.version,
      );
    const versionsBefore = await versions();
    const patches = [
      {},
      { title: "A", owner: "Ana" },
      { source: { row: "r", type: "coda", doc: "d" } }, // the same members in another order
      { unit: null, measure: null }, // removing what is absent
    ];
    for (const patch of patches) {
      for (const headers of [{}, { "if-match": String(get.headers.get("etag")) }]) {
        const answer = await callJson(`${kr("no-op", "kr-a")}?asOf=${AS_OF}`, {
          method: "PATCH",
          token,
          body: patch,
          headers,
        });
        expect(answer.status, JSON.stringify(patch)).toBe(200);
        expect(answer.headers.get("etag")).toBe(get.headers.get("etag"));
        expect(answer.body).toEqual(get.body);
      }
    }
    expect((await call(cascade("no-op"), { token })).headers.get("etag")).toBe(revision);
    expect(await versions()).toEqual(versionsBefore);
  });

  it("still answers 412 to a stale If-Match, and a real change still takes a new version", async () => {
    const token = await workspaceWith("no-op-stale", tinyCascade());
    const stale = await callJson(kr("no-op-stale", "kr-a"), {
      method: "PATCH",
      token,
      body: {},
      headers: { "if-match": '"999"' },
    });
    expect(stale.status).toBe(412);
    const before = await callJson(kr("no-op-stale", "kr-a"), { token });
    const changed = await callJson(kr("no-op-stale", "kr-a"), {
      method: "PATCH",
      token,
      body: { title: "B" },
    });
    expect(changed.body.version).toBeGreaterThan(before.body.version);
  });
});

describe("list queries take only what the API hands out (item 8)", () => {
  it("takes a limit only as plain decimal digits from 1 to 500", async () => {
    const token = await workspaceWith("strict-limit", northwind());
    const base = "/v1/workspaces/strict-limit/key-results";
    for (const limit of ["1e2", "0x10", "010", "+5", "5.0", "%205", "0", "501", "", "-1", "1_0"]) {
      const { status, body } = await callJson(`${base}?limit=${limit}`, { token });
      expect(status, limit).toBe(400);
      expect(body.error.issues).toEqual([{ path: "limit", message: "expected an integer from 1 to 500" }]);
    }
    for (const [limit, n] of [
      ["1", 1],
      ["16", 16],
      ["500", northwind().keyResults.length],
    ] as const) {
      const { status, body } = await callJson(`${base}?limit=${limit}`, { token });
      expect(status).toBe(200);
      expect(body.items).toHaveLength(n);
    }
  });

  it("takes only cursors as encoded by the API, of the right list, holding a key it can hand out", async () => {
    const token = await workspaceWith("strict-cursor", northwind());
    const base = "/v1/workspaces/strict-cursor";
    const raw = (text: string) => toBase64Url(new TextEncoder().encode(text));
    const checkInCursors = [
      raw('{"after":-5.5}'),
      raw('{"after":0}'),
      raw('{"after":1.5}'),
      raw('{"after":1e300}'),
      raw('{"after":9007199254740992}'),
      raw('{"after":"5"}'),
      raw('{"after":5,"x":1}'),
      raw('{ "after":5}'),
      raw('{"after":5.0}'),
      `${encodeCursor(5)}=`,
      encodeCursor("kr-a"),
    ];
    for (const cursor of checkInCursors) {
      const { status, body } = await callJson(`${base}/check-ins?cursor=${encodeURIComponent(cursor)}`, {
        token,
      });
      expect(status, cursor).toBe(400);
      expect(body.error.issues).toEqual([{ path: "cursor", message: "not a nextCursor of this list" }]);
    }
    for (const cursor of [raw('{"after":""}'), encodeCursor(5), raw('{"after":"kr-a","y":0}')]) {
      const { status } = await callJson(`${base}/key-results?cursor=${encodeURIComponent(cursor)}`, {
        token,
      });
      expect(status, cursor).toBe(400);
    }
    // What the API hands out still pages.
    const first = await callJson(`${base}/check-ins?limit=3`, { token });
    const second = await callJson(`${base}/check-ins?limit=3&cursor=${first.body.nextCursor}`, { token });
    expect(second.status).toBe(200);
    expect(Number(second.body.items[0].id)).toBeGreaterThan(Number(first.body.items[2].id));
    expect((await callJson(`${base}/check-ins?cursor=${encodeCursor(1)}`, { token })).status).toBe(200);
  });
});

describe("lone UTF-16 surrogates outside the document", () => {
  it("are refused in a workspace's name, a key result's patched texts and a check-in's source", async () => {
    const lone = "x\ud800y";
    const created = await callJson("/v1/workspaces", { body: { id: "lone-name", name: lone } });
    expect(created.status).toBe(400);
    expect(created.body.error.issues[0].path).toBe("name");

    const token = await workspaceWith("lone-fields", tinyCascade());
    for (const field of ["title", "unit", "owner"]) {
      const patched = await callJson("/v1/workspaces/lone-fields/key-results/kr-a", {
        method: "PATCH",
        token,
        body: { [field]: lone },
      });
      expect(patched.status, field).toBe(400);
      expect(patched.body.error.issues[0].path).toBe(field);
    }
    const checkIn = await callJson("/v1/workspaces/lone-fields/key-results/kr-a/check-ins", {
      token,
      body: { date: "2026-02-10", value: 1, source: lone },
    });
    expect(checkIn.status).toBe(400);
    expect(checkIn.body.error.issues[0].path).toBe("source");
  });
});
