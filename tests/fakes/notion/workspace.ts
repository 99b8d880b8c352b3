/**
 * The fake's workspace: pages, databases and their data sources, every operation the API (routes.ts)
 * or a person in Notion's UI (server.ts) performs on them, and their rendering as API objects.
 *
 * From the references: a database holds data sources and pages belong to a data source (API version
 * 2025-09-03, "Upgrading to 2025-09-03"); `created_time` and `last_edited_time` are rounded down to the
 * minute (changelog, "Last edited and created time properties are now rounded to the nearest minute");
 * page objects show at most 25 relations ("Property values": 25 page reference limit); one query answers
 * at most 10,000 pages, then `has_more` is false and `request_status` says it was cut off ("Query large
 * data sources"); a trashed page cannot be edited until it is restored; trashed pages are left out of
 * queries and search.
 */
import type {
  BlockObjectResponse,
  DatabaseObjectResponse,
  DataSourceObjectResponse,
  GetPagePropertyResponse,
  ListBlockChildrenResponse,
  PageObjectResponse,
  PartialUserObjectResponse,
  QueryDataSourceResponse,
  RelationPropertyItemObjectResponse,
  RichTextPropertyItemObjectResponse,
  SearchResponse,
  TitlePropertyItemObjectResponse,
  UserObjectResponse,
} from "@notionhq/client";
import { invalidField, notFound, validationError } from "./errors.ts";
import { compileFilter, compileSorts, type Row } from "./filters.ts";
import { newId, newPropertyId, normalizeId, samePropertyId } from "./ids.ts";
import { paginate } from "./paging.ts";
import {
  addNewOptions,
  emptyValue,
  findProperty,
  isRecord,
  isStored,
  mergeOptions,
  type PageValue,
  type PropertySchema,
  parseRichText,
  parseSchema,
  parseValue,
  plainText,
  type RichText,
  renderSchema,
  renderValue,
  type SchemaContext,
  type StoredSchema,
  type ValueContext,
} from "./properties.ts";

const RELATIONS_SHOWN = 25;
const QUERY_RESULT_LIMIT = 10_000;

type Parent =
  | { type: "workspace" }
  | { type: "page_id"; pageId: string }
  | { type: "data_source_id"; dataSourceId: string };

interface StoredPage {
  id: string;
  seq: number;
  parent: Parent;
  created: number;
  edited: number;
  createdBy: string;
  editedBy: string;
  inTrash: boolean;
  /** Values by property id; a property the page never set is empty. */
  values: Map<string, PageValue>;
}

interface StoredDatabase {
  id: string;
  seq: number;
  parentPageId: string;
  title: RichText[];
  dataSourceId: string;
  created: number;
  edited: number;
}

interface StoredDataSource {
  id: string;
  databaseId: string;
  title: RichText[];
  properties: PropertySchema[];
  created: number;
  edited: number;
}

/** A page outside any data source has one property, its title. */
const PAGE_TITLE: PropertySchema = { id: "title", name: "title", type: "title" };

/** Paging parameters of a GET endpoint's query string. */
export interface QueryParams {
  start_cursor?: string | undefined;
  page_size?: string | undefined;
}

type PaginatedPropertyItem =
  | RelationPropertyItemObjectResponse
  | TitlePropertyItemObjectResponse
  | RichTextPropertyItemObjectResponse;

interface PropertyWrite {
  schema: PropertySchema;
  value: PageValue;
}

export class Workspace {
  /** The integration's bot user (the API's actor) and a person (the UI's actor). */
  readonly bot = newId();
  readonly person = newId();
  private readonly workspaceId = newId();
  private readonly pages = new Map<string, StoredPage>();
  private readonly databases = new Map<string, StoredDatabase>();
  private readonly dataSources = new Map<string, StoredDataSource>();
  private seq = 0;

  constructor(private readonly clock: () => number) {}

  /** Now, rounded down to the minute as Notion stores timestamps. */
  private minute(): number {
    return Math.floor(this.clock() / 60_000) * 60_000;
  }

  // --- Lookups -----------------------------------------------------------------------------------

  /** `where` names the parameter that carried the id, for the error when it is no UUID. */
  page(id: string, where = "path.page_id"): StoredPage {
    return this.pages.get(validId(id, where)) ?? missing("page", id);
  }

  database(id: string, where = "path.database_id"): StoredDatabase {
    return this.databases.get(validId(id, where)) ?? missing("database", id);
  }

