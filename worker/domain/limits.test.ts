import { env } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { scoreCascade } from "../../core/report.ts";
import type { CascadeDocument, KeyResult } from "../../schema/document.ts";
import { utf8Length } from "../../schema/document.ts";
import { createApp } from "../app.ts";
import type { Bindings } from "../env.ts";
import { todayUtc } from "../scoring/as-of.ts";
import { reportJson } from "../scoring/report-json.ts";
import { callJson, newWorkspace, northwind, tinyCascade, workspaceWith } from "../test/helpers.ts";
import {
  checkInOverLimits,
  countsOverLimits,
  DEFAULT_LIMITS,
  formatCount,
  reportBytes,
  workspaceLimits,
} from "./limits.ts";

type Settings = Partial<Record<keyof Bindings, string | number>>;

const app = createApp();

/** A request to the app with the operator's settings added to the test bindings. */
async function callWith(
  settings: Settings,
  path: string,
  { method = "GET", body, token, headers = {} }: CallInit,
) {
  const response = await app.request(
    `http://cascade.test${path}`,
    {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    },
    { ...env, ...settings },
  );
  const text = await response.text();
  // biome-ignore lint/suspicious/noExplicitAny: tests read response bodies loosely and assert on them
  const json: any = text ? JSON.parse(text) : null;
  return { status: response.status, headers: response.headers, body: json };
}

interface CallInit {
  method?: string;
  body?: unknown;
  token: string;
  headers?: Record<string, string>;
}

/** `n` minimal key results of objective `obj`, with `checkIns` check-ins each. */
function keyResults(n: number, checkIns = 0): KeyResult[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `kr-${i}`,
    objectiveId: "obj",
    title: `KR ${i}`,
    kind: "increase" as const,
    start: 0,
    target: 10,
    ...(checkIns > 0 && {
      checkIns: Array.from({ length: checkIns }, (_, w) => ({ date: "2026-01-05", value: w })),
    }),
  }));
}

const withKeyResults = (krs: KeyResult[]): CascadeDocument => ({ ...tinyCascade(), keyResults: krs });

describe("the limits' settings", () => {
  it("defaults each limit, and takes the operator's numbers or digit strings", () => {
    expect(workspaceLimits({})).toEqual(DEFAULT_LIMITS);
    expect(DEFAULT_LIMITS).toEqual({
      keyResults: 20_000,
      checkIns: 120_000,
      checkInsPerKeyResult: 1_000,
      initiatives: 10_000,
      reportBytes: 16_777_216,
    });
    expect(
      workspaceLimits({
        MAX_KEY_RESULTS: "5",
        MAX_CHECK_INS: 7,
        MAX_CHECK_INS_PER_KEY_RESULT: " 3 ",
        MAX_INITIATIVES: "",
        MAX_REPORT_BYTES: "1000",
      }),
    ).toEqual({
      keyResults: 5,
      checkIns: 7,
      checkInsPerKeyResult: 3,
      initiatives: 10_000,
      reportBytes: 1000,
    });
  });

  it.each([["lots"], ["0"], ["-1"], ["1.5"], ["1e3"], [0], [2.5], [Number.POSITIVE_INFINITY]])(
    "refuses the setting %j, naming it",
    (value) => {
      expect(() => workspaceLimits({ MAX_KEY_RESULTS: value as string })).toThrow(
        `MAX_KEY_RESULTS must be a positive whole number, not ${JSON.stringify(value)}`,
      );
    },
  );

  it("writes counts with thousands separators", () => {
    expect([0, 999, 1000, 16_777_216].map(formatCount)).toEqual(["0", "999", "1,000", "16,777,216"]);
  });
});

