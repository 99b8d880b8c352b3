/**
 * The worker's errors, translated once into sentences a doc user can act on. Every status the worker
 * answers with (worker/http-error.ts) has its entry; the platform retries 429 before we see it.
 */
import * as coda from "@codahq/packs-sdk";
import type { ErrorEnvelope } from "./types.ts";

type Explain = (message: string, envelope: ErrorEnvelope["error"] | undefined) => string;

const EXPLAIN: Record<number, Explain> = {
  400: (message, error) => {
    const issues = error?.issues ?? [];
    if (issues.length === 0) return `Cascade rejected the request: ${message}.`;
    return `Cascade rejected the request: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ")}.`;
  },
  401: () =>
    "Cascade did not accept this account's token (it is mistyped or was revoked). " +
    "Reconnect the Cascade account with a current workspace token.",
  403: (message) => `This Cascade token may not do that: ${message}.`,
  404: (message) => `Not found in Cascade: ${message}. Sync the tables to see what exists now.`,
  409: (message, error) =>
    error?.code === "idempotency_key_reused"
      ? "Cascade already recorded a different request under this check-in's key. Change the note or the date and press the button again."
      : `Someone changed this in Cascade at the same moment (${message}). Sync the table and try again.`,
  412: (message) =>
    `The key result changed in Cascade since this doc read it (${message}). Sync the table and try again.`,
  413: (message) => `That is too large for Cascade (${message}). Shorten the note and try again.`,
  415: (message) => `Cascade could not read the request (${message}).`,
  429: () => "Cascade is busy right now. Wait a minute and try again.",
};

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
  const explain = EXPLAIN[status];
  if (explain !== undefined) return new coda.UserVisibleError(explain(message, envelope));
  if (status >= 500) {
    return new coda.UserVisibleError(
      `Cascade's worker failed (HTTP ${status}). Try again later; if it keeps failing, tell whoever runs Cascade.`,
    );
  }
  return new coda.UserVisibleError(`Cascade answered HTTP ${status}: ${message}.`);
}
