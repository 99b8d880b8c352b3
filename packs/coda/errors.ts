/**
 * The worker's errors, translated once into sentences a doc user can act on. Every code the worker
 * answers with (worker/error-codes.ts) has its sentence, or the pack does not compile; an answer
 * without a code we know (a proxy's page, a newer worker) is explained by its status.
 */
import * as coda from "@codahq/packs-sdk";
import { ERROR_STATUS, type ErrorCode, isErrorCode } from "../../worker/error-codes.ts";
import type { ErrorEnvelope } from "./types.ts";

type Explain = (message: string, envelope: ErrorEnvelope["error"] | undefined) => string;

const failed = (status: number) =>
  `Cascade's worker failed (HTTP ${status}). Try again later; if it keeps failing, tell whoever runs Cascade.`;

const rejected: Explain = (message, error) => {
  const issues = error?.issues ?? [];
  if (issues.length === 0) return `Cascade rejected the request: ${message}.`;
  return `Cascade rejected the request: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}.`;
};

const EXPLAIN = {
  invalid_request: rejected,
  invalid_json: rejected,
  invalid_document: rejected,
  unauthorized: () =>
    "Cascade did not accept this account's token (it is mistyped or was revoked). " +
    "Reconnect the Cascade account with a current workspace token.",
  forbidden: (message) => `This Cascade token may not do that: ${message}.`,
  not_found: (message) => `Not found in Cascade: ${message}. Sync the tables to see what exists now.`,
  conflict: (message) =>
    `Someone changed this in Cascade at the same moment (${message}). Sync the table and try again.`,
  idempotency_key_reused: () =>
    "Cascade already recorded a different request under this check-in's key. Change the note or the date and press the button again.",
  precondition_failed: (message) =>
    `The key result changed in Cascade since this doc read it (${message}). Sync the table and try again.`,
  payload_too_large: (message) =>
    `That is too large for Cascade (${message}). Shorten the note and try again.`,
  unsupported_media_type: (message) => `Cascade could not read the request (${message}).`,
  internal: () => failed(500),
} satisfies Record<ErrorCode, Explain>;

/** The code an answer without one is explained as: the first code of its status. */
function codeOfStatus(status: number): ErrorCode | undefined {
  return (Object.keys(ERROR_STATUS) as ErrorCode[]).find((code) => ERROR_STATUS[code] === status);
}

function envelopeOf(body: unknown): ErrorEnvelope["error"] | undefined {
  let parsed = body;
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  if (parsed && typeof parsed === "object" && "error" in parsed) {
    const error = (parsed as ErrorEnvelope).error;
    if (error && typeof error === "object" && typeof error.message === "string") return error;
  }
  return undefined;
}

/**
 * The user-visible error for a worker answer with status ≥ 300.
 *
 * @example workerError(404, { error: { code: "not_found", message: "key result not found" } }).message
 * // "Not found in Cascade: key result not found. Sync the tables to see what exists now."
 */
export function workerError(status: number, body: unknown): coda.UserVisibleError {
  const envelope = envelopeOf(body);
  const message = envelope?.message ?? `HTTP ${status}`;
  // The platform retries 429 before we see it; one that still arrives means the worker is swamped.
  if (status === 429)
    return new coda.UserVisibleError("Cascade is busy right now. Wait a minute and try again.");
  if (status >= 500) return new coda.UserVisibleError(failed(status));
  const code = isErrorCode(envelope?.code) ? envelope.code : codeOfStatus(status);
  if (code !== undefined) return new coda.UserVisibleError(EXPLAIN[code](message, envelope));
  return new coda.UserVisibleError(`Cascade answered HTTP ${status}: ${message}.`);
}