describe("counting a document against the limits", () => {
  const limits = { ...DEFAULT_LIMITS, keyResults: 3, checkIns: 5, checkInsPerKeyResult: 2, initiatives: 1 };

  it("passes a document at every limit", () => {
    const doc = withKeyResults([...keyResults(2, 2), ...keyResults(1, 1).map((k) => ({ ...k, id: "x" }))]);
    expect(countsOverLimits(doc, limits)).toEqual([]);
  });

  it("names every limit crossed, by path, with the count and the setting", () => {
    const doc = { ...northwind(), keyResults: keyResults(4, 2) };
    (doc.keyResults[2] as KeyResult).checkIns?.push({ date: "2026-01-12" });
    expect(countsOverLimits(doc, limits)).toEqual([
      {
        path: "keyResults",
        message: "the cascade has 4 key results; a workspace holds at most 3 (MAX_KEY_RESULTS)",
      },
      {
        path: "keyResults",
        message: "the cascade has 9 check-ins; a workspace holds at most 5 (MAX_CHECK_INS)",
      },
      {
        path: "keyResults[2].checkIns",
        message:
          "key result kr-2 has 3 check-ins; a key result holds at most 2 (MAX_CHECK_INS_PER_KEY_RESULT)",
      },
      {
        path: "initiatives",
        message: "the cascade has 21 initiatives; a workspace holds at most 1 (MAX_INITIATIVES)",
      },
    ]);
  });

  it("says whether one more check-in would cross a limit", () => {
    const doc = withKeyResults(keyResults(3, 1));
    expect(checkInOverLimits(doc, "kr-0", limits)).toBeNull();
    expect(checkInOverLimits(doc, "nope", limits)).toBeNull();
    (doc.keyResults[0] as KeyResult).checkIns?.push({ date: "2026-01-12" });
    expect(checkInOverLimits(doc, "kr-0", limits)).toBe(
      "key result kr-0 has 2 check-ins; a key result holds at most 2 (MAX_CHECK_INS_PER_KEY_RESULT)",
    );
    (doc.keyResults[1] as KeyResult).checkIns?.push({ date: "2026-01-12" });
    expect(checkInOverLimits(doc, "kr-2", limits)).toBe(
      "the cascade has 5 check-ins; a workspace holds at most 5 (MAX_CHECK_INS)",
    );
  });

  it("measures the report as the endpoint sends it, in UTF-8", () => {
    const doc = northwind();
    doc.organization = "Nordvind Æ 北風 🌬️";
    (doc.keyResults[0] as KeyResult).title = "Säljа 🚀 \ud83d\ude80 «more»";
    for (const asOf of ["2026-01-01", "2026-05-01", "2027-01-01"]) {
      const json = reportJson(scoreCascade(doc, asOf));
      expect(reportBytes(doc, asOf)).toBe(new TextEncoder().encode(json).byteLength);
    }
    for (const text of ["", "abc", "é", "€", "🌬️", '"\\u00e9"', "a\u0000b"]) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).byteLength);
    }
  });
});

