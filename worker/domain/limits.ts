/**
 * What one workspace may hold. A cascade is scored whole, on every read of a new revision or day, and
 * kept whole in the isolate's memory, so one workspace's size is every request's cost in its isolate:
 * these limits keep a workspace inside what one isolate can score, cache and serve for everyone
 * (docs/scaling.md says what a workspace at the limits costs). Writes that would cross one are answered
 * 413 `payload_too_large`, naming the limit, its setting and the count, and change nothing.
 */
import { scoreCascade } from "../../core/report.ts";
import { type CascadeDocument, utf8Length } from "../../schema/document.ts";
import type { ValidationIssue } from "../../schema/validate.ts";
import type { D1CascadeStore } from "../db/store/d1-store.ts";
import type { Bindings } from "../env.ts";
import { HttpError } from "../http-error.ts";

export interface WorkspaceLimits {
  /** Key results of the cascade. */
  readonly keyResults: number;
  /** Check-ins of the cascade, all key results together. */
  readonly checkIns: number;
  /** Check-ins of one key result. */
  readonly checkInsPerKeyResult: number;
  /** Initiatives of the cascade. */
  readonly initiatives: number;
  /** UTF-8 bytes of the report's JSON on the day a cascade is stored. */
  readonly reportBytes: number;
}

/**
 * Twice the benchmark's organization (bench/generate.ts: 10,000 key results, 64,000 check-ins) and, at
 * its proportions (one initiative per two key results), 10,000 initiatives. Key results + check-ins
 * (140,000) stay within the score cache's budget (150,000, worker/scoring/score-budget.ts), so a
 * workspace at the limits can still be cached; its report is ~12 MB (docs/scaling.md).
 */
export const DEFAULT_LIMITS: WorkspaceLimits = {
  keyResults: 20_000,
  checkIns: 120_000,
  checkInsPerKeyResult: 1_000,
  initiatives: 10_000,
  reportBytes: 16 * 1024 * 1024,
};

/** The operator's setting of each limit (wrangler.toml `[vars]`, `.dev.vars`). */
export const LIMIT_SETTINGS = {
  keyResults: "MAX_KEY_RESULTS",
  checkIns: "MAX_CHECK_INS",
  checkInsPerKeyResult: "MAX_CHECK_INS_PER_KEY_RESULT",
  initiatives: "MAX_INITIATIVES",
  reportBytes: "MAX_REPORT_BYTES",
} as const satisfies Record<keyof WorkspaceLimits, keyof Bindings>;

/**
 * The limits as the operator set them, each unset one at its default. A setting that is not a
 * positive whole number throws: a typo must not lift a limit, nor quietly put it back to its default.
 */
export function workspaceLimits(env: Partial<Bindings>): WorkspaceLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [limit, setting] of Object.entries(LIMIT_SETTINGS) as Array<[keyof WorkspaceLimits, string]>) {
    const value = (env as Record<string, unknown>)[setting];
    if (value === undefined || value === "") continue;
    const text = typeof value === "string" ? value.trim() : undefined;
    const n =
      typeof value === "number"
        ? value
        : text !== undefined && /^\d+$/.test(text)
          ? Number(text)
          : Number.NaN;
    if (!Number.isSafeInteger(n) || n < 1) {
      throw new Error(`${setting} must be a positive whole number, not ${JSON.stringify(value)}`);
    }
    limits[limit] = n;
  }
  return limits;
}

