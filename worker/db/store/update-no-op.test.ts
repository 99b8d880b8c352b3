import { describe, expect, it } from "vitest";
import { tinyCascade } from "../../test/helpers.ts";
import { readFromD1, storeOf, workspaceStoring } from "../../test/store.ts";

describe("the D1 store: an updateKeyResult that changes nothing", () => {
  it("writes nothing: the revision and every version stay, and the cascade read is handed back", async () => {
    const revision = await workspaceStoring("no-op-store", tinyCascade());
    const store = await storeOf("no-op-store");
    const base = await store.read();
    if (!base) throw new Error("no cascade");
    const kr = base.doc.keyResults[1];
    if (!kr) throw new Error("no key result");
    const result = await store.apply(
      { kind: "updateKeyResult", keyResult: { ...kr }, ifVersion: revision },
      { expectedRevision: revision },
    );
    expect(result).toEqual({ ok: true, revision, cascade: base, exact: true });
    const read = await readFromD1("no-op-store");
    expect(read?.revision).toBe(revision);
    expect(read?.versions).toEqual(base.versions);
    // A stale version is still refused, even for a change that would change nothing.
    const stale = await (await storeOf("no-op-store")).apply({
      kind: "updateKeyResult",
      keyResult: kr,
      ifVersion: revision - 1,
    });
    expect(stale).toEqual({ ok: false, reason: "key_result_changed" });
  });
});
