import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { CascadeDocument } from "../core/model/document.ts";
import { scoreCascade } from "../core/report.ts";
import { documentWith, keyResult, objective } from "../tests/fixtures/document.ts";
import { DUPLICATE_ID_PROBLEMS, duplicateIdsDocument } from "../tests/fixtures/duplicate-ids.ts";

const BIN = new URL("../bin/cascade.mjs", import.meta.url).pathname;
const NORTHWIND = new URL("../examples/northwind.json", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "cascade-cli-"));

function cascade(args: string[], input?: string) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    input,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

// The DOMAIN §4 example: KRs at 0.27 and 0.18 plus a child objective at 0.73 roll up to 0.39.
const worked: CascadeDocument = documentWith({
  objectives: [objective("o1", { owner: "Ana" }), objective("o2", { parentId: "o1", goalId: undefined })],
  keyResults: [
    keyResult("a", {
      title: "Qualified leads",
      current: 27,
      checkIns: [{ date: "2026-02-09", value: 27, confidence: 2 }],
    }),
    keyResult("b", { title: "Win rate", current: 18 }),
    keyResult("c", { title: "Partner deals", objectiveId: "o2", current: 73 }),
  ],
});

describe("cascade score", () => {
  it("prints exactly the report as JSON with --json", () => {
    const { code, stdout } = cascade([
      "score",
      file("worked.json", worked),
      "--as-of",
      "2026-02-16",
      "--json",
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toEqual(scoreCascade(worked, "2026-02-16"));
    expect(report.objectives.find((o: { id: string }) => o.id === "o1").score).toBeCloseTo(0.3933, 4);
  });

  it("reads the document from stdin with -", () => {
    const { code, stdout } = cascade(
      ["score", "-", "--as-of", "2026-02-16", "--json"],
      JSON.stringify(worked),
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout).asOf).toBe("2026-02-16");
  });

  it("prints a readable tree with bars, status, pace, alerts and lint", () => {
    const { code, stdout } = cascade(["score", file("worked.json", worked), "--as-of", "2026-02-16"]);
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    const line = (text: string) => lines.find((l) => l.includes(text)) ?? "";
    expect(line("◆ Win")).toMatch(/39%/);
    expect(line("▸ Objective o1")).toMatch(/39%\s+at risk\s+pace\s+50%\s+Ana · grade red/);
    expect(line("• Qualified leads")).toMatch(/█+░*┃░*\s+27%\s+off track/);
    expect(line("• Partner deals")).toMatch(/73%\s+done|73%\s+on track/);
    expect(lines.indexOf(line("▸ Objective o2"))).toBeGreaterThan(lines.indexOf(line("• Win rate")));
    expect(stdout).toMatch(/Alerts \(\d+\)[\s\S]*low_confidence[\s\S]*Lint \(0 errors, 2 warnings\)/);
  });

  it("filters the tree by cycle", () => {
    const tree = (cycle: string) =>
      cascade(["score", file("worked.json", worked), "--as-of", "2026-02-16", "--cycle", cycle]).stdout.split(
        "Alerts",
      )[0];
    expect(tree("q1")).toContain("▸ Objective o1");
    expect(tree("q9")).not.toContain("Objective o1");
    expect(tree("q9")).toContain("No objectives match --cycle q9.");
  });

  // Two teams, each with an off-track key result, and an initiative of growth blocked by platform's.
  const twoTeams: CascadeDocument = documentWith({
    teams: [{ id: "growth" }, { id: "platform" }, { id: "people" }],
    objectives: [objective("o1", { team: "growth" }), objective("o2", { team: "platform" })],
    keyResults: [
      keyResult("kr-leads", { title: "Qualified leads", checkIns: [{ date: "2026-02-10", value: 5 }] }),
      keyResult("kr-uptime", {
        title: "Uptime",
        objectiveId: "o2",
        checkIns: [{ date: "2026-02-10", value: 3 }],
      }),
    ],
    initiatives: [
      {
        id: "ini-eu",
        title: "Launch EU",
        type: "business",
        team: "growth",
        cycleId: "q1",
        size: 3,
        value: 8,
        timeCriticality: 5,
        riskReduction: 2,
      },
    ],
    dependencies: [{ from: "ini-eu", to: "kr-uptime" }],
  });

  it("shows only the alerts of the chosen team, like the tree, and says how many it leaves out", () => {
    const run = (...extra: string[]) =>
      cascade(["score", file("two-teams.json", twoTeams), "--as-of", "2026-02-16", ...extra]);
    const alertsOf = (stdout: string) => stdout.slice(stdout.indexOf("Alerts"), stdout.indexOf("Lint ("));
    const all = alertsOf(run().stdout);
    expect(all).toContain('"Qualified leads" is off track');
    expect(all).toContain('"Uptime" is off track');
    const growth = run("--team", "growth");
    expect(growth.code).toBe(0);
    const alerts = alertsOf(growth.stdout);
    expect(alerts).toMatch(/^Alerts \(2\)/);
    expect(alerts).toContain('"Qualified leads" is off track');
    expect(alerts).toContain("Launch EU (initiative) is blocked by Uptime (off track).");
    expect(alerts).not.toContain('"Uptime" is off track');
    expect(alerts).toMatch(/1 more about items outside --team growth, not shown/);
    const people = alertsOf(run("--team", "people").stdout);
    expect(people).toMatch(/^Alerts \(0\)/);
  });

  it("exits 2 on a --team the document does not know, listing the teams it does", () => {
    const { code, stdout, stderr } = cascade([
      "score",
      file("two-teams.json", twoTeams),
      "--as-of",
      "2026-02-16",
      "--team",
      "sales",
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('--team: no team "sales" in the document (teams: growth, people, platform)');
  });
});

describe("a document that uses an id twice", () => {
  // The same fixture PUT /cascade refuses with 400 and these problems (worker/routes/cascade.test.ts).
  const path = () => file("duplicate-ids.json", duplicateIdsDocument());
  const problemLines = DUPLICATE_ID_PROBLEMS.map((p) => `  ${p.path}: ${p.message}`).join("\n");

  it.each([
    ["score", []],
    ["score", ["--json"]],
    ["agenda", []],
    ["pipeline", ["--cycle", "q1"]],
    ["retro", ["--cycle", "q1"]],
  ])(
    "is refused by %s %s with exit 1, every duplicate named by path, and nothing scored",
    (name, options) => {
      const { code, stdout, stderr } = cascade([name, path(), ...options]);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      expect(stderr).toContain(
        `uses ids more than once, so what they name is ambiguous (2 problems):\n${problemLines}\n`,
      );
    },
  );

  it("is reported by cascade lint as duplicate_id errors, exit 1", () => {
    const { code, stdout } = cascade(["lint", path(), "--as-of", "2026-02-16"]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/error\s+duplicate_id\s+keyResults\[2\]\.id Id "kr-a" is used 2 times/);
    expect(stdout).toMatch(/error\s+duplicate_id\s+keyResults\[1\]\.id Id "kr-b" is used 2 times/);
  });
});

describe("cascade lint", () => {
  it("exits 1 when there is an error, naming the path", () => {
    const broken = documentWith({ keyResults: [keyResult("k", { objectiveId: "nope" })] });
    const { code, stdout } = cascade(["lint", file("broken.json", broken)]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/error\s+unknown_reference\s+keyResults\[0\]\.objectiveId/);
  });

  it("exits 0 with warnings only", () => {
    const { code, stdout } = cascade(["lint", file("worked.json", worked), "--as-of", "2026-02-16"]);
    expect(code).toBe(0);
    expect(stdout).toContain("0 errors, 2 warnings");
  });
});

describe("bad input", () => {
  it("lists every problem of an invalid document by JSON path and exits 2", () => {
    const invalid = {
      ...documentWith(),
      keyResults: [{ ...keyResult("k"), target: "100", tagret: 5 }],
      version: 2,
    };
    const { code, stdout, stderr } = cascade(["score", file("invalid.json", invalid)]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("is not a valid cascade document (3 problems)");
    expect(stderr).toContain("keyResults[0].target: expected number, received string");
    expect(stderr).toContain("keyResults[0].tagret: unknown field");
    expect(stderr).toContain("version: expected 1");
  });

  it.each([
    [
      "a missing file",
      ["score", "/nonexistent/cascade.json"],
      "cannot read /nonexistent/cascade.json: no such file",
    ],
    ["a missing FILE", ["score"], "missing FILE"],
    [
      "a bad --as-of",
      ["score", "x.json", "--as-of", "2026-13-01"],
      '--as-of: expected a date YYYY-MM-DD, got "2026-13-01"',
    ],
    ["an unknown option", ["lint", "x.json", "--fast"], "Unknown option '--fast'"],
    ["an extra argument", ["score", "a.json", "b.json"], 'unexpected argument "b.json"'],
    ["an unknown command", ["grade"], 'unknown command "grade"'],
    [
      "agenda with a missing file",
      ["agenda", "/nonexistent/cascade.json"],
      "cascade agenda: cannot read /nonexistent/cascade.json",
    ],
    [
      "agenda with a bad --as-of",
      ["agenda", NORTHWIND, "--as-of", "yesterday"],
      '--as-of: expected a date YYYY-MM-DD, got "yesterday"',
    ],
    ["retro without --cycle", ["retro", NORTHWIND], "--cycle: expected the id of a cycle"],
    [
      "retro with an unknown cycle",
      ["retro", NORTHWIND, "--cycle", "Q9"],
      'no cycle "Q9" in the document (cycles: 2026-Q3, 2026-Q4)',
    ],
    [
      "pipeline with an unknown team",
      ["pipeline", NORTHWIND, "--cycle", "2026-Q4", "--team", "nobody"],
      'no team "nobody" in the document (teams: growth, people, platform)',
    ],
    [
      "pipeline with a bad --as-of",
      ["pipeline", NORTHWIND, "--cycle", "2026-Q4", "--as-of", "2026-02-30"],
      '--as-of: expected a date YYYY-MM-DD, got "2026-02-30"',
    ],
  ])("exits 2 on %s", (_, args, message) => {
    const { code, stderr } = cascade(args);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });

  it("says where JSON is broken", () => {
    const { code, stderr } = cascade(["score", file("bad.json", '{\n  "version": 1,\n  oops\n}')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.json is not valid JSON: .*\(line 3, column 3\)/);
  });
});

describe("cascade schema", () => {
  it("prints the checked-in JSON Schema", () => {
    const { code, stdout } = cascade(["schema"]);
    expect(code).toBe(0);
    const checkedIn = readFileSync(new URL("../schema/cascade.schema.json", import.meta.url), "utf8");
    expect(JSON.parse(stdout)).toEqual(JSON.parse(checkedIn));
    expect(JSON.parse(stdout).properties.keyResults.items.properties.kind.enum).toEqual([
      "increase",
      "decrease",
      "range",
      "milestone",
    ]);
  });

  it("prints help with every command", () => {
    const { code, stdout } = cascade(["--help"]);
    expect(code).toBe(0);
    for (const name of ["score", "lint", "schema"]) expect(stdout).toContain(`cascade ${name}`);
  });
});
