/**
 * The worker's one exception type: every expected failure of a request becomes an `HttpError`, and
 * `app.onError` turns it into the envelope `{ error: { code, message, issues? } }`.
 */
import type { ValidationIssue } from "../schema/validate.ts";

export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 412 | 413 | 415 | 500;

/** String-literal codes, so clients can branch on them (the status alone is too coarse). */
export type ErrorCode =
  | "invalid_request"
  | "invalid_json"
  | "invalid_document"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "idempotency_key_reused"
  | "precondition_failed"
  | "payload_too_large"
  | "unsupported_media_type"
  | "internal";

export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: ValidationIssue[] };
}

export class HttpError extends Error {
  override readonly name = "HttpError";

  constructor(
    readonly status: ErrorStatus,
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ValidationIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) },
    };
  }

  getResponse(): Response {
    return Response.json(this.toBody(), { status: this.status, headers: this.headers });
  }
}

/** 404 for anything the caller may not see: never reveal that another workspace's resource exists. */
export function notFound(what: string): HttpError {
  return new HttpError(404, "not_found", `${what} not found`);
}

/** 400 with every problem by its path. */
export function invalid(code: "invalid_request" | "invalid_document", issues: ValidationIssue[]): HttpError {
  const message = code === "invalid_document" ? "the document is invalid" : "the request is invalid";
  return new HttpError(400, code, `${message}: ${issues.length} problem(s)`, issues);
}
