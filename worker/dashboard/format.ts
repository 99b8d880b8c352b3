/**
 * Numbers as the dashboard shows them to people (the report itself is never rounded): counts without
 * decimals, values with their unit and thousands separators, money with its currency, shares as whole
 * percentages, and forecasts rounded to the precision the key result itself is written in. All through
 * `Intl.NumberFormat` in English, so a page reads the same in every runtime.
 */
import type { KeyResult } from "../../core/model/document.ts";

const LOCALE = "en";
const formats = new Map<string, Intl.NumberFormat>();

function numberFormat(key: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(LOCALE, options);
    formats.set(key, format);
  }
  return format;
}

const DASH = "–";

/**
 * A count: a whole number with separators.
 *
 * @example formatCount(12345) // "12,345"
 */
export function formatCount(n: number): string {
  return numberFormat("count", { maximumFractionDigits: 0 }).format(n);
}

/**
 * A share as a whole percentage; a dash when blank.
 *
 * @example percent(0.4567) // "46%"
 */
export function percent(x: number | null | undefined): string {
  if (x === null || x === undefined) return DASH;
  return numberFormat("percent", { style: "percent", maximumFractionDigits: 0 }).format(x);
}

/**
 * A plain number with separators and at most `digits` decimals (two by default), no trailing zeros.
 *
 * @example formatDecimal(1234.5678) // "1,234.57"
 */
export function formatDecimal(x: number, digits = 2): string {
  const d = Math.max(0, Math.min(6, digits));
  return numberFormat(`decimal-${d}`, { maximumFractionDigits: d }).format(x);
}

/** Currency symbols a unit may start with ("$k ARR" is thousands of dollars of ARR). */
const SYMBOLS = ["US$", "$", "€", "£", "¥", "₹", "₩", "₽", "₺", "₪", "₫", "₱", "฿", "₴", "₦", "CHF"];

/** Whether `code` is an ISO 4217 code this runtime can format ("EUR"), cached. */
const currencyCodes = new Map<string, boolean>();
function isCurrencyCode(code: string): boolean {
  if (!/^[A-Z]{3}$/.test(code)) return false;
  let known = currencyCodes.get(code);
  if (known === undefined) {
    const supported = (Intl as { supportedValuesOf?: (key: string) => string[] }).supportedValuesOf;
    known = supported ? supported("currency").includes(code) : true;
    currencyCodes.set(code, known);
  }
  return known;
}

/**
 * A value in its unit, for people. A unit that is a currency code ("EUR") or starts with a currency
 * symbol ("$k ARR") is money: the symbol goes in front ("$6,000k ARR", "€1,200.50"). A percent unit
 * sticks to the number ("12%", "45% of accounts"); any other unit follows it ("1,200 attendees").
 * `digits` caps the decimals (two by default). A dash when blank.
 *
 * @example formatValue(6000, "$k") // "$6,000k"
 * @example formatValue(1200.5, "EUR") // "€1,200.50"
 */
export function formatValue(x: number | null | undefined, unit?: string, digits = 2): string {
  if (x === null || x === undefined) return DASH;
  const u = unit?.trim() ?? "";
  if (u === "") return formatDecimal(x, digits);
  if (isCurrencyCode(u)) return formatMoney(x, u, digits);
  const symbol = SYMBOLS.find((s) => u.startsWith(s));
  if (symbol !== undefined) {
    const sign = x < 0 ? "-" : "";
    return `${sign}${symbol}${formatDecimal(Math.abs(x), digits)}${u.slice(symbol.length)}`;
  }
  if (u.startsWith("%")) return `${formatDecimal(x, digits)}${u}`;
  return `${formatDecimal(x, digits)} ${u}`;
}

/**
 * Money: with its currency when one is known (an ISO code), else a whole number with separators.
 *
 * @example formatMoney(110000, "USD") // "$110,000"
 * @example formatMoney(110000) // "110,000"
 */
export function formatMoney(x: number, currency?: string, digits = 2): string {
  if (currency !== undefined && isCurrencyCode(currency)) {
    const whole = Number.isInteger(x);
    return numberFormat(`money-${currency}-${whole}-${digits}`, {
      style: "currency",
      currency,
      minimumFractionDigits: whole ? 0 : Math.min(2, digits),
      maximumFractionDigits: whole ? 0 : digits,
    }).format(x);
  }
  return formatDecimal(x, Number.isInteger(x) ? 0 : digits);
}

/** Decimals a number is written with (0.25 → 2), at most 6. */
function decimalsOf(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return 0;
  const text = String(x);
  const dot = text.indexOf(".");
  return dot < 0 || text.includes("e") ? 2 : Math.min(6, text.length - dot - 1);
}

/**
 * The decimals a key result is written in: the most among its start, target, bounds and check-in
 * values. A computed number (a forecast) is rounded to it: a target of 400 SQLs forecasts "372 SQLs",
 * an uptime of 99.95% forecasts "99.91%".
 *
 * @example precisionOf({ start: 99.8, target: 99.95 }) // 2
 */
export function precisionOf(
  kr: Pick<KeyResult, "start" | "target" | "low" | "high" | "checkIns" | "current">,
): number {
  let digits = 0;
  for (const v of [kr.start, kr.target, kr.low, kr.high, kr.current]) {
    if (v !== undefined) digits = Math.max(digits, decimalsOf(v));
  }
  for (const c of kr.checkIns ?? [])
    if (c.value !== undefined) digits = Math.max(digits, decimalsOf(c.value));
  return Math.min(digits, 2);
}
