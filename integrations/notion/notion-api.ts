/**
 * Every call Cascade makes to Notion, through the official client (`@notionhq/client`, API version
 * 2025-09-03). Requests are paced (3 a second by default, Notion's documented average) by throttling the
 * client's own `fetch`, so its retries are paced too. The client retries 429 and 529 itself, honouring
 * Retry-After; writes are retried here on 5xx and timeouts (the client retries those on GET only), and a
 * create whose answer was lost is looked up by its Cascade ID before it is sent again.
 */
import {
  APIErrorCode,
  Client,
  type FullDataSourceQueryFilter,
  isNotionClientError,
  iterateAllDataSourceRows,
  iteratePaginatedAPI,
  LogLevel,
  type PageObjectResponse,
  RequestTimeoutError,
  UnknownHTTPResponseError,
} from "@notionhq/client";
import pRetry, { AbortError } from "p-retry";
import pThrottle from "p-throttle";
import { CASCADE_ID } from "./layout.ts";

export interface NotionApiOptions {
  token: string;
  /** Another server (tests, proxies); default Notion's API. */
  baseUrl?: string | undefined;
  /** Requests a second, on average (default 3). `Infinity` does not pace. */
  requestsPerSecond?: number;
  /** Retries of a write after a 5xx or a timeout (default 5). */
  writeRetries?: number;
  /** Milliseconds before the first retry of a write (default 1,000; doubles each time). */
  retryDelayMs?: number;
  /**
   * Awaited before every request, after this client's own pacing: a limiter shared with other
   * clients of the same integration (the worker's rate gate) holds requests here.
   */
  pace?: (() => Promise<void>) | undefined;
  /**
   * The longest Retry-After waited out; a longer one fails the call as `rate_limited` (default: any
   * is waited out, as the CLI wants; the worker's consumers set 30 s and retry the message later).
   */
  maxRetryAfterSeconds?: number | undefined;
  /** Told of each 429 and its Retry-After in seconds, so a shared limiter can hold the others too. */
  onRateLimited?: ((retryAfterSeconds: number) => void) | undefined;
}

/** Counts of what a sync asked of Notion (HTTP requests, retries and 429s included). */
export interface CallCounts {
  reads: number;
  writes: number;
  rateLimited: number;
  retried: number;
}

export type NotionPage = PageObjectResponse;
/** The client's own fetch type (Node's and the Workers runtime's both fit it at run time). */
type ClientFetch = NonNullable<NonNullable<ConstructorParameters<typeof Client>[0]>["fetch"]>;
export type PropertyValues = Record<string, unknown>;

