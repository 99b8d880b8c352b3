/** @jsxImportSource hono/jsx */
/**
 * The sync page: the workspace's connections (Notion, Coda), a "Sync now" button (not for a viewer), every key result
 * bound to a source with the value it gave or why it could not, and the log of runs, newest first
 * (what each read and wrote, what it recorded, its conflicts and rejected rows, or why it failed).
 */
import type { Workspace } from "../db/workspaces.ts";
import type { Connection } from "../sync/connections.ts";
import type { SyncRun } from "../sync/runs.ts";
import type { SourceStatus } from "../sync/sources.ts";
import { CSRF_FIELD } from "./csrf.ts";
import { VIEWER_LINE } from "./forbidden.tsx";
import { Page, TableHead } from "./layout.tsx";

const count = (summary: SyncRun["summary"], key: string): string => {
  const value = summary?.[key] ?? (summary?.sources as Record<string, unknown> | undefined)?.[key];
  return typeof value === "number" ? String(value) : Array.isArray(value) ? String(value.length) : "–";
};

const time = (iso: string | null) => (iso === null ? "–" : iso.replace("T", " ").slice(0, 19));

const SOURCE_NAMES = { notion: "Notion", coda: "Coda" } as const;

export function SyncPage(props: {
  workspace: Workspace;
  connection: Connection<"notion"> | null;
  coda?: Connection<"coda"> | null;
  runs: SyncRun[];
  /** Every key result bound to a source, as the last run read it, with its title. */
  sources?: SourceStatus[];
  /** The webhook subscription's verification token, once Notion sent it: pasted back into Notion. */
  verification: string | null;
  notice?: string;
  /** Whether the session may start a run (everyone but a viewer, who reads a line instead). */
  mayStart?: boolean;
  /** The session's form token (csrf.ts), sent back with "Sync now". */
  csrf?: string;
}) {
  const { connection, runs } = props;
  const coda = props.coda ?? null;
  const sources = props.sources ?? [];
  const ws = props.workspace.id;
  return (
    <Page title="Sync" workspace={props.workspace} current="sync">
      <h1>Sync</h1>
      <h2 id="connections">Connections</h2>
      {connection === null ? (
        <p class="empty">
          No Notion connection yet: <code>PUT /v1/workspaces/{ws}/connections/notion</code> with the
          integration's token and the parent page (README, "Connecting Notion").
        </p>
      ) : (
        <>
          <p>
            <strong>Notion</strong>, under page <code>{connection.config.parentPageId}</code>, connected{" "}
            {time(connection.validatedAt)} UTC. Runs every 15 minutes, and when Notion reports a change.
          </p>
          <p>
            Webhook: <code>/v1/webhooks/notion/{ws}</code>
            {props.verification === null ? (
              " (no subscription verified yet)"
            ) : (
              <>
                {" "}
                — verification token <code>{props.verification}</code> (paste it into the integration's
                webhook settings)
              </>
            )}
          </p>
        </>
      )}
      {coda === null ? (
        <p class="empty">
          No Coda connection yet: <code>PUT /v1/workspaces/{ws}/connections/coda</code> with an API token
          (README, "Connecting Coda").
        </p>
      ) : (
        <p>
          <strong>Coda</strong>, the account of {coda.config.account}, connected {time(coda.validatedAt)} UTC.
          Runs every 15 minutes.
        </p>
      )}
      {connection === null && coda === null ? null : props.mayStart === false ? (
        <p class="meta" data-viewer>
          {VIEWER_LINE}
        </p>
      ) : (
        <form method="post" action="/dashboard/sync">
          <input type="hidden" name={CSRF_FIELD} value={props.csrf ?? ""} />
          <button type="submit">Sync now</button>
        </form>
      )}
      {props.notice ? <p role="status">{props.notice}</p> : null}
      <h2 id="sources">
        Key results bound to a source <span class="meta">({sources.length})</span>
      </h2>
      {sources.length === 0 ? (
        <p class="empty">
          None read yet. Bind a key result to a Coda cell or a Notion property with its <code>source</code>{" "}
          (README, "Binding a key result to a source"); the next run reads it.
        </p>
      ) : (
        <table aria-labelledby="sources">
          <TableHead
            columns={["Key result", "Source", "Last value", "Problem", "Read (UTC)"]}
            numeric={["Last value"]}
          />
          <tbody>
            {sources.map((s) => (
              <tr data-source={s.keyResultId} data-problem={s.problem === null ? "no" : "yes"}>
                <td>
                  <a href={`/dashboard/key-results/${encodeURIComponent(s.keyResultId)}`}>
                    {s.title ?? s.keyResultId}
                  </a>
                </td>
                <td>{SOURCE_NAMES[s.source]}</td>
                <td class="num">{s.value === null ? "–" : String(s.value)}</td>
                <td>{s.problem ?? ""}</td>
                <td>{time(s.checkedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h2 id="runs">
        Runs <span class="meta">({runs.length})</span>
      </h2>
      {runs.length === 0 ? (
        <p class="empty">No runs yet.</p>
      ) : (
        <table aria-labelledby="runs">
          <TableHead
            columns={[
              "Queued (UTC)",
              "Source",
              "Trigger",
              "Status",
              "Created",
              "Updated",
              "Recorded",
              "Conflicts",
              "Rejected",
              "Requests",
              "Finished (UTC)",
              "Error",
            ]}
            numeric={["Created", "Updated", "Recorded", "Conflicts", "Rejected", "Requests"]}
          />
          <tbody>
            {runs.map((run) => (
              <tr data-run={run.id} data-status={run.status}>
                <td>{time(run.queuedAt)}</td>
                <td>{SOURCE_NAMES[run.source]}</td>
                <td>{run.trigger}</td>
                <td>{run.status}</td>
                <td class="num">{count(run.summary, "created")}</td>
                <td class="num">{count(run.summary, "updated")}</td>
                <td class="num">{count(run.summary, "recorded")}</td>
                <td class="num">{count(run.summary, "conflicts")}</td>
                <td class="num">{count(run.summary, "rejected")}</td>
                <td class="num">
                  {run.summary === null
                    ? "–"
                    : String(Number(run.summary.reads ?? 0) + Number(run.summary.writes ?? 0))}
                </td>
                <td>{time(run.finishedAt)}</td>
                <td>{run.error ?? ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Page>
  );
}
