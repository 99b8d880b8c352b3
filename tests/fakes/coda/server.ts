/**
 * A local fake of Coda's REST API (v1, the spec in `shared/specs/coda-api-v1.5.0.openapi.json`) that
 * tests and `npm run fakes` drive through real HTTP: `new CodaApi({ token: fake.token, baseUrl:
 * fake.baseUrl })`. Built on node:http alone.
 *
 * This file is the HTTP edge: a missing or wrong bearer token answers 401, then injected faults (429
 * with Retry-After, 5xx, a request that never answers), then a body that is not JSON answers 400, then
 * the endpoint (routes.ts) over the docs (workspace.ts). Every request, read or write, is logged. It also gives tests the hands of a person editing the doc
 * (`addDoc`, `addTable`, `addRow`, `setCell`, `deleteRow`): neither logged nor faulted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { badRequest, CodaFakeError, type ErrorStatus } from "./errors.ts";
import { Renderer } from "./render.ts";
import { route } from "./routes.ts";
import type { CellInput } from "./values.ts";
import { CodaWorkspace } from "./workspace.ts";

export type { CellInput } from "./values.ts";

/** Where the API lives under the fake's origin, as under `https://coda.io`. */
const API_ROOT = "/apis/v1";

export interface CodaFakeOptions {
  /** The port to listen on (default: any free one). */
  port?: number;
  /** The API token the fake accepts (default "coda-fake-token"); others get 401. */
  token?: string;
  /** The clock of `createdAt` and `updatedAt` (default real time). */
  now?: () => Date;
}

export interface CodaRequestLogEntry {
  method: string;
  /** The path under the API root, as the spec writes paths: `/docs/AbCDeFGH/tables/grid-x/rows`. */
  path: string;
  /** The query parameters, decoded. */
  query: Record<string, string>;
  /** The request's body when it carried one: parsed if JSON, else its text. */
  body?: unknown;
  /** The status answered; undefined while a hung request waits. */
  status: number | undefined;
}

export type ServerErrorStatus = 500 | 502 | 503 | 504;

/** Faults for the next requests, used up in the order they were added (each by `count` requests). */
export interface CodaFakeFaults {
  /** The next `count` requests answer 429 with `Retry-After: retryAfterSeconds` (default 1). */
  rateLimit(count: number, retryAfterSeconds?: number): void;
  /** The next `count` requests answer `status` (default 500) with Coda's error body. */
  serverError(count: number, status?: ServerErrorStatus): void;
  /** The next `count` requests get no answer: the connection stays open until the client gives up. */
  hang(count: number): void;
  /** Drops the faults not used yet. */
  clear(): void;
}

export interface CodaFake {
  /** The API root, `http://127.0.0.1:<port>/apis/v1`: what `CodaApi` takes as `baseUrl`. */
  baseUrl: string;
  token: string;
  /** Every request the fake received, in order. */
  requests: CodaRequestLogEntry[];
  faults: CodaFakeFaults;
  /** A new doc; answers its id. */
  addDoc(name: string): string;
  /** A table whose first column is its display column (a row's name); answers the ids, columns by name. */
  addTable(
    docId: string,
    name: string,
    columns: readonly string[],
  ): { tableId: string; columnIds: Record<string, string> };
  /** A row with `values` by column name (or id); answers its id (`i-…`). */
  addRow(docId: string, tableId: string, values: Readonly<Record<string, CellInput>>): string;
  /** A person edits one cell; the row then counts as changed for sync tokens. */
  setCell(docId: string, tableId: string, rowId: string, columnName: string, value: CellInput): void;
  /** A person deletes a row. */
  deleteRow(docId: string, tableId: string, rowId: string): void;
  close(): Promise<void>;
}

type Fault =
  | { kind: "rateLimit"; retryAfterSeconds: number }
  | { kind: "serverError"; status: ServerErrorStatus }
  | { kind: "hang" };

/**
 * Starts the fake on 127.0.0.1.
 *
 * @example
 * const fake = await startCodaFake();
 * const docId = fake.addDoc("OKRs");
 * const { tableId } = fake.addTable(docId, "Metrics", ["Metric", "Value"]);
 * fake.addRow(docId, tableId, { Metric: "Revenue", Value: 1200 });
 * const coda = new CodaApi({ token: fake.token, baseUrl: fake.baseUrl });
 */
