/**
 * Opaque tokens the way Coda's look (`eyJsaW1pd…`: base64 of JSON). A page token carries every
 * parameter of the request that produced it, because Coda ignores the others when one is sent; a sync
 * token carries the query it was issued for and the point in the doc's history it was issued at.
 */
import { badRequest } from "./errors.ts";

export function encodeToken(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

/** The token's content, checked by `accept`; a 400 naming `parameter` when it is not one of ours. */
export function decodeToken<T>(token: string, parameter: string, accept: (value: unknown) => value is T): T {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw badRequest(`Invalid ${parameter}: ${JSON.stringify(token)} is not a token returned by this API.`);
  }
  if (!accept(value)) {
    throw badRequest(`Invalid ${parameter}: ${JSON.stringify(token)} was not issued for this request.`);
  }
  return value;
}
