import { describe, expect, it } from "vitest";
import type { LintFinding } from "../model/report.ts";
import { summarizeLint } from "./summary.ts";

const finding = (code: LintFinding["code"], severity: LintFinding["severity"]): LintFinding => ({
  code,
  severity,
  subject: "x",
  message: "m",
});

describe("summarizeLint", () => {
  it("counts errors, warnings and each code found, codes in order", () => {
    const summary = summarizeLint([
      finding("unknown_reference", "error"),
      finding("key_result_count", "warning"),
      finding("unknown_reference", "error"),
      finding("duplicate_id", "error"),
    ]);
    expect(summary).toEqual({
      errors: 3,
      warnings: 1,
      byCode: { duplicate_id: 1, key_result_count: 1, unknown_reference: 2 },
    });
    expect(Object.keys(summary.byCode)).toEqual(["duplicate_id", "key_result_count", "unknown_reference"]);
  });

  it("is all zeros and no codes for a clean document", () => {
    expect(summarizeLint([])).toEqual({ errors: 0, warnings: 0, byCode: {} });
  });
});
