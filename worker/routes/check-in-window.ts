/**
 * The check-ins of a date window (`from`, `to`), for a sync table that keeps to the last weeks or to one
 * cycle, so it never outgrows the doc's row limit. The store filters by date in its query
 * (`checkInsAfter`); here, the window's own check.
 */
import { invalid } from "../http-error.ts";

export interface DateWindow {
  from?: string | undefined;
  to?: string | undefined;
}

/** 400 when the window ends before it starts. */
export function checkWindow(window: DateWindow): void {
  if (window.from !== undefined && window.to !== undefined && window.to < window.from) {
    throw invalid("invalid_request", [{ path: "to", message: "expected a day on or after from" }]);
  }
}