/** 12345 → "12,345" (no Intl: the same text in every runtime). */
export function formatCount(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

const sentence = (
  what: string,
  count: number,
  holder: string,
  limit: Exclude<keyof WorkspaceLimits, "reportBytes">,
  max: number,
) =>
  `${what} has ${formatCount(count)} ${noun[limit]}; ${holder} holds at most ${formatCount(max)} (${LIMIT_SETTINGS[limit]})`;

const noun: Record<Exclude<keyof WorkspaceLimits, "reportBytes">, string> = {
  keyResults: "key results",
  checkIns: "check-ins",
  checkInsPerKeyResult: "check-ins",
  initiatives: "initiatives",
};

/**
 * Every count limit a document crosses, by path: its key results, initiatives and check-ins, and the
 * first key result with too many check-ins. Cheap (one pass over the key results): it runs before
 * anything else is done with an oversized document.
 */
export function countsOverLimits(doc: CascadeDocument, limits: WorkspaceLimits): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const keyResults = doc.keyResults.length;
  if (keyResults > limits.keyResults) {
    const message = sentence("the cascade", keyResults, "a workspace", "keyResults", limits.keyResults);
    issues.push({ path: "keyResults", message });
  }
  let checkIns = 0;
  let crowded: ValidationIssue | undefined;
  for (let i = 0; i < keyResults; i++) {
    const kr = doc.keyResults[i] as CascadeDocument["keyResults"][number];
    const n = kr.checkIns?.length ?? 0;
    checkIns += n;
    if (n > limits.checkInsPerKeyResult && crowded === undefined) {
      const what = `key result ${kr.id}`;
      const message = sentence(what, n, "a key result", "checkInsPerKeyResult", limits.checkInsPerKeyResult);
      crowded = { path: `keyResults[${i}].checkIns`, message };
    }
  }
  if (checkIns > limits.checkIns) {
    const message = sentence("the cascade", checkIns, "a workspace", "checkIns", limits.checkIns);
    issues.push({ path: "keyResults", message });
  }
  if (crowded) issues.push(crowded);
  const initiatives = doc.initiatives?.length ?? 0;
  if (initiatives > limits.initiatives) {
    const message = sentence("the cascade", initiatives, "a workspace", "initiatives", limits.initiatives);
    issues.push({ path: "initiatives", message });
  }
  return issues;
}

/**
 * The UTF-8 bytes of the report's JSON on `asOf`, as the report endpoint would send it
 * (`reportJson`), counted a section at a time: the whole text (11 MB at the limits) and its bytes are
 * never held at once, during a request that already holds the document twice (its JSON and zod's).
 */
export function reportBytes(doc: CascadeDocument, asOf: string): number {
  let bytes = 2; // { }
  let first = true;
  for (const [key, value] of Object.entries(scoreCascade(doc, asOf))) {
    const section = JSON.stringify(value);
    if (section === undefined) continue;
    bytes += (first ? 0 : 1) + utf8Length(JSON.stringify(key)) + 1 + utf8Length(section);
    first = false;
  }
  return first ? 2 : bytes;
}

/**
 * Refuses (413) a document to be stored whole when it crosses a limit: first the counts, then, when
 * they pass, the size of its report on `asOf` (the day it is stored), which means scoring it once more.
 */
export function checkCascadeLimits(doc: CascadeDocument, limits: WorkspaceLimits, asOf: string): void {
  const issues = countsOverLimits(doc, limits);
  if (issues.length > 0)
    throw new HttpError("payload_too_large", (issues[0] as ValidationIssue).message, issues);
  const bytes = reportBytes(doc, asOf);
  if (bytes > limits.reportBytes) {
    const message =
      `the cascade's report on ${asOf} would be ${formatCount(bytes)} bytes of JSON; a report holds at most ` +
      `${formatCount(limits.reportBytes)} (${LIMIT_SETTINGS.reportBytes})`;
    throw new HttpError("payload_too_large", message);
  }
}

/**
 * Why one more check-in on key result `keyResultId` would cross a limit, or null when it would not
 * (or when there is no such key result: that is the check-in's own 404).
 */
export function checkInOverLimits(
  doc: CascadeDocument,
  keyResultId: string,
  limits: WorkspaceLimits,
): string | null {
  const kr = doc.keyResults.find((k) => k.id === keyResultId);
  if (!kr) return null;
  const own = kr.checkIns?.length ?? 0;
  if (own >= limits.checkInsPerKeyResult) {
    const what = `key result ${kr.id}`;
    return sentence(what, own, "a key result", "checkInsPerKeyResult", limits.checkInsPerKeyResult);
  }
  let all = 0;
  for (const k of doc.keyResults) all += k.checkIns?.length ?? 0;
  if (all >= limits.checkIns) return sentence("the cascade", all, "a workspace", "checkIns", limits.checkIns);
  return null;
}

/**
 * Refuses (413) a check-in that would cross a limit, judged on the cascade the store will plan the
 * check-in on (it reads once per request: this read is the check-in's own). A retry of a check-in
 * already recorded under its Idempotency-Key is let through: it is answered as the first post was.
 */
export async function checkCheckInLimits(
  store: D1CascadeStore,
  keyResultId: string,
  limits: WorkspaceLimits,
  idempotencyKey: string | undefined,
): Promise<void> {
  const stored = await store.read();
  const problem = stored && checkInOverLimits(stored.doc, keyResultId, limits);
  if (!problem) return;
  if (idempotencyKey !== undefined && (await store.findReceipt(idempotencyKey))) return;
  throw new HttpError("payload_too_large", problem);
}
