/**
 * A workspace's cascade read from every normalized row, in one batch (so from one state of the
 * database): the truth the snapshots are made from, and the way in when there is no usable snapshot.
 */
import { z } from "zod";
import type {
  CascadeDocument,
  CheckIn,
  HealthMetric,
  KeyResult,
  TradeOff,
} from "../../../schema/document.ts";
import { settingsSchema } from "../../../schema/document.ts";
import { canonicalOrder, OPTIONAL_SECTIONS } from "../../../schema/sections.ts";
import type { StoredCascade } from "../../../store/port.ts";
import {
  CHECK_INS,
  CYCLES,
  checkInFromRow,
  DEPENDENCIES,
  fromRow,
  GOALS,
  HEALTH_METRICS,
  HEALTH_VALUES,
  IMPERATIVES,
  INITIATIVES,
  KEY_RESULTS,
  OBJECTIVES,
  REALLOCATIONS,
  type SqlRow,
  selectList,
  type Table,
  TEAMS,
  TRADE_OFFS,
} from "./tables.ts";

/** The key-result columns a read needs: the document's fields and the store's own two. */
export const KEY_RESULT_SELECT = `${selectList(KEY_RESULTS)}, has_check_ins, version`;
export const CHECK_IN_SELECT = `key_result_id, ${selectList(CHECK_INS)}`;

/** Check-in rows (in `seq` order) grouped by key result, in the document's shape. */
export function checkInsByKeyResult(rows: readonly SqlRow[]): Map<string, CheckIn[]> {
  const byKr = new Map<string, CheckIn[]>();
  for (const row of rows) {
    const krId = String(row.key_result_id);
    const checkIn = checkInFromRow(row);
    const list = byKr.get(krId);
    if (list) list.push(checkIn);
    else byKr.set(krId, [checkIn]);
  }
  return byKr;
}

/** A key-result row with its check-ins (an empty list when the document had one). */
export function keyResultWithCheckIns(row: SqlRow, checkInsByKr: Map<string, CheckIn[]>): KeyResult {
  const kr = fromRow<KeyResult>(KEY_RESULTS, row);
  const list = checkInsByKr.get(kr.id);
  if (list || row.has_check_ins === 1) kr.checkIns = list ?? [];
  return kr;
}

const sectionList = z.array(z.enum(OPTIONAL_SECTIONS));

/** The stored cascade from every normalized row, or null when none was ever stored. */
export async function readCascadeFromRows(
  db: D1Database,
  workspaceId: string,
): Promise<StoredCascade | null> {
  const q = (sql: string) => db.prepare(sql).bind(workspaceId);
  const section = (table: Table) =>
    q(`SELECT ${selectList(table)} FROM ${table.name} WHERE workspace_id = ? ORDER BY position`);
  const [
    ws,
    cycles,
    teams,
    imperatives,
    goals,
    objectives,
    keyResults,
    checkIns,
    initiatives,
    tradeOffs,
    deps,
    metrics,
    values,
    reallocations,
  ] = (
    await db.batch<SqlRow>([
      q("SELECT revision, organization, settings, sections FROM workspaces WHERE id = ?"),
      section(CYCLES),
      section(TEAMS),
      section(IMPERATIVES),
      section(GOALS),
      section(OBJECTIVES),
      q(`SELECT ${KEY_RESULT_SELECT} FROM key_results WHERE workspace_id = ? ORDER BY position`),
      q(`SELECT ${CHECK_IN_SELECT} FROM check_ins WHERE workspace_id = ? ORDER BY seq`),
      section(INITIATIVES),
      section(TRADE_OFFS),
      section(DEPENDENCIES),
      section(HEALTH_METRICS),
      q(
        `SELECT metric_id, ${selectList(HEALTH_VALUES)} FROM health_values WHERE workspace_id = ? ORDER BY metric_id, position`,
      ),
      section(REALLOCATIONS),
    ])
  ).map((r) => r.results);
  const head = ws?.[0];
  if (!head || head.organization === null || head.organization === undefined) return null;

  const checkInsByKr = checkInsByKeyResult(checkIns ?? []);
  const valuesByMetric = new Map<string, HealthMetric["values"]>();
  for (const row of values ?? []) {
    const id = String(row.metric_id);
    const list = valuesByMetric.get(id) ?? [];
    if (list.length === 0) valuesByMetric.set(id, list);
    list.push(fromRow(HEALTH_VALUES, row));
  }

  const versions = new Map<string, number>();
  const items = <T>(table: Table, rows: readonly SqlRow[] | undefined): T[] =>
    (rows ?? []).map((r) => fromRow<T>(table, r));
  const doc: CascadeDocument = {
    version: 1,
    organization: String(head.organization),
    cycles: items(CYCLES, cycles),
    imperatives: items(IMPERATIVES, imperatives),
    goals: items(GOALS, goals),
    objectives: items(OBJECTIVES, objectives),
    keyResults: (keyResults ?? []).map((r) => {
      versions.set(String(r.id), Number(r.version));
      return keyResultWithCheckIns(r, checkInsByKr);
    }),
  };
  const sections = new Set(parseJson(sectionList, head.sections) ?? []);
  const settings = parseJson(settingsSchema, head.settings);
  if (settings) doc.settings = settings;
  if (sections.has("teams")) doc.teams = items(TEAMS, teams);
  if (sections.has("initiatives")) doc.initiatives = items(INITIATIVES, initiatives);
  if (sections.has("tradeOffs")) {
    doc.tradeOffs = items<TradeOff>(TRADE_OFFS, tradeOffs).map((t) => ({ ...t, dropped: t.dropped ?? [] }));
  }
  if (sections.has("dependencies")) doc.dependencies = items(DEPENDENCIES, deps);
  if (sections.has("healthMetrics")) {
    doc.healthMetrics = items<HealthMetric>(HEALTH_METRICS, metrics).map((m) => ({
      ...m,
      values: valuesByMetric.get(m.id) ?? [],
    }));
  }
  if (sections.has("reallocations")) doc.reallocations = items(REALLOCATIONS, reallocations);
  return { doc: canonicalOrder(doc), revision: Number(head.revision), versions };
}

function parseJson<T>(schema: z.ZodType<T>, text: SqlValueOrMissing): T | undefined {
  if (typeof text !== "string") return undefined;
  return schema.parse(JSON.parse(text));
}

type SqlValueOrMissing = string | number | null | undefined;