export async function startCodaFake(options: CodaFakeOptions = {}): Promise<CodaFake> {
  const token = options.token ?? "coda-fake-token";
  const workspace = new CodaWorkspace(options.now ?? (() => new Date()));
  let baseUrl = "";
  const render = new Renderer(workspace, () => baseUrl);
  const requests: CodaRequestLogEntry[] = [];
  const faults: Array<{ fault: Fault; remaining: number; token: string | undefined }> = [];
  /** Tokens the control endpoint issued (each a Coda account of its own, for faults scoped to it). */
  const extraTokens = new Set<string>();

  /** The next fault for a request with `bearer`: the first one for any token, or for that one. */
  function takeFault(bearer: string): Fault | undefined {
    const index = faults.findIndex((f) => f.token === undefined || f.token === bearer);
    const next = faults[index];
    if (next === undefined) return undefined;
    if (--next.remaining <= 0) faults.splice(index, 1);
    return next.fault;
  }

  function addFault(fault: Fault, count: number, scope?: string): void {
    if (count > 0) faults.push({ fault, remaining: count, token: scope });
  }

  /**
   * The fake's own control endpoint, outside Coda's API, for tests that reach the fake only through
   * HTTP (the Workers runtime): `POST /_fake/tokens` issues another accepted token; `POST
   * /_fake/faults` with `{ token, kind: "rateLimit" | "serverError" | "hang", count, retryAfterSeconds?,
   * status? }` makes the next `count` requests with that token fail so.
   */
  function control(method: string, path: string, body: unknown): Answer {
    if (method === "POST" && path === "/_fake/tokens") {
      const issued = `coda-fake-${crypto.randomUUID()}`;
      extraTokens.add(issued);
      return { status: 201, headers: {}, body: { token: issued } };
    }
    const spec = body as {
      token?: string;
      kind?: string;
      count?: number;
      retryAfterSeconds?: number;
      status?: ServerErrorStatus;
    };
    if (method === "POST" && path === "/_fake/faults" && typeof spec?.count === "number") {
      if (spec.kind === "rateLimit")
        addFault(
          { kind: "rateLimit", retryAfterSeconds: spec.retryAfterSeconds ?? 1 },
          spec.count,
          spec.token,
        );
      else if (spec.kind === "serverError")
        addFault({ kind: "serverError", status: spec.status ?? 500 }, spec.count, spec.token);
      else if (spec.kind === "hang") addFault({ kind: "hang" }, spec.count, spec.token);
      else
        return {
          status: 400,
          headers: {},
          body: { message: "kind: expected rateLimit, serverError or hang" },
        };
      return { status: 204, headers: {}, body: null };
    }
    return { status: 404, headers: {}, body: { message: `no control endpoint ${method} ${path}` } };
  }

  /** The answer to a request, or undefined for one that is to hang. */
  function answer(
    method: string,
    url: URL,
    authorization: string | undefined,
    body: unknown,
  ): Answer | undefined {
    try {
      const bearer = authorization?.replace(/^Bearer /, "") ?? "";
      if (bearer !== token && !extraTokens.has(bearer)) return refusal(new CodaFakeError(401));
      const fault = takeFault(bearer);
      if (fault?.kind === "hang") return undefined;
      if (fault?.kind === "rateLimit") {
        return refusal(new CodaFakeError(429), { "retry-after": String(fault.retryAfterSeconds) });
      }
      if (fault?.kind === "serverError") return refusal(new CodaFakeError(fault.status));
      if (body instanceof NotJson) throw badRequest("Invalid body: it is not JSON.");
      if (!url.pathname.startsWith(`${API_ROOT}/`)) {
        throw new CodaFakeError(404, `No endpoint ${method} ${url.pathname}.`);
      }
      const segments = url.pathname
        .slice(API_ROOT.length + 1)
        .split("/")
        .map(decodeSegment);
      return route(workspace, render, { method, segments, query: url.searchParams, url, body });
    } catch (error) {
      return refusal(asCodaError(error));
    }
  }

  function serve(req: IncomingMessage, res: ServerResponse, text: string): void {
    const url = new URL(req.url ?? "/", baseUrl);
    const method = req.method ?? "GET";
    const path = url.pathname.startsWith(`${API_ROOT}/`) ? url.pathname.slice(API_ROOT.length) : url.pathname;
    const body = parseBody(text);
    if (url.pathname.startsWith("/_fake/")) {
      const reply = control(method, url.pathname, body);
      res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify(reply.body));
      return;
    }
    const entry: CodaRequestLogEntry = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      ...(body === undefined ? {} : { body: body instanceof NotJson ? body.text : body }),
      status: undefined,
    };
    requests.push(entry);
    const reply = answer(method, url, req.headers.authorization, body);
    if (reply === undefined) return;
    entry.status = reply.status;
    res
      .writeHead(reply.status, { "content-type": "application/json; charset=utf-8", ...reply.headers })
      .end(JSON.stringify(reply.body));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => serve(req, res, Buffer.concat(chunks).toString("utf8")));
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}${API_ROOT}`;

  return {
    baseUrl,
    token,
    requests,
    faults: {
      rateLimit: (count, retryAfterSeconds = 1) => addFault({ kind: "rateLimit", retryAfterSeconds }, count),
      serverError: (count, status = 500) => addFault({ kind: "serverError", status }, count),
      hang: (count) => addFault({ kind: "hang" }, count),
      clear: () => {
        faults.length = 0;
      },
    },
    addDoc: (name) => workspace.addDoc(name).id,
    addTable: (docId, name, columns) => {
      const table = workspace.addTable(docId, name, columns);
      return {
        tableId: table.id,
        columnIds: Object.fromEntries(table.columns.map((column) => [column.name, column.id])),
      };
    },
    addRow: (docId, tableId, values) => workspace.addRow(docId, tableId, values).id,
    setCell: (docId, tableId, rowId, columnName, value) =>
      workspace.setCell(docId, tableId, rowId, columnName, value),
    deleteRow: (docId, tableId, rowId) => workspace.deleteRow(docId, tableId, rowId),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** A body that does not parse as JSON, kept for the log. */
class NotJson {
  constructor(readonly text: string) {}
}

/** The request body: undefined when empty, its JSON value, or `NotJson`. */
function parseBody(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return new NotJson(text);
  }
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

function refusal(error: CodaFakeError, headers: Record<string, string> = {}): Answer {
  return { status: error.status, body: error.body, headers };
}

/** A thrown error as Coda's answer; anything but a `CodaFakeError` is a bug in the fake. */
function asCodaError(error: unknown): CodaFakeError {
  if (error instanceof CodaFakeError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new CodaFakeError(500 satisfies ErrorStatus, `Coda fake bug: ${message}`);
}