  dataSource(id: string, where = "path.data_source_id"): StoredDataSource {
    return this.dataSources.get(validId(id, where)) ?? missing("data source", id);
  }

  hasDataSource(id: string): boolean {
    const normalized = normalizeId(id);
    return normalized !== undefined && this.dataSources.has(normalized);
  }

  private propertiesOf(page: StoredPage): readonly PropertySchema[] {
    return page.parent.type === "data_source_id"
      ? this.dataSource(page.parent.dataSourceId).properties
      : [PAGE_TITLE];
  }

  private pagesIn(dataSourceId: string): StoredPage[] {
    return [...this.pages.values()].filter(
      (page) => page.parent.type === "data_source_id" && page.parent.dataSourceId === dataSourceId,
    );
  }

  private readonly valueContext: ValueContext = {
    isPageOf: (dataSourceId, pageId) => {
      const page = this.pages.get(pageId);
      return page?.parent.type === "data_source_id" && page.parent.dataSourceId === dataSourceId;
    },
  };

  private readonly schemaContext: SchemaContext = {
    databaseOf: (dataSourceId) => this.dataSources.get(dataSourceId)?.databaseId,
  };

  // --- Pages ------------------------------------------------------------------------------------

  /** A page at the top of the workspace, shared with the integration. */
  addPage(title: string): StoredPage {
    const page = this.newPage({ type: "workspace" }, this.bot);
    page.values.set("title", {
      type: "title",
      items: parseRichText([{ text: { content: title } }], "title"),
    });
    return page;
  }

  createPage(body: unknown, actor: string): StoredPage {
    if (!isRecord(body)) throw invalidField("body", "an object", body);
    const parent = this.parentOf(body.parent);
    const properties = body.properties ?? {};
    if (!isRecord(properties)) throw invalidField("body.properties", "an object", properties);
    const schemas =
      parent.type === "data_source_id" ? this.dataSource(parent.dataSourceId).properties : [PAGE_TITLE];
    const writes = this.parseWrites(schemas, properties);
    const page = this.newPage(parent, actor);
    this.commit(page, writes, actor);
    return page;
  }

  updatePage(id: string, body: unknown, actor: string): StoredPage {
    const page = this.page(id);
    if (!isRecord(body)) throw invalidField("body", "an object", body);
    const trash = body.in_trash ?? body.archived;
    if (trash !== undefined && typeof trash !== "boolean") {
      throw invalidField("body.in_trash", "a boolean", trash);
    }
    const properties = body.properties ?? {};
    if (!isRecord(properties)) throw invalidField("body.properties", "an object", properties);
    if (Object.keys(properties).length > 0 && (trash ?? page.inTrash)) {
      throw validationError(
        "Can't edit block that is archived. You must unarchive the block before editing.",
      );
    }
    const writes = this.parseWrites(this.propertiesOf(page), properties);
    if (trash !== undefined) page.inTrash = trash;
    this.commit(page, writes, actor);
    return page;
  }

  private newPage(parent: Parent, actor: string): StoredPage {
    const now = this.minute();
    const page: StoredPage = {
      id: newId(),
      seq: ++this.seq,
      parent,
      created: now,
      edited: now,
      createdBy: actor,
      editedBy: actor,
      inTrash: false,
      values: new Map(),
    };
    this.pages.set(page.id, page);
    return page;
  }

  private parentOf(request: unknown): Parent {
    if (!isRecord(request)) throw invalidField("body.parent", "an object", request);
    const kind =
      typeof request.type === "string"
        ? request.type
        : ["data_source_id", "database_id", "page_id"].find((key) => key in request);
    const id = String(request[kind ?? ""] ?? "");
    switch (kind) {
      case "data_source_id":
        return { type: "data_source_id", dataSourceId: this.dataSource(id, "body.parent.data_source_id").id };
      case "database_id":
        // A database with one data source still takes pages by its own id.
        return {
          type: "data_source_id",
          dataSourceId: this.database(id, "body.parent.database_id").dataSourceId,
        };
      case "page_id":
        return { type: "page_id", pageId: this.page(id, "body.parent.page_id").id };
      default:
        throw invalidField("body.parent", "an object with data_source_id, database_id or page_id", request);
    }
  }

