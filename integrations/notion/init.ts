/**
 * `cascade notion init`: the databases of the layout (layout.ts) under a parent page, created once.
 * Run again, it finds them (by the state file, the config, or by title under the parent page), adds
 * the properties they lack, and creates nothing twice. A property of the wrong type is reported, not
 * changed: it may hold a team's data.
 */
import {
  CASCADE_ID,
  type Field,
  KINDS,
  type Kind,
  LAST_SYNCED,
  LAYOUT,
  propertyOf,
  SYNC_ERROR,
} from "./layout.ts";
import { type NotionApi, NotionError } from "./notion-api.ts";
import type { SyncConfig, SyncState } from "./state.ts";
import { propertySchema } from "./values.ts";

export interface InitSummary {
  created: Kind[];
  found: Kind[];
  /** Properties added to databases that lacked them. */
  repaired: Array<{ kind: Kind; properties: string[] }>;
  /** Properties of the wrong type, left as they are. */
  problems: string[];
}

const NOTION_TYPE: Record<Field["type"], string> = {
  title: "title",
  text: "rich_text",
  number: "number",
  percent: "number",
  select: "select",
  date: "date",
  checkbox: "checkbox",
  relation: "relation",
  json: "rich_text",
};

/** Every property a kind's database has in the layout, by its (possibly renamed) name. */
function layoutFields(kind: Kind, config: SyncConfig): Array<[name: string, field: Field]> {
  const names = config.properties ?? {};
  const common: Field[] = [
    { key: CASCADE_ID, property: CASCADE_ID, type: "text" },
    { key: LAST_SYNCED, property: LAST_SYNCED, type: "date" },
    { key: SYNC_ERROR, property: SYNC_ERROR, type: "text" },
  ];
  return [...LAYOUT[kind].fields, ...common].map((f) => [propertyOf(kind, f, names), f]);
}

export async function initNotion(options: {
  api: NotionApi;
  state: SyncState;
  parentPageId: string;
  config?: SyncConfig;
}): Promise<InitSummary> {
  const { api, state, parentPageId } = options;
  const config = options.config ?? {};
  const summary: InitSummary = { created: [], found: [], repaired: [], problems: [] };
  try {
    await api.retrievePage(parentPageId);
  } catch (error) {
    if (error instanceof NotionError && error.code === "object_not_found") {
      throw new NotionError(
        "object_not_found",
        `the parent page ${parentPageId} was not found: share it with the integration (••• → Connections) and check the id`,
      );
    }
    throw error;
  }
  state.parentPageId = parentPageId;
  const children = await api.childDatabases(parentPageId);

  for (const kind of KINDS) {
    const known = state.databases[kind];
    const configured = config.databases?.[kind];
    const byTitle = children.find((c) => c.title === LAYOUT[kind].title)?.id;
    const databaseId = configured ?? known?.databaseId ?? byTitle;
    if (databaseId !== undefined) {
      const dataSourceId =
        known?.databaseId === databaseId ? known.dataSourceId : await api.dataSourceOf(databaseId);
      state.databases[kind] = { databaseId, dataSourceId };
      summary.found.push(kind);
      continue;
    }
    const properties: Record<string, unknown> = {};
    for (const [name, field] of layoutFields(kind, config)) {
      if (field.type === "relation") {
        const target = state.databases[field.relation as Kind]?.dataSourceId;
        if (target === undefined) continue; // a relation to itself: added once the database exists
        properties[name] = propertySchema(field, target);
      } else {
        properties[name] = propertySchema(field);
      }
    }
    state.databases[kind] = await api.createDatabase(parentPageId, LAYOUT[kind].title, properties);
    summary.created.push(kind);
  }

  // Repair: every database gets the properties it lacks.
  for (const kind of KINDS) {
    const dataSourceId = state.databases[kind]?.dataSourceId as string;
    const existing = await api.properties(dataSourceId);
    const missing: Record<string, unknown> = {};
    for (const [name, field] of layoutFields(kind, config)) {
      const have = existing[name];
      const target = field.relation && state.databases[field.relation]?.dataSourceId;
      if (have === undefined) {
        // A database has one title property: an adopted one keeps its own under its name.
        if (field.type === "title") {
          const title = Object.entries(existing).find(([, p]) => p.type === "title")?.[0];
          summary.problems.push(
            `${LAYOUT[kind].title}: the title property is "${title}", not "${name}": map it in the config's properties`,
          );
          continue;
        }
        missing[name] = propertySchema(field, target || undefined);
      } else if (have.type !== NOTION_TYPE[field.type]) {
        summary.problems.push(
          `${LAYOUT[kind].title}: property "${name}" is a ${have.type}, expected a ${NOTION_TYPE[field.type]}: rename it or map another property in the config`,
        );
      } else if (field.type === "relation" && target && have.relation !== target) {
        summary.problems.push(
          `${LAYOUT[kind].title}: relation "${name}" points at another database than ${LAYOUT[field.relation as Kind].title}`,
        );
      }
    }
    const names = Object.keys(missing);
    if (names.length === 0) continue;
    await api.addProperties(dataSourceId, missing);
    if (!summary.created.includes(kind) || names.some((n) => !isSelfRelation(kind, n, config))) {
      summary.repaired.push({ kind, properties: names });
    }
  }
  return summary;
}

/** The Parent relation of a new Objectives database is added right after it is created, not repaired. */
function isSelfRelation(kind: Kind, name: string, config: SyncConfig): boolean {
  return layoutFields(kind, config).some(([n, f]) => n === name && f.relation === kind);
}
