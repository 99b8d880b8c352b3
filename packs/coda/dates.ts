/**
 * Coda hands date parameters over as instants (midnight of the day in the doc's timezone); Cascade
 * works in calendar days. The day is read back in the doc's timezone, so a date typed in a doc is
 * the date Cascade scores.
 */
import * as coda from "@codahq/packs-sdk";
import { dayNumber } from "../../core/dates.ts";
import type { IsoDate } from "../../core/model/report.ts";

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar day of an instant in a timezone, as `YYYY-MM-DD`.
 *
 * @example isoDay(new Date("2026-01-15T08:00:00Z"), "America/Los_Angeles") // "2026-01-15"
 */
export function isoDay(instant: Date, timezone: string): IsoDate {
  if (Number.isNaN(instant.getTime())) throw new coda.UserVisibleError("That is not a date.");
  let format = formatters.get(timezone);
  if (format === undefined) {
    // en-CA formats as YYYY-MM-DD.
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone: timezone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
    });
    formatters.set(timezone, format);
  }
  return format.format(instant);
}

/** Today in the doc's timezone: what "today" means to the people in the meeting. */
export function today(context: coda.ExecutionContext): IsoDate {
  return isoDay(new Date(), context.timezone);
}

/** The day of an optional date parameter, else today in the doc's timezone. */
export function dayOr(date: Date | undefined, context: coda.ExecutionContext): IsoDate {
  return date === undefined ? today(context) : isoDay(date, context.timezone);
}

/**
 * The day `days` days before `day`.
 *
 * @example daysBefore("2026-03-01", 1) // "2026-02-28"
 */
export function daysBefore(day: IsoDate, days: number): IsoDate {
  return new Date((dayNumber(day) - days) * 86_400_000).toISOString().slice(0, 10);
}