  /** Validates every property of a write before any is stored, so a refused write changes nothing. */
  private parseWrites(
    schemas: readonly PropertySchema[],
    properties: Record<string, unknown>,
  ): PropertyWrite[] {
    return Object.entries(properties).map(([key, request]) => {
      const schema = findProperty(schemas, key);
      if (schema === undefined) throw validationError(`${key} is not a property that exists.`);
      return { schema, value: parseValue(schema, key, request, this.valueContext) };
    });
  }

  /** Stores a write; any write, even of the values a page already holds, counts as an edit. */
  private commit(page: StoredPage, writes: readonly PropertyWrite[], actor: string): void {
    for (const { schema, value } of writes) {
      addNewOptions(schema, value);
      if (schema.type === "relation" && schema.synced !== null && value.type === "relation") {
        this.syncRelation(page, schema.id, schema.synced.propertyId, value.ids, actor);
      }
      page.values.set(schema.id, value);
    }
    this.touch(page, actor);
  }

  private touch(page: StoredPage, actor: string): void {
    page.edited = this.minute();
    page.editedBy = actor;
  }

  /** A dual relation: pages added or removed on this side gain or lose this page on theirs. */
  private syncRelation(
    page: StoredPage,
    propertyId: string,
    syncedId: string,
    after: string[],
    actor: string,
  ): void {
    const current = page.values.get(propertyId);
    const before = current?.type === "relation" ? current.ids : [];
    for (const id of new Set([...before, ...after])) {
      const other = this.pages.get(id);
      if (other === undefined || before.includes(id) === after.includes(id)) continue;
      const held = other.values.get(syncedId);
      const ids = (held?.type === "relation" ? held.ids : []).filter((linked) => linked !== page.id);
      other.values.set(syncedId, { type: "relation", ids: after.includes(id) ? [...ids, page.id] : ids });
      this.touch(other, actor);
    }
  }

  // --- Databases and data sources -----------------------------------------------------------------

  createDatabase(body: unknown): StoredDatabase {
    if (!isRecord(body)) throw invalidField("body", "an object", body);
    const parent = body.parent;
    if (!isRecord(parent) || (parent.type ?? "page_id") !== "page_id") {
      throw invalidField(
        "body.parent",
        "a page parent (the Notion fake has no workspace-level databases)",
        parent,
      );
    }
    const parentPageId = this.page(String(parent.page_id ?? ""), "body.parent.page_id").id;
    const title = body.title === undefined ? [] : parseRichText(body.title, "body.title");
    const initial = body.initial_data_source ?? {};
    if (!isRecord(initial)) throw invalidField("body.initial_data_source", "an object", initial);
    const requested = initial.properties ?? { Name: { title: {} } };
    if (!isRecord(requested)) {
      throw invalidField("body.initial_data_source.properties", "an object", requested);
    }

    const now = this.minute();
    const database: StoredDatabase = {
      id: newId(),
      seq: ++this.seq,
      parentPageId,
      title,
      dataSourceId: newId(),
      created: now,
      edited: now,
    };
    const dataSource: StoredDataSource = {
      id: database.dataSourceId,
      databaseId: database.id,
      title: structuredClone(title),
      properties: [],
      created: now,
      edited: now,
    };
    const duals: Array<{ schema: PropertySchema; name: string | undefined }> = [];
    for (const [name, request] of Object.entries(requested)) {
      const parsed = this.parseProperty(
        dataSource,
        name,
        request,
        `body.initial_data_source.properties.${name}`,
      );
      dataSource.properties.push(parsed.schema);
      if (parsed.dual) duals.push({ schema: parsed.schema, name: parsed.dual.name });
    }
    const titles = dataSource.properties.filter((p) => p.type === "title").length;
    if (titles !== 1) {
      throw validationError(
        `A data source needs exactly one title property; these properties have ${titles}.`,
      );
    }
    this.databases.set(database.id, database);
    this.dataSources.set(dataSource.id, dataSource);
    for (const { schema, name } of duals) this.addSyncedProperty(dataSource, schema, name);
    return database;
  }

  updateDataSource(id: string, body: unknown): StoredDataSource {
    const dataSource = this.dataSource(id);
    if (!isRecord(body)) throw invalidField("body", "an object", body);
    if (body.title !== undefined) dataSource.title = parseRichText(body.title, "body.title");
    const properties = body.properties ?? {};
    if (!isRecord(properties)) throw invalidField("body.properties", "an object", properties);
    for (const [key, request] of Object.entries(properties)) this.updateProperty(dataSource, key, request);
    dataSource.edited = this.minute();
    return dataSource;
  }

