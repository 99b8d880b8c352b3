/**
 * The worker's errors, translated once into sentences a doc user can act on, each carrying the
 * worker's own message. Every code the worker answers with (worker/error-codes.ts) has its sentence,
 * or the pack does not compile; an answer without a code we know (a proxy's page, a newer worker) is
 * explained by its status, and one without a status by what it says.
 */
import * as coda from "@codahq/packs-sdk";
import { ERROR_STATUS, type ErrorCode, isErrorCode } from "../../worker/error-codes.ts";
import type { ErrorEnvelope } from "./types.ts";

type Envelope = ErrorEnvelope["error"];
type Explain = (message: string, envelope: Envelope | undefined) => string;

const failed = (detail: string) =>
  `Cascade's worker failed (${detail}). Try again later; if it keeps failing, tell whoever runs Cascade.`;

const rejected: Explain = (message, error) => {
  const issues = error?.issues ?? [];
  if (issues.length === 0) return `Cascade rejected the request: ${message}.`;
  // The issues are the worker's own words; its message then only counts them.
  return `Cascade rejected the request: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}.`;
};

const EXPLAIN = {
  invalid_request: rejected,
  invalid_json: rejected,
  invalid_document: rejected,
  unauthorized: (message) =>
    `Cascade did not accept this account's token (${message}). ` +
    "Reconnect the Cascade account with a current workspace token.",
  forbidden: (message) => `This Cascade token may not do that: ${message}.`,
  not_found: (message) => `Not found in Cascade: ${message}. Sync the tables to see what exists now.`,
  conflict: (message) =>
    `Someone changed this in Cascade at the same moment (${message}). Sync the table and try again.`,
  idempotency_key_reused: (message) =>
    `Cascade already recorded a different request under this check-in's key (${message}). Change the note or the date and press the button again.`,
  precondition_failed: (message) =>
    `The key result changed in Cascade since this doc read it (${message}). Sync the table and try again.`,
  payload_too_large: (message) =>
    `That is too large for Cascade (${message}). Shorten the note and try again.`,
  unsupported_media_type: (message) => `Cascade could not read the request (${message}).`,
  internal: (message) => failed(`HTTP 500: ${message}`),
} satisfies Record<ErrorCode, Explain>;

/** The code an answer without one is explained as: the first code of its status. */
function codeOfStatus(status: number): ErrorCode | undefined {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).find((code) => ERROR_STATUS[code] === status);
}

function parsed(body: unknown): unknown {
  if (typeof body !== "string") return body;
  try {
    return JSON.parse(body);
  } catch {
    return body;
  }
}

function envelopeOf(body: unknown): Envelope | undefined {
  const value = parsed(body);
  if (value && typeof value === "object" && "error" in value) {
    const error = (value as ErrorEnvelope).error;
    if (error && typeof error === "object" && typeof error.message === "string") return error;
  }
  return undefined;
}

/** A short plain-text body worth showing (never an HTML page). */
function plainText(body: unknown): string | undefined {
  if (typeof body !== "string") return undefined;
  const text = body.trim();
  return text !== "" && text.length <= 200 && !text.startsWith("<") ? text : undefined;
}

const isStatus = (value: unknown): value is number =>
  typeof value === "number" && Number.isInteger(value) && value >= 100 && value <= 599;

/**
 * A refusal by the worker, as the doc user reads it, with the code and status the pack branches on
 * (a stale row, say). Still a `UserVisibleError`: Coda shows its message as it is.
 */
export class CascadeError extends coda.UserVisibleError {
  constructor(
    message: string,
    readonly code: ErrorCode | undefined,
    readonly status: number | undefined,
  ) {
    super(message);
  }
}

/** What an error thrown by `context.fetcher.fetch` says of the answer: its status and its body. */
export interface FailedAnswer {
  status: number | undefined;
  body: unknown;
}

/**
 * The answer inside an error the fetcher threw for a status ≥ 400, or undefined for any other error.
 * Coda's fetcher puts the parsed body in `body` (alias `error`) and the raw one in `response.body`;
 * the SDK's local fetcher only the latter, and the status may be missing from either: the error's
 * message (`404 - {...}`) then still says it.
 */
export function failedAnswer(error: unknown): FailedAnswer | undefined {
  if (!error || typeof error !== "object" || !coda.StatusCodeError.isStatusCodeError(error)) return undefined;
  const e = error as Partial<coda.StatusCodeError> & { response?: { statusCode?: unknown; body?: unknown } };
  const fromMessage = typeof e.message === "string" ? e.message.match(/^(\d{3}) - ([\s\S]*)$/) : null;
  const messageStatus = fromMessage?.[1] === undefined ? undefined : Number(fromMessage[1]);
  const status = [e.statusCode, e.response?.statusCode, messageStatus].find(isStatus);
  const body = [e.body, e.error, e.response?.body, fromMessage?.[2]].find(
    (b) => b !== undefined && b !== null && b !== "",
  );
  return { status, body };
}

/**
 * The user-visible error for a worker answer with status ≥ 300 (or an unknown status).
 *
 * @example workerError(404, { error: { code: "not_found", message: "key result not found" } }).message
 * // "Not found in Cascade: key result not found. Sync the tables to see what exists now."
 */
export function workerError(status: number | undefined, body: unknown): CascadeError {
  const envelope = envelopeOf(body);
  const said = envelope?.message ?? plainText(parsed(body));
  const code = isErrorCode(envelope?.code)
    ? envelope.code
    : status === undefined
      ? undefined
      : codeOfStatus(status);
  const error = (message: string) => new CascadeError(message, code, status);
  if (status === undefined) {
    // Only the body speaks: its code if it names one, else its words.
    if (code !== undefined && said !== undefined) return error(EXPLAIN[code](said, envelope));
    return error(`Cascade answered with an error${said ? `: ${said}` : ""}.`);
  }
  // The platform retries 429 before we see it; one that still arrives means the worker is swamped.
  if (status === 429) {
    return error(`Cascade is busy right now${said ? ` (${said})` : ""}. Wait a minute and try again.`);
  }
  if (status >= 500) return error(failed(`HTTP ${status}${said ? `: ${said}` : ""}`));
  if (code !== undefined) return error(EXPLAIN[code](said ?? `HTTP ${status}`, envelope));
  return error(`Cascade answered HTTP ${status}${said ? `: ${said}` : ""}.`);
}

/**
 * The refusal of an edit made to a row older than the key result, in the words of the worker's own
 * refusal of a stale If-Match (for a write whose route takes none: a check-in).
 *
 * @example staleKeyResult(9).message
 * // "The key result changed in Cascade since this doc read it (the key result is at version 9). Sync the table and try again."
 */
export function staleKeyResult(version: number): CascadeError {
  const message = `the key result is at version ${version}`;
  return workerError(ERROR_STATUS.precondition_failed, { error: { code: "precondition_failed", message } });
}

/** The user-visible error for a worker that did not answer at all (wrong URL, DNS, TLS, timeout). */
export function unreachable(origin: string, error: unknown): coda.UserVisibleError {
  const reason = error instanceof Error ? error.message : String(error);
  return new coda.UserVisibleError(
    `Could not reach Cascade at ${origin} (${reason}). Check the worker URL this Cascade account was connected with.`,
  );
}
