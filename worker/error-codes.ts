/**
 * The API's error codes, listed once with the status each is answered with. Everything else is derived
 * from this table: the `ErrorCode` type `HttpError` takes (worker/http-error.ts), the zod enum of the
 * error envelope and so the OpenAPI document (worker/schemas.ts), and the pack's envelope type and its
 * explanations (packs/coda/errors.ts, `satisfies Record<ErrorCode, …>`), so a new code cannot be
 * forgotten by a surface. Clients branch on the code; the status alone is too coarse.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  invalid_json: 400,
  invalid_document: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  idempotency_key_reused: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/** Every code, in the table's order (a non-empty tuple, as `z.enum` wants it). */
export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === "string" && Object.hasOwn(ERROR_STATUS, value);
}