  /** A new property of a data source: the title's id is always "title", others get short random ids. */
  private parseProperty(dataSource: StoredDataSource, name: string, request: unknown, path: string) {
    if (dataSource.properties.some((p) => p.name === name)) {
      throw validationError(`A property named ${name} already exists.`);
    }
    const parsed = parseSchema("", name, request, path, this.schemaContext);
    const taken = new Set(dataSource.properties.map((p) => p.id));
    parsed.schema.id = parsed.schema.type === "title" ? "title" : newPropertyId(taken);
    return parsed;
  }

  /** `dataSources.update`'s properties: `null` removes, `{ name }` renames, a type config adds or changes. */
  private updateProperty(dataSource: StoredDataSource, key: string, request: unknown): void {
    const path = `body.properties.${key}`;
    const existing = findProperty(dataSource.properties, key);
    if (request === null) {
      if (existing === undefined) throw validationError(`${key} is not a property that exists.`);
      if (existing.type === "title") {
        throw validationError(`The title property ${existing.name} cannot be removed.`);
      }
      this.removeProperty(dataSource, existing);
      return;
    }
    if (!isRecord(request)) throw invalidField(path, "an object or `null`", request);
    const rename = request.name;
    if (rename !== undefined && (typeof rename !== "string" || rename === "")) {
      throw invalidField(`${path}.name`, "a non-empty string", rename);
    }
    const configures = Object.keys(request).some((k) => k !== "name" && k !== "description");
    if (existing === undefined) {
      if (!configures) throw validationError(`${key} is not a property that exists.`);
      const parsed = this.parseProperty(dataSource, rename ?? key, request, path);
      if (parsed.schema.type === "title") {
        throw validationError("A data source has exactly one title property.");
      }
      dataSource.properties.push(parsed.schema);
      if (parsed.dual) this.addSyncedProperty(dataSource, parsed.schema, parsed.dual.name);
      return;
    }
    let schema = existing;
    if (configures) schema = this.reconfigure(dataSource, existing, request, path);
    if (rename !== undefined && rename !== schema.name) {
      if (dataSource.properties.some((p) => p.name === rename)) {
        throw validationError(`A property named ${rename} already exists.`);
      }
      schema.name = rename;
      const counterpart = this.counterpartOf(schema);
      if (counterpart?.type === "relation" && counterpart.synced) counterpart.synced.propertyName = rename;
    }
  }

  /** Same type: options are added, a number's format replaced. Another type: values are cleared. */
  private reconfigure(
    dataSource: StoredDataSource,
    existing: PropertySchema,
    request: Record<string, unknown>,
    path: string,
  ): PropertySchema {
    const parsed = parseSchema(existing.id, existing.name, request, path, this.schemaContext);
    const next = parsed.schema;
    if (next.type === existing.type) {
      if ("options" in existing && "options" in next) mergeOptions(existing.options, next.options);
      if (existing.type === "number" && next.type === "number") existing.format = next.format;
      return existing;
    }
    if (existing.type === "title" || next.type === "title") {
      throw validationError(`${existing.name}: the title property cannot change type.`);
    }
    this.detach(dataSource, existing);
    dataSource.properties = dataSource.properties.map((p) => (p === existing ? next : p));
    if (parsed.dual) this.addSyncedProperty(dataSource, next, parsed.dual.name);
    return next;
  }

  private removeProperty(dataSource: StoredDataSource, schema: PropertySchema): void {
    this.detach(dataSource, schema);
    dataSource.properties = dataSource.properties.filter((p) => p !== schema);
  }

  /** Clears a property's values from every page, and unlinks the other half of a dual relation. */
  private detach(dataSource: StoredDataSource, schema: PropertySchema): void {
    const counterpart = this.counterpartOf(schema);
    if (counterpart?.type === "relation") counterpart.synced = null;
    for (const page of this.pagesIn(dataSource.id)) page.values.delete(schema.id);
  }

  private counterpartOf(schema: PropertySchema): PropertySchema | undefined {
    if (schema.type !== "relation" || schema.synced === null) return undefined;
    const { propertyId } = schema.synced;
    return this.dataSources.get(schema.dataSourceId)?.properties.find((p) => p.id === propertyId);
  }

