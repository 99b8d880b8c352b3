/**
 * The fake's error answers, in the body every error response of Coda's spec shares:
 * `{ statusCode, statusMessage, message }`, where `message` is "any additional context on the error, or
 * the same as `statusMessage` otherwise". 401 and 429 say no more than their status line; 400 and 404
 * say which parameter or which doc, table, column or row.
 */

/** The HTTP status line of each status the fake answers with. */
export const STATUS_MESSAGE = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
} as const;

export type ErrorStatus = keyof typeof STATUS_MESSAGE;

/** Coda's error body. */
export interface CodaErrorBody {
  statusCode: number;
  statusMessage: string;
  message: string;
}

/** A request Coda refuses: thrown by the handlers, answered by the server. */
export class CodaFakeError extends Error {
  override readonly name = "CodaFakeError";

  constructor(
    readonly status: ErrorStatus,
    message: string = STATUS_MESSAGE[status],
  ) {
    super(message);
  }

  get body(): CodaErrorBody {
    return { statusCode: this.status, statusMessage: STATUS_MESSAGE[this.status], message: this.message };
  }
}

export function badRequest(message: string): CodaFakeError {
  return new CodaFakeError(400, message);
}

export function notFound(message: string): CodaFakeError {
  return new CodaFakeError(404, message);
}
