/**
 * Reading a key result's value from a Coda cell as the API gives it with `valueFormat=simple`: a
 * number, or text such as "$1,200.50", "1 200", "45%" or "(12)" (accounting negative). Text is read
 * as the figure a person sees: currency signs and thousands separators dropped, a percent sign kept
 * as the unit (so "45%" is 45, as a key result in % would hold it).
 */

export type CellReading = { ok: true; value: number } | { ok: false; problem: string };

const CURRENCY = /^[A-Z]{3}\s*|\s*[A-Z]{3}$|[$€£¥₹₩₽¢]/g;

/**
 * @example readNumber("$1,200.50") // { ok: true, value: 1200.5 }
 * @example readNumber("n/a") // { ok: false, problem: 'the cell holds "n/a", not a number' }
 */
export function readNumber(cell: unknown): CellReading {
  if (typeof cell === "number") {
    return Number.isFinite(cell)
      ? { ok: true, value: cell }
      : { ok: false, problem: "the cell is not a finite number" };
  }
  if (typeof cell === "string") {
    let text = cell
      .trim()
      .replace(CURRENCY, "")
      .replace(/[\s\u00a0\u202f]/g, "")
      .replace(/%$/, "");
    let sign = 1;
    if (/^\(.*\)$/.test(text)) {
      sign = -1;
      text = text.slice(1, -1);
    }
    if (/^[-+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(text)) {
      return { ok: true, value: sign * Number(text.replace(/,/g, "")) };
    }
    if (cell.trim() === "") return { ok: false, problem: "the cell is empty" };
    return { ok: false, problem: `the cell holds ${JSON.stringify(cell.slice(0, 40))}, not a number` };
  }
  if (cell === null || cell === undefined) return { ok: false, problem: "the cell is empty" };
  return {
    ok: false,
    problem: `the cell holds ${typeof cell === "boolean" ? "a checkbox" : "a list"}, not a number`,
  };
}
