/**
 * The one order of ids, codes and ISO dates across Cascade: code-unit order, the same on every machine
 * and locale (`localeCompare` is not). Reports, agendas, lint, pages of the API and the views sort with it.
 *
 * @example ["kr-b", "KR-a", "kr-a"].sort(compareText) // ["KR-a", "kr-a", "kr-b"]
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
