import pc from "picocolors";
import { scoreCascade } from "../../core/report.ts";
import type { Command } from "../command.ts";
import { EXIT_LINT_ERRORS, EXIT_OK } from "../command.ts";
import { asOfOption, loadDocument } from "../load.ts";
import { renderLintLines } from "../render/tree.ts";
import { useColor } from "../tty.ts";

export const lint: Command = {
  name: "lint",
  summary: "Check alignment and hygiene; exit 1 when there is an error",
  usage: "cascade lint FILE [--as-of YYYY-MM-DD] [--json]",
  options: { "as-of": { type: "string" }, json: { type: "boolean" } },
  async run([file], values, output) {
    const asOf = asOfOption(values);
    const doc = await loadDocument(file);
    // The full report carries every lint finding, the execution layer's included.
    const findings = scoreCascade(doc, asOf).lint;
    const errors = findings.filter((f) => f.severity === "error").length;
    if (values.json) {
      output.out(`${JSON.stringify(findings, null, 2)}\n`);
    } else {
      const c = pc.createColors(useColor());
      const warnings = findings.length - errors;
      output.out(
        `${[...renderLintLines(findings, c), `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`].join("\n")}\n`,
      );
    }
    return errors > 0 ? EXIT_LINT_ERRORS : EXIT_OK;
  },
};