describe("PUT /cascade over a limit", () => {
  it("refuses 20,001 key results with the defaults (413), and stores nothing", async () => {
    const token = await newWorkspace("lim-default");
    const put = await callJson("/v1/workspaces/lim-default/cascade", {
      method: "PUT",
      token,
      body: withKeyResults(keyResults(20_001)),
    });
    expect(put.status).toBe(413);
    expect(put.body).toEqual({
      error: {
        code: "payload_too_large",
        message: "the cascade has 20,001 key results; a workspace holds at most 20,000 (MAX_KEY_RESULTS)",
        issues: [
          {
            path: "keyResults",
            message: "the cascade has 20,001 key results; a workspace holds at most 20,000 (MAX_KEY_RESULTS)",
          },
        ],
      },
    });
    expect((await callJson("/v1/workspaces/lim-default/cascade", { token })).status).toBe(404);
  });

  it("stores a cascade at the operator's limits, answering as it does without them", async () => {
    const token = await newWorkspace("lim-at");
    const doc = withKeyResults(keyResults(3, 2));
    const settings = { MAX_KEY_RESULTS: "3", MAX_CHECK_INS: "6", MAX_CHECK_INS_PER_KEY_RESULT: "2" };
    const put = await callWith(settings, "/v1/workspaces/lim-at/cascade", {
      method: "PUT",
      token,
      body: doc,
    });
    expect(put.status).toBe(200);
    expect(put.body.counts).toMatchObject({ keyResults: 3, checkIns: 6 });
  });

  it("refuses a cascade over an operator's limit and keeps the one stored", async () => {
    const token = await workspaceWith("lim-over", tinyCascade());
    const before = await callJson("/v1/workspaces/lim-over/cascade", { token });
    const cases: Array<[Settings, CascadeDocument, string]> = [
      [
        { MAX_INITIATIVES: "20" },
        northwind(),
        "the cascade has 21 initiatives; a workspace holds at most 20 (MAX_INITIATIVES)",
      ],
      [
        { MAX_CHECK_INS_PER_KEY_RESULT: "2" },
        withKeyResults(keyResults(3, 3)),
        "key result kr-0 has 3 check-ins; a key result holds at most 2 (MAX_CHECK_INS_PER_KEY_RESULT)",
      ],
      [
        { MAX_CHECK_INS: "8" },
        withKeyResults(keyResults(3, 3)),
        "the cascade has 9 check-ins; a workspace holds at most 8 (MAX_CHECK_INS)",
      ],
    ];
    for (const [settings, doc, message] of cases) {
      const put = await callWith(settings, "/v1/workspaces/lim-over/cascade", {
        method: "PUT",
        token,
        body: doc,
      });
      expect(put.status).toBe(413);
      expect(put.body.error.code).toBe("payload_too_large");
      expect(put.body.error.message).toBe(message);
    }
    const after = await callJson("/v1/workspaces/lim-over/cascade", { token });
    expect(after.headers.get("etag")).toBe(before.headers.get("etag"));
    expect(after.body).toEqual(before.body);
  });

  it("refuses a cascade whose report would be over MAX_REPORT_BYTES, naming its size", async () => {
    const token = await newWorkspace("lim-report");
    const doc = northwind();
    const bytes = reportBytes(doc, todayUtc());
    const over = await callWith({ MAX_REPORT_BYTES: bytes - 1 }, "/v1/workspaces/lim-report/cascade", {
      method: "PUT",
      token,
      body: doc,
    });
    expect(over.status).toBe(413);
    expect(over.body).toEqual({
      error: {
        code: "payload_too_large",
        message:
          `the cascade's report on ${todayUtc()} would be ${formatCount(bytes)} bytes of JSON; ` +
          `a report holds at most ${formatCount(bytes - 1)} (MAX_REPORT_BYTES)`,
      },
    });
    expect((await callJson("/v1/workspaces/lim-report/cascade", { token })).status).toBe(404);
    const at = await callWith({ MAX_REPORT_BYTES: bytes }, "/v1/workspaces/lim-report/cascade", {
      method: "PUT",
      token,
      body: doc,
    });
    expect(at.status).toBe(200);
  });

  describe("with a setting that is not a number", () => {
    afterEach(() => vi.restoreAllMocks());

    it("answers 500 and logs the setting for the operator", async () => {
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      const token = await newWorkspace("lim-typo");
      const put = await callWith({ MAX_KEY_RESULTS: "20k" }, "/v1/workspaces/lim-typo/cascade", {
        method: "PUT",
        token,
        body: tinyCascade(),
      });
      expect(put.status).toBe(500);
      expect(put.body).toEqual({ error: { code: "internal", message: "internal error" } });
      expect(String(logged.mock.calls[0]?.at(-1))).toContain(
        'MAX_KEY_RESULTS must be a positive whole number, not "20k"',
      );
    });
  });
});

