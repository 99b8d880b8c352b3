/**
 * The fake's error answers, in Notion's shape `{ object: "error", status, code, message, request_id }`
 * (the shape `@notionhq/client` parses in `errors.js`). Codes, statuses and message wording follow
 * Notion's "Status codes" reference (developers.notion.com/reference/status-codes); `rate_limited`
 * follows "Request limits" (Retry-After in whole seconds, `additional_data.rate_limit_reason`).
 */

/** Every code the fake answers with, and its HTTP status. */
const ERROR_STATUS = {
  invalid_json: 400,
  invalid_request_url: 400,
  validation_error: 400,
  missing_version: 400,
  unauthorized: 401,
  object_not_found: 404,
  conflict_error: 409,
  rate_limited: 429,
  internal_server_error: 500,
  service_unavailable: 503,
  gateway_timeout: 504,
  service_overload: 529,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/**
 * Notion's message per code: the reference's "message" examples where it gives one, the message
 * Notion sends with 429 (seen in makenotion/notion-sdk-js issue #284), else its description.
 */
const ERROR_MESSAGE = {
  invalid_json: "Error parsing JSON body.",
  invalid_request_url: "Invalid request URL.",
  validation_error: "body failed validation.",
  missing_version:
    "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.",
  unauthorized: "API token is invalid.",
  object_not_found: "Could not find object.",
  conflict_error: "Conflict occurred while saving. Please try again.",
  rate_limited: "You have been rate limited. Please try again in a few minutes.",
  internal_server_error: "Unexpected error occurred.",
  service_unavailable: "Notion is unavailable. Try again later.",
  gateway_timeout: "Notion timed out while attempting to complete this request. Please try again later.",
  service_overload: "Notion is overloaded. Please try again later.",
} satisfies Record<ErrorCode, string>;

/** A request Notion refuses: thrown by the handlers, answered by the server. */
export class NotionFakeError extends Error {
  override readonly name = "NotionFakeError";
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string = ERROR_MESSAGE[code],
    readonly additionalData?: Record<string, string>,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export function validationError(message: string): NotionFakeError {
  return new NotionFakeError("validation_error", message);
}

/**
 * Notion's wording for a parameter of the wrong shape; `path` starts with where the parameter came
 * from: `body.properties.Score.number`, `path.page_id`, `query.page_size`.
 */
export function invalidField(path: string, expected: string, got: unknown): NotionFakeError {
  return failedValidation(path, `should be ${expected}, instead was \`${JSON.stringify(got)}\`.`);
}

/** Notion's wording for an array or string over its size limit. */
export function tooLong(path: string, limit: number, length: number): NotionFakeError {
  return failedValidation(`${path}.length`, `should be ≤ \`${limit}\`, instead was \`${length}\`.`);
}

export function failedValidation(path: string, complaint: string): NotionFakeError {
  return validationError(`${path.split(".")[0]} failed validation: ${path} ${complaint}`);
}

export function notFound(
  kind: "page" | "database" | "data source" | "block" | "property",
  id: string,
): NotionFakeError {
  return new NotionFakeError(
    "object_not_found",
    `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
  );
}
