/**
 * The security headers of every answer (API, dashboard, `/healthz`, `/openapi.json`, errors and 404s),
 * set by one middleware after the route has answered, so routes that answer pre-serialized bytes
 * (`serializedJson`) or throw get them too. `hono/secure-headers` sets them with its defaults for the
 * rest (HSTS, COOP/CORP, …); `Cache-Control` is not among its headers and is set here.
 */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

const fromHono = secureHeaders({
  // What the dashboard's pages use, and nothing else: no script at all, one inline `<style>` sheet and
  // inline `style` attributes (bar widths, the pace marker), inline SVG (no image loads), forms posted
  // to the worker itself; no framing, no `<base>`. JSON answers load nothing.
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'unsafe-inline'"],
    formAction: ["'self'"],
    baseUri: ["'none'"],
    frameAncestors: ["'none'"],
  },
  // The referrer (and a real Origin on form posts, which the CSRF check reads) go to the worker itself
  // only. `no-referrer` would make browsers send `Origin: null` on the dashboard's own sign-in posts.
  referrerPolicy: "same-origin",
  // frame-ancestors 'none' for browsers that predate it.
  xFrameOptions: "DENY",
});

/** Install first (`app.use("*", securityHeaders)`), so it wraps every route, `onError` and `notFound`. */
export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await fromHono(c, next);
  // Answers are per token or per session: no browser or shared cache keeps them. A route that means to
  // be cached would say so itself; none does.
  if (!c.res.headers.has("Cache-Control")) c.res.headers.set("Cache-Control", "no-store");
};
