import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { initiative, keyResult, makeDoc } from "../core/execution/test-documents.ts";
import type { CascadeDocument } from "../core/model/document.ts";

const BIN = new URL("../bin/cascade.mjs", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "cascade-execution-"));

function cascade(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: CascadeDocument): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

// q1 runs 2026-01-05..2026-03-30; on 2026-02-16 expected progress is 42/84 = 0.5.
const doc = makeDoc({
  teams: [{ id: "core", capacity: { q1: 5 } }],
  keyResults: [
    keyResult("api", {
      title: "API ready",
      owner: "Ana",
      checkIns: [{ date: "2026-02-09", value: 10, note: "Vendor late." }],
    }),
  ],
  initiatives: [
    initiative("first", { size: 3, value: 9, committed: true }),
    initiative("second", { size: 3, value: 6, committed: true, keyResultIds: ["api"] }),
  ],
  dependencies: [{ from: "second", to: "api" }],
});
const path = file("execution.json", doc);

describe("cascade agenda", () => {
  it("prints the markdown agenda, hottest first", () => {
    const { code, stdout } = cascade(["agenda", path, "--as-of", "2026-02-16"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("# Leadership agenda: Test Co, 2026-02-16");
    // api: 10% done against 50% expected, off track, and "second" depends on it.
    expect(stdout).toContain(
      "1. **API ready** (`api`, owner Ana): Off track at 10% done against 50% expected, and 1 item depends on it: Initiative second.",
    );
    expect(stdout.indexOf("## Blocked by a dependency")).toBeGreaterThan(stdout.indexOf("## Off-track"));
    expect(stdout).toContain("## Errors in the cascade document");
    expect(stdout).toContain("Committed but below team core's line");
  });

  it("prints the agenda as JSON with --json", () => {
    const { code, stdout } = cascade(["agenda", path, "--as-of", "2026-02-16", "--json"]);
    expect(code).toBe(0);
    const agenda = JSON.parse(stdout);
    expect(agenda.asOf).toBe("2026-02-16");
    expect(agenda.items.map((i: { kind: string; subject: string }) => `${i.kind} ${i.subject}`)).toEqual([
      "blocking_off_track api",
      "dependency_at_risk second",
      "lint_error second",
    ]);
  });
});

describe("cascade pipeline", () => {
  it("draws the cut line for the cycle", () => {
    const { code, stdout } = cascade(["pipeline", path, "--cycle", "q1", "--as-of", "2026-02-16"]);
    expect(code).toBe(0);
    const rows = stdout.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| #"));
    expect(rows[0]).toMatch(/^\| 1 \| Initiative first/);
    expect(rows[1]).toBe("| | **── cut line: capacity 5 ──** | | | | | | | |");
    expect(rows[2]).toMatch(/^\| 2 \| Initiative second \(`second`\) \*\*over capacity\*\*/);
  });

  it("prints the cycle's initiatives and capacity as JSON, filtered by team", () => {
    const { code, stdout } = cascade(["pipeline", path, "--cycle", "q1", "--team", "core", "--json"]);
    expect(code).toBe(0);
    const view = JSON.parse(stdout);
    expect(view.initiatives.map((i: { id: string; line: string }) => [i.id, i.line])).toEqual([
      ["first", "above_line"],
      ["second", "below_line"],
    ]);
    expect(view.capacity[0]).toMatchObject({
      team: "core",
      capacity: 5,
      lineLoad: 3,
      overCapacity: ["second"],
    });
  });

  it.each([
    [["pipeline", path], "--cycle: expected the id of a cycle"],
    [["pipeline", path, "--cycle", "q9"], '--cycle: no cycle "q9" in the document (cycles: q1)'],
    [
      ["pipeline", path, "--cycle", "q1", "--team", "ops"],
      '--team: no team "ops" in the document (teams: core)',
    ],
  ])("exits 2 on bad arguments: %j", (args, message) => {
    const { code, stderr } = cascade(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});

describe("cascade retro", () => {
  it("prints the retrospective as of the cycle's end", () => {
    const { code, stdout } = cascade(["retro", path, "--cycle", "q1"]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe("# Retrospective: q1 (2026-01-05 to 2026-03-30)");
    expect(stdout).toContain("scored as of 2026-03-30");
    expect(stdout).toContain("- [ ] **API ready** (`api`, owner Ana): 10% done, off track.");
    expect(stdout).toContain("- 2026-02-09, API ready (`api`): Vendor late.");
  });

  it("prints JSON with --json and exits 2 for an unknown cycle", () => {
    const json = cascade(["retro", path, "--cycle", "q1", "--json"]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      cycleId: "q1",
      asOf: "2026-03-30",
      mean: 0.1,
      reading: "over_reach",
    });
    const bad = cascade(["retro", path, "--cycle", "q2"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('no cycle "q2"');
  });
});
