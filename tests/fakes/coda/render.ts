/**
 * The fake's objects in the shapes of Coda's spec (`User`, `Doc`, `Table`, `Column`, `ColumnDetail`,
 * `Row`, `RowDetail`): every required field, `type` tags, `href`s into the fake (so a `nextPageLink` or
 * an `href` can be followed) and `browserLink`s shaped like coda.io's. Only what the spec declares:
 * its `Table` lists a `viewId` as required but declares no such property (see spec.ts), so the
 * fake leaves it out, as Coda's own packs-sdk types do.
 */
import type { CellOutput, ValueFormat } from "./values.ts";
import { renderCell } from "./values.ts";
import {
  type CodaWorkspace,
  type FakeColumn,
  type FakeDoc,
  type FakeRow,
  type FakeTable,
  rowName,
} from "./workspace.ts";

/** Who the fake's token belongs to. */
export const FAKE_USER = {
  name: "Cascade Fake",
  loginId: "fake@cascade.test",
  tokenName: "Cascade fake token",
};

const BROWSER = "https://coda.io";

export interface RowFormat {
  valueFormat: ValueFormat;
  useColumnNames: boolean;
}

export class Renderer {
  constructor(
    private readonly workspace: CodaWorkspace,
    /** The API root, `http://127.0.0.1:<port>/apis/v1`. */
    private readonly api: () => string,
  ) {}

  user() {
    return {
      name: FAKE_USER.name,
      loginId: FAKE_USER.loginId,
      type: "user" as const,
      scoped: false,
      tokenName: FAKE_USER.tokenName,
      href: `${this.api()}/whoami`,
      pictureLink: `${BROWSER}/static/avatars/default.png`,
      workspace: this.workspaceReference(),
    };
  }

  doc(doc: FakeDoc) {
    return {
      ...this.docReference(doc),
      name: doc.name,
      owner: FAKE_USER.loginId,
      ownerName: FAKE_USER.name,
      docSize: {
        totalRowCount: doc.tables.reduce((sum, table) => sum + table.rows.length, 0),
        tableAndViewCount: doc.tables.length,
        pageCount: doc.tables.length,
        overApiSizeLimit: false,
      },
      createdAt: doc.createdAt,
      updatedAt: doc.updatedAt,
      folder: {
        id: this.workspace.folderId,
        type: "folder" as const,
        browserLink: `${BROWSER}/folders/${this.workspace.folderId}`,
      },
      workspace: this.workspaceReference(),
      workspaceId: this.workspace.workspaceId,
      folderId: this.workspace.folderId,
    };
  }

  table(doc: FakeDoc, table: FakeTable) {
    const display = table.columns[0] as FakeColumn;
    return {
      ...this.tableReference(doc, table),
      displayColumn: { id: display.id, type: "column" as const, href: this.columnHref(doc, table, display) },
      rowCount: table.rows.length,
      sorts: [],
      layout: "default" as const,
      createdAt: table.createdAt,
      updatedAt: table.updatedAt,
    };
  }

  column(doc: FakeDoc, table: FakeTable, column: FakeColumn) {
    const display = table.columns[0] === column;
    const numeric =
      table.rows.some((row) => row.cells.get(column.id) !== undefined) &&
      table.rows.every((row) => ["number", "undefined"].includes(typeof row.cells.get(column.id)));
    return {
      id: column.id,
      type: "column" as const,
      href: this.columnHref(doc, table, column),
      name: column.name,
      ...(display ? { display: true } : {}),
      calculated: false,
      format: { type: numeric ? ("number" as const) : ("text" as const), isArray: false },
    };
  }

  columnDetail(doc: FakeDoc, table: FakeTable, column: FakeColumn) {
    return { ...this.column(doc, table, column), parent: this.tableReference(doc, table) };
  }

  row(doc: FakeDoc, table: FakeTable, row: FakeRow, format: RowFormat) {
    const values: Record<string, CellOutput> = {};
    for (const column of table.columns) {
      values[format.useColumnNames ? column.name : column.id] = renderCell(
        row.cells.get(column.id),
        format.valueFormat,
      );
    }
    return {
      id: row.id,
      type: "row" as const,
      href: `${this.tableHref(doc, table)}/rows/${encodeURIComponent(row.id)}`,
      name: rowName(table, row),
      index: table.rows.indexOf(row),
      browserLink: `${this.tableBrowserLink(doc, table)}/_ru${row.id}`,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      values,
    };
  }

  rowDetail(doc: FakeDoc, table: FakeTable, row: FakeRow, format: RowFormat) {
    return { ...this.row(doc, table, row, format), parent: this.tableReference(doc, table) };
  }

  private workspaceReference() {
    const id = this.workspace.workspaceId;
    return {
      id,
      type: "workspace" as const,
      browserLink: `${BROWSER}/docs?workspaceId=${id}`,
      name: "Cascade",
    };
  }

  private docReference(doc: FakeDoc) {
    return {
      id: doc.id,
      type: "doc" as const,
      href: `${this.api()}/docs/${doc.id}`,
      browserLink: `${BROWSER}/d/_d${doc.id}`,
    };
  }

  private tableReference(doc: FakeDoc, table: FakeTable) {
    return {
      id: table.id,
      type: "table" as const,
      tableType: "table" as const,
      href: this.tableHref(doc, table),
      browserLink: this.tableBrowserLink(doc, table),
      name: table.name,
      parent: {
        id: table.page.id,
        type: "page" as const,
        href: `${this.api()}/docs/${doc.id}/pages/${table.page.id}`,
        browserLink: `${BROWSER}/d/_d${doc.id}/${slug(table.page.name)}_su${table.page.id.slice(-5)}`,
        name: table.page.name,
      },
    };
  }

  private tableHref(doc: FakeDoc, table: FakeTable): string {
    return `${this.api()}/docs/${doc.id}/tables/${encodeURIComponent(table.id)}`;
  }

  private tableBrowserLink(doc: FakeDoc, table: FakeTable): string {
    return `${BROWSER}/d/_d${doc.id}#${slug(table.page.name)}_t${table.id.replace(/^grid-/, "")}`;
  }

  private columnHref(doc: FakeDoc, table: FakeTable, column: FakeColumn): string {
    return `${this.tableHref(doc, table)}/columns/${encodeURIComponent(column.id)}`;
  }
}

function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "") || "Page";
}