  /** A dual relation's other half, in the related data source, named like Notion's "Related to …". */
  private addSyncedProperty(
    source: StoredDataSource,
    schema: PropertySchema,
    name: string | undefined,
  ): void {
    if (schema.type !== "relation") return;
    const target = this.dataSource(schema.dataSourceId);
    const syncedName = name ?? `Related to ${plainText(source.title) || "Untitled"} (${schema.name})`;
    if (target.properties.some((p) => p.name === syncedName)) {
      throw validationError(`A property named ${syncedName} already exists in the related data source.`);
    }
    const counterpart: PropertySchema = {
      id: newPropertyId(new Set(target.properties.map((p) => p.id))),
      name: syncedName,
      type: "relation",
      dataSourceId: source.id,
      databaseId: source.databaseId,
      synced: { propertyId: schema.id, propertyName: schema.name },
    };
    target.properties.push(counterpart);
    target.edited = this.minute();
    schema.synced = { propertyId: counterpart.id, propertyName: counterpart.name };
  }

  // --- Reads ------------------------------------------------------------------------------------

  query(dataSourceId: string, body: unknown): QueryDataSourceResponse {
    const dataSource = this.dataSource(dataSourceId);
    const request = body ?? {};
    if (!isRecord(request)) throw invalidField("body", "an object", request);
    const matches = compileFilter(request.filter, dataSource.properties);
    const order = compileSorts(request.sorts, dataSource.properties);
    const inTrash = request.in_trash ?? request.archived ?? false;
    if (typeof inTrash !== "boolean") throw invalidField("body.in_trash", "a boolean", inTrash);
    const rows = this.pagesIn(dataSource.id)
      .filter((page) => page.inTrash === inTrash)
      .map((page) => this.row(page))
      .filter(matches)
      .sort(order);
    const cut = rows.length > QUERY_RESULT_LIMIT;
    const scope = ["query", dataSource.id, request.filter ?? null, request.sorts ?? null, inTrash];
    const listed = paginate(cut ? rows.slice(0, QUERY_RESULT_LIMIT) : rows, scope, request, "body");
    return {
      object: "list",
      results: listed.results.map((row) => this.renderPage(row.page)),
      next_cursor: listed.next_cursor,
      has_more: listed.has_more,
      type: "page_or_data_source",
      page_or_data_source: {},
      ...(cut
        ? { request_status: { type: "incomplete", incomplete_reason: "query_result_limit_reached" } }
        : {}),
    };
  }

  private row(page: StoredPage): Row & { page: StoredPage } {
    return {
      page,
      seq: page.seq,
      created: page.created,
      edited: page.edited,
      value: (schema: StoredSchema) => page.values.get(schema.id) ?? emptyValue(schema),
    };
  }

  /** Title search over pages and data sources, newest edit first unless `sort` says otherwise. */
  search(body: unknown): SearchResponse {
    const request = body ?? {};
    if (!isRecord(request)) throw invalidField("body", "an object", request);
    const text = request.query ?? "";
    if (typeof text !== "string") throw invalidField("body.query", "a string", text);
    const filter = request.filter;
    const only = isRecord(filter) ? filter.value : undefined;
    if (only !== undefined && only !== "page" && only !== "data_source") {
      throw invalidField("body.filter.value", '"page" or "data_source"', only);
    }
    const sort = request.sort;
    const ascending = isRecord(sort) && sort.direction === "ascending";
    const needle = text.toLowerCase();
    type Hit = {
      seq: number;
      edited: number;
      title: string;
      render: () => SearchResponse["results"][number];
    };
    const hits: Hit[] = [];
    if (only !== "data_source") {
      for (const page of this.pages.values()) {
        if (page.inTrash) continue;
        hits.push({
          seq: page.seq,
          edited: page.edited,
          title: this.titleOf(page),
          render: () => this.renderPage(page),
        });
      }
    }
    if (only !== "page") {
      for (const dataSource of this.dataSources.values()) {
        const seq = this.database(dataSource.databaseId).seq;
        const title = plainText(dataSource.title);
        hits.push({ seq, edited: dataSource.edited, title, render: () => this.renderDataSource(dataSource) });
      }
    }
    const found = hits
      .filter((hit) => hit.title.toLowerCase().includes(needle))
      .sort((a, b) => (ascending ? a.edited - b.edited : b.edited - a.edited) || b.seq - a.seq);
    const listed = paginate(found, ["search", text, only ?? null, ascending], request, "body");
    return {
      object: "list",
      results: listed.results.map((hit) => hit.render()),
      next_cursor: listed.next_cursor,
      has_more: listed.has_more,
      type: "page_or_data_source",
      page_or_data_source: {},
    };
  }

