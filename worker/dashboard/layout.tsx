/** @jsxImportSource hono/jsx */
/**
 * The dashboard's page frame and small shared pieces: navigation, the as-of/cycle/team form, progress
 * bars with the expected-pace marker, and number formatting. No client-side script: every page is
 * plain HTML from the server, styled by the inline sheet below.
 */
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import { formatNumber, formatPercent, STATUS_TEXT } from "../../core/execution/format.ts";
import type { KeyResultStatus } from "../../core/model/report.ts";

const STYLE = `
:root { --ink:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; --focus:#0969da;
  --on_track:#1a7f37; --done:#0b6e4f; --at_risk:#9a6700; --off_track:#cf222e; --not_started:#6e7781;
  --no_data:#5b7390; --invalid:#8250df; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif; color:var(--ink); background:#fff; }
header { display:flex; gap:1.5rem; align-items:center; padding:.6rem 1.5rem; background:var(--bg); border-bottom:1px solid var(--line); flex-wrap:wrap; }
header .brand { font-weight:700; }
header nav a { margin-right:1rem; }
header form { margin-left:auto; }
main { max-width:72rem; margin:0 auto; padding:1rem 1.5rem 3rem; }
a { color:var(--focus); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible { outline:3px solid var(--focus); outline-offset:2px; }
h1 { font-size:1.5rem; margin:.5rem 0 1rem; }
h2 { font-size:1.2rem; margin:1.5rem 0 .5rem; }
form.filters { display:flex; gap:1rem; align-items:end; flex-wrap:wrap; margin:0 0 1rem; }
label { display:flex; flex-direction:column; font-size:.85rem; color:var(--muted); gap:.2rem; }
input, select, button { font:inherit; padding:.3rem .5rem; border:1px solid var(--line); border-radius:6px; background:#fff; color:var(--ink); }
button { cursor:pointer; background:var(--bg); }
ul.tree, ul.tree ul { list-style:none; margin:0; padding-left:1.25rem; }
ul.tree { padding-left:0; }
.node { display:grid; grid-template-columns:minmax(14rem,1fr) 12rem 11rem; gap:.75rem; align-items:center; padding:.3rem .4rem; border-bottom:1px solid #eaeef2; }
.node .name { min-width:0; }
.node .meta { font-size:.85rem; color:var(--muted); }
.level-imperative > .node { font-weight:700; background:var(--bg); }
.level-goal > .node { font-weight:600; }
.context > .node .name { font-style:italic; }
.kind { font-size:.75rem; color:var(--muted); border:1px solid var(--line); border-radius:4px; padding:0 .25rem; margin-left:.35rem; }
.bar { position:relative; height:.9rem; background:#eaeef2; border-radius:4px; overflow:visible; }
.bar .fill { height:100%; border-radius:4px; background:#54aeff; }
.bar .pace { position:absolute; top:-3px; width:2px; height:calc(100% + 6px); background:var(--ink); }
.status { font-size:.85rem; white-space:nowrap; }
.status::before { content:""; display:inline-block; width:.7rem; height:.7rem; border-radius:50%; margin-right:.35rem; vertical-align:-1px; background:currentColor; }
${(["on_track", "done", "at_risk", "off_track", "not_started", "no_data", "invalid"] as const)
  .map(
    (s) =>
      `.s-${s} .fill, .s-${s}.status::before { background:var(--${s}); } .s-${s}.status { color:var(--${s}); }`,
  )
  .join("\n")}
table { border-collapse:collapse; width:100%; margin:.5rem 0 1rem; }
th, td { text-align:left; padding:.35rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:.85rem; color:var(--muted); font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:.25rem 1rem; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; }
.sev-high, .sev-error { color:var(--off_track); font-weight:600; }
.sev-medium, .sev-warning { color:var(--at_risk); font-weight:600; }
.empty { color:var(--muted); font-style:italic; }
tr.cut-line td { border-top:3px solid var(--ink); font-weight:600; font-size:.85rem; }
section { margin-bottom:1.5rem; }
.error { color:var(--off_track); font-weight:600; }
.card { max-width:28rem; margin:4rem auto; padding:1.5rem; border:1px solid var(--line); border-radius:8px; }
.card form { display:flex; flex-direction:column; gap:1rem; }
svg text { font-size:11px; fill:var(--muted); }
`;

/** A share as a whole percentage, as every page shows it: 0.4567 → "46%"; a dash when blank. */
export function percent(x: number | null | undefined): string {
  return x === null || x === undefined ? "–" : formatPercent(x);
}

/** A value with up to two decimals and its unit; a dash when blank. */
export function amount(x: number | null | undefined, unit?: string): string {
  if (x === null || x === undefined) return "–";
  return unit ? `${formatNumber(x)} ${unit}` : formatNumber(x);
}

/**
 * A table's head: one column header per label; labels in `numeric` are right-aligned over their numbers.
 *
 * @example <TableHead columns={["Area", "Metrics"]} numeric={["Metrics"]} />
 */
export function TableHead(props: { columns: readonly string[]; numeric?: readonly string[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map((label) => (
          <th scope="col" class={props.numeric?.includes(label) ? "num" : undefined}>
            {label}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function Page(props: {
  title: string;
  workspace?: { id: string; name: string };
  query?: string;
  children: Child;
}) {
  const q = props.query ? `?${props.query}` : "";
  return html`<!DOCTYPE html>${(
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · Cascade`}</title>
        <style dangerouslySetInnerHTML={{ __html: STYLE }} />
      </head>
      <body>
        {props.workspace ? (
          <header>
            <span class="brand">Cascade · {props.workspace.name}</span>
            <nav aria-label="Dashboard">
              <a href={`/dashboard${q}`}>Cascade</a>
              <a href={`/dashboard/execution${q}`}>Execution</a>
              <a href={`/dashboard/alerts${q}`}>Alerts and lint</a>
              <a href="/dashboard/sync">Sync</a>
            </nav>
            <form method="post" action="/sign-out">
              <button type="submit">Sign out</button>
            </form>
          </header>
        ) : null}
        <main>{props.children}</main>
      </body>
    </html>
  )}`;
}

/** A progress bar coloured by status, with a marker at the expected pace; the numbers are in text too. */
export function ProgressBar(props: {
  label: string;
  value: number | null;
  expected?: number;
  status: string;
}) {
  const value = props.value ?? 0;
  return (
    <div
      class={`bar s-${props.status}`}
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(value * 100)}
      aria-valuetext={`${percent(props.value)}${props.expected === undefined ? "" : `, expected ${percent(props.expected)}`}`}
    >
      <div class="fill" style={`width:${(Math.min(1, Math.max(0, value)) * 100).toFixed(1)}%`} />
      {props.expected === undefined ? null : (
        <div
          class="pace"
          style={`left:calc(${(Math.min(1, Math.max(0, props.expected)) * 100).toFixed(1)}% - 1px)`}
          title={`expected ${percent(props.expected)}`}
        />
      )}
    </div>
  );
}

export function Status(props: { status: string }) {
  return (
    <span class={`status s-${props.status}`} data-status={props.status}>
      {STATUS_TEXT[props.status as KeyResultStatus] ?? props.status.replace(/_/g, " ")}
    </span>
  );
}
