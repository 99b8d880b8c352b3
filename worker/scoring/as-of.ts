/** Today as `YYYY-MM-DD` (UTC): the default `asOf` of every scored answer. */
export function todayUtc(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
