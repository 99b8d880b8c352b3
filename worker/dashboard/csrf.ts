/**
 * CSRF protection of the dashboard's writing forms: a synchronizer token tied to the session. Each form
 * carries HMAC-SHA256(session key, session id) in a hidden field; a post is taken only when the field
 * verifies against the session its cookie names. Another site can make a browser send the cookie (it is
 * SameSite=Lax, and Lax lets top-level navigations through) but cannot read a page to learn the token.
 * The posts also pass the same-origin check (Origin / Sec-Fetch-Site) that sign-in uses.
 */
import type { Context } from "hono";
import { fromBase64Url, toBase64Url } from "../base64.ts";
import { type DashboardEnv, sessionKey } from "./session.ts";

/** The hidden field's name. */
export const CSRF_FIELD = "csrf";

const encoder = new TextEncoder();

async function hmacKey(c: Context<DashboardEnv>): Promise<CryptoKey> {
  const secret = await sessionKey(c.env);
  if (!secret) throw new Error("neither SESSION_SECRET nor ADMIN_TOKEN is set: forms cannot be signed");
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
    "verify",
  ]);
}

const message = (sessionId: string) => encoder.encode(`cascade dashboard form\u0000${sessionId}`);

/** The token of the request's session (behind `requireSession`), for a form's hidden field. */
export async function formToken(c: Context<DashboardEnv>): Promise<string> {
  const signature = await crypto.subtle.sign("HMAC", await hmacKey(c), message(c.var.sessionId));
  return toBase64Url(new Uint8Array(signature));
}

/** Whether a posted token is the one of the request's session (compared in constant time). */
export async function isFormToken(c: Context<DashboardEnv>, token: unknown): Promise<boolean> {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{43}$/.test(token)) return false;
  let signature: Uint8Array;
  try {
    signature = fromBase64Url(token);
  } catch {
    return false;
  }
  return crypto.subtle.verify("HMAC", await hmacKey(c), signature, message(c.var.sessionId));
}
