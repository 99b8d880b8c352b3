/** Test helpers of the dashboard's pages: a signed-in session, pages read and forms posted with it. */
import { SELF } from "cloudflare:test";
import { expect } from "vitest";

export const ORIGIN = "http://cascade.test";

/** Signs in with a workspace token and returns the session cookie (`name=value`). */
export async function session(token: string): Promise<string> {
  const response = await SELF.fetch(`${ORIGIN}/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
    body: new URLSearchParams({ token }).toString(),
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
}

/** A page as the session sees it (redirects not followed). */
export async function page(
  path: string,
  cookie?: string,
): Promise<{ status: number; html: string; headers: Headers }> {
  const response = await SELF.fetch(`${ORIGIN}${path}`, {
    headers: cookie ? { cookie } : {},
    redirect: "manual",
  });
  return { status: response.status, html: await response.text(), headers: response.headers };
}

/** Posts a form as a browser on the dashboard's own page would (Origin set), unless `headers` say otherwise. */
export function postForm(
  path: string,
  cookie: string,
  fields: Record<string, string>,
  headers: Record<string, string> = { origin: ORIGIN },
): Promise<Response> {
  return SELF.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie, ...headers },
    body: new URLSearchParams(fields).toString(),
    redirect: "manual",
  });
}

/** Every value of attribute `name` in the page, in order (entities of the templates decoded). */
export function attributeValues(html: string, name: string): string[] {
  return [...html.matchAll(new RegExp(`\\s${name}="([^"]*)"`, "g"))].map((m) =>
    decodeEntities(m[1] as string),
  );
}

/** The value of the hidden or text field `name` of the page's first form that has it. */
export function fieldValue(html: string, name: string): string | undefined {
  const tag = new RegExp(`<input[^>]*\\sname="${name}"[^>]*>`).exec(html)?.[0];
  const value = tag ? /\svalue="([^"]*)"/.exec(tag)?.[1] : undefined;
  return value === undefined ? undefined : decodeEntities(value);
}

/** The visible text of a piece of the page: tags dropped, entities decoded, blanks collapsed. */
export function textOf(html: string): string {
  return decodeEntities(html.replace(/<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " "))
    .replace(/\s+/g, " ")
    .trim();
}

/** The element that starts with the first tag carrying `marker` (e.g. `data-id="x"`), up to its closing tag. */
export function elementWith(html: string, marker: string): string {
  const at = html.indexOf(marker);
  if (at < 0) return "";
  const start = html.lastIndexOf("<", at);
  const name = /^<([a-z0-9]+)/.exec(html.slice(start))?.[1] ?? "div";
  let depth = 0;
  const tags = new RegExp(`<(/?)${name}(?=[\\s>])[^>]*>`, "g");
  tags.lastIndex = start;
  for (let m = tags.exec(html); m; m = tags.exec(html)) {
    depth += m[1] === "/" ? -1 : 1;
    if (depth === 0) return html.slice(start, tags.lastIndex);
  }
  return html.slice(start);
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
