import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { tinyCascade } from "../../test/helpers.ts";
import { readFromD1, replaceCascade, storeOf, workspaceStoring } from "../../test/store.ts";

const NOW = "2026-01-01T00:00:00Z";

describe("the D1 store", () => {
  it("writes nothing when the workspace moved past the expected revision inside the transaction", async () => {
    await env.DB.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('guarded', 'G', ?)")
      .bind(NOW)
      .run();
    // Both stores read the workspace at revision 0; the second one's write comes too late.
    const [early, late] = [await storeOf("guarded"), await storeOf("guarded")];
    const first = await early.apply({ kind: "replace", doc: tinyCascade("First") }, { expectedRevision: 0 });
    expect(first).toMatchObject({ ok: true, revision: 1, exact: true });
    const refused = await late.apply({ kind: "replace", doc: tinyCascade("Late") }, { expectedRevision: 0 });
    expect(refused).toMatchObject({ ok: false, reason: "stale_revision" });
    const stored = await readFromD1("guarded");
    expect(stored?.doc.organization).toBe("First");
    expect(stored?.revision).toBe(1);
    expect(await replaceCascade("guarded", tinyCascade("Second"), 1)).toBe(2);
    expect(await replaceCascade("guarded", tinyCascade("Unconditional"))).toBe(3);
  });

  it("gives every key result the new revision as its version", async () => {
    await workspaceStoring("versions", tinyCascade());
    const revision = await replaceCascade("versions", tinyCascade());
    const stored = await readFromD1("versions");
    expect([...(stored?.versions.values() ?? [])]).toEqual([revision, revision, revision]);
  });

  it("leaves exactly the cascade the change computes in memory, check-ins and patches alike", async () => {
    await workspaceStoring("same", tinyCascade());
    const checkIn = { date: "2026-02-01", value: 12, confidence: 6, note: "n" };
    const added = await (await storeOf("same")).apply({ kind: "addCheckIn", keyResultId: "kr-b", checkIn });
    if (!added.ok) throw new Error(added.reason);
    expect(added.exact).toBe(true);
    expect(added.checkInId).toMatch(/^\d+$/);
    expect(await readFromD1("same")).toMatchObject({ doc: added.cascade.doc, revision: added.revision });
    expect((await readFromD1("same"))?.versions).toEqual(added.cascade.versions);

    const kr = { ...tinyCascade().keyResults[0], title: "A, renamed", owner: "Ana" } as never;
    const patched = await (await storeOf("same")).apply({
      kind: "updateKeyResult",
      keyResult: kr,
      ifVersion: 1,
    });
    expect(patched).toMatchObject({ ok: true, exact: true });
    if (!patched.ok) return;
    const read = await readFromD1("same");
    expect(read?.doc).toEqual(patched.cascade.doc);
    expect(read?.versions).toEqual(patched.cascade.versions);
  });

  it("appends many check-ins in one write, exactly as the change computes them, and refuses it whole when stale", async () => {
    await workspaceStoring("many", tinyCascade());
    const checkIns = [
      { keyResultId: "kr-a", checkIn: { date: "2026-02-01", value: 3, source: "coda" } },
      { keyResultId: "kr-b", checkIn: { date: "2026-02-01", value: 7 } },
      { keyResultId: "kr-a", checkIn: { date: "2026-02-02", value: 4, source: "coda" } },
    ];
    const before = await readFromD1("many");
    const added = await (await storeOf("many")).apply({ kind: "addCheckIns", checkIns });
    if (!added.ok) throw new Error(added.reason);
    expect(added.revision).toBe((before?.revision ?? 0) + 1);
    const read = await readFromD1("many");
    expect(read?.doc).toEqual(added.cascade.doc);
    expect(read?.versions).toEqual(added.cascade.versions);
    const kr = (id: string) => read?.doc.keyResults.find((k) => k.id === id);
    expect(kr("kr-a")?.checkIns?.slice(-2)).toEqual([checkIns[0]?.checkIn, checkIns[2]?.checkIn]);
    expect(kr("kr-b")?.checkIns?.at(-1)).toEqual(checkIns[1]?.checkIn);

    // Planned against a revision that moved on: nothing of it is written.
    const stale = await storeOf("many");
    const prepared = await stale.prepare({ kind: "addCheckIns", checkIns });
    if ("ok" in prepared) throw new Error(prepared.reason);
    await replaceCascade("many", tinyCascade("Replaced"));
    expect(await stale.commit(prepared)).toMatchObject({ ok: false, reason: "stale_revision" });
    expect((await readFromD1("many"))?.doc).toEqual(tinyCascade("Replaced"));
    // A key result that does not exist refuses the whole change.
    const missing = await (await storeOf("many")).apply({
      kind: "addCheckIns",
      checkIns: [...checkIns, { keyResultId: "kr-nope", checkIn: { date: "2026-02-03", value: 1 } }],
    });
    expect(missing).toMatchObject({ ok: false, reason: "not_found", what: "key result" });
  });

  it("marks every write as an edit of the cascade: a replace, a patch, a check-in", async () => {
    await workspaceStoring("edited", tinyCascade());
    const editedAt = async () =>
      (
        await env.DB.prepare("SELECT cascade_updated_at AS at FROM workspaces WHERE id = 'edited'").first<{
          at: string;
        }>()
      )?.at ?? "";
    await env.DB.prepare(
      "UPDATE workspaces SET cascade_updated_at = '2000-01-01T00:00:00.000Z' WHERE id = 'edited'",
    ).run();
    const checkIn = { date: "2026-02-01", value: 5 };
    await (await storeOf("edited")).apply({ kind: "addCheckIn", keyResultId: "kr-a", checkIn });
    const afterCheckIn = await editedAt();
    expect(afterCheckIn > "2020").toBe(true);
    expect(Date.parse(afterCheckIn)).not.toBeNaN();
    await env.DB.prepare(
      "UPDATE workspaces SET cascade_updated_at = '2000-01-01T00:00:00.000Z' WHERE id = 'edited'",
    ).run();
    const stored = await readFromD1("edited");
    const kr = { ...tinyCascade().keyResults[0], title: "Renamed" } as never;
    await (await storeOf("edited")).apply({
      kind: "updateKeyResult",
      keyResult: kr,
      ifVersion: stored?.versions.get("kr-a") ?? 0,
    });
    expect((await editedAt()) > "2020").toBe(true);
  });

  it("refuses a key-result update from a stale version and a check-in to a missing key result", async () => {
    await workspaceStoring("refusals", tinyCascade());
    const store = await storeOf("refusals");
    const base = await store.read();
    if (!base) throw new Error("no cascade");
    const kr = base.doc.keyResults[0] as never;
    expect(await store.apply({ kind: "updateKeyResult", keyResult: kr, ifVersion: 99 })).toEqual({
      ok: false,
      reason: "key_result_changed",
    });
    expect(
      await store.apply({ kind: "addCheckIn", keyResultId: "nope", checkIn: { date: "2026-02-01" } }),
    ).toMatchObject({ ok: false, reason: "not_found", what: "key result" });
    expect((await readFromD1("refusals"))?.revision).toBe(base.revision);
  });

  it("answers with the key result as written when another write landed between read and write", async () => {
    await workspaceStoring("raced", tinyCascade());
    const slow = await storeOf("raced");
    const prepared = await slow.prepare({
      kind: "addCheckIn",
      keyResultId: "kr-a",
      checkIn: { date: "2026-02-02", value: 2 },
    });
    if ("ok" in prepared) throw new Error(prepared.reason);
    // Another request checks in to the same key result first.
    await (await storeOf("raced")).apply({
      kind: "addCheckIn",
      keyResultId: "kr-a",
      checkIn: { date: "2026-02-01", value: 1 },
    });
    const result = await slow.commit(prepared);
    if (!result.ok) throw new Error(result.reason);
    expect(result.exact).toBe(false);
    expect(result.revision).toBe(prepared.next.revision + 1);
    const written = result.cascade.doc.keyResults.find((k) => k.id === "kr-a");
    expect(written?.checkIns?.map((c) => c.value)).toEqual([1, 2]);
    const read = await readFromD1("raced");
    expect(read?.doc.keyResults.find((k) => k.id === "kr-a")).toEqual(written);
    expect(read?.versions.get("kr-a")).toBe(result.revision);
  });
});