describe("POST check-ins over a limit", () => {
  const checkIn = (ws: string, kr: string) => `/v1/workspaces/${ws}/key-results/${kr}/check-ins`;

  it("refuses the check-in past MAX_CHECK_INS_PER_KEY_RESULT (413) and writes nothing", async () => {
    const token = await workspaceWith("lim-ci", withKeyResults(keyResults(2, 1)));
    const settings = { MAX_CHECK_INS_PER_KEY_RESULT: "2" };
    const first = await callWith(settings, checkIn("lim-ci", "kr-0"), {
      method: "POST",
      token,
      body: { date: "2026-01-12", value: 3 },
    });
    expect(first.status).toBe(201);
    const refused = await callWith(settings, checkIn("lim-ci", "kr-0"), {
      method: "POST",
      token,
      body: { date: "2026-01-19", value: 4 },
    });
    expect(refused.status).toBe(413);
    expect(refused.body).toEqual({
      error: {
        code: "payload_too_large",
        message:
          "key result kr-0 has 2 check-ins; a key result holds at most 2 (MAX_CHECK_INS_PER_KEY_RESULT)",
      },
    });
    const list = await callJson("/v1/workspaces/lim-ci/check-ins?keyResultId=kr-0", { token });
    expect(list.body.items.map((c: { date: string }) => c.date)).toEqual(["2026-01-05", "2026-01-12"]);
    // Another key result still has room, and a patch adds no check-in.
    const other = await callWith(settings, checkIn("lim-ci", "kr-1"), {
      method: "POST",
      token,
      body: { date: "2026-01-12" },
    });
    expect(other.status).toBe(201);
    const patched = await callWith(settings, "/v1/workspaces/lim-ci/key-results/kr-0", {
      method: "PATCH",
      token,
      body: { title: "Renamed" },
    });
    expect(patched.status).toBe(200);
  });

  it("refuses the check-in past MAX_CHECK_INS, counting every key result's", async () => {
    const token = await workspaceWith("lim-all", withKeyResults(keyResults(3, 1)));
    const settings = { MAX_CHECK_INS: "4" };
    const body = { date: "2026-01-12" };
    expect(
      (await callWith(settings, checkIn("lim-all", "kr-2"), { method: "POST", token, body })).status,
    ).toBe(201);
    const refused = await callWith(settings, checkIn("lim-all", "kr-1"), { method: "POST", token, body });
    expect(refused.status).toBe(413);
    expect(refused.body.error.message).toBe(
      "the cascade has 4 check-ins; a workspace holds at most 4 (MAX_CHECK_INS)",
    );
  });

  it("still replays a recorded check-in at the limit, and still refuses its key for another body", async () => {
    const token = await workspaceWith("lim-idem", withKeyResults(keyResults(1, 1)));
    const settings = { MAX_CHECK_INS_PER_KEY_RESULT: "2" };
    const post = (body: object, key: string) =>
      callWith(settings, checkIn("lim-idem", "kr-0"), {
        method: "POST",
        token,
        body,
        headers: { "idempotency-key": key },
      });
    const first = await post({ date: "2026-01-12", value: 1 }, "k1");
    expect(first.status).toBe(201);
    const retried = await post({ date: "2026-01-12", value: 1 }, "k1");
    expect(retried.status).toBe(201);
    expect(retried.headers.get("idempotent-replayed")).toBe("true");
    expect(retried.body).toEqual(first.body);
    expect((await post({ date: "2026-01-19", value: 2 }, "k1")).body.error.code).toBe(
      "idempotency_key_reused",
    );
    expect((await post({ date: "2026-01-19", value: 2 }, "k2")).status).toBe(413);
  });

  it("answers 404, not 413, for a key result that does not exist", async () => {
    const token = await workspaceWith("lim-404", withKeyResults(keyResults(1, 1)));
    const missing = await callWith({ MAX_CHECK_INS: "1" }, checkIn("lim-404", "nope"), {
      method: "POST",
      token,
      body: { date: "2026-01-12" },
    });
    expect(missing.status).toBe(404);
  });
});