  private titleOf(page: StoredPage): string {
    const title = this.propertiesOf(page).find((p) => p.type === "title");
    const value = title === undefined ? undefined : page.values.get(title.id);
    return value?.type === "title" ? plainText(value.items) : "";
  }

  /** A page's children: its databases (`child_database` blocks) and pages (`child_page`), in order. */
  blockChildren(blockId: string, params: QueryParams): ListBlockChildrenResponse {
    const parent = this.pages.get(validId(blockId, "path.block_id")) ?? missing("block", blockId);
    const children: Array<{ seq: number; render: () => BlockObjectResponse }> = [];
    for (const database of this.databases.values()) {
      if (database.parentPageId === parent.id) {
        children.push({ seq: database.seq, render: () => this.renderDatabaseBlock(database) });
      }
    }
    for (const page of this.pages.values()) {
      if (page.parent.type === "page_id" && page.parent.pageId === parent.id && !page.inTrash) {
        children.push({ seq: page.seq, render: () => this.renderPageBlock(page) });
      }
    }
    children.sort((a, b) => a.seq - b.seq);
    const listed = paginate(children, ["blocks", parent.id], params, "query");
    return {
      object: "list",
      results: listed.results.map((child) => child.render()),
      next_cursor: listed.next_cursor,
      has_more: listed.has_more,
      type: "block",
      block: {},
    };
  }

  /**
   * One property of a page. Title, rich text and relation come as a paginated list of property items
   * (all of a relation, past the 25 a page object shows), other types as one property item.
   */
  pageProperty(
    pageId: string,
    propertyId: string,
    params: QueryParams,
    baseUrl: string,
  ): GetPagePropertyResponse {
    const page = this.page(pageId);
    const schema = this.propertiesOf(page).find((p) => samePropertyId(propertyId, p.id));
    if (schema === undefined) throw notFound("property", propertyId);
    const times = { created_time: iso(page.created), last_edited_time: iso(page.edited) };
    if (
      !isStored(schema) ||
      (schema.type !== "title" && schema.type !== "rich_text" && schema.type !== "relation")
    ) {
      // The other types' property items carry the value as a page object shows it.
      const item = {
        object: "property_item",
        ...renderValue(schema, page.values.get(schema.id), times, Infinity),
      };
      return item as GetPagePropertyResponse;
    }
    const id = schema.id;
    const value = page.values.get(id) ?? emptyValue(schema);
    const common = { object: "property_item" as const, id };
    let items: PaginatedPropertyItem[] = [];
    if (value.type === "relation") {
      items = value.ids.map((related) => ({ ...common, type: "relation", relation: { id: related } }));
    } else if (value.type === "title") {
      items = value.items.map((title) => ({ ...common, type: "title", title }));
    } else if (value.type === "rich_text") {
      items = value.items.map((rich_text) => ({ ...common, type: "rich_text", rich_text }));
    }
    const listed = paginate(items, ["property", page.id, id], params, "query");
    const next_url =
      listed.next_cursor === null
        ? null
        : `${baseUrl}/v1/pages/${page.id}/properties/${id}?start_cursor=${encodeURIComponent(listed.next_cursor)}`;
    const property_item =
      schema.type === "relation"
        ? { id, next_url, type: "relation" as const, relation: {} }
        : schema.type === "title"
          ? { id, next_url, type: "title" as const, title: {} }
          : { id, next_url, type: "rich_text" as const, rich_text: {} };
    return { object: "list", ...listed, type: "property_item", property_item };
  }

  me(): UserObjectResponse {
    return {
      object: "user",
      id: this.bot,
      name: "Cascade (Notion fake)",
      avatar_url: null,
      type: "bot",
      bot: {
        owner: { type: "workspace", workspace: true },
        workspace_id: this.workspaceId,
        workspace_limits: { max_file_upload_size_in_bytes: 5_242_880 },
        workspace_name: "Fake workspace",
      },
    };
  }

  /** Every page of a data source in creation order, trashed ones included, all relations shown. */
  pageObjectsOf(dataSourceId: string): PageObjectResponse[] {
    const dataSource = this.dataSource(dataSourceId);
    return this.pagesIn(dataSource.id).map((page) => this.renderPage(page, Infinity));
  }

