import { describe, expect, it } from "vitest";
import { callJson, northwind, workspaceWith } from "../test/helpers.ts";

/** Follows nextCursor to the end and returns every item. */
async function readAll(path: string, token: string, limit: number) {
  const items: Array<Record<string, unknown>> = [];
  let cursor: string | null = null;
  do {
    const query: string = `limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`;
    const { status, body } = await callJson(`${path}${path.includes("?") ? "&" : "?"}${query}`, { token });
    expect(status, JSON.stringify(body)).toBe(200);
    expect(body.items.length).toBeLessThanOrEqual(limit);
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

const dated = (from: string, to: string) =>
  northwind().keyResults.flatMap((kr) => (kr.checkIns ?? []).filter((c) => c.date >= from && c.date <= to));

describe("check-ins of a date window", () => {
  it("pages only the check-ins dated in the window, in arrival order", async () => {
    const token = await workspaceWith("window", northwind());
    const base = "/v1/workspaces/window/check-ins";
    const all = await readAll(base, token, 500);
    const q4 = await readAll(`${base}?from=2026-10-01&to=2026-12-31`, token, 7);
    expect(q4).toEqual(all.filter((c) => String(c.date) >= "2026-10-01" && String(c.date) <= "2026-12-31"));
    expect(q4).toHaveLength(dated("2026-10-01", "2026-12-31").length);
    expect(q4.length).toBeGreaterThan(7);

    const since = await readAll(`${base}?from=2026-11-01`, token, 50);
    expect(since).toEqual(all.filter((c) => String(c.date) >= "2026-11-01"));
    const until = await readAll(`${base}?to=2026-07-15`, token, 50);
    expect(until).toEqual(all.filter((c) => String(c.date) <= "2026-07-15"));
    expect(until.length).toBeGreaterThan(0);
  });

  it("combines the window with one key result's check-ins, and still answers 404 for an unknown one", async () => {
    const token = await workspaceWith("window-kr", northwind());
    const base = "/v1/workspaces/window-kr/check-ins";
    const one = await readAll(`${base}?keyResultId=kr-q3-sql-volume&from=2026-08-01&to=2026-08-31`, token, 2);
    expect(one.map(({ date, value }) => ({ date, value }))).toEqual(
      (northwind().keyResults.find((k) => k.id === "kr-q3-sql-volume")?.checkIns ?? [])
        .filter((c) => c.date >= "2026-08-01" && c.date <= "2026-08-31")
        .map(({ date, value }) => ({ date, value })),
    );
    const unknown = await callJson(`${base}?keyResultId=kr-nope&from=2026-08-01`, { token });
    expect(unknown.status).toBe(404);
  });

  it("refuses a window that ends before it starts, or a day that is not a date", async () => {
    const token = await workspaceWith("window-bad", northwind());
    const backwards = await callJson("/v1/workspaces/window-bad/check-ins?from=2026-10-01&to=2026-09-30", {
      token,
    });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.issues).toEqual([{ path: "to", message: "expected a day on or after from" }]);
    const notADate = await callJson("/v1/workspaces/window-bad/check-ins?from=2026-13-01", { token });
    expect(notADate.status).toBe(400);
    expect(notADate.body.error.issues[0].path).toBe("from");
  });
});
