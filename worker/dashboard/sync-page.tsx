/** @jsxImportSource hono/jsx */
/**
 * The sync page: the workspace's Notion connection, a "Sync now" button, and the log of runs, newest
 * first (what each read and wrote, its conflicts and rejected rows, or why it failed).
 */
import type { Workspace } from "../db/workspaces.ts";
import type { Connection } from "../sync/connections.ts";
import type { SyncRun } from "../sync/runs.ts";
import { Page, TableHead } from "./layout.tsx";

const count = (summary: SyncRun["summary"], key: string): string => {
  const value = summary?.[key];
  return typeof value === "number" ? String(value) : Array.isArray(value) ? String(value.length) : "–";
};

const time = (iso: string | null) => (iso === null ? "–" : iso.replace("T", " ").slice(0, 19));

export function SyncPage(props: {
  workspace: Workspace;
  connection: Connection<"notion"> | null;
  runs: SyncRun[];
  /** The webhook subscription's verification token, once Notion sent it: pasted back into Notion. */
  verification: string | null;
  notice?: string;
}) {
  const { connection, runs } = props;
  return (
    <Page title="Sync" workspace={props.workspace}>
      <h1>Sync</h1>
      {connection === null ? (
        <p class="empty">
          No Notion connection yet: <code>PUT /v1/workspaces/{props.workspace.id}/connections/notion</code>{" "}
          with the integration's token and the parent page (README, "Sync service").
        </p>
      ) : (
        <>
          <p>
            Notion, under page <code>{connection.config.parentPageId}</code>, connected{" "}
            {time(connection.validatedAt)} UTC. Runs every 15 minutes, and when Notion reports a change.
          </p>
          <p>
            Webhook: <code>/v1/webhooks/notion/{props.workspace.id}</code>
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
          <form method="post" action="/dashboard/sync">
            <button type="submit">Sync now</button>
          </form>
        </>
      )}
      {props.notice ? <p role="status">{props.notice}</p> : null}
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
              "Trigger",
              "Status",
              "Created",
              "Updated",
              "Conflicts",
              "Rejected",
              "Requests",
              "Finished (UTC)",
              "Error",
            ]}
            numeric={["Created", "Updated", "Conflicts", "Rejected", "Requests"]}
          />
          <tbody>
            {runs.map((run) => (
              <tr data-run={run.id} data-status={run.status}>
                <td>{time(run.queuedAt)}</td>
                <td>{run.trigger}</td>
                <td>{run.status}</td>
                <td class="num">{count(run.summary, "created")}</td>
                <td class="num">{count(run.summary, "updated")}</td>
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
