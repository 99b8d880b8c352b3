/** @jsxImportSource hono/jsx */
/**
 * The dashboard's page frame and small shared pieces: navigation, table cells, progress bars with the
 * expected-pace marker, and status badges. No client-side script (the worker's CSP allows none): every
 * page is plain HTML from the server, styled by the inline sheet below, which also lays the pages out
 * for a phone (tables become stacked rows) and for a shared screen (the agenda's present mode).
 */
import { html } from "hono/html";
import type { Child } from "hono/jsx";
import { STATUS_TEXT } from "../../core/execution/format.ts";
import type { KeyResultStatus } from "../../core/model/report.ts";
import { useAccess } from "./access.tsx";
import { percent } from "./format.ts";

const STYLE = `
:root { --ink:#1b1f24; --muted:#57606a; --line:#d0d7de; --bg:#f6f8fa; --focus:#0969da;
  --on_track:#1a7f37; --done:#0b6e4f; --at_risk:#9a6700; --off_track:#cf222e; --not_started:#6e7781;
  --no_data:#5b7390; --invalid:#8250df; --better:#1a7f37; --worse:#cf222e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust:100%; }
body { margin:0; font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif; color:var(--ink); background:#fff; overflow-wrap:break-word; }
header { display:flex; gap:.5rem 1.5rem; align-items:center; padding:.6rem 1.5rem; background:var(--bg); border-bottom:1px solid var(--line); flex-wrap:wrap; }
header .brand { font-weight:700; }
header nav { display:flex; flex-wrap:wrap; gap:.25rem 1rem; }
header nav a[aria-current="page"] { font-weight:700; color:var(--ink); }
header form { margin-left:auto; }
main { max-width:72rem; margin:0 auto; padding:1rem 1.5rem 3rem; }
a { color:var(--focus); }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, summary:focus-visible, [tabindex]:focus-visible { outline:3px solid var(--focus); outline-offset:2px; }
h1 { font-size:1.5rem; margin:.5rem 0 1rem; }
h2 { font-size:1.2rem; margin:1.5rem 0 .5rem; }
code { overflow-wrap:anywhere; }
form.filters { display:flex; gap:1rem; align-items:end; flex-wrap:wrap; margin:0 0 1rem; }
label { display:flex; flex-direction:column; font-size:.85rem; color:var(--muted); gap:.2rem; }
input, select, button, textarea { font:inherit; padding:.3rem .5rem; border:1px solid var(--line); border-radius:6px; background:#fff; color:var(--ink); max-width:100%; }
select { min-width:0; }
button { cursor:pointer; background:var(--bg); }
.sr { position:absolute; width:1px; height:1px; margin:-1px; padding:0; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; border:0; }
.meta { font-size:.85rem; color:var(--muted); }
ul.tree, ul.tree ul { list-style:none; margin:0; padding-left:1.25rem; }
ul.tree { padding-left:0; }
.node { display:grid; grid-template-columns:minmax(0,1fr) 12rem 11rem; gap:.75rem; align-items:center; padding:.3rem .4rem; border-bottom:1px solid #eaeef2; }
.node .name { min-width:0; }
.level-imperative > .node { font-weight:700; background:var(--bg); }
.level-goal > .node { font-weight:600; }
.context > .node .name { font-style:italic; }
.kind { font-size:.75rem; color:var(--muted); border:1px solid var(--line); border-radius:4px; padding:0 .25rem; margin-left:.35rem; font-weight:400; font-style:normal; white-space:nowrap; }
.kind a { color:inherit; }
.not-counted { border-style:dashed; }
.figures { font-size:.85rem; color:var(--muted); font-weight:400; }
.figures > span + span::before { content:" · "; }
.trend { font-weight:700; }
.t-better { color:var(--better); } .t-worse { color:var(--worse); } .t-same { color:var(--muted); }
.bar { position:relative; height:.9rem; background:#eaeef2; border-radius:4px; overflow:visible; }
.bar .fill { height:100%; border-radius:4px; background:#54aeff; }
.bar .pace { position:absolute; top:-3px; width:2px; height:calc(100% + 6px); background:var(--ink); }
.gauge { position:relative; height:.9rem; background:#eaeef2; border-radius:4px; }
.gauge .band { position:absolute; top:0; height:100%; background:#b6e3c1; border-left:2px solid var(--on_track); border-right:2px solid var(--on_track); }
.gauge .now { position:absolute; top:-3px; width:.6rem; height:calc(100% + 6px); margin-left:-.3rem; border-radius:3px; background:var(--ink); }
.gauge.s-off_track .now { background:var(--off_track); }
.status { font-size:.85rem; white-space:nowrap; }
.status::before { content:""; display:inline-block; width:.7rem; height:.7rem; border-radius:50%; margin-right:.35rem; vertical-align:-1px; background:currentColor; }
${(["on_track", "done", "at_risk", "off_track", "not_started", "no_data", "invalid"] as const)
  .map(
    (s) =>
      `.s-${s} .fill, .s-${s}.status::before { background:var(--${s}); } .s-${s}.status { color:var(--${s}); }`,
  )
  .join("\n")}
.s-final .fill { background:#6e7781; }
.s-grade-green .fill { background:var(--on_track); } .s-grade-yellow .fill { background:var(--at_risk); } .s-grade-red .fill { background:var(--off_track); }
.grade { font-weight:600; }
.g-green { color:var(--on_track); } .g-yellow { color:var(--at_risk); } .g-red { color:var(--off_track); }
table { border-collapse:collapse; width:100%; margin:.5rem 0 1rem; }
th, td { text-align:left; padding:.35rem .5rem; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:.85rem; color:var(--muted); font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
td.date { white-space:nowrap; }
dl.facts { display:grid; grid-template-columns:max-content minmax(0,1fr); gap:.25rem 1rem; }
dl.facts dt { color:var(--muted); }
dl.facts dd { margin:0; }
.sev-high, .sev-error { color:var(--off_track); font-weight:600; }
.sev-medium, .sev-warning { color:var(--at_risk); font-weight:600; }
.empty { color:var(--muted); font-style:italic; }
tr.cut-line td { border-top:3px solid var(--ink); font-weight:600; font-size:.85rem; }
section { margin-bottom:1.5rem; }
.error { color:var(--off_track); font-weight:600; }
.notice { border-left:4px solid var(--on_track); background:#dafbe1; padding:.5rem .75rem; }
.card { max-width:28rem; margin:4rem auto; padding:1.5rem; border:1px solid var(--line); border-radius:8px; }
.card form { display:flex; flex-direction:column; gap:1rem; }
svg text { font-size:11px; fill:var(--muted); }
.strip { display:grid; grid-template-columns:repeat(auto-fit,minmax(13rem,1fr)); gap:.75rem; margin:0 0 1.25rem; padding:0; list-style:none; }
.strip > li { border:1px solid var(--line); border-radius:8px; padding:.6rem .8rem; background:#fff; min-width:0; }
.strip h2 { font-size:.8rem; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); margin:0 0 .3rem; }
.strip .big { font-size:1.6rem; font-weight:700; line-height:1.2; }
.strip ul { list-style:none; margin:.2rem 0 0; padding:0; font-size:.85rem; }
details { margin:.25rem 0; }
summary { cursor:pointer; color:var(--focus); }
ol.agenda { list-style:none; margin:0; padding:0; counter-reset:item; }
ol.agenda > li { display:grid; grid-template-columns:2rem minmax(0,1fr); gap:.25rem .75rem; padding:.6rem .25rem; border-bottom:1px solid var(--line); counter-increment:item; }
ol.agenda > li::before { content:counter(item); font-weight:700; font-size:1.1rem; color:var(--muted); text-align:right; }
.agenda .why { margin:.15rem 0 0; }
form.check-in, form.person { display:grid; grid-template-columns:repeat(auto-fit,minmax(12rem,1fr)); gap:.75rem 1.25rem; align-items:start; max-width:48rem; padding:1rem; border:1px solid var(--line); border-radius:8px; background:var(--bg); }
form.check-in label, form.person label { font-weight:600; color:var(--ink); font-size:.9rem; }
form.check-in input, form.check-in textarea, form.person input, form.person select { width:100%; margin-top:.2rem; }
form.check-in p.meta, form.person p.meta { margin:.25rem 0 0; }
form.check-in .wide, form.check-in .error, form.person .wide, form.person .error { grid-column:1 / -1; }
form.check-in .error, form.person .error { margin:0; padding:.5rem .75rem; border-left:4px solid var(--off_track); background:#ffebe9; }
form.check-in .error ul, form.person .error ul { margin:.25rem 0 0; padding-left:1.25rem; }
form.check-in [aria-invalid="true"], form.person [aria-invalid="true"] { border-color:var(--off_track); border-width:2px; }
form.person { max-width:40rem; }
form.inline { display:flex; flex-wrap:wrap; gap:.35rem; align-items:center; }
form.inline .error { flex-basis:100%; margin:0; }
form.inline [aria-invalid="true"] { border-color:var(--off_track); border-width:2px; }
table.people .actions { display:flex; flex-direction:column; align-items:flex-start; gap:.35rem; }
table.people details form { margin:.35rem 0 0; }
table.people details p { margin:0 0 .35rem; }
ul.plain { list-style:none; margin:0; padding:0; }
.issued-token { display:block; padding:.6rem .75rem; border:1px solid var(--line); border-radius:6px; background:var(--bg); font-size:1.05rem; user-select:all; -webkit-user-select:all; }
nav.pages { display:flex; gap:1rem; margin:0 0 1rem; }
.present-open { font-weight:600; }
[popover].present { position:fixed; inset:0; width:100vw; height:100vh; height:100dvh; max-width:none; max-height:none; margin:0; padding:0; border:0; background:#fff; color:var(--ink); }
.deck { height:100%; overflow-y:auto; scroll-snap-type:y mandatory; overscroll-behavior:contain; }
.slide { min-height:100%; height:100%; scroll-snap-align:start; scroll-snap-stop:always; display:flex; flex-direction:column; justify-content:center; gap:1.5rem; padding:4vh 6vw; font-size:clamp(1.1rem,2.6vw,2.2rem); border-bottom:1px solid var(--line); overflow:hidden; }
.slide h2 { font-size:clamp(1.6rem,4.5vw,3.4rem); line-height:1.15; margin:0; }
.slide p { margin:0; }
.slide .meta { font-size:.75em; }
.slide .count { color:var(--muted); font-size:.7em; }
.slide .keys { color:var(--muted); font-size:.6em; }
.slide nav { display:flex; gap:1.5rem; flex-wrap:wrap; font-size:.7em; }
@media (max-width: 40rem) {
  body { overflow-wrap:anywhere; }
  header { padding:.5rem 1rem; }
  header form { margin-left:0; }
  main { padding:.75rem 1rem 2rem; }
  ul.tree ul { padding-left:.6rem; }
  .node { grid-template-columns:minmax(0,1fr); gap:.3rem; }
  dl.facts { grid-template-columns:minmax(0,1fr); }
  dl.facts dd { margin-bottom:.4rem; }
  table, thead, tbody, tr, th, td, caption { display:block; width:100%; }
  thead tr { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); }
  tr { display:flex; flex-wrap:wrap; gap:.1rem 1rem; border-bottom:1px solid var(--line); padding:.4rem 0; }
  td { width:auto; max-width:100%; flex:0 1 auto; border:0; padding:.1rem 0; }
  td.num { text-align:left; }
  td[data-label]::before { content:attr(data-label) ": "; color:var(--muted); font-size:.85rem; }
  td:empty { display:none; }
  tr.cut-line td { border-top:0; }
  tr.cut-line { border-top:3px solid var(--ink); }
  form.filters > * { flex:1 1 9rem; }
}
`;

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

