/**
 * The worker's one exception type: every expected failure of a request becomes an `HttpError`, and
 * `app.onError` turns it into the envelope `{ error: { code, message, issues? } }`.
 */
import type { ValidationIssue } from "../schema/validate.ts";
import { ERROR_STATUS, type ErrorCode, type ErrorStatus } from "./error-codes.ts";

export type { ErrorCode, ErrorStatus };

export interface ErrorBody {
  error: { code: ErrorCode; message: string; issues?: ValidationIssue[] };
}

export class HttpError extends Error {
  override readonly name = "HttpError";

  /** The status the code is answered with (worker/error-codes.ts). */
  readonly status: ErrorStatus;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ValidationIssue[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
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
  return new HttpError("not_found", `${what} not found`);
}

/** 400 with every problem by its path. */
export function invalid(code: "invalid_request" | "invalid_document", issues: ValidationIssue[]): HttpError {
  const message = code === "invalid_document" ? "the document is invalid" : "the request is invalid";
  return new HttpError(code, `${message}: ${issues.length} problem(s)`, issues);
}
