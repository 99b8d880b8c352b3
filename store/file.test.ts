import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import northwindJson from "../examples/northwind.json" with { type: "json" };
import type { CascadeDocument } from "../schema/document.ts";
import { applyChange } from "./change.ts";
import { CascadeFileError, FileCascadeStore, revisionOf } from "./file.ts";
import { formatDocument } from "./format.ts";

const northwind = () => structuredClone(northwindJson) as CascadeDocument;

function fileWith(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "cascade-store-")), "org.json");
  writeFileSync(path, text);
  return path;
}

describe("the file store", () => {
  it("reads the document and names its revision by the hash of the file's text", async () => {
    const text = readFileSync(new URL("../examples/northwind.json", import.meta.url), "utf8");
    const stored = await new FileCascadeStore(fileWith(text)).read();
    expect(stored?.doc).toEqual(northwind());
    expect(stored?.revision).toBe(revisionOf(text));
    expect(stored?.revision).toMatch(/^[0-9a-f]{64}$/);
  });

  it("reads null for a missing file and refuses bad JSON and invalid documents by line and path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cascade-store-"));
    expect(await new FileCascadeStore(join(dir, "none.json")).read()).toBeNull();
    await expect(new FileCascadeStore(fileWith('{\n  "version": 1,\n}')).read()).rejects.toThrow(
      /not valid JSON: .*line 3, column 1/,
    );
    const invalid = { ...northwind(), cycles: [{ id: "q", start: "2026-13-01", end: "2026-12-31" }] };
    const error = await new FileCascadeStore(fileWith(JSON.stringify(invalid))).read().catch((e) => e);
    expect(error).toBeInstanceOf(CascadeFileError);
    expect(error.reason).toBe("invalid_document");
    expect(error.issues.map((i: { path: string }) => i.path)).toContain("cycles[0].start");
  });

  it("writes a check-in as the change computes it, and reads back what it wrote", async () => {
    const path = fileWith(formatDocument(northwind()));
    const store = new FileCascadeStore(path);
    const before = await store.read();
    if (!before) throw new Error("no document");
    const kr = before.doc.keyResults[0];
    if (!kr) throw new Error("no key result");
    const change = {
      kind: "addCheckIn",
      keyResultId: kr.id,
      checkIn: { date: "2026-11-30", value: 42, note: "from the test" },
    } as const;
    const result = await store.apply(change, { expectedRevision: before.revision });
    if (!result.ok) throw new Error(result.reason);
    const after = await store.read();
    expect(after?.revision).toBe(result.revision);
    expect(after?.revision).toBe(revisionOf(readFileSync(path, "utf8")));
    const expected = applyChange(before, change, result.revision);
    expect(after?.doc).toEqual("doc" in expected ? expected.doc : undefined);
    expect(after?.doc.keyResults[0]?.checkIns?.at(-1)).toEqual(change.checkIn);
  });

  it("refuses a change made against a revision someone else rewrote, and leaves their file whole", async () => {
    const path = fileWith(formatDocument(northwind()));
    const store = new FileCascadeStore(path);
    const prepared = await store.prepare({
      kind: "addCheckIn",
      keyResultId: northwind().keyResults[1]?.id ?? "",
      checkIn: { date: "2026-11-30", value: 1 },
    });
    if ("ok" in prepared) throw new Error(prepared.reason);
    const theirs = formatDocument({ ...northwind(), organization: "Edited by hand" });
    writeFileSync(path, theirs);
    expect(await store.commit(prepared)).toEqual({
      ok: false,
      reason: "stale_revision",
      revision: revisionOf(theirs),
    });
    expect(readFileSync(path, "utf8")).toBe(theirs);
    // Nor does a refused or finished write leave temporary files behind.
    expect(readdirSync(join(path, ".."))).toEqual(["org.json"]);
  });

  it("refuses a check-in to a key result the document lacks", async () => {
    const store = new FileCascadeStore(fileWith(formatDocument(northwind())));
    const result = await store.apply({
      kind: "addCheckIn",
      keyResultId: "nope",
      checkIn: { date: "2026-11-30" },
    });
    expect(result).toEqual({ ok: false, reason: "not_found", what: "key result" });
  });

  it("creates the file on a replace", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "cascade-store-")), "new.json");
    const result = await new FileCascadeStore(path).apply({ kind: "replace", doc: northwind() });
    expect(result.ok).toBe(true);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual(northwind());
  });
});

describe("formatDocument", () => {
  it("writes the same text for the same document, and JSON that parses back equal", () => {
    const text = formatDocument(northwind());
    expect(formatDocument(JSON.parse(text))).toBe(text);
    expect(JSON.parse(text)).toEqual(northwind());
    expect(text.endsWith("}\n")).toBe(true);
  });

  it("keeps lines within 100 columns where a value can be broken", () => {
    const lines = formatDocument(northwind()).split("\n");
    const long = lines.filter((line) => line.length > 100);
    // A line over the width holds a single string too long to fit, nothing that could be spread.
    for (const line of long) expect(line.trim()).toMatch(/^("[^"]*": )?"[^"]*",?$/);
  });

  it("changes only the lines of what changed: a check-in is one line more", () => {
    const doc = northwind();
    const before = formatDocument(doc).split("\n");
    doc.keyResults[3]?.checkIns?.push({ date: "2026-11-30", value: 5, confidence: 7 });
    const after = formatDocument(doc).split("\n");
    expect(after.length).toBe(before.length + 1);
    const changed = after.filter((line, i) => line !== before[i] && line !== before[i - 1]);
    expect(changed.length).toBeLessThanOrEqual(2);
  });
});