/** The dashboard's pages in its navigation, by the key a page names itself with. */
const NAV = [
  ["cascade", "/dashboard", "Cascade"],
  ["agenda", "/dashboard/agenda", "Agenda"],
  ["execution", "/dashboard/execution", "Execution"],
  ["alerts", "/dashboard/alerts", "Alerts and lint"],
  ["retro", "/dashboard/retro", "Retro"],
] as const;

export type NavKey = (typeof NAV)[number][0] | "sync" | "people";

export function Page(props: {
  title: string;
  workspace?: { id: string; name: string };
  /** The filters' query, kept by the navigation's links. */
  query?: string;
  /** The navigation entry this page is (or belongs to). */
  current?: NavKey;
  children: Child;
}) {
  const q = props.query ? `?${props.query}` : "";
  const access = useAccess();
  const here = (key: NavKey) => (props.current === key ? { "aria-current": "page" } : {});
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
              {NAV.map(([key, path, label]) => (
                <a href={`${path}${q}`} {...here(key)}>
                  {label}
                </a>
              ))}
              <a href="/dashboard/sync" {...here("sync")}>
                Sync
              </a>
              {access.managesPeople ? (
                <a href="/dashboard/people" {...here("people")}>
                  People
                </a>
              ) : null}
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

/**
 * A table cell that names its column, so a phone can show the table as stacked rows ("Owner: Ana").
 *
 * @example <Cell label="Owner">Ana</Cell>
 */
export function Cell(props: { label: string; num?: boolean; class?: string; children?: Child }) {
  const classes = [props.num ? "num" : "", props.class ?? ""].filter((c) => c !== "").join(" ");
  return (
    <td data-label={props.label} class={classes === "" ? undefined : classes}>
      {props.children}
    </td>
  );
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