  // --- Rendering --------------------------------------------------------------------------------

  renderPage(page: StoredPage, relationsShown = RELATIONS_SHOWN): PageObjectResponse {
    const times = { created_time: iso(page.created), last_edited_time: iso(page.edited) };
    const properties: PageObjectResponse["properties"] = {};
    for (const schema of this.propertiesOf(page)) {
      properties[schema.name] = renderValue(schema, page.values.get(schema.id), times, relationsShown);
    }
    return {
      object: "page",
      id: page.id,
      ...times,
      created_by: user(page.createdBy),
      last_edited_by: user(page.editedBy),
      cover: null,
      icon: null,
      parent: this.renderParent(page.parent),
      in_trash: page.inTrash,
      archived: page.inTrash,
      is_archived: false,
      is_locked: false,
      properties,
      url: notionUrl(page.id),
      public_url: null,
    };
  }

  private renderParent(parent: Parent): PageObjectResponse["parent"] {
    switch (parent.type) {
      case "workspace":
        return { type: "workspace", workspace: true };
      case "page_id":
        return { type: "page_id", page_id: parent.pageId };
      case "data_source_id":
        return {
          type: "data_source_id",
          data_source_id: parent.dataSourceId,
          database_id: this.dataSource(parent.dataSourceId).databaseId,
        };
    }
  }

  renderDataSource(dataSource: StoredDataSource): DataSourceObjectResponse {
    const database = this.database(dataSource.databaseId);
    return {
      object: "data_source",
      id: dataSource.id,
      title: structuredClone(dataSource.title),
      description: [],
      parent: { type: "database_id", database_id: database.id },
      database_parent: { type: "page_id", page_id: database.parentPageId },
      is_inline: false,
      in_trash: false,
      archived: false,
      created_time: iso(dataSource.created),
      last_edited_time: iso(dataSource.edited),
      created_by: user(this.bot),
      last_edited_by: user(this.bot),
      properties: Object.fromEntries(dataSource.properties.map((p) => [p.name, renderSchema(p)])),
      icon: null,
      cover: null,
      url: notionUrl(dataSource.id),
      public_url: null,
    };
  }

  renderDatabase(database: StoredDatabase): DatabaseObjectResponse {
    const dataSource = this.dataSource(database.dataSourceId);
    return {
      object: "database",
      id: database.id,
      title: structuredClone(database.title),
      description: [],
      parent: { type: "page_id", page_id: database.parentPageId },
      is_inline: false,
      in_trash: false,
      archived: false,
      is_locked: false,
      created_time: iso(database.created),
      last_edited_time: iso(database.edited),
      data_sources: [{ id: dataSource.id, name: plainText(dataSource.title) }],
      icon: null,
      cover: null,
      url: notionUrl(database.id),
      public_url: null,
    };
  }

  private renderDatabaseBlock(database: StoredDatabase): BlockObjectResponse {
    return {
      ...this.blockCommon(database.id, database.parentPageId, database.created, database.edited),
      type: "child_database",
      child_database: { title: plainText(database.title) },
    };
  }

  private renderPageBlock(page: StoredPage): BlockObjectResponse {
    const parentId = page.parent.type === "page_id" ? page.parent.pageId : "";
    return {
      ...this.blockCommon(page.id, parentId, page.created, page.edited),
      type: "child_page",
      child_page: { title: this.titleOf(page) },
    };
  }

  private blockCommon(id: string, parentPageId: string, created: number, edited: number) {
    return {
      object: "block" as const,
      id,
      parent: { type: "page_id" as const, page_id: parentPageId },
      created_time: iso(created),
      last_edited_time: iso(edited),
      created_by: user(this.bot),
      last_edited_by: user(this.bot),
      has_children: false,
      in_trash: false,
      archived: false,
    };
  }
}

function validId(id: string, where: string): string {
  const normalized = normalizeId(id);
  if (normalized === undefined) throw invalidField(where, "a valid uuid", id);
  return normalized;
}

function missing(kind: "page" | "database" | "data source" | "block", id: string): never {
  throw notFound(kind, normalizeId(id) ?? id);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function user(id: string): PartialUserObjectResponse {
  return { object: "user", id };
}

function notionUrl(id: string): string {
  return `https://www.notion.so/${id.replaceAll("-", "")}`;
}
