/**
 * A local fake of Notion's API (version 2025-09-03) that tests and benchmarks drive through the real
 * client: `new Client({ auth: fake.token, baseUrl: fake.baseUrl })`. Built on node:http alone.
 *
 * This file is the HTTP edge, in the order Notion's "Status codes" and "Request limits" references
 * imply: a missing Notion-Version header (400 `missing_version`), a wrong bearer token (401
 * `unauthorized`), throttling per token (429 `rate_limited` with Retry-After), then injected faults,
 * then the endpoint (routes.ts) over the workspace (workspace.ts). Every request is logged, 429s too.
 * It also gives tests the hands of a person in Notion's UI (`editPage`, `createPage`, `trashPage`):
 * neither logged nor throttled.
 *
 * A `failNext` 502 answers as Notion's edge proxy does, an HTML page with a `cf-ray` header and no
 * Notion request id (what `@notionhq/client`'s `UnknownHTTPResponseError` describes); the other
 * statuses answer Notion's JSON error body.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { DataSourceObjectResponse, PageObjectResponse, UpdatePageParameters } from "@notionhq/client";
import { type ErrorCode, NotionFakeError } from "./errors.ts";
import { TokenBuckets } from "./rate-limit.ts";
import { route } from "./routes.ts";
import { Workspace } from "./workspace.ts";

export type PageObject = PageObjectResponse;
export type DataSourceObject = DataSourceObjectResponse;
/** A property value as `pages.create` and `pages.update` take it: `{ number: 3 }`, `{ select: { name } }`. */
export type PropertyInput = NonNullable<UpdatePageParameters["properties"]>[string];

export interface NotionFakeOptions {
  /** The integration token the fake accepts (default "secret_fake"); others get 401 `unauthorized`. */
  token?: string;
  /** Requests a second allowed per token, averaged (token bucket, burst `ceil(rate)`); undefined: unthrottled. */
  rate?: number | undefined;
  /** The clock of timestamps and of the log (tests move it); default real time. */
  now?: (() => Date) | undefined;
  /** The port to listen on (default: any free one). */
  port?: number;
}

export interface RequestLogEntry {
  method: string;
  /** The URL's path without its query string: `/v1/pages`, `/v1/data_sources/<id>/query`. */
  path: string;
  status: number;
  /** The request body, parsed; undefined when there was none or it was not JSON. */
  body: unknown;
  /** When the request came, by the fake's clock (milliseconds since the epoch). */
  at: number;
}

export type FaultStatus = 500 | 502 | 503 | 504 | 529 | 409;

export interface Fault {
  status: FaultStatus;
  /** How many matching requests fail (default 1). */
  count?: number;
  match?: (method: string, path: string) => boolean;
  /** The request takes effect and only its answer is the error (an answer lost on the way). */
  applyFirst?: boolean;
}

export interface NotionFake {
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  token: string;
  log: RequestLogEntry[];
  /** Mutable: tests may change `rate` and `now` between calls. */
  options: NotionFakeOptions;
  /** A plain page (e.g. the parent page shared with the integration); answers its id. */
  addPage(title: string): string;
  /** A person edits a page in Notion's UI (same property shapes as `pages.update`). */
  editPage(pageId: string, properties: Record<string, PropertyInput>): void;
  /** A person adds a page to a data source in Notion's UI; answers its id. */
  createPage(dataSourceId: string, properties: Record<string, PropertyInput>): string;
  /** A person moves a page to the trash in Notion's UI. */
  trashPage(pageId: string): void;
  /** A data source's pages in creation order, trashed ones included (`in_trash`), all relations shown. */
  pagesOf(dataSourceId: string): PageObject[];
  dataSource(id: string): DataSourceObject | undefined;
  /** The next `count` matching requests answer `status` (see `Fault`). */
  failNext(fault: Fault): void;
  resetLog(): void;
  close(): Promise<void>;
}

/** What a 429 says in `additional_data.rate_limit_reason` (the reference names the field, not this value). */
export const RATE_LIMIT_REASON = "connection_rate_limit";

const FAULT_CODES = {
  409: "conflict_error",
  500: "internal_server_error",
  503: "service_unavailable",
  504: "gateway_timeout",
  529: "service_overload",
} as const satisfies Record<Exclude<FaultStatus, 502>, ErrorCode>;

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface PendingFault {
  status: FaultStatus;
  remaining: number;
  match: ((method: string, path: string) => boolean) | undefined;
  applyFirst: boolean;
}

