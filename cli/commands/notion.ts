/**
 * `cascade notion init|sync`: the Notion surface of the CLI. The document FILE is the Cascade side
 * (read and rewritten through the file store); the state file keeps the ids and the last synced values.
 * Exit codes: 0 synced; 1 some rows were rejected (each named), the rest synced; 2 nothing could be.
 */
import { stat } from "node:fs/promises";
import { initNotion } from "../../integrations/notion/init.ts";
import { LAYOUT } from "../../integrations/notion/layout.ts";
import { NotionApi, NotionError } from "../../integrations/notion/notion-api.ts";
import { readConfig, readState, StateFileError, writeState } from "../../integrations/notion/state-file.ts";
import { SyncError, type SyncSummary, syncNotion } from "../../integrations/notion/sync.ts";
import { CascadeFileError, FileCascadeStore } from "../../store/file.ts";
import { type Command, EXIT_OK, EXIT_USAGE, type OptionValues, type Output, UsageError } from "../command.ts";
import { asOfOption, requiredOption } from "../load.ts";

/** Some rows were rejected; everything else synced. */
const EXIT_REJECTED = 1;

function apiFrom(values: OptionValues): NotionApi {
  const token = process.env.NOTION_TOKEN;
  if (!token) {
    throw new UsageError(
      "NOTION_TOKEN is not set: create an internal integration at https://www.notion.so/my-integrations and export its secret",
    );
  }
  const rate = values.rate === undefined ? 3 : Number(values.rate);
  if (!(rate > 0)) throw new UsageError(`--rate: expected requests a second > 0, not "${values.rate}"`);
  return new NotionApi({ token, baseUrl: process.env.NOTION_BASE_URL, requestsPerSecond: rate });
}

function describe(summary: SyncSummary): string {
  const lines = [
    `${summary.dryRun ? "dry run: would write" : "synced"}: ${summary.created} created, ${summary.updated} updated, ` +
      `${summary.trashed} trashed, ${summary.restored} restored; ${summary.pulled} pages read` +
      `${summary.documentChanged ? (summary.dryRun ? "; the document would change" : "; the document changed") : ""}`,
    `requests: ${summary.reads} reads, ${summary.writes} writes${summary.rateLimited ? `, ${summary.rateLimited} rate-limited (retried)` : ""} in ${(summary.durationMs / 1000).toFixed(1)} s`,
  ];
  for (const c of summary.conflicts) {
    lines.push(`conflict: ${LAYOUT[c.kind].title} ${c.id} ${c.field}: kept ${c.kept}'s (${c.why})`);
  }
  for (const r of summary.rejected) {
    lines.push(`rejected: ${LAYOUT[r.kind].title} ${r.id || `page ${r.pageId}`}: ${r.errors.join("; ")}`);
  }
  return `${lines.join("\n")}\n`;
}

/** "pushing 120/5000" on one line of a terminal; nothing in pipes. */
function progressOn(output: Output) {
  if (!process.stderr.isTTY) return undefined;
  let last = 0;
  return (p: { phase: string; done: number; total: number }) => {
    const time = Date.now();
    if (time - last < 100 && p.done < p.total) return;
    last = time;
    output.err(`\r${p.phase === "pull" ? "reading" : "writing"} ${p.done}/${p.total}\u001b[K`);
    if (p.phase === "push" && p.done === p.total) output.err("\r\u001b[K");
  };
}

async function run(sub: string | undefined, values: OptionValues, output: Output): Promise<number> {
  const docPath = requiredOption(values, "doc", "the cascade document FILE");
  const statePath =
    typeof values.state === "string" ? values.state : `${docPath.replace(/\.json$/, "")}.notion.json`;
  const config = await readConfig(typeof values.config === "string" ? values.config : undefined);
  const state = await readState(statePath);
  const api = apiFrom(values);
  if (sub === "init") {
    const parent = requiredOption(
      values,
      "parent",
      "the id of the Notion page to create the databases under",
    );
    const summary = await initNotion({ api, state, parentPageId: parent, config });
    await writeState(statePath, state);
    if (values.json) output.out(`${JSON.stringify(summary, null, 2)}\n`);
    else {
      const titles = (kinds: string[]) =>
        kinds.map((k) => LAYOUT[k as keyof typeof LAYOUT].title).join(", ") || "none";
      output.out(`created: ${titles(summary.created)}\nalready there: ${titles(summary.found)}\n`);
      for (const r of summary.repaired)
        output.out(`added to ${LAYOUT[r.kind].title}: ${r.properties.join(", ")}\n`);
      for (const p of summary.problems) output.out(`problem: ${p}\n`);
      output.out(`state: ${statePath}\n`);
    }
    return summary.problems.length > 0 ? EXIT_REJECTED : EXIT_OK;
  }
  const store = new FileCascadeStore(docPath);
  let editedAt: Date;
  try {
    editedAt = (await stat(docPath)).mtime;
  } catch {
    throw new UsageError(`cannot read ${docPath}: no such file`);
  }
  const progress = progressOn(output);
  const summary = await syncNotion({
    store,
    api,
    state,
    saveState: (s) => writeState(statePath, s),
    config,
    asOf: asOfOption(values),
    documentEditedAt: editedAt,
    dryRun: values["dry-run"] === true,
    full: values.full === true,
    ...(progress ? { onProgress: progress } : {}),
  });
  output.out(values.json ? `${JSON.stringify(summary, null, 2)}\n` : describe(summary));
  return summary.rejected.length > 0 ? EXIT_REJECTED : EXIT_OK;
}

export const notion: Command = {
  name: "notion",
  summary: "Two-way sync with Notion databases: init creates them under a page, sync reads and writes",
  usage:
    "cascade notion init --parent PAGE_ID --doc FILE [--state FILE] [--config FILE] | " +
    "cascade notion sync --doc FILE [--state FILE] [--config FILE] [--as-of YYYY-MM-DD] [--dry-run] [--full] [--json]",
  options: {
    doc: { type: "string" },
    parent: { type: "string" },
    state: { type: "string" },
    config: { type: "string" },
    "as-of": { type: "string" },
    "dry-run": { type: "boolean" },
    full: { type: "boolean" },
    json: { type: "boolean" },
    rate: { type: "string" },
  },
  async run([sub], values, output) {
    if (sub !== "init" && sub !== "sync") {
      throw new UsageError(
        sub === undefined
          ? "expected init or sync"
          : `unknown notion command "${sub}": expected init or sync`,
      );
    }
    try {
      return await run(sub, values, output);
    } catch (error) {
      if (error instanceof NotionError) {
        const hint =
          error.code === "unauthorized"
            ? ": NOTION_TOKEN is not a valid integration token"
            : error.code === "restricted_resource"
              ? ": share the page with the integration"
              : "";
        output.err(`cascade notion ${sub}: Notion refused (${error.code}): ${error.message}${hint}\n`);
        return EXIT_USAGE;
      }
      if (
        error instanceof SyncError ||
        error instanceof StateFileError ||
        error instanceof CascadeFileError
      ) {
        output.err(`cascade notion ${sub}: ${error.message}\n`);
        return EXIT_USAGE;
      }
      throw error;
    }
  },
};
