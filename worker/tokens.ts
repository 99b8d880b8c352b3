/** Random tokens and their hashes. Only hashes are stored: a leaked database leaks no credentials. */
import { toBase64Url } from "./base64.ts";

const TOKEN_BYTES = 32;

/**
 * A new workspace token: `csk_` and 256 random bits.
 *
 * @example newToken() // "csk_Qm9...", shown to its owner once
 */
export function newToken(): string {
  return `csk_${toBase64Url(crypto.getRandomValues(new Uint8Array(TOKEN_BYTES)))}`;
}

/** A short random id for rows that need one (token ids). */
export function newId(prefix: string): string {
  return `${prefix}_${toBase64Url(crypto.getRandomValues(new Uint8Array(9)))}`;
}

/**
 * A new token with its row id and the hash that is stored (the token itself is shown once, never kept).
 *
 * @example const { id, token, hash } = await issueToken()
 */
export async function issueToken(): Promise<{ id: string; token: string; hash: string }> {
  const token = newToken();
  return { id: newId("tok"), token, hash: await sha256Hex(token) };
}

/** SHA-256 of a string, as lowercase hex. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compares two secrets in constant time (by their hashes, so lengths leak nothing either). */
export async function secretsEqual(a: string, b: string): Promise<boolean> {
  const [ha, hb] = await Promise.all([sha256Hex(a), sha256Hex(b)]);
  const ea = new TextEncoder().encode(ha);
  const eb = new TextEncoder().encode(hb);
  return crypto.subtle.timingSafeEqual(ea, eb);
}