export async function startNotionFake(options: NotionFakeOptions = {}): Promise<NotionFake> {
  const settings: NotionFakeOptions = { ...options };
  const token = settings.token ?? "secret_fake";
  const clock = () => (settings.now ?? (() => new Date()))().getTime();
  const workspace = new Workspace(clock);
  const buckets = new TokenBuckets();
  const faults: PendingFault[] = [];
  const log: RequestLogEntry[] = [];
  let baseUrl = "";

  function takeFault(method: string, path: string): PendingFault | undefined {
    const index = faults.findIndex((f) => f.match === undefined || f.match(method, path));
    const fault = faults[index];
    if (fault === undefined) return undefined;
    if (--fault.remaining <= 0) faults.splice(index, 1);
    return fault;
  }

  function serve(
    method: string,
    url: URL,
    headers: IncomingHttpHeaders,
    body: unknown,
    requestId: string,
  ): Answer {
    if (!headers["notion-version"]) throw new NotionFakeError("missing_version");
    if (headers.authorization !== `Bearer ${token}`) throw new NotionFakeError("unauthorized");
    if (settings.rate !== undefined) {
      const retryAfter = buckets.take(token, settings.rate);
      if (retryAfter > 0) {
        const error = new NotionFakeError("rate_limited", undefined, {
          rate_limit_reason: RATE_LIMIT_REASON,
          retry_after: String(retryAfter),
        });
        return errorAnswer(error, requestId, { "retry-after": String(retryAfter) });
      }
    }
    const segments = url.pathname.split("/").slice(1);
    const request = { method, segments: segments.slice(1), body, query: url.searchParams, baseUrl };
    const call = () => {
      if (segments[0] !== "v1") throw new NotionFakeError("invalid_request_url");
      return route(workspace, request);
    };
    const fault = takeFault(method, url.pathname);
    if (fault === undefined) return jsonAnswer(200, call(), requestId);
    if (fault.applyFirst) {
      try {
        call();
      } catch {
        // The answer is lost either way.
      }
    }
    return faultAnswer(fault.status, requestId);
  }

  async function answer(req: IncomingMessage): Promise<Answer> {
    const requestId = randomUUID();
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", baseUrl);
    let body: unknown;
    let reply: Answer;
    try {
      body = parseBody(await readBody(req));
      reply = serve(method, url, req.headers, body, requestId);
    } catch (error) {
      reply = errorAnswer(asNotionError(error), requestId);
    }
    log.push({ method, path: url.pathname, status: reply.status, body, at: clock() });
    return reply;
  }

  const server = createServer((req, res) => {
    answer(req).then(
      ({ status, headers, body }) => res.writeHead(status, headers).end(body),
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseUrl,
    token,
    log,
    options: settings,
    addPage: (title) => workspace.addPage(title).id,
    editPage: (pageId, properties) => {
      workspace.updatePage(pageId, { properties }, workspace.person);
    },
    createPage: (dataSourceId, properties) =>
      workspace.createPage({ parent: { data_source_id: dataSourceId }, properties }, workspace.person).id,
    trashPage: (pageId) => {
      workspace.updatePage(pageId, { in_trash: true }, workspace.person);
    },
    pagesOf: (dataSourceId) => workspace.pageObjectsOf(dataSourceId),
    dataSource: (id) =>
      workspace.hasDataSource(id) ? workspace.renderDataSource(workspace.dataSource(id)) : undefined,
    failNext: (fault) => {
      faults.push({
        status: fault.status,
        remaining: fault.count ?? 1,
        match: fault.match,
        applyFirst: fault.applyFirst ?? false,
      });
    },
    resetLog: () => {
      log.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function parseBody(raw: string): unknown {
  if (raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new NotionFakeError("invalid_json");
  }
}

/** A thrown error as Notion's answer; anything but a `NotionFakeError` is a bug in the fake. */
function asNotionError(error: unknown): NotionFakeError {
  if (error instanceof NotionFakeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new NotionFakeError("internal_server_error", `Notion fake bug: ${message}`);
}

function jsonAnswer(
  status: number,
  value: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): Answer {
  return {
    status,
    headers: {
      "content-type": "application/json; charset=utf-8",
      "x-notion-request-id": requestId,
      ...headers,
    },
    body: JSON.stringify(value),
  };
}

function errorAnswer(
  error: NotionFakeError,
  requestId: string,
  headers: Record<string, string> = {},
): Answer {
  return jsonAnswer(
    error.status,
    {
      object: "error",
      status: error.status,
      code: error.code,
      message: error.message,
      request_id: requestId,
      ...(error.additionalData === undefined ? {} : { additional_data: error.additionalData }),
    },
    requestId,
    headers,
  );
}

function faultAnswer(status: FaultStatus, requestId: string): Answer {
  if (status === 502) {
    return {
      status,
      headers: { "content-type": "text/html", "cf-ray": `${randomBytes(8).toString("hex")}-SJC` },
      body: "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>cloudflare</center></body></html>",
    };
  }
  // Notion asks clients to honour Retry-After on 529 as on 429 ("Request limits").
  const headers: Record<string, string> = status === 529 ? { "retry-after": "1" } : {};
  return errorAnswer(new NotionFakeError(FAULT_CODES[status]), requestId, headers);
}
