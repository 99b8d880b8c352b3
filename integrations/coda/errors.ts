/**
 * Why a call to Coda's REST API failed, as one error class with a closed set of codes (the model of
 * `@notionhq/client`'s errors). Coda's error body is `{ statusCode, statusMessage, message }`, where
 * `message` is "any additional context on the error, or the same as `statusMessage` otherwise" (the
 * spec's error responses): a message with context is kept as Coda wrote it, a bare status line is
 * replaced by one that says what to do and names the resource asked for.
 */

/** Every code a `CodaError` can carry. */
export const CODA_ERROR_CODES = [
  "unauthorized",
  "forbidden",
  "not_found",
  "rate_limited",
  "bad_request",
  "server_error",
  "network",
] as const;

/** What went wrong, in one word: see `CODA_ERROR_CODES`. */
export type CodaErrorCode = (typeof CODA_ERROR_CODES)[number];

/** Whether the same request may succeed later (a 429 only while its Retry-After is short). */
export const CODA_ERROR_RETRYABLE = {
  unauthorized: false,
  forbidden: false,
  not_found: false,
  rate_limited: true,
  bad_request: false,
  server_error: true,
  network: true,
} as const satisfies Record<CodaErrorCode, boolean>;

/** The message when Coda's body adds nothing to its status line; `what` names the resource asked for. */
const FALLBACK_MESSAGE = {
  unauthorized: () => "Coda refused the API token (401): it is invalid, expired or revoked.",
  forbidden: (what) => `The API token has no access to ${what} (403).`,
  not_found: (what) => `Coda has no ${what}, or the API token cannot see it (404).`,
  rate_limited: () => "Coda is rate limiting this API token (429).",
  bad_request: (what) => `Coda refused the request for ${what} as malformed (400).`,
  server_error: (what) => `Coda failed to answer the request for ${what}.`,
  network: (what) => `Coda could not be reached for ${what}.`,
} satisfies Record<CodaErrorCode, (what: string) => string>;

/**
 * A failed call to Coda's API: `code` says what kind, `status` is the HTTP status (undefined when no
 * answer came), `message` is Coda's own where it gave one. A `rate_limited` error carries the seconds
 * Coda asked to wait, so a queue consumer can put the work off that long.
 *
 * @example
 * try {
 *   await coda.getRow(docId, "Metrics", "Revenue");
 * } catch (error) {
 *   if (isCodaError(error) && error.code === "rate_limited") defer(error.retryAfterSeconds ?? 60);
 *   else throw error;
 * }
 */
export class CodaError extends Error {
  override readonly name = "CodaError";

  constructor(
    readonly code: CodaErrorCode,
    message: string,
    readonly status: number | undefined,
    /** For `rate_limited`: the Retry-After Coda sent, in seconds, when it sent one. */
    readonly retryAfterSeconds?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Whether `error` is a `CodaError`.
 *
 * @example
 * if (isCodaError(error) && error.code === "not_found") unbind(keyResult);
 */
export function isCodaError(error: unknown): error is CodaError {
  return error instanceof CodaError;
}

/**
 * The code of an HTTP error status: 401, 403, 404 (and 410, gone), 429, 5xx; any other is a bad request.
 *
 * @example
 * codeOfStatus(503); // "server_error"
 */
export function codeOfStatus(status: number): CodaErrorCode {
  if (status >= 500) return "server_error";
  switch (status) {
    case 401:
      return "unauthorized";
    case 403:
      return "forbidden";
    case 404:
    case 410:
      return "not_found";
    case 429:
      return "rate_limited";
    default:
      return "bad_request";
  }
}

/**
 * The error for a non-2xx answer. `body` is the answer's text; `what` names the resource asked for
 * (`row "Revenue" of table "Metrics" in doc "AbCDeFGH"`).
 *
 * @example
 * codaErrorOf(404, '{"statusCode":404,"statusMessage":"Not Found","message":"Not Found"}', 'doc "x"', null);
 * // CodaError not_found: 'Coda has no doc "x", or the API token cannot see it (404).'
 */
export function codaErrorOf(
  status: number,
  body: string,
  what: string,
  retryAfter: string | null,
  now: number = Date.now(),
): CodaError {
  const code = codeOfStatus(status);
  const said = codaMessage(body);
  let message = said ?? FALLBACK_MESSAGE[code](what);
  if (code === "server_error" && said === undefined) message = `${message.slice(0, -1)} (HTTP ${status}).`;
  if (code !== "rate_limited") return new CodaError(code, message, status);
  const seconds = retryAfterSeconds(retryAfter, now);
  const wait = seconds === undefined ? "" : ` Retry after ${seconds} s.`;
  return new CodaError(code, `${message}${wait}`, status, seconds);
}

/**
 * The error for a request that got no answer: the connection failed, or it timed out.
 *
 * @example
 * codaNetworkError(new TypeError("fetch failed"), 'doc "x"').code; // "network"
 */
export function codaNetworkError(cause: unknown, what: string): CodaError {
  const timedOut = cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
  const detail = timedOut ? "the request timed out" : cause instanceof Error ? cause.message : String(cause);
  return new CodaError(
    "network",
    `${FALLBACK_MESSAGE.network(what).slice(0, -1)}: ${detail}.`,
    undefined,
    undefined,
    {
      cause,
    },
  );
}

/** Coda's `message` when it says more than the status line, else undefined. */
function codaMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { message, statusMessage } = parsed as { message?: unknown; statusMessage?: unknown };
  if (typeof message !== "string" || message.trim() === "" || message === statusMessage) return undefined;
  return message;
}

/** Retry-After in whole seconds: a number of seconds, or an HTTP date (RFC 9110 allows both). */
function retryAfterSeconds(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
