/**
 * Connections' tokens at rest: AES-GCM (Web Crypto) under the worker's `CONNECTIONS_KEY` secret, a
 * fresh 12-byte nonce per secret. Without the key a connection cannot be saved or used, and the
 * error says how to set it.
 */
import { fromBase64, fromBase64Url, toBase64 } from "../base64.ts";
import { HttpError } from "../http-error.ts";

export interface Sealed {
  secret: string;
  iv: string;
}

async function keyOf(base64Key: string | undefined): Promise<CryptoKey> {
  let raw: Uint8Array | undefined;
  try {
    raw = base64Key ? fromBase64Url(base64Key.trim()) : undefined; // base64 or base64url
  } catch {
    raw = undefined;
  }
  if (raw === undefined || raw.length !== 32) {
    throw new HttpError(
      "internal",
      "CONNECTIONS_KEY is not set to 32 random bytes in base64: `wrangler secret put CONNECTIONS_KEY` (npm start writes one into .dev.vars)",
    );
  }
  return crypto.subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

export async function seal(plaintext: string, base64Key: string | undefined): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const key = await keyOf(base64Key);
  const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, key, new TextEncoder().encode(plaintext));
  return { secret: toBase64(new Uint8Array(data)), iv: toBase64(iv) };
}

export async function open(sealed: Sealed, base64Key: string | undefined): Promise<string> {
  const key = await keyOf(base64Key);
  const data = await crypto.subtle.decrypt(
    { name: "AES-GCM", iv: fromBase64(sealed.iv) },
    key,
    fromBase64(sealed.secret),
  );
  return new TextDecoder().decode(data);
}