/** Why Notion refused: its error code and message, or the client's. */
export class NotionError extends Error {
  override readonly name = "NotionError";
  constructor(
    readonly code: string,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

function asNotionError(error: unknown): NotionError {
  if (error instanceof NotionError) return error;
  if (isNotionClientError(error)) {
    const status = "status" in error ? (error.status as number) : undefined;
    return new NotionError(error.code, error.message, status);
  }
  return new NotionError("network_error", error instanceof Error ? error.message : String(error));
}

/** Faults that may pass: 5xx, Notion's own retryable codes, timeouts and dropped connections. */
export function isTransient(error: unknown): boolean {
  if (error instanceof RequestTimeoutError) return true;
  if (error instanceof UnknownHTTPResponseError) return error.status >= 500;
  if (isNotionClientError(error)) {
    return [
      APIErrorCode.InternalServerError,
      APIErrorCode.ServiceUnavailable,
      APIErrorCode.RateLimited,
      "service_overload",
      "gateway_timeout",
      APIErrorCode.ConflictError,
    ].includes(error.code as APIErrorCode);
  }
  return error instanceof TypeError; // fetch's "fetch failed": the connection dropped
}

export class NotionApi {
  readonly counts: CallCounts = { reads: 0, writes: 0, rateLimited: 0, retried: 0 };
  private readonly client: Client;
  private readonly writeRetries: number;
  private readonly retryDelayMs: number;

  constructor(options: NotionApiOptions) {
    const rate = options.requestsPerSecond ?? 3;
    const count = async (input: string, init?: RequestInit) => {
      const method = init?.method ?? "GET";
      const read = method === "GET" || input.includes("/query") || input.includes("/search");
      if (read) this.counts.reads++;
      else this.counts.writes++;
      await options.pace?.();
      const response = await fetch(input, init);
      if (response.status === 429) {
        this.counts.rateLimited++;
        const seconds = Number(response.headers.get("retry-after") ?? 1) || 1;
        options.onRateLimited?.(seconds);
        // A long wait is not slept through (the client would): the caller defers the work instead.
        if (seconds > (options.maxRetryAfterSeconds ?? Number.POSITIVE_INFINITY)) {
          throw new NotionError(
            "rate_limited",
            `Notion asked to wait ${seconds} s before the next request`,
            429,
          );
        }
      }
      return response;
    };
    const paced = Number.isFinite(rate) ? pThrottle({ limit: 1, interval: 1000 / rate })(count) : count;
    // A query is a read sent as a POST, which the client does not retry on 5xx: retried here, so one
    // failed page of a long read does not fail the sync.
    const send = async (input: string, init?: RequestInit): Promise<Response> => {
      if (!(init?.method === "POST" && input.includes("/query"))) return paced(input, init);
      let last: Response | undefined;
      try {
        return await pRetry(
          async () => {
            last = await paced(input, init);
            if (last.status >= 500 && last.status !== 529) throw new Error(`HTTP ${last.status}`);
            return last;
          },
          {
            retries: this.writeRetries,
            minTimeout: this.retryDelayMs,
            // A Retry-After too long to wait is the caller's to handle, not a fault to retry.
            shouldRetry: ({ error }) => !(error instanceof NotionError),
            onFailedAttempt: () => {
              this.counts.retried++;
            },
          },
        );
      } catch (error) {
        if (last === undefined || error instanceof NotionError) throw error;
        return last; // the client turns the last answer into its error
      }
    };
    this.client = new Client({
      auth: options.token,
      ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
      fetch: send as unknown as ClientFetch,
      retry: { maxRetries: 8 },
      // Failures the sync recovers from are counted in its summary, not printed one by one.
      logLevel: LogLevel.ERROR,
      timeoutMs: 30_000,
    });
    this.writeRetries = options.writeRetries ?? 5;
    this.retryDelayMs = options.retryDelayMs ?? 1000;
  }

  /** Runs a call, retrying transient faults (writes must be idempotent or checked by `beforeRetry`). */
  private async retrying<T>(call: () => Promise<T>, beforeRetry?: () => Promise<T | undefined>): Promise<T> {
    let checked: T | undefined;
    try {
      return await pRetry(
        async (attempt) => {
          if (attempt > 1 && beforeRetry) {
            checked = await beforeRetry();
            if (checked !== undefined) return checked;
          }
          try {
            return await call();
          } catch (error) {
            if (!isTransient(error)) throw new AbortError(error as Error);
            throw error;
          }
        },
        {
          retries: this.writeRetries,
          minTimeout: this.retryDelayMs,
          factor: 2,
          onFailedAttempt: () => {
            this.counts.retried++;
          },
        },
      );
    } catch (error) {
      throw asNotionError(error instanceof AbortError ? error.originalError : error);
    }
  }

  /** The bot the token belongs to: a cheap check of the token. */
  async me(): Promise<void> {
    await this.retrying(() => this.client.users.me({}));
  }

  async retrievePage(pageId: string): Promise<NotionPage> {
    return (await this.retrying(() => this.client.pages.retrieve({ page_id: pageId }))) as NotionPage;
  }

  /**
   * Every page of a data source matching `filter`, 100 a query. A query stops at 10,000 results, so the
   * client's `iterateAllDataSourceRows` walks the data source in created_time windows past that.
   */
  async queryAll(dataSourceId: string, filter?: Record<string, unknown>): Promise<NotionPage[]> {
    const pages: NotionPage[] = [];
    try {
      for await (const row of iterateAllDataSourceRows(this.client, {
        data_source_id: dataSourceId,
        page_size: 100,
        ...(filter ? { filter: filter as FullDataSourceQueryFilter } : {}),
      })) {
        if (row.object === "page" && "properties" in row) pages.push(row as NotionPage);
      }
    } catch (error) {
      throw asNotionError(error);
    }
    return pages;
  }

  /** Every page a relation property holds (a page object lists at most 25 of them). */
  async relationIds(pageId: string, propertyId: string): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const list = await this.retrying(() =>
        this.client.pages.properties.retrieve({
          page_id: pageId,
          property_id: propertyId,
          ...(cursor ? { start_cursor: cursor } : {}),
        }),
      );
      if (list.object !== "list") break;
      for (const item of list.results) if (item.type === "relation") ids.push(item.relation.id);
      cursor = list.has_more ? (list.next_cursor ?? undefined) : undefined;
    } while (cursor);
    return ids;
  }

