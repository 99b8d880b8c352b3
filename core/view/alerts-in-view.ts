/**
 * The alerts of a filtered view (the CLI's `score --cycle/--team`): the filters of the cascade tree
 * (core/view/cascade-tree.ts) applied to what each alert is about.
 */
import { firstById } from "../first-by-id.ts";
import type { CascadeDocument } from "../model/document.ts";
import type { Alert } from "../model/report.ts";
import type { CascadeTreeFilters } from "./cascade-tree.ts";

/** The alerts a view shows, and how many it leaves out. */
export interface AlertsInView {
  shown: Alert[];
  /** Alerts about something outside the filters. */
  hidden: number;
}

/**
 * Splits alerts by the tree's filters. A key result's alert is shown when the tree draws that key
 * result: its objective is of the chosen cycle and team. An initiative's is shown when the initiative
 * is of that cycle and team. Health metrics belong to no cycle or team, so their alerts are shown only
 * without filters. Without filters every alert is shown, in the given order.
 *
 * @example
 * alertsInView(doc, report.alerts, { team: "growth" }).shown // the alerts of growth's key results and initiatives
 */
export function alertsInView(
  doc: CascadeDocument,
  alerts: readonly Alert[],
  filters: CascadeTreeFilters = {},
): AlertsInView {
  const { cycle, team } = filters;
  if (cycle === undefined && team === undefined) return { shown: [...alerts], hidden: 0 };
  const matches = (item: { cycleId: string; team?: string | undefined }) =>
    (cycle === undefined || item.cycleId === cycle) && (team === undefined || item.team === team);
  const objectives = firstById(doc.objectives);
  // What each subject id names, the first item of the id (as every lookup by id does).
  const inView = new Map<string, boolean>();
  for (const kr of doc.keyResults) {
    if (inView.has(kr.id)) continue;
    const objective = objectives.get(kr.objectiveId);
    inView.set(kr.id, objective !== undefined && matches(objective));
  }
  for (const initiative of doc.initiatives ?? []) {
    if (!inView.has(initiative.id)) inView.set(initiative.id, matches(initiative));
  }
  const shown = alerts.filter((a) => inView.get(a.subject) === true);
  return { shown, hidden: alerts.length - shown.length };
}
