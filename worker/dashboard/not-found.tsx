/** @jsxImportSource hono/jsx */
/** The dashboard's "not found" page: HTML, in the dashboard's frame, with a way back (never JSON). */
import type { Child } from "hono/jsx";
import { Page } from "./layout.tsx";

export function NotFoundPage(props: {
  workspace: { id: string; name: string };
  /** The filters' query, kept by the links back. */
  query?: string;
  heading?: string;
  children?: Child;
}) {
  const q = props.query ? `?${props.query}` : "";
  return (
    <Page title="Not found" workspace={props.workspace} {...(props.query ? { query: props.query } : {})}>
      <h1>{props.heading ?? "There is no such page"}</h1>
      {props.children ?? <p>The address may be mistyped, or what it named is no longer in the cascade.</p>}
      <p>
        <a href={`/dashboard${q}`}>Back to the cascade</a>
      </p>
    </Page>
  );
}