  /** The page holding a Cascade ID, if any (a create whose answer was lost). */
  async findByCascadeId(
    dataSourceId: string,
    cascadeId: string,
    property = CASCADE_ID,
  ): Promise<NotionPage | undefined> {
    const found = await this.retrying(() =>
      this.client.dataSources.query({
        data_source_id: dataSourceId,
        page_size: 1,
        filter: { property, rich_text: { equals: cascadeId } },
      }),
    );
    return found.results.find((p): p is NotionPage => p.object === "page" && "properties" in p);
  }

  /** Creates a page; when an attempt fails on the way, looks it up by `cascadeId` before trying again. */
  async createPage(
    dataSourceId: string,
    properties: PropertyValues,
    cascadeId: string,
    idProperty = CASCADE_ID,
  ): Promise<NotionPage> {
    return (await this.retrying(
      () =>
        this.client.pages.create({
          parent: { type: "data_source_id", data_source_id: dataSourceId },
          properties: properties as never,
        }),
      () => this.findByCascadeId(dataSourceId, cascadeId, idProperty),
    )) as NotionPage;
  }

  /** Updates a page's properties (setting the same values twice is harmless, so it is retried). */
  async updatePage(pageId: string, properties: PropertyValues): Promise<NotionPage> {
    return (await this.retrying(() =>
      this.client.pages.update({ page_id: pageId, properties: properties as never }),
    )) as NotionPage;
  }

  async trashPage(pageId: string): Promise<void> {
    await this.retrying(() => this.client.pages.update({ page_id: pageId, in_trash: true }));
  }

  async restorePage(pageId: string): Promise<void> {
    await this.retrying(() => this.client.pages.update({ page_id: pageId, in_trash: false }));
  }

  /** Creates a database under a page; answers its id and its one data source's. */
  async createDatabase(
    parentPageId: string,
    title: string,
    properties: PropertyValues,
  ): Promise<{ databaseId: string; dataSourceId: string }> {
    const database = await this.retrying(() =>
      this.client.databases.create({
        parent: { type: "page_id", page_id: parentPageId },
        title: [{ type: "text", text: { content: title } }],
        initial_data_source: { properties: properties as never },
      }),
    );
    const dataSourceId = "data_sources" in database ? database.data_sources[0]?.id : undefined;
    if (dataSourceId === undefined)
      throw new NotionError("unexpected_response", `database ${title} has no data source`);
    return { databaseId: database.id, dataSourceId };
  }

  /** A data source's properties by name: their types (and a relation's target data source). */
  async properties(dataSourceId: string): Promise<Record<string, { type: string; relation?: string }>> {
    const source = await this.retrying(() =>
      this.client.dataSources.retrieve({ data_source_id: dataSourceId }),
    );
    const out: Record<string, { type: string; relation?: string }> = {};
    if (!("properties" in source)) return out;
    for (const [name, prop] of Object.entries(source.properties)) {
      const relation = prop.type === "relation" ? prop.relation.data_source_id : undefined;
      out[name] = relation === undefined ? { type: prop.type } : { type: prop.type, relation };
    }
    return out;
  }

  async addProperties(dataSourceId: string, properties: PropertyValues): Promise<void> {
    await this.retrying(() =>
      this.client.dataSources.update({ data_source_id: dataSourceId, properties: properties as never }),
    );
  }

  /** The databases directly under a page, by title. */
  async childDatabases(pageId: string): Promise<Array<{ id: string; title: string }>> {
    const out: Array<{ id: string; title: string }> = [];
    try {
      for await (const block of iteratePaginatedAPI(this.client.blocks.children.list, { block_id: pageId })) {
        if ("type" in block && block.type === "child_database") {
          out.push({ id: block.id, title: block.child_database.title });
        }
      }
    } catch (error) {
      throw asNotionError(error);
    }
    return out;
  }

  /** A database's first data source. */
  async dataSourceOf(databaseId: string): Promise<string> {
    const database = await this.retrying(() => this.client.databases.retrieve({ database_id: databaseId }));
    const id = "data_sources" in database ? database.data_sources[0]?.id : undefined;
    if (id === undefined)
      throw new NotionError("unexpected_response", `database ${databaseId} has no data source`);
    return id;
  }
}
